package io.journeyline.bench;

import java.util.List;

/**
 * One point of the steady-state scaling sweep: the full topology with {@code exactly_once_v2} on a
 * {@link SteadyWorkload} of {@code customers}, every one of them with contacts in the stores, and
 * the fixed-size tails measured on top.
 *
 * @param customers the customer pool, all of whom have contacts in state
 * @param populationEvents events of the population (not timed as part of the cost figures)
 * @param populationSeconds wall time the app took for the population (start-up excluded)
 * @param customersNamed customers named by a CRM id, email or chat user id in the events (see
 *     {@link SteadyWorkload#customersNamed})
 * @param eventTimeDays event time the workload spans, population and tails
 * @param runs the measured tails (events: the tail's)
 */
record ScalingPoint(
    int customers,
    long populationEvents,
    double populationSeconds,
    long customersNamed,
    double eventTimeDays,
    List<RunResult> runs) {

  ScalingPoint {
    runs = List.copyOf(runs);
  }

  double eventsPerSecond() {
    return Report.median(runs, RunResult::eventsPerSecond);
  }

  double cpuSecondsPerMillion() {
    return Report.median(runs, RunResult::cpuSecondsPerMillion);
  }

  double bytesPerEvent() {
    return Report.median(runs, RunResult::bytesPerEvent);
  }

  /** RocksDB SST + memtables while running, after the last tail. */
  double stateBytes() {
    return runs.get(runs.size() - 1).stateBytes();
  }

  /** SST files on disk after close. */
  double closedStateBytes() {
    return runs.get(0).closedStateBytes();
  }

  /** Every file of the state directory after close. */
  double closedStateDirBytes() {
    return runs.get(0).closedStateDirBytes();
  }

  /** SST bytes after close per customer of the pool (all of whom are in state). */
  double closedStateBytesPerCustomer() {
    return closedStateBytes() / customers;
  }

  /** RocksDB bytes while running per customer of the pool. */
  double stateBytesPerCustomer() {
    return stateBytes() / customers;
  }
}

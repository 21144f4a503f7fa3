package io.journeyline.bench;

import java.util.List;

/**
 * One point of the scaling sweep: the full topology with {@code exactly_once_v2} on a workload of
 * the main event count over a customer pool of {@code customers}.
 *
 * @param customers the customer pool the generator draws from
 * @param events input events (duplicates included)
 * @param activeCustomers customers that appear in the events (see {@link Workload.Presence})
 * @param phoneOnlyContacts contacts whose events carry only a phone number
 * @param distinctPhones distinct phone numbers in the events
 * @param eventTimeHours event time the workload spans, first to last event
 * @param mainRuns true when these are the (c) repetitions of the main workload
 * @param runs the measured (c) runs
 */
record ScalingPoint(
    int customers,
    int events,
    long activeCustomers,
    long phoneOnlyContacts,
    long distinctPhones,
    double eventTimeHours,
    boolean mainRuns,
    List<RunResult> runs) {

  ScalingPoint(int customers, Workload workload, boolean mainRuns, List<RunResult> runs) {
    this(
        customers,
        workload.size(),
        workload.presence().activeCustomers(),
        workload.presence().phoneOnlyContacts(),
        workload.presence().distinctPhones(),
        workload.eventTimeSpan().toMillis() / 3_600_000.0,
        mainRuns,
        List.copyOf(runs));
  }

  double eventsPerSecond() {
    return Report.median(runs, RunResult::eventsPerSecond);
  }

  double cpuSecondsPerMillion() {
    return Report.median(runs, RunResult::cpuSecondsPerMillion);
  }

  /** RocksDB SST + memtables while running, median. */
  double stateBytes() {
    return Report.median(runs, r -> r.stateBytes());
  }

  /** SST files on disk after close, median. */
  double closedStateBytes() {
    return Report.median(runs, r -> r.closedStateBytes());
  }

  /** Every file of the state directory after close, median. */
  double closedStateDirBytes() {
    return Report.median(runs, r -> r.closedStateDirBytes());
  }

  /** SST bytes after close per active customer. */
  double closedStateBytesPerActiveCustomer() {
    return closedStateBytes() / activeCustomers;
  }
}

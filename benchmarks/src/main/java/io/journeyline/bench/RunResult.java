package io.journeyline.bench;

/**
 * One measured run.
 *
 * @param kind which run
 * @param repetition 0 for the warm-up, then 1..n
 * @param events input events processed (heartbeats excluded)
 * @param elapsedNanos wall time from start of processing until every input offset was consumed
 * @param cpuNanos process CPU time spent in that interval (the in-process broker included)
 * @param bytesWritten growth of all topic logs in that interval, internal topics included
 * @param stateBytes size of the Streams state directory at the end (0 for the plain copies)
 * @param dlqRecords records the run sent to its dead-letter topic (a sanity check; -1 if none)
 */
record RunResult(
    RunKind kind,
    int repetition,
    long events,
    long elapsedNanos,
    long cpuNanos,
    long bytesWritten,
    long stateBytes,
    long dlqRecords) {

  double eventsPerSecond() {
    return events / (elapsedNanos / 1e9);
  }

  double cpuSecondsPerMillion() {
    return (cpuNanos / 1e9) / (events / 1e6);
  }

  double bytesPerEvent() {
    return (double) bytesWritten / events;
  }
}

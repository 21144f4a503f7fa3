package io.journeyline.bench;

import java.util.Map;

/**
 * One measured run.
 *
 * @param kind which run
 * @param repetition 0 for the warm-up, then 1..n
 * @param events input events processed (heartbeats excluded); for (e) the events sent
 * @param elapsedNanos wall time from start of processing until every input offset was consumed (for
 *     (e): until the last request was answered)
 * @param cpuNanos process CPU time spent in that interval (the in-process broker included)
 * @param bytesWritten growth of all topic logs in that interval, internal topics included
 * @param bytesByTopic {@code bytesWritten} by topic (summed over its partitions; the topics that
 *     did not change left out), the run's own topics by their default name and its internal topics
 *     without the application id (see {@link Harness#byRunTopicName})
 * @param stateBytes RocksDB SST + memtable bytes of the stores while the app still runs, when the
 *     input was consumed (0 for the runs without Streams state)
 * @param closedStateBytes bytes of RocksDB's SST files in the state directory after the app closed
 *     (close flushes the memtables), the global identity store included; 0 without state
 * @param closedStateDirBytes every file of the state directory after close (SST files plus
 *     RocksDB's own logs, manifests and options files, and the checkpoints)
 * @param dlqRecords records the run sent to its dead-letter topic (a sanity check; -1 if none)
 * @param rejected for (e): events in batches the adapters did not answer with 202; else -1
 */
record RunResult(
    RunKind kind,
    int repetition,
    long events,
    long elapsedNanos,
    long cpuNanos,
    long bytesWritten,
    Map<String, Long> bytesByTopic,
    long stateBytes,
    long closedStateBytes,
    long closedStateDirBytes,
    long dlqRecords,
    long rejected) {

  RunResult {
    bytesByTopic = Map.copyOf(bytesByTopic);
  }

  double eventsPerSecond() {
    return events / (elapsedNanos / 1e9);
  }

  /** For (e): events accepted (answered 202) per second; else {@link #eventsPerSecond()}. */
  double acceptedPerSecond() {
    return rejected < 0 ? eventsPerSecond() : (events - rejected) / (elapsedNanos / 1e9);
  }

  double cpuSecondsPerMillion() {
    return (cpuNanos / 1e9) / (events / 1e6);
  }

  double bytesPerEvent() {
    return (double) bytesWritten / events;
  }
}

package io.journeyline.history;

import io.journeyline.avro.ContactSummary;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact history, keyed by contactId: the latest {@code ContactSummary} of every contact on
 * {@code journeyline.contacts} ({@code contact-history-store}), kept for the history retention
 * after its last activity, however long ago the contact left its customer's journey. A tombstone on
 * the topic removes the contact.
 *
 * <p><b>Retention.</b> {@code contact-history-index-store} orders the contacts by last activity
 * (key: 16 hex digits of the last activity, {@code |}, contactId), so that a wall-clock sweep every
 * {@link #SWEEP_INTERVAL} reads only the contacts that have expired, however many millions the
 * history holds, and at most {@link #MAX_TOMBSTONES_PER_SWEEP} of them (a backlog, say after the
 * retention was shortened, drains over several sweeps instead of one huge transaction). For each it
 * writes a tombstone to {@code journeyline.contacts}, so that the compacted topic forgets the
 * contact too.
 *
 * <p><b>Deleted on the echo.</b> A sweep does not delete anything itself: the contact leaves the
 * store when its tombstone comes back through the topic, like any other tombstone. The store is
 * then always what the topic says, whatever the processing guarantee: with at-least-once, a crash
 * may lose a tombstone the sweep sent, but never the index entry that makes the next sweep send it
 * again. Until the echo arrives the contactId is remembered in memory, and sent again only after
 * {@link #RESEND_AFTER}. A summary that arrives already expired (a replay of old history) is
 * tombstoned and dropped at once: its record is processed again after a crash.
 */
public final class ContactHistoryProcessor
    implements Processor<String, ContactSummary, String, ContactSummary> {

  private static final Logger log = LoggerFactory.getLogger(ContactHistoryProcessor.class);

  /** Wall-clock time between two retention sweeps. */
  public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  /** The most tombstones one sweep of one task sends. */
  static final int MAX_TOMBSTONES_PER_SWEEP = 10_000;

  /** The most index entries one sweep reads (those awaiting their echo are skipped). */
  static final int MAX_INDEX_READS_PER_SWEEP = 2 * MAX_TOMBSTONES_PER_SWEEP;

  /** A sent tombstone that has not come back within this is sent again. */
  static final Duration RESEND_AFTER = Duration.ofMinutes(10);

  private final ContactRetention retention;
  private final Map<String, Long> awaitingEcho = new HashMap<>();
  private ProcessorContext<String, ContactSummary> context;
  private KeyValueStore<String, ContactSummary> history;
  private KeyValueStore<String, String> index;
  private Sensor expiredSensor;

  /**
   * Creates the processor.
   *
   * @param retention how long contacts are kept; null keeps them forever (no sweep)
   */
  public ContactHistoryProcessor(ContactRetention retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, ContactSummary> context) {
    this.context = context;
    this.history = context.getStateStore(TopologyNames.CONTACT_HISTORY_STORE);
    this.index = context.getStateStore(TopologyNames.CONTACT_HISTORY_INDEX_STORE);
    awaitingEcho.clear();
    expiredSensor =
        context
            .metrics()
            .addRateTotalSensor(
                "journeyline",
                "contact-history-" + context.taskId(),
                "contacts-expired",
                Sensor.RecordingLevel.INFO);
    if (retention != null) {
      context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }
  }

  @Override
  public void process(Record<String, ContactSummary> record) {
    String contactId = record.key();
    if (contactId == null) {
      RecordMetadata at = context.recordMetadata().orElse(null);
      log.warn(
          "Skipped a contact summary without a key at {}-{}@{}",
          at == null ? "?" : at.topic(),
          at == null ? -1 : at.partition(),
          at == null ? -1 : at.offset());
      return;
    }
    awaitingEcho.remove(contactId);
    ContactSummary summary = record.value();
    if (summary != null
        && retention != null
        && retention.expired(summary, context.currentSystemTimeMs())) {
      context.forward(
          new Record<String, ContactSummary>(contactId, null, context.currentSystemTimeMs()));
      expiredSensor.record();
      summary = null;
    }
    ContactSummary previous = history.get(contactId);
    String previousKey = previous == null ? null : indexKey(previous, contactId);
    if (summary == null) {
      if (previous != null) {
        index.delete(previousKey);
        history.delete(contactId);
      }
      return;
    }
    String key = indexKey(summary, contactId);
    if (previousKey != null && !previousKey.equals(key)) {
      index.delete(previousKey);
    }
    index.put(key, contactId);
    history.put(contactId, summary);
  }

  /** Sends a tombstone for each expired contact not awaiting its echo, up to the sweep's bounds. */
  private void sweep(long now) {
    awaitingEcho.values().removeIf(sentAt -> sentAt <= now - RESEND_AFTER.toMillis());
    long cutoff = retention.cutoff(now);
    if (cutoff <= 0) {
      return;
    }
    int sent = 0;
    int read = 0;
    // Keys sort by last activity; "<hex(cutoff)>" precedes every key of that millisecond, so the
    // range holds exactly the contacts whose last activity lies before the cutoff.
    try (KeyValueIterator<String, String> it = index.range(null, String.format("%016x", cutoff))) {
      while (it.hasNext() && sent < MAX_TOMBSTONES_PER_SWEEP && read < MAX_INDEX_READS_PER_SWEEP) {
        KeyValue<String, String> entry = it.next();
        read++;
        if (awaitingEcho.containsKey(entry.value)) {
          continue;
        }
        context.forward(new Record<String, ContactSummary>(entry.value, null, now));
        awaitingEcho.put(entry.value, now);
        expiredSensor.record();
        sent++;
      }
    }
    if (sent == MAX_TOMBSTONES_PER_SWEEP) {
      log.info(
          "Task {}: tombstoned {} contacts beyond the history retention; more follow in the next"
              + " sweep",
          context.taskId(),
          sent);
    } else if (sent > 0) {
      log.debug(
          "Task {}: tombstoned {} contacts beyond the history retention", context.taskId(), sent);
    }
  }

  /** The index key: 16 hex digits of the last activity, {@code |}, the contactId. */
  static String indexKey(ContactSummary summary, String contactId) {
    return String.format("%016x", ContactRetention.lastActivity(summary)) + "|" + contactId;
  }
}

package io.journeyline.journey;

import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.metrics.BucketKey;
import io.journeyline.metrics.Contributions;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.ops.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage B, keyed by customerId: one state per customer ({@code journey-store}), from which {@link
 * JourneyAggregator} derives the contacts and their FCR, repeat and sentiment. Every time a
 * customer is touched (an event, or stream time passing one of its deadlines), the contacts before
 * and after are compared, and for each contact that changed it emits the new {@code ContactSummary}
 * (a tombstone when a contact id disappeared through renaming), the signed metric deltas (new
 * contribution minus old), a negative-sentiment alert the first time a contact meets the condition,
 * and the customer's journey.
 *
 * <p>Deadlines are kept in {@code timer-index-store} (key: 16 hex digits of the deadline, {@code
 * |}, customerId), so that advancing stream time touches only the customers that are due. After
 * finalizing, it sends a watermark to every aggregate partition: on each heartbeat tick, and when
 * stream time moved by the watermark interval.
 *
 * <p><b>Delta outbox.</b> The metric deltas are not sent one by one: they are summed per bucket in
 * {@code delta-outbox-store} (a cached, changelogged store) and sent, followed by the latest
 * watermark, by a wall-clock punctuation every flush interval (the commit interval). A bucket that
 * every event touches (all contacts of the day) then costs one repartition record per interval
 * instead of one per event. The outbox is state like any other: a delta either is still in it or
 * was sent, in the same transaction, so nothing is lost or sent twice across a crash; the watermark
 * still follows every delta it vouches for.
 */
public final class JourneyProcessor implements Processor<String, Routed, String, JourneyOutput> {

  private final JourneyAggregator aggregator;
  private final Contributions contributions;
  private final long watermarkIntervalMs;
  private final TopologyListener listener;
  private final Duration flushInterval;

  private ProcessorContext<String, JourneyOutput> context;
  private KeyValueStore<String, JourneyState> journeys;
  private KeyValueStore<String, String> timers;
  private KeyValueStore<String, MetricDelta> outbox;
  private long lastWatermark = Long.MIN_VALUE;

  /**
   * A lower bound of the earliest deadline in the timer index ({@link Long#MAX_VALUE} when empty),
   * so that most records skip the index scan. Only ever too low (after a timer is deleted), which
   * costs one scan that then refreshes it; rebuilt from the store on every (re)initialization.
   */
  private long earliestDeadline = Long.MIN_VALUE;

  /**
   * Creates the processor.
   *
   * @param aggregator derives the contacts
   * @param contributions the metric buckets of a contact
   * @param watermarkInterval stream time between two watermarks without a heartbeat
   * @param flushInterval wall-clock time between two sends of the delta outbox
   * @param listener told about alerts
   */
  public JourneyProcessor(
      JourneyAggregator aggregator,
      Contributions contributions,
      Duration watermarkInterval,
      Duration flushInterval,
      TopologyListener listener) {
    this.aggregator = aggregator;
    this.contributions = contributions;
    this.watermarkIntervalMs = watermarkInterval.toMillis();
    this.flushInterval = flushInterval;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, JourneyOutput> context) {
    this.context = context;
    this.journeys = context.getStateStore(TopologyNames.JOURNEY_STORE);
    this.timers = context.getStateStore(TopologyNames.TIMER_INDEX_STORE);
    this.outbox = context.getStateStore(TopologyNames.DELTA_OUTBOX_STORE);
    refreshEarliestDeadline();
    context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flushOutbox());
  }

  /** Sends the summed deltas, then the latest watermark, and empties the outbox. */
  private void flushOutbox() {
    List<KeyValue<String, MetricDelta>> pending = new ArrayList<>();
    try (KeyValueIterator<String, MetricDelta> it = outbox.all()) {
      while (it.hasNext()) {
        pending.add(it.next());
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    long streamTime = context.currentStreamTimeMs();
    MetricDelta watermark = null;
    for (KeyValue<String, MetricDelta> entry : pending) {
      if (entry.value.isWatermark()) {
        watermark = entry.value;
      } else {
        context.forward(new Record<>(entry.key, JourneyOutput.delta(entry.value), streamTime));
      }
      outbox.delete(entry.key);
    }
    if (watermark != null) {
      context.forward(
          new Record<>(TopologyNames.TICK_KEY, JourneyOutput.delta(watermark), streamTime));
    }
  }

  private void addToOutbox(String bucket, Counters delta) {
    MetricDelta pending = outbox.get(bucket);
    Counters sum = pending == null ? delta : pending.delta().plus(delta);
    if (sum.isZero()) {
      outbox.delete(bucket);
    } else {
      outbox.put(bucket, MetricDelta.of(sum));
    }
  }

  private void refreshEarliestDeadline() {
    try (KeyValueIterator<String, String> it = timers.all()) {
      earliestDeadline =
          it.hasNext()
              ? Long.parseUnsignedLong(it.next().key.substring(0, 16), 16)
              : Long.MAX_VALUE;
    }
  }

  @Override
  public void process(Record<String, Routed> record) {
    long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
    Routed routed = record.value();
    if (!routed.isTick()) {
      touch(routed.event().customerId(), routed.event(), streamTime);
    }
    finalizeDue(streamTime);
    if (routed.isTick()
        || lastWatermark == Long.MIN_VALUE
        || streamTime - lastWatermark >= watermarkIntervalMs) {
      lastWatermark = streamTime;
      outbox.put(
          TopologyNames.TICK_KEY, MetricDelta.watermark(context.taskId().partition(), streamTime));
    }
  }

  private void finalizeDue(long streamTime) {
    // A customer is due once streamTime > its deadline (the range's upper bound excludes it).
    if (earliestDeadline >= streamTime) {
      return;
    }
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        timers.range(timerKey(0, ""), String.format("%016x", streamTime))) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, String> entry : due) {
      timers.delete(entry.key);
    }
    for (KeyValue<String, String> entry : due) {
      touch(entry.value, null, streamTime);
    }
    refreshEarliestDeadline();
  }

  private static String timerKey(long deadline, String customerId) {
    return String.format("%016x", deadline) + "|" + customerId;
  }

  private void touch(String customerId, ContactEvent event, long streamTime) {
    JourneyState state = journeys.get(customerId);
    if (state == null) {
      if (event == null) {
        return;
      }
      state = new JourneyState(customerId);
    }
    List<ContactView> before =
        state.derivedAt() == Long.MIN_VALUE
            ? List.of()
            : aggregator.derive(state, state.derivedAt());
    if (event != null) {
      aggregator.add(state, event);
    }
    List<ContactView> after = aggregator.derive(state, streamTime);
    emitChanges(state, before, after, streamTime);
    Set<String> evicted = aggregator.evict(state, streamTime, after);
    if (!evicted.isEmpty()) {
      after = aggregator.derive(state, streamTime);
    }
    state.derivedAt(streamTime);
    long deadline = aggregator.nextDeadline(after, streamTime);
    if (state.timerAt() != deadline) {
      if (state.timerAt() != Long.MIN_VALUE) {
        timers.delete(timerKey(state.timerAt(), customerId));
      }
      if (deadline != Long.MAX_VALUE) {
        timers.put(timerKey(deadline, customerId), customerId);
        earliestDeadline = Math.min(earliestDeadline, deadline);
        state.timerAt(deadline);
      } else {
        state.timerAt(Long.MIN_VALUE);
      }
    }
    if (state.isEmpty()) {
      if (state.timerAt() != Long.MIN_VALUE) {
        timers.delete(timerKey(state.timerAt(), customerId));
      }
      journeys.delete(customerId);
    } else {
      journeys.put(customerId, state);
    }
  }

  private void emitChanges(
      JourneyState state, List<ContactView> before, List<ContactView> after, long streamTime) {
    Map<String, ContactView> oldById = new LinkedHashMap<>();
    before.forEach(v -> oldById.put(v.contactId(), v));
    Map<String, ContactView> newById = new LinkedHashMap<>();
    after.forEach(v -> newById.put(v.contactId(), v));
    Set<String> ids = new LinkedHashSet<>(newById.keySet());
    ids.addAll(oldById.keySet());
    boolean changed = false;
    for (String id : ids) {
      ContactView oldView = oldById.get(id);
      ContactView newView = newById.get(id);
      if (Objects.equals(oldView, newView)) {
        continue;
      }
      changed = true;
      if (newView == null) {
        state.revisions().remove(id);
        context.forward(new Record<>(id, JourneyOutput.contact(null), streamTime));
      } else {
        long revision = state.revisions().merge(id, 1L, Long::sum);
        context.forward(
            new Record<>(
                id, JourneyOutput.contact(ContactSummaries.toAvro(newView, revision)), streamTime));
      }
      for (Map.Entry<BucketKey, Counters> delta :
          contributions.delta(oldView, newView).entrySet()) {
        addToOutbox(delta.getKey().encode(), delta.getValue());
      }
      if (newView != null && newView.sentiment().alerted() && state.alertsSent().add(id)) {
        listener.alertRaised();
        context.forward(
            new Record<>(
                state.customerId(),
                JourneyOutput.alert(ContactSummaries.negativeSentimentAlert(newView)),
                streamTime));
      }
    }
    if (changed) {
      List<ContactSummary> contacts = new ArrayList<>(after.size());
      for (ContactView view : after) {
        contacts.add(
            ContactSummaries.toAvro(view, state.revisions().getOrDefault(view.contactId(), 0L)));
      }
      context.forward(
          new Record<>(
              state.customerId(),
              JourneyOutput.journey(
                  CustomerJourney.newBuilder()
                      .setCustomerId(state.customerId())
                      .setContacts(contacts)
                      .setUpdatedAt(Instant.ofEpochMilli(streamTime))
                      .build()),
              streamTime));
    }
  }
}

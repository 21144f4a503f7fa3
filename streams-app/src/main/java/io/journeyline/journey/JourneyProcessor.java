package io.journeyline.journey;

import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertStatus;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.JourneyContact;
import io.journeyline.metrics.BucketKey;
import io.journeyline.metrics.Contributions;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.topology.DeadLetterException;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage B, keyed by customerId: one state per customer ({@code journey-store}), from which {@link
 * JourneyAggregator} derives the contacts and their FCR, repeat and sentiment. Every time a
 * customer is touched (an event, or the watermark passing one of its deadlines), the contacts
 * before and after are compared, and for each contact that changed it emits the new {@code
 * ContactSummary} (a tombstone when a contact id disappeared through renaming), the signed metric
 * deltas (new contribution minus old), the alerts it raises or withdraws, and, when the list of
 * contacts changed (a contact added, removed, renamed or re-ordered), the customer's journey.
 *
 * <p><b>Time.</b> This stage's time is its watermark: the smallest low watermark over all
 * validate-dedup-resolve tasks, which each send theirs as ticks to every partition ({@code
 * source-watermark-store}, keyed by source partition). Until every source partition has reported
 * (their number travels with the ticks, from the heartbeats) it is unknown, and nothing closes or
 * finalizes. Because every input partition has passed it, how the consumer interleaved topics or
 * partitions upstream does not change what is final. Contacts close by inactivity, become RESOLVED
 * and leave the horizon by the watermark alone.
 *
 * <p><b>Late events and corrections.</b> An event older than the watermark minus its channel's
 * grace is late; it is applied all the same (stage A already sent anything beyond the allowed
 * lateness to the DLQ) and counted. A change to a contact that was already final (its end + N +
 * grace behind the watermark) is a correction after final: the contact's {@code lateCorrections}
 * and the {@code corrections} counter of each of its buckets go up by one, besides the usual
 * retraction and re-addition.
 *
 * <p>Every stage-A watermark also comes a second time, passed on by the identity graph once it has
 * processed the evidence sent before it (key {@code g<partition>} in {@code
 * source-watermark-store}); the stage's time is the smallest of both, so that the moves that
 * evidence caused arrive before time passes the contacts they concern, however fast a replay runs.
 *
 * <p><b>Moves.</b> The stage also reads {@code journeyline.journey-transfers}. The graph announces
 * each move to the new customer ({@link Handover.Kind#EXPECT}) ahead of its next tick there, and
 * the task holds its time until the transfer has come and been adopted, so that the contacts the
 * moved one relates to are still there, and not yet final, when it does. A move of a key whose
 * earlier transfer to this customer is still on its way waits for it ({@link
 * JourneyState#deferredMoves()}), so that the next customer gets the whole contact in the one
 * transfer it waits for, not a part of it later. A {@link Handover.Kind#MOVE} from the identity
 * graph hands every event of a conversation key to another customer: the contacts are retracted
 * here (deltas, the other contacts re-derived; their records are not tombstoned, the new customer
 * publishes them under the same ids) and a {@link Handover.Kind#TRANSFER} with the events and their
 * bookkeeping goes to the new customer, which adopts and re-derives them. The key is remembered as
 * moved out ({@link JourneyState#movedOut()}, with the graph version, for a journey horizon after
 * the contact's last event, or after the first time the stage knows if the move came before any),
 * so that an event stage A routed here before it learned of the move, a survey answer the contact
 * history still sends here, or an older transfer, is passed on; a transfer older than a later move
 * from here follows that move. A customer left without contacts has its journey tombstoned.
 *
 * <p>Deadlines are kept in {@code timer-index-store} (key: 16 hex digits of the deadline, {@code
 * |}, customerId), so that advancing the watermark touches only the customers that are due. A
 * customer's registered deadline may be earlier than its next one (it is moved only when the next
 * one comes sooner, or once it has passed), so that an event that moves it later rewrites nothing.
 * After finalizing, it sends its watermark to every aggregate partition.
 *
 * <p><b>Delta outbox.</b> The metric deltas are not sent one by one: they are summed per bucket
 * group ({@link Contributions#group}: the contacts that share all of their buckets) in {@code
 * delta-outbox-store} (a cached, changelogged store) and sent, expanded and summed per bucket,
 * followed by the latest watermark, by a wall-clock punctuation every flush interval (the commit
 * interval). A change of a contact is one store write, not one per bucket, and a bucket that every
 * event touches (all contacts of the day) costs one repartition record per interval instead of one
 * per event. The outbox is state like any other: a delta either is still in it or was sent, in the
 * same transaction, so nothing is lost or sent twice across a crash; the watermark still follows
 * every delta it vouches for. The processor keeps a copy of the outbox in memory (read back from
 * the store whenever the task is initialized, also after an aborted transaction), so that adding a
 * delta reads no store: it only writes one.
 *
 * <p><b>Output outbox.</b> Contact summaries and journeys are coalesced the same way: a changed
 * contact or journey waits in memory under its key, and the latest one per key is sent by the same
 * punctuation, so a contact that several events change within one commit interval (a replay, a busy
 * chat) costs one {@code journeyline.contacts} record, not one per event. {@code
 * output-outbox-store} (cached, changelogged) holds which keys wait ({@code c|<contactId>} or
 * {@code j|<customerId>}, the value the customer): after a crash the waiting records are derived
 * again from the customers' states, which hold exactly what they were derived from. A waiting
 * contact is sent at once when it leaves this customer (a move, its transfer follows) or the
 * horizon, and the erasure of its customer deletes its key, so that nothing is sent after its
 * tombstones. Alerts and transfers are sent at once.
 */
public final class JourneyProcessor implements Processor<String, Routed, String, JourneyOutput> {

  private static final Logger log = LoggerFactory.getLogger(JourneyProcessor.class);

  /** The events of recently active customers a task keeps in memory by default. */
  public static final int DEFAULT_COPY_EVENTS = 20_000;

  /** How often a transfer may be passed on before it is adopted where it is (a loop fuse). */
  static final int MAX_HOPS = 16;

  /**
   * Key prefix of the expected transfers in {@code source-watermark-store} (value: the version).
   */
  static final String PENDING_PREFIX = "p|";

  /**
   * How long (wall clock) the stage's time may wait for expected transfers before each warning that
   * it still waits. It never stops waiting: a transfer always follows its announcement, and giving
   * up would let time pass contacts that are still on their way (a replay's backlog may hold the
   * move for minutes).
   */
  static final long WAIT_WARNING_MS = 60_000L;

  /**
   * Key prefix of the watermarks passed on by the identity graph in {@code source-watermark-store}.
   */
  static final String GRAPH_PREFIX = "g";

  /** Key prefix of a contact waiting in {@code output-outbox-store}. */
  public static final String WAITING_CONTACT = "c|";

  /** Key prefix of a journey waiting in {@code output-outbox-store}. */
  public static final String WAITING_JOURNEY = "j|";

  /** Key of the number of source partitions in {@code source-watermark-store}. */
  static final String PARTITIONS_KEY = "\u0000partitions";

  private final JourneyAggregator aggregator;
  private final Contributions contributions;
  private final Map<Channel, Long> graceMs = new EnumMap<>(Channel.class);
  private final long allowedLatenessMs;
  private final TopologyListener listener;
  private final Duration flushInterval;

  private ProcessorContext<String, JourneyOutput> context;
  private JourneyStore journeys;
  private KeyValueStore<String, String> timers;
  private KeyValueStore<String, Long> sources;
  private KeyValueStore<String, MetricDelta> outbox;
  private KeyValueStore<String, String> outputs;

  /** What {@code outbox} holds, in key order (its store is the truth across restarts). */
  private final TreeMap<String, MetricDelta> outboxCopy = new TreeMap<>();

  /**
   * The records waiting in {@code output-outbox-store}, by its key, in the order they first
   * changed; a record read back at init is null until it is derived again, when it is sent.
   */
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();

  /**
   * A contact summary or journey waiting to be sent.
   *
   * @param customerId whose state it is derived from
   * @param record the record to send, null when it must be derived again (after a restart)
   */
  private record Waiting(String customerId, Record<String, JourneyOutput> record) {}

  private final Map<Integer, Long> sourceWatermarks = new HashMap<>();
  private final Map<Integer, Long> graphWatermarks = new HashMap<>();

  /** Contacts on their way to this task's customers (store key → wall-clock time of the notice). */
  private final Map<String, Long> pending = new HashMap<>();

  /**
   * Contact ids whose standing alerts the update in progress re-sends (see {@link #settleAlerts});
   * empty outside {@link #onTransfer}.
   */
  private Set<String> reasserting = Set.of();

  /** Wall-clock time of the last warning that the stage's time waits for transfers. */
  private long lastWaitWarning = Long.MIN_VALUE;

  private int sourcePartitions;
  private long watermark = Long.MIN_VALUE;

  /**
   * Customers re-derived at most in one pass over the due deadlines. A watermark that jumps (the
   * last heartbeats of a replay, a partition back after an outage) can make every customer of the
   * task due at once; one pass per record or punctuation keeps each transaction's work bounded,
   * well inside Kafka Streams' transaction timeout (10 s under exactly-once), and the flush
   * punctuation goes on with the rest.
   */
  static final int MAX_DUE_PER_PASS = 1_000;

  /** True while customers due before {@link #watermark} remain, so it is not sent on yet. */
  private boolean watermarkHeld;

  /** Timestamp of the last tick, for the outputs of a pass the punctuation makes. */
  private long lastTickTimestamp;

  private final int repeatAlertReturns;
  private final int journeyMaxContacts;
  private final int copyEvents;
  private Sensor lateSensor;
  private Sensor correctionSensor;
  private Sensor movedSensor;
  private Sensor sealedSensor;
  private Sensor beforeSealedSensor;

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
   * @param grace the grace per channel: an event older than the watermark minus it is late
   * @param allowedLateness stage A's allowed lateness: no event older than the watermark minus it
   *     comes, and the contacts wholly before that are sealed ({@link JourneyAggregator#seal})
   * @param flushInterval wall-clock time between two sends of the delta outbox
   * @param repeatAlertReturns the repeat count at which a contact raises a REPEAT_CONTACT alert
   * @param journeyMaxContacts the most contacts a published journey lists
   * @param copyEvents how many events of recently active customers the task keeps in memory, with
   *     the contacts derived from them ({@link JourneyStore}); 0 reads every customer's records
   * @param listener told about alerts, late events and corrections
   */
  public JourneyProcessor(
      JourneyAggregator aggregator,
      Contributions contributions,
      Map<Channel, Duration> grace,
      Duration allowedLateness,
      Duration flushInterval,
      int repeatAlertReturns,
      int journeyMaxContacts,
      int copyEvents,
      TopologyListener listener) {
    this.copyEvents = copyEvents;
    this.aggregator = aggregator;
    this.repeatAlertReturns = repeatAlertReturns;
    this.journeyMaxContacts = journeyMaxContacts;
    this.contributions = contributions;
    grace.forEach((channel, d) -> graceMs.put(channel, d.toMillis()));
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.flushInterval = flushInterval;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, JourneyOutput> context) {
    this.context = context;
    // a new copy in memory with every (re)initialisation: a revived task's store was restored
    this.journeys =
        new JourneyStore(context.getStateStore(TopologyNames.JOURNEY_STORE), copyEvents);
    this.timers = context.getStateStore(TopologyNames.TIMER_INDEX_STORE);
    this.sources = context.getStateStore(TopologyNames.SOURCE_WATERMARK_STORE);
    this.outbox = context.getStateStore(TopologyNames.DELTA_OUTBOX_STORE);
    this.outputs = context.getStateStore(TopologyNames.OUTPUT_OUTBOX_STORE);
    outboxCopy.clear();
    try (KeyValueIterator<String, MetricDelta> it = outbox.all()) {
      it.forEachRemaining(entry -> outboxCopy.put(entry.key, entry.value));
    }
    waiting.clear();
    try (KeyValueIterator<String, String> it = outputs.all()) {
      it.forEachRemaining(entry -> waiting.put(entry.key, new Waiting(entry.value, null)));
    }
    sourceWatermarks.clear();
    graphWatermarks.clear();
    pending.clear();
    sourcePartitions = 0;
    try (KeyValueIterator<String, Long> it = sources.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> entry = it.next();
        if (PARTITIONS_KEY.equals(entry.key)) {
          sourcePartitions = entry.value.intValue();
        } else if (entry.key.startsWith(PENDING_PREFIX)) {
          pending.put(entry.key, context.currentSystemTimeMs());
        } else if (entry.key.startsWith(GRAPH_PREFIX)) {
          graphWatermarks.put(
              Integer.valueOf(entry.key.substring(GRAPH_PREFIX.length())), entry.value);
        } else {
          sourceWatermarks.put(Integer.valueOf(entry.key), entry.value);
        }
      }
    }
    watermark = lowestSourceWatermark();
    refreshEarliestDeadline();
    // A crash in the middle of a drain: the rest is due, and the watermark was not sent on yet.
    // Until a tick arrives, what the punctuation's passes send is stamped with the wall clock.
    watermarkHeld = earliestDeadline < watermark;
    lastTickTimestamp = context.currentSystemTimeMs();
    String task = context.taskId().toString();
    lateSensor = sensor("late-events-applied", task);
    correctionSensor = sensor("corrections-after-final", task);
    movedSensor = sensor("contacts-moved-out", task);
    sealedSensor = sensor("contacts-sealed", task);
    beforeSealedSensor = sensor("events-before-sealed-contacts", task);
    context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flushOutbox());
  }

  private Sensor sensor(String operation, String task) {
    return context
        .metrics()
        .addRateTotalSensor(
            "journeyline", "journey-" + task, operation, Sensor.RecordingLevel.INFO);
  }

  /**
   * Sends the waiting contacts and journeys, the summed deltas, then the latest watermark, and
   * empties both outboxes.
   */
  private void flushOutbox() {
    warnIfWaiting();
    if (watermarkHeld) {
      advance(lastTickTimestamp);
    }
    if (waiting.isEmpty() && outboxCopy.isEmpty()) {
      return;
    }
    sendWaiting();
    // What was just sent is visible once the transaction commits: ask for the commit now rather
    // than at the next commit interval, which would add up to one more interval of latency.
    context.commit();
    if (outboxCopy.isEmpty()) {
      return;
    }
    long now = context.currentSystemTimeMs();
    MetricDelta mark = null;
    TreeMap<String, Counters> byBucket = new TreeMap<>();
    for (Map.Entry<String, MetricDelta> entry : outboxCopy.entrySet()) {
      String key = entry.getKey();
      MetricDelta value = entry.getValue();
      if (value.isWatermark()) {
        mark = value;
      } else if (Contributions.isGroup(key)) {
        for (BucketKey bucket : Contributions.bucketsOf(key)) {
          byBucket.merge(bucket.encode(), value.delta(), Counters::plus);
        }
      } else {
        // a bucket's own sum, written by a version that did not group them
        byBucket.merge(key, value.delta(), Counters::plus);
      }
      outbox.delete(key);
    }
    outboxCopy.clear();
    byBucket.forEach(
        (bucket, sum) -> {
          if (!sum.isZero()) {
            context.forward(new Record<>(bucket, JourneyOutput.delta(MetricDelta.of(sum)), now));
          }
        });
    if (mark != null) {
      context.forward(new Record<>(TopologyNames.TICK_KEY, JourneyOutput.delta(mark), now));
    }
  }

  /** Sends every waiting contact and journey. */
  private void sendWaiting() {
    if (waiting.isEmpty()) {
      return;
    }
    Map<String, List<ContactView>> derived = new HashMap<>();
    for (Map.Entry<String, Waiting> entry : waiting.entrySet()) {
      send(entry.getKey(), entry.getValue(), derived);
    }
    waiting.clear();
  }

  /**
   * Sends one waiting record, unless the erasure of its customer took its key from the store
   * meanwhile; a record read back at init is derived from its customer's state first.
   */
  private void send(String key, Waiting entry, Map<String, List<ContactView>> derived) {
    if (outputs.delete(key) == null) {
      return;
    }
    Record<String, JourneyOutput> record = entry.record();
    if (record == null) {
      record = deriveWaiting(key, entry.customerId(), derived);
    }
    context.forward(record);
  }

  /** Sends at once whatever waits of one customer (its contact is leaving it). */
  private void sendWaitingOf(String customerId) {
    Map<String, List<ContactView>> derived = new HashMap<>();
    var it = waiting.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Waiting> entry = it.next();
      if (entry.getValue().customerId().equals(customerId)) {
        send(entry.getKey(), entry.getValue(), derived);
        it.remove();
      }
    }
  }

  /** Sends a waiting contact at once (it leaves the horizon). */
  private void sendWaitingContact(String contactId) {
    String key = WAITING_CONTACT + contactId;
    Waiting entry = waiting.remove(key);
    if (entry != null) {
      send(key, entry, new HashMap<>());
    }
  }

  private void wait(String key, String customerId, Record<String, JourneyOutput> record) {
    // always written: an erasure may have deleted the key since the record first waited
    outputs.put(key, customerId);
    waiting.put(key, new Waiting(customerId, record));
  }

  /**
   * A waiting record read back after a restart, derived again from its customer's state as the last
   * update left it (a contact no longer there was renamed: its tombstone waited).
   */
  private Record<String, JourneyOutput> deriveWaiting(
      String key, String customerId, Map<String, List<ContactView>> derived) {
    JourneyState state = journeys.peek(customerId);
    List<ContactView> views =
        derived.computeIfAbsent(
            customerId,
            c ->
                state == null || state.derivedAt() == Long.MIN_VALUE
                    ? List.of()
                    : aggregator.derive(state, state.derivedAt()));
    long now = context.currentSystemTimeMs();
    if (key.startsWith(WAITING_JOURNEY)) {
      return new Record<>(
          customerId,
          JourneyOutput.journey(
              journey(
                  customerId,
                  views,
                  journeyRefs(views),
                  state == null || state.derivedAt() <= 0 ? Long.MIN_VALUE : state.derivedAt())),
          now);
    }
    String contactId = key.substring(WAITING_CONTACT.length());
    for (ContactView view : views) {
      if (view.contactId().equals(contactId)) {
        return new Record<>(contactId, JourneyOutput.contact(summary(state, view)), now);
      }
    }
    return new Record<>(contactId, JourneyOutput.contact(null), now);
  }

  /** A contact's summary as its customer's state numbers it (revision, late corrections). */
  private static ContactSummary summary(JourneyState state, ContactView view) {
    return ContactSummaries.toAvro(
        view,
        state.revisions().getOrDefault(view.contactId(), 0L),
        state.lateCorrections().getOrDefault(view.contactId(), 0));
  }

  /** Adds a delta to the sum waiting under a bucket group ({@link Contributions#group}). */
  private void addToOutbox(String group, Counters delta) {
    MetricDelta pending = outboxCopy.get(group);
    Counters sum = pending == null ? delta : pending.delta().plus(delta);
    if (sum.isZero()) {
      if (pending != null) {
        outbox.delete(group);
        outboxCopy.remove(group);
      }
    } else {
      putOutbox(group, MetricDelta.of(sum));
    }
  }

  private void putOutbox(String key, MetricDelta value) {
    outbox.put(key, value);
    outboxCopy.put(key, value);
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
    Routed routed = record.value();
    if (routed.handover() != null) {
      Handover handover = routed.handover();
      switch (handover.kind()) {
        case MOVE -> onMove(record.key(), handover, record.timestamp());
        case EXPECT -> onExpect(record.key(), handover);
        case TRANSFER -> onTransfer(record.key(), handover, record.timestamp());
      }
    } else if (routed.survey() != null) {
      onSurvey(record.key(), routed.survey(), record.timestamp());
    } else if (routed.isTick()) {
      onTick(routed, record.timestamp());
    } else {
      ContactEvent event = routed.event();
      if (watermark != Long.MIN_VALUE
          && event.occurredAt() < watermark - graceMs.get(event.channel())) {
        lateSensor.record();
        listener.lateEventApplied(event.channel());
      }
      JourneyStore.Loaded loaded = journeys.load(event.customerId());
      JourneyState state = loaded.state();
      JourneyState.MovedOut moved =
          state == null ? null : state.movedOut().get(event.conversationKey());
      if (moved != null) {
        // The contact went to another customer; stage A's answer was older than the move.
        passOn(
            Handover.events(
                event.conversationKey(), moved.target(), moved.version(), 1, List.of(event)),
            moved.target(),
            record.timestamp());
        return;
      }
      if (state != null && aggregator.beforeSealed(state, event)) {
        beforeSealed(event);
      }
      update(
          event.customerId(),
          loaded,
          true,
          record.timestamp(),
          Set.of(event.conversationKey()),
          (s, before) -> {
            aggregator.add(s, event);
            return Set.of();
          });
    }
  }

  /**
   * A move from the identity graph: hands every event of the conversation key, and its bookkeeping,
   * to the target customer, retracting the contacts here (their records are not tombstoned: the
   * target publishes them under the same ids), and remembers where the key went.
   */
  private void onMove(String customerId, Handover move, long recordTimestamp) {
    Long expected = sources.get(pendingKey(customerId, move.contactKey()));
    if (expected != null && expected < move.version()) {
      // An earlier move of the key is still on its way here: handed over now, the target would
      // get the contact in two parts, the second after its time had moved on (finding 14).
      JourneyStore.Loaded loaded = journeys.load(customerId);
      JourneyState state = loaded.state() == null ? new JourneyState(customerId) : loaded.state();
      state
          .deferredMoves()
          .add(new JourneyState.DeferredMove(move.contactKey(), move.target(), move.version()));
      journeys.save(loaded, state);
      return;
    }
    update(
        customerId,
        true,
        recordTimestamp,
        (state, before) -> {
          JourneyState.MovedOut known = state.movedOut().get(move.contactKey());
          if (known != null && known.version() > move.version()) {
            // a newer move already took the contact elsewhere; the target still expects word
            passOn(
                Handover.events(move.contactKey(), move.target(), move.version(), 0, List.of()),
                move.target(),
                recordTimestamp);
            return Set.of();
          }
          Set<String> ids = new LinkedHashSet<>();
          for (ContactView view : before) {
            if (view.conversationKey().equals(move.contactKey())) {
              ids.add(view.contactId());
            }
          }
          List<ContactEvent> events = new ArrayList<>();
          // A move again (a later decision, or the events it was sent for went on already) keeps
          // the time the marker had; with no time known at all, it stays undated until there is.
          long latest =
              Math.max(known == null ? JourneyState.MovedOut.UNDATED : known.at(), watermark);
          for (ContactEvent e : state.events()) {
            if (e.conversationKey().equals(move.contactKey())) {
              events.add(e);
              latest = Math.max(latest, e.occurredAt());
            }
          }
          state.events().removeIf(e -> e.conversationKey().equals(move.contactKey()));
          List<SealedContact> sealed = new ArrayList<>();
          for (SealedContact contact : state.sealed()) {
            if (contact.conversationKey().equals(move.contactKey())) {
              sealed.add(contact);
              latest = Math.max(latest, contact.lastEventAt());
            }
          }
          state.sealed().removeAll(sealed);
          Long firstStart = state.firstStartByKey().remove(move.contactKey());
          Map<String, Long> revisions = new LinkedHashMap<>();
          Map<String, Integer> corrections = new LinkedHashMap<>();
          Set<String> alerts = new LinkedHashSet<>();
          Map<String, JourneyState.Pinned> pinned = new LinkedHashMap<>();
          Map<String, SurveyScores> surveys = new LinkedHashMap<>();
          for (String id : ids) {
            moveEntry(state.surveys(), surveys, id);
            moveEntry(state.revisions(), revisions, id);
            moveEntry(state.lateCorrections(), corrections, id);
            moveEntry(state.pinned(), pinned, id);
            alerts.addAll(state.takeAlerts(id));
          }
          state
              .movedOut()
              .put(
                  move.contactKey(),
                  new JourneyState.MovedOut(move.target(), move.version(), latest));
          movedSensor.record();
          // what waits of this customer goes first: the new customer sends the moved contacts on
          sendWaitingOf(customerId);
          context.forward(
              new Record<>(
                  move.target(),
                  JourneyOutput.transfer(
                      new Handover(
                          Handover.Kind.TRANSFER,
                          move.contactKey(),
                          move.target(),
                          move.version(),
                          0,
                          events,
                          sealed,
                          firstStart,
                          revisions,
                          corrections,
                          alerts,
                          pinned,
                          surveys)),
                  recordTimestamp));
          return ids;
        });
  }

  /**
   * Counts and logs an event that is not later than a sealed contact of its conversation: stage A
   * accepted it on a time behind this task's (it reached this customer through a move, or was
   * passed on after one). It is folded after the sealed contacts, where its order among their
   * events is no longer known.
   */
  private void beforeSealed(ContactEvent event) {
    beforeSealedSensor.record();
    listener.eventBeforeSealed();
    log.warn(
        "Journey task {}: event {} of contact {} at {} is not later than a sealed contact of its"
            + " conversation; folded after it",
        context.taskId(),
        LogSafe.identifier(event.eventId()),
        LogSafe.conversation(event.conversationKey()),
        Instant.ofEpochMilli(event.occurredAt()));
  }

  private static <V> void moveEntry(Map<String, V> from, Map<String, V> to, String id) {
    V value = from.remove(id);
    if (value != null) {
      to.put(id, value);
    }
  }

  /**
   * The identity graph announces a contact on its way to this customer: the task holds its time
   * until the transfer has arrived, so that the contacts the moved one relates to are still here,
   * and not yet final, when it does.
   */
  private void onExpect(String customerId, Handover expect) {
    String key = pendingKey(customerId, expect.contactKey());
    Long known = sources.get(key);
    if (known == null || known < expect.version()) {
      sources.put(key, expect.version());
      pending.put(key, context.currentSystemTimeMs());
    }
  }

  /**
   * A survey answer for a contact of this customer (joined by the contact history): attached to the
   * contact, so that its scores count in the contact's buckets, split by its FCR status, and move
   * with it. A contact that moved on gets it passed on; one this customer does not hold (it left
   * the journey horizon, or was renamed by an earlier session arriving late) sends it to the DLQ
   * with reason {@code unmatched}.
   */
  private void onSurvey(String customerId, SurveyScores survey, long recordTimestamp) {
    String key = ContactIds.conversationKey(survey.contactId());
    JourneyStore.Loaded loaded = journeys.load(customerId);
    JourneyState state = loaded.state();
    JourneyState.MovedOut moved = state == null ? null : state.movedOut().get(key);
    if (moved != null) {
      passOn(
          new Handover(
              Handover.Kind.TRANSFER,
              key,
              moved.target(),
              moved.version(),
              1,
              List.of(),
              List.of(),
              null,
              Map.of(),
              Map.of(),
              Set.of(),
              Map.of(),
              Map.of(survey.contactId(), survey)),
          moved.target(),
          recordTimestamp);
      return;
    }
    if (state == null) {
      throw unmatched(survey);
    }
    update(
        customerId,
        loaded,
        false,
        recordTimestamp,
        // a survey changes no conversation's events: it is applied with the FCR verdicts
        Set.of(),
        (s, before) -> {
          if (before.stream().noneMatch(v -> v.contactId().equals(survey.contactId()))) {
            throw unmatched(survey);
          }
          s.surveys().merge(survey.contactId(), survey, SurveyScores::latest);
          return Set.of();
        });
  }

  private static DeadLetterException unmatched(SurveyScores survey) {
    return new DeadLetterException(
        DeadLetterException.UNMATCHED,
        "survey "
            + survey.surveyId()
            + ": its contact is not in its customer's journey (older than the journey horizon,"
            + " or renamed)");
  }

  /** The {@code source-watermark-store} key of a transfer announced to a customer. */
  private static String pendingKey(String customerId, String contactKey) {
    return PENDING_PREFIX + customerId + "|" + contactKey;
  }

  /** Clears the expectation a transfer answers; true when it answered one. */
  private boolean arrived(String customerId, Handover transfer) {
    String key = pendingKey(customerId, transfer.contactKey());
    Long expected = sources.get(key);
    if (expected != null && expected <= transfer.version()) {
      sources.delete(key);
      pending.remove(key);
      return true;
    }
    return false;
  }

  /**
   * A transfer: adopted, or passed on when the contact has since moved on from here by a newer
   * decision; then the moves of its key that waited for it are made, and only then does the task's
   * time go on, so that what the transfer changes is judged at the time it was held at.
   */
  private void onTransfer(String customerId, Handover transfer, long recordTimestamp) {
    JourneyState state = journeys.peek(customerId);
    JourneyState.MovedOut moved =
        state == null ? null : state.movedOut().get(transfer.contactKey());
    boolean overtaken = moved != null && moved.version() > transfer.version();
    if (overtaken && transfer.hops() < MAX_HOPS) {
      passOn(transfer.passedOn(), moved.target(), recordTimestamp);
    } else {
      if (overtaken) {
        log.error(
            "Contact {} was passed on {} times between customers; adopted by {} to stop a loop",
            LogSafe.conversation(transfer.contactKey()),
            transfer.hops(),
            LogSafe.identifier(customerId));
      }
      try {
        adopt(customerId, transfer, recordTimestamp);
      } finally {
        reasserting = Set.of();
      }
    }
    if (arrived(customerId, transfer)) {
      makeDeferredMoves(customerId, transfer.contactKey(), recordTimestamp);
      if (pending.isEmpty()) {
        advance(recordTimestamp);
      }
    }
  }

  /** The moves of a key that waited for its transfer here, in the order the graph decided them. */
  private void makeDeferredMoves(String customerId, String contactKey, long recordTimestamp) {
    JourneyStore.Loaded loaded = journeys.load(customerId);
    JourneyState state = loaded.state();
    if (state == null || state.deferredMoves().isEmpty()) {
      return;
    }
    List<JourneyState.DeferredMove> due =
        state.deferredMoves().stream()
            .filter(m -> m.contactKey().equals(contactKey))
            .sorted(Comparator.comparingLong(JourneyState.DeferredMove::version))
            .toList();
    if (due.isEmpty()) {
      return;
    }
    state.deferredMoves().removeAll(due);
    journeys.save(loaded, state);
    for (JourneyState.DeferredMove m : due) {
      onMove(customerId, Handover.move(m.contactKey(), m.target(), m.version()), recordTimestamp);
    }
  }

  private void adopt(String customerId, Handover transfer, long recordTimestamp) {
    Set<String> heldBefore = new HashSet<>();
    update(
        customerId,
        true,
        recordTimestamp,
        (s, before) -> {
          before.forEach(v -> heldBefore.add(v.contactId()));
          // This customer may already have raised from the part of the contact routed here before
          // the transfer came; its alert records and the old customer's interleave in revision.
          Set<String> partial = new LinkedHashSet<>();
          for (ContactView view : before) {
            if (view.conversationKey().equals(transfer.contactKey())) {
              partial.add(view.contactId());
            }
          }
          reasserting = partial;
          s.movedOut().remove(transfer.contactKey());
          // what came here of the contact before its sealed part did, and what comes with it
          List<ContactEvent> arrived = new ArrayList<>(transfer.events());
          if (!transfer.sealed().isEmpty()) {
            for (ContactEvent e : s.events()) {
              if (e.conversationKey().equals(transfer.contactKey())) {
                arrived.add(e);
              }
            }
          }
          s.sealed().addAll(transfer.sealed());
          for (ContactEvent e : transfer.events()) {
            aggregator.add(s, e.withCustomer(customerId));
          }
          for (ContactEvent e : arrived) {
            if (aggregator.beforeSealed(s, e)) {
              beforeSealed(e);
            }
          }
          if (transfer.firstStart() != null) {
            s.firstStartByKey().merge(transfer.contactKey(), transfer.firstStart(), Math::min);
          }
          transfer.revisions().forEach((id, r) -> s.revisions().merge(id, r, Math::max));
          transfer
              .lateCorrections()
              .forEach((id, c) -> s.lateCorrections().merge(id, c, Math::max));
          s.alertsSent().addAll(transfer.alertsSent());
          transfer.pinned().forEach(s.pinned()::putIfAbsent);
          transfer.surveys().forEach((id, v) -> s.surveys().merge(id, v, SurveyScores::latest));
          return Set.of();
        });
    retractRenamed(customerId, transfer, heldBefore, recordTimestamp);
  }

  /**
   * The ids the old customer published for the moved contact (its revisions) that this customer,
   * holding all of it now, does not derive: a session began with a message routed here first, so
   * its start, and its id, differ from the old customer's. Nobody else would retract them (the old
   * customer leaves handed-over ids to the new one), so they are tombstoned here and their alerts
   * withdrawn, from the old customer's view of them, derived again from the events it handed over.
   */
  private void retractRenamed(
      String customerId, Handover transfer, Set<String> heldBefore, long recordTimestamp) {
    if (transfer.revisions().isEmpty()
        || (transfer.events().isEmpty() && transfer.sealed().isEmpty())) {
      return;
    }
    JourneyStore.Loaded loaded = journeys.load(customerId);
    JourneyState state = loaded.state();
    if (state == null) {
      return;
    }
    Set<String> derived = new HashSet<>();
    aggregator.derive(state, state.derivedAt()).forEach(v -> derived.add(v.contactId()));
    List<String> gone = new ArrayList<>();
    for (String id : transfer.revisions().keySet()) {
      if (!derived.contains(id) && !heldBefore.contains(id)) {
        gone.add(id);
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    // the old customer's id is on the events; a transfer of sealed contacts alone has none, and
    // this customer's id stands in on the withdrawn alerts
    JourneyState old =
        new JourneyState(
            transfer.events().isEmpty() ? customerId : transfer.events().get(0).customerId());
    transfer.events().forEach(e -> aggregator.add(old, e));
    old.sealed().addAll(transfer.sealed());
    if (transfer.firstStart() != null) {
      old.firstStartByKey().merge(transfer.contactKey(), transfer.firstStart(), Math::min);
    }
    Map<String, ContactView> oldViews = new HashMap<>();
    aggregator.derive(old, state.derivedAt()).forEach(v -> oldViews.put(v.contactId(), v));
    Collections.sort(gone);
    for (String id : gone) {
      Long lastRevision = state.revisions().remove(id);
      state.lateCorrections().remove(id);
      wait(
          WAITING_CONTACT + id,
          customerId,
          new Record<>(id, JourneyOutput.contact(null), recordTimestamp));
      ContactView view = oldViews.get(id);
      if (view != null) {
        withdrawAll(
            state,
            view,
            (lastRevision == null ? 0L : lastRevision) + 1,
            "the contact moved to another customer, where an earlier message of its session"
                + " had arrived first and renamed it",
            recordTimestamp);
      }
    }
    journeys.save(loaded, state);
  }

  private void passOn(Handover transfer, String target, long recordTimestamp) {
    context.forward(
        new Record<>(
            target,
            JourneyOutput.transfer(
                new Handover(
                    Handover.Kind.TRANSFER,
                    transfer.contactKey(),
                    target,
                    transfer.version(),
                    transfer.hops(),
                    transfer.events(),
                    transfer.sealed(),
                    transfer.firstStart(),
                    transfer.revisions(),
                    transfer.lateCorrections(),
                    transfer.alertsSent(),
                    transfer.pinned(),
                    transfer.surveys())),
            recordTimestamp));
  }

  private void onTick(Routed tick, long recordTimestamp) {
    if (tick.sourcePartitions() > sourcePartitions) {
      sourcePartitions = tick.sourcePartitions();
      sources.put(PARTITIONS_KEY, (long) sourcePartitions);
    }
    Map<Integer, Long> marks = tick.viaGraph() ? graphWatermarks : sourceWatermarks;
    Long previous = marks.get(tick.sourcePartition());
    if (previous == null || tick.tick() > previous) {
      marks.put(tick.sourcePartition(), tick.tick());
      sources.put((tick.viaGraph() ? GRAPH_PREFIX : "") + tick.sourcePartition(), tick.tick());
    }
    lastTickTimestamp = recordTimestamp;
    advance(recordTimestamp);
  }

  /**
   * Warns, at most once per {@link #WAIT_WARNING_MS}, while the stage's time has waited longer than
   * that for an announced transfer (the task's metrics and outputs do not move meanwhile).
   */
  private void warnIfWaiting() {
    if (pending.isEmpty()) {
      return;
    }
    long now = context.currentSystemTimeMs();
    Map.Entry<String, Long> oldest =
        pending.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
    if (now - oldest.getValue() > WAIT_WARNING_MS && now - lastWaitWarning > WAIT_WARNING_MS) {
      lastWaitWarning = now;
      String[] parts = oldest.getKey().substring(PENDING_PREFIX.length()).split("\\|", 2);
      log.warn(
          "Journey task {} has held its time for {} s waiting for {} announced transfer(s), the"
              + " oldest of contact {} to {}; the task that holds the contact has not processed its"
              + " move yet (a backlog in its partition, or it is not running)",
          context.taskId(),
          (now - oldest.getValue()) / 1000,
          pending.size(),
          LogSafe.conversation(parts.length > 1 ? parts[1] : ""),
          LogSafe.identifier(parts[0]));
    }
  }

  /**
   * Moves the stage's time to the smallest source watermark, unless a contact is on its way to one
   * of this task's customers: then it waits for the transfer, however long that takes. The
   * customers it makes due are re-derived at most {@link #MAX_DUE_PER_PASS} per call; the watermark
   * goes on to the metrics stage once none is left, so that no bucket closes before their deltas.
   */
  private void advance(long recordTimestamp) {
    if (!pending.isEmpty()) {
      return;
    }
    long next = lowestSourceWatermark();
    if (next > watermark) {
      watermark = next;
      watermarkHeld = true;
    }
    if (watermarkHeld && finalizeDue(recordTimestamp)) {
      watermarkHeld = false;
      putOutbox(
          TopologyNames.TICK_KEY, MetricDelta.watermark(context.taskId().partition(), watermark));
    }
  }

  /**
   * The smallest low watermark over the source partitions {@code [0, sourcePartitions)}, or {@link
   * Long#MIN_VALUE} while their number is unknown or one of them has not reported. The watermark
   * only ever takes it when it is higher, so it never moves back.
   */
  private long lowestSourceWatermark() {
    if (sourcePartitions == 0) {
      return Long.MIN_VALUE;
    }
    long min = Long.MAX_VALUE;
    for (int p = 0; p < sourcePartitions; p++) {
      Long value = sourceWatermarks.get(p);
      Long viaGraph = graphWatermarks.get(p);
      if (value == null || viaGraph == null) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, Math.min(value, viaGraph));
    }
    return min;
  }

  /**
   * Re-derives up to {@link #MAX_DUE_PER_PASS} customers whose deadline the watermark passed; true
   * when none is left.
   */
  private boolean finalizeDue(long recordTimestamp) {
    // A customer is due once the watermark > its deadline (the range's upper bound excludes it).
    if (earliestDeadline >= watermark) {
      return true;
    }
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        timers.range(timerKey(0, ""), String.format("%016x", watermark))) {
      while (it.hasNext() && due.size() < MAX_DUE_PER_PASS) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, String> entry : due) {
      timers.delete(entry.key);
    }
    for (KeyValue<String, String> entry : due) {
      touch(entry.value, recordTimestamp);
    }
    refreshEarliestDeadline();
    return earliestDeadline >= watermark;
  }

  /**
   * A customer's entry in {@code timer-index-store}: its deadline in 16 hex digits, then its id.
   */
  public static String timerKey(long deadline, String customerId) {
    return String.format("%016x", deadline) + "|" + customerId;
  }

  /** A change to one customer's state; returns the contact ids handed to another customer. */
  private interface Change {
    Set<String> apply(JourneyState state, List<ContactView> before);
  }

  /** Re-derives a customer whose deadline the watermark passed. */
  private void touch(String customerId, long recordTimestamp) {
    update(
        customerId,
        journeys.load(customerId),
        false,
        recordTimestamp,
        Set.of(),
        (state, before) -> Set.of());
  }

  /**
   * Applies a change to a customer's state and publishes what it changed: the contacts before and
   * after are compared, changed contacts and their deltas emitted, the horizon evicted, markers of
   * moved contacts expired and the customer's deadline re-registered.
   *
   * @param create whether a customer without state gets one (false: only re-derive existing ones)
   */
  private void update(String customerId, boolean create, long recordTimestamp, Change change) {
    update(customerId, journeys.load(customerId), create, recordTimestamp, null, change);
  }

  /**
   * {@link #update}, with the customer's state as the caller just read it from the store.
   *
   * @param touchedKeys the conversation keys whose events the change may touch (the contacts of the
   *     others are not folded again), or null when it may touch any
   */
  private void update(
      String customerId,
      JourneyStore.Loaded loaded,
      boolean create,
      long recordTimestamp,
      Set<String> touchedKeys,
      Change change) {
    JourneyState state = loaded.state();
    if (state == null) {
      if (!create) {
        return;
      }
      state = new JourneyState(customerId);
    }
    JourneyAggregator.Derived derivedBefore =
        state.derivedAt() == Long.MIN_VALUE
            ? null
            : loaded.derived() != null
                ? loaded.derived()
                : aggregator.derived(state, state.derivedAt(), null, null);
    List<ContactView> before = derivedBefore == null ? List.of() : derivedBefore.views();
    Set<String> handedOver = change.apply(state, before);
    // Event times are never negative (stage A), so 0 stands for "nothing passed yet".
    long now = Math.max(watermark, 0L);
    JourneyAggregator.Derived derived = aggregator.derived(state, now, derivedBefore, touchedKeys);
    List<ContactView> after = derived.views();
    emitChanges(state, before, after, create, handedOver, recordTimestamp);
    Set<String> evicted = aggregator.evict(state, now, after);
    if (!evicted.isEmpty()) {
      evicted.forEach(this::sendWaitingContact);
      List<JourneyContact> refs = journeyRefs(after);
      derived = aggregator.derived(state, now, null, null);
      after = derived.views();
      // the journey lists only what the horizon holds (a tombstone once nothing is left)
      List<JourneyContact> left = journeyRefs(after);
      if (!left.equals(refs)) {
        publishJourney(state, after, left, recordTimestamp);
      }
    }
    long horizon = aggregator.horizonMs();
    if (watermark != Long.MIN_VALUE) {
      // every event still to come is at least this late (stage A sends older ones to the DLQ)
      int sealed = aggregator.seal(state, watermark - allowedLatenessMs);
      if (sealed > 0) {
        sealedSensor.record(sealed);
        listener.contactsSealed(sealed);
      }
      // a marker set before the stage knew its time is kept a horizon from the first time known,
      // not from 1970: what is still on its way to the old customer must find it
      state.movedOut().replaceAll((key, m) -> m.datedAt(now));
      state.movedOut().values().removeIf(m -> m.at() + horizon < now);
    }
    state.derivedAt(now);
    long deadline = derived.validUntil();
    for (JourneyState.MovedOut m : state.movedOut().values()) {
      // an undated marker is due at once, so that the first time known dates it
      deadline =
          Math.min(deadline, m.at() == JourneyState.MovedOut.UNDATED ? 0L : m.at() + horizon);
    }
    // A registered deadline that is still ahead and no later than the new one stays: the customer
    // is then touched early, finds nothing due, and registers its next deadline. Most events move
    // the deadline later (a contact's last event), and the index is not rewritten for each.
    boolean early = state.timerAt() != Long.MIN_VALUE && state.timerAt() >= now;
    if (state.timerAt() != deadline && !(early && state.timerAt() <= deadline)) {
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
      journeys.delete(loaded);
    } else {
      // what the next update of this customer derives "before" (the state now, at now)
      journeys.save(loaded, state, derived);
    }
  }

  private void emitChanges(
      JourneyState state,
      List<ContactView> before,
      List<ContactView> after,
      boolean byEvent,
      Set<String> handedOver,
      long recordTimestamp) {
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
      Map<String, Counters> deltas = contributions.groupDelta(oldView, newView);
      if (byEvent && newView != null && wasFinal(oldView, state.derivedAt())) {
        state.lateCorrections().merge(id, 1, Integer::sum);
        correctionSensor.record();
        listener.correctionAfterFinal();
        // one correction in each of the contact's buckets
        deltas.merge(contributions.group(newView), Counters.ONE_CORRECTION, Counters::plus);
      }
      if (newView == null) {
        Long lastRevision = state.revisions().remove(id);
        state.lateCorrections().remove(id);
        if (!handedOver.contains(id)) {
          wait(
              WAITING_CONTACT + id,
              state.customerId(),
              new Record<>(id, JourneyOutput.contact(null), recordTimestamp));
          withdrawAll(
              state,
              oldView,
              (lastRevision == null ? 0L : lastRevision) + 1,
              "the contact no longer exists under this id (an earlier session of its"
                  + " conversation arrived late and renamed it)",
              recordTimestamp);
        }
      } else {
        state.revisions().merge(id, 1L, Long::sum);
        wait(
            WAITING_CONTACT + id,
            state.customerId(),
            new Record<>(id, JourneyOutput.contact(summary(state, newView)), recordTimestamp));
      }
      deltas.forEach(this::addToOutbox);
      if (newView != null) {
        settleAlerts(state, newView, reasserting.contains(id), recordTimestamp);
      }
    }
    if (changed) {
      settleChurnRisk(state, after, recordTimestamp);
      List<JourneyContact> refs = journeyRefs(after);
      if (!refs.equals(journeyRefs(before))) {
        publishJourney(state, after, refs, recordTimestamp);
      }
    }
  }

  /** The journey record's list: the latest {@code journeyMaxContacts} contacts in start order. */
  private List<JourneyContact> journeyRefs(List<ContactView> views) {
    List<JourneyContact> refs = new ArrayList<>(Math.min(views.size(), journeyMaxContacts));
    for (ContactView view :
        views.subList(Math.max(0, views.size() - journeyMaxContacts), views.size())) {
      refs.add(
          new JourneyContact(
              view.contactId(),
              view.channel(),
              view.direction(),
              Instant.ofEpochMilli(view.start())));
    }
    return refs;
  }

  /**
   * Sends the customer's journey (with the next flush): which contacts, in order (their other
   * fields are on the contacts topic). A customer left without contacts (all of them went to
   * another customer or past the horizon) is tombstoned.
   */
  private void publishJourney(
      JourneyState state,
      List<ContactView> views,
      List<JourneyContact> refs,
      long recordTimestamp) {
    wait(
        WAITING_JOURNEY + state.customerId(),
        state.customerId(),
        new Record<>(
            state.customerId(),
            JourneyOutput.journey(journey(state.customerId(), views, refs, watermark)),
            recordTimestamp));
  }

  /**
   * The journey record of a customer's contacts, null (a tombstone) when there are none.
   *
   * @param time the stage's time of the update ({@link Long#MIN_VALUE} while unknown)
   */
  private static CustomerJourney journey(
      String customerId, List<ContactView> views, List<JourneyContact> refs, long time) {
    if (views.isEmpty()) {
      return null;
    }
    long latest = Long.MIN_VALUE;
    for (ContactView view : views) {
      latest = Math.max(latest, view.lastEventAt());
    }
    long updatedAt = time != Long.MIN_VALUE ? time : latest;
    return CustomerJourney.newBuilder()
        .setCustomerId(customerId)
        .setContactRefs(refs)
        .setContactCount(views.size())
        .setUpdatedAt(Instant.ofEpochMilli(Math.max(0, updatedAt)))
        .build();
  }

  /**
   * Settles the alerts of a contact on its new view (DESIGN.md, alerts follow the view like every
   * status): an alert whose condition the view meets and that does not stand yet is RAISED; one
   * that stands and whose condition the view no longer meets is WITHDRAWN (a late event, a session
   * renamed, an identity merge showed the earlier view was incomplete). The conditions:
   * NEGATIVE_SENTIMENT (the sentiment rule), REPEAT_CONTACT (the repeat count reached the
   * threshold, once the contact has an issue code or has ended), RESPONSE_TARGET_BREACH (it missed
   * its response-time target while open). So once every contact has its final view, the standing
   * alerts are those the final views meet, whatever the order the events came in.
   *
   * @param reassert re-send the standing alerts with the new revision (after a transfer, when this
   *     customer had already raised from part of the contact: its records and the old customer's
   *     interleave in revision)
   */
  private void settleAlerts(
      JourneyState state, ContactView view, boolean reassert, long recordTimestamp) {
    settle(
        state,
        AlertType.NEGATIVE_SENTIMENT,
        view,
        view.sentiment().alerted(),
        reassert,
        () -> ContactSummaries.negativeSentimentAlert(view),
        recordTimestamp);
    // A contact's issue is often learned at its end (a wrap-up code): until it has one, or has
    // ended, a LENIENT match against every earlier issue would alert too eagerly.
    settle(
        state,
        AlertType.REPEAT_CONTACT,
        view,
        view.inbound()
            && (view.issue() != null || view.end() != null)
            && view.repeatCount() >= repeatAlertReturns,
        reassert,
        () -> ContactSummaries.repeatContactAlert(view, aggregator.fcrRules().windowMs()),
        recordTimestamp);
    ServiceFacts service = view.service();
    settle(
        state,
        AlertType.RESPONSE_TARGET_BREACH,
        view,
        service.breached() && (view.end() == null || service.breachAt() < view.end()),
        reassert,
        () -> ContactSummaries.responseTargetAlert(view),
        recordTimestamp);
  }

  /**
   * CHURN_RISK of each contact C: C is INBOUND, its customer answered C's survey as a detractor
   * (NPS 0-6 or CSAT 1-2), and among the customer's INBOUND contacts that started within the FCR
   * window up to C's start (C included) at least 2 are NOT_RESOLVED and at least one has a negative
   * mean sentiment (at most -0.05). Raised and withdrawn like the others; an alert is not withdrawn
   * while part of C's window may have left the journey horizon (the contacts there are gone, not
   * changed).
   */
  private void settleChurnRisk(JourneyState state, List<ContactView> views, long recordTimestamp) {
    long window = aggregator.fcrRules().windowMs();
    long horizonStart = Math.max(watermark, 0L) - aggregator.horizonMs();
    for (ContactView c : views) {
      boolean holds = false;
      int notResolved = 0;
      if (c.inbound() && c.survey() != null && c.survey().detractor()) {
        boolean negative = false;
        for (ContactView v : views) {
          if (v.inbound() && v.start() <= c.start() && v.start() >= c.start() - window) {
            notResolved += v.fcr() == io.journeyline.avro.FcrStatus.NOT_RESOLVED ? 1 : 0;
            Double mean = v.sentiment().mean();
            negative |= mean != null && mean <= -0.05;
          }
        }
        holds = notResolved >= 2 && negative;
      }
      if (!holds && c.start() - window < horizonStart) {
        continue;
      }
      int count = notResolved;
      settle(
          state,
          AlertType.CHURN_RISK,
          c,
          holds,
          false,
          () -> ContactSummaries.churnRiskAlert(c, count),
          recordTimestamp);
    }
  }

  /** Raises or withdraws one alert of a contact so that it stands exactly when {@code holds}. */
  private void settle(
      JourneyState state,
      AlertType type,
      ContactView view,
      boolean holds,
      boolean reassert,
      Supplier<Alert> alert,
      long recordTimestamp) {
    String key = memoryKey(type, view.contactId());
    boolean standing = state.alertsSent().contains(key);
    if (holds && (!standing || reassert)) {
      state.alertsSent().add(key);
      publish(state, alert.get(), view.contactId(), recordTimestamp);
    } else if (!holds && standing) {
      state.alertsSent().remove(key);
      publish(
          state,
          ContactSummaries.withdrawnAlert(
              type, view, "the contact no longer meets the condition as now known"),
          view.contactId(),
          recordTimestamp);
    }
  }

  /** Withdraws every standing alert of a contact whose id disappeared. */
  private void withdrawAll(
      JourneyState state, ContactView view, long revision, String why, long recordTimestamp) {
    for (AlertType type : AlertType.values()) {
      if (state.alertsSent().remove(memoryKey(type, view.contactId()))) {
        Alert withdrawn = ContactSummaries.withdrawnAlert(type, view, why);
        withdrawn.setRevision(revision);
        emit(state, withdrawn, recordTimestamp);
      }
    }
  }

  /** The entry of an alert in {@link JourneyState#alertsSent()}. */
  private static String memoryKey(AlertType type, String contactId) {
    return type == AlertType.NEGATIVE_SENTIMENT
        ? contactId
        : JourneyState.alertKey(type, contactId);
  }

  private void publish(JourneyState state, Alert alert, String contactId, long recordTimestamp) {
    alert.setRevision(state.revisions().getOrDefault(contactId, 0L));
    emit(state, alert, recordTimestamp);
  }

  private void emit(JourneyState state, Alert alert, long recordTimestamp) {
    if (alert.getStatus() == AlertStatus.RAISED) {
      listener.alertRaised();
    } else {
      listener.alertWithdrawn();
    }
    context.forward(new Record<>(state.customerId(), JourneyOutput.alert(alert), recordTimestamp));
  }

  /**
   * True when a contact, as derived at {@code derivedAt}, was final: it had ended and the watermark
   * had passed its end + N + grace, so on-time data could no longer change it.
   */
  private boolean wasFinal(ContactView view, long derivedAt) {
    return view != null
        && view.end() != null
        && derivedAt != Long.MIN_VALUE
        && derivedAt > aggregator.fcrRules().finalAfter(view.end());
  }
}

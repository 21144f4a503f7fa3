package io.journeyline.identity;

import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.Participant;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.erasure.DataKeyStore;
import io.journeyline.erasure.ErasureKeys;
import io.journeyline.erasure.TextReader;
import io.journeyline.events.InteractionEvents;
import io.journeyline.events.InteractionFields;
import io.journeyline.events.VendorScores;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.Routed;
import io.journeyline.sentiment.SentimentScorer;
import io.journeyline.topology.DeadLetterException;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage A, keyed by contactId (no repartition before it): validates, drops duplicate eventIds,
 * sends events beyond the allowed lateness to the DLQ, resolves the customer, scores customer
 * messages, and keeps the low watermark of its input partitions.
 *
 * <p><b>Low watermark.</b> A task reads partition p of each interaction topic. For each of them it
 * keeps the highest event time it has passed: accepted events' {@code occurredAt} and heartbeats'
 * watermarks ({@code input-watermark-store}). The task's low watermark is the smallest of these,
 * and stays unknown until every input partition has reported (the adapters' heartbeats reach every
 * partition). Because it is a minimum over all the task's inputs, it does not depend on which
 * topic's fetch the consumer hands over first, nor on how a batch was split. It is passed on to the
 * journey stage as a tick (to every partition) on each heartbeat that moves it, and when data alone
 * moved it by the watermark interval, with the number of input partitions that heartbeats announce
 * (nothing is passed on before one has), so that the journey stage waits for every one of them.
 *
 * <ol>
 *   <li>Not a channel event or a heartbeat, no eventId/contactId, no usable identifier, a vendor
 *       score that is not a number, an {@code occurredAt} before 1970 or beyond the clock plus the
 *       allowed skew: {@link DeadLetterException} with reason {@code invalid}. A heartbeat
 *       watermark beyond the clock plus the skew is capped there.
 *   <li>An eventId seen within the dedup retention (event time) is dropped: a retried event counts
 *       once. The retention covers the allowed lateness, so a duplicate is recognised for as long
 *       as its original could still be applied.
 *   <li>An event with {@code occurredAt < lowWatermark - allowedLateness}: reason {@code late}.
 *       Anything later than its channel's grace but within the allowed lateness is applied; the
 *       journey stage counts it as a correction.
 *   <li>The customer: every identifier the contact has carried so far is resolved through the
 *       identity graph's published answer ({@code identity-resolution-store}, a global table of
 *       {@code journeyline.identity-resolution}), and the best customer wins ({@link CustomerIds}).
 *       The contact's identifiers and customer are kept in {@code contact-identity-store}; when the
 *       contact shows a new identifier or goes to another customer than before, its evidence goes
 *       to the identity graph ({@link IdentityGraphProcessor}), which links the identifiers and
 *       moves the contact if this answer was out of date.
 * </ol>
 */
public final class ValidateDedupResolveProcessor
    implements Processor<String, SpecificRecord, String, StageAOutput> {

  private static final Logger log = LoggerFactory.getLogger(ValidateDedupResolveProcessor.class);

  /** How long (event time) a contact's evidence stays fresh before it is sent again. */
  static final long EVIDENCE_REFRESH_MS = Duration.ofDays(1).toMillis();

  /** Separates the fields of a {@code contact-identity-store} value. */
  private static final String SEPARATOR = "\u0001";

  /** Key of the input partition count (from heartbeats) in {@code input-watermark-store}. */
  static final String PARTITIONS_KEY = "\u0000partitions";

  private final List<String> inputTopics;
  private final Duration dedupRetention;
  private final long allowedLatenessMs;
  private final long maxSkewMs;
  private final long tickIntervalMs;
  private final Duration contactRetention;
  private final IdentifierNormalizer normalizer;
  private final SentimentScorer scorer;
  private final TopologyListener listener;
  private final ErasureKeys erasureKeys;
  private final Duration keyWait;

  private ProcessorContext<String, StageAOutput> context;
  private WindowStore<String, Long> dedup;
  private WindowStore<String, String> contactIdentities;
  private KeyValueStore<String, ?> resolutions;
  private KeyValueStore<String, Long> inputWatermarks;
  private final Map<String, Long> passed = new HashMap<>();
  private int partitions;
  private long lowWatermark = Long.MIN_VALUE;
  private long lastTick = Long.MIN_VALUE;
  private Sensor lateSensor;
  private Sensor invalidSensor;
  private Sensor duplicateSensor;
  private Sensor cappedSensor;
  private Sensor erasedSensor;
  private Sensor unreadableSensor;
  private DataKeyStore dataKeys;
  private TextReader reader;

  /**
   * Creates the processor.
   *
   * @param inputTopics the interaction topics this task reads one partition of each
   * @param time the lateness, skew and watermark settings
   * @param dedupRetention how long an eventId is remembered
   * @param contactRetention how long a contact's identifiers and customer are remembered
   * @param normalizer normalizes the identifiers
   * @param scorer scores customer messages without a vendor score
   * @param listener told about accepted, duplicate and heartbeat records
   * @param erasureKeys the pseudonyms of erased identifiers and the text crypto, if any
   * @param keyWait how long to wait for the data key of an encrypted text
   */
  public ValidateDedupResolveProcessor(
      List<String> inputTopics,
      TimeSettings time,
      Duration dedupRetention,
      Duration contactRetention,
      IdentifierNormalizer normalizer,
      SentimentScorer scorer,
      TopologyListener listener,
      ErasureKeys erasureKeys,
      Duration keyWait) {
    this.inputTopics = List.copyOf(inputTopics);
    this.allowedLatenessMs = time.allowedLateness().toMillis();
    this.maxSkewMs = time.maxClockSkew().toMillis();
    this.tickIntervalMs = time.watermarkInterval().toMillis();
    this.dedupRetention = dedupRetention;
    this.contactRetention = contactRetention;
    this.normalizer = normalizer;
    this.scorer = scorer;
    this.listener = listener;
    this.erasureKeys = erasureKeys;
    this.keyWait = keyWait;
  }

  /**
   * The time settings of stage A.
   *
   * @param allowedLateness how late an event may be and still be applied
   * @param maxClockSkew how far beyond the clock an event time or heartbeat may lie
   * @param watermarkInterval how far data alone must move the low watermark before a tick
   */
  public record TimeSettings(
      Duration allowedLateness, Duration maxClockSkew, Duration watermarkInterval) {}

  @Override
  public void init(ProcessorContext<String, StageAOutput> context) {
    this.context = context;
    this.dedup = context.getStateStore(TopologyNames.DEDUP_STORE);
    this.contactIdentities = context.getStateStore(TopologyNames.CONTACT_IDENTITY_STORE);
    this.resolutions = context.getStateStore(TopologyNames.IDENTITY_RESOLUTION_STORE);
    this.inputWatermarks = context.getStateStore(TopologyNames.INPUT_WATERMARK_STORE);
    passed.clear();
    for (String topic : inputTopics) {
      Long value = inputWatermarks.get(topic);
      if (value != null) {
        passed.put(topic, value);
      }
    }
    Long count = inputWatermarks.get(PARTITIONS_KEY);
    partitions = count == null ? 0 : count.intValue();
    lowWatermark = computeLowWatermark();
    lastTick = Long.MIN_VALUE;
    String task = context.taskId().toString();
    this.lateSensor = sensor("late-events", task);
    this.invalidSensor = sensor("invalid-events", task);
    this.duplicateSensor = sensor("duplicate-events", task);
    this.cappedSensor = sensor("capped-heartbeats", task);
    this.erasedSensor = sensor("erased-events", task);
    this.unreadableSensor = sensor("unreadable-texts", task);
    this.dataKeys = new DataKeyStore(context.getStateStore(TopologyNames.DATA_KEY_STORE));
    this.reader = new TextReader(erasureKeys.crypto().orElse(null), dataKeys::get, keyWait);
  }

  private Sensor sensor(String operation, String task) {
    return context
        .metrics()
        .addRateTotalSensor(
            "journeyline", "validate-dedup-resolve-" + task, operation, Sensor.RecordingLevel.INFO);
  }

  /** The low watermark of this task's input partitions, {@link Long#MIN_VALUE} while unknown. */
  long lowWatermark() {
    return lowWatermark;
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    if (value instanceof Heartbeat heartbeat) {
      listener.heartbeat();
      long limit = context.currentSystemTimeMs() + maxSkewMs;
      long mark = heartbeat.getWatermark().toEpochMilli();
      if (mark > limit) {
        cappedSensor.record();
        log.warn(
            "Heartbeat from {} at {}-{}@{} carries watermark {}, beyond the clock plus the allowed"
                + " skew; capped at {}",
            heartbeat.getProducerId(),
            topic,
            context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
            context.recordMetadata().map(RecordMetadata::offset).orElse(-1L),
            heartbeat.getWatermark(),
            Instant.ofEpochMilli(limit));
        mark = limit;
      }
      if (heartbeat.getPartitions() > partitions) {
        partitions = heartbeat.getPartitions();
        inputWatermarks.put(PARTITIONS_KEY, (long) partitions);
      }
      advance(topic, mark);
      tick(record, true);
      return;
    }
    InteractionFields event = validate(value);
    long time = event.occurredAt().toEpochMilli();
    if (time < 0) {
      throw invalid("occurredAt " + event.occurredAt() + " is before 1970-01-01T00:00:00Z");
    }
    long limit = context.currentSystemTimeMs() + maxSkewMs;
    if (time > limit) {
      throw invalid(
          "occurredAt "
              + event.occurredAt()
              + " lies beyond the clock plus the allowed skew ("
              + Instant.ofEpochMilli(limit)
              + ")");
    }
    if (isDuplicate(event.eventId(), time)) {
      duplicateSensor.record();
      listener.duplicateDropped();
      return;
    }
    if (lowWatermark != Long.MIN_VALUE && time < lowWatermark - allowedLatenessMs) {
      lateSensor.record();
      throw new DeadLetterException(
          DeadLetterException.LATE,
          "event time "
              + event.occurredAt()
              + " is more than the allowed lateness ("
              + allowedLatenessMs
              + " ms) before the low watermark of its input partitions, "
              + Instant.ofEpochMilli(lowWatermark));
    }
    if (erased(event, time)) {
      // An event of an erased identifier from before its erasure: dropped, counted, never stored
      // anywhere (the DLQ would copy the identifiers of an erased customer).
      erasedSensor.record();
      log.debug(
          "Dropped an event of an erased identifier at {}-{}@{}",
          topic,
          context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
          context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
      advance(topic, time);
      tick(record, false);
      return;
    }
    String customerId = resolve(event, time, record.timestamp());
    dedup.put(event.eventId(), time, time);
    listener.eventAccepted(event.channel());
    context.forward(
        new Record<>(
            customerId,
            new StageAOutput(Routed.of(toContactEvent(event, value, customerId, time)), null),
            record.timestamp()));
    advance(topic, time);
    tick(record, false);
  }

  /** Records that {@code topic}'s partition has passed {@code time}. */
  private void advance(String topic, long time) {
    if (topic == null || !inputTopics.contains(topic)) {
      return;
    }
    Long previous = passed.get(topic);
    if (previous != null && previous >= time) {
      return;
    }
    passed.put(topic, time);
    inputWatermarks.put(topic, time);
    lowWatermark = Math.max(lowWatermark, computeLowWatermark());
  }

  private long computeLowWatermark() {
    long min = Long.MAX_VALUE;
    for (String topic : inputTopics) {
      Long value = passed.get(topic);
      if (value == null) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, value);
    }
    return min;
  }

  /**
   * Passes the low watermark on when a heartbeat moved it, or data moved it by the interval (the
   * first one after a start always goes).
   */
  private void tick(Record<String, SpecificRecord> record, boolean heartbeat) {
    // Until a heartbeat has said how many input partitions there are, the journey stage could not
    // tell whether every one has reported, so nothing is passed on.
    if (partitions == 0 || lowWatermark == Long.MIN_VALUE || lowWatermark <= lastTick) {
      return;
    }
    if (!heartbeat && lastTick != Long.MIN_VALUE && lowWatermark - lastTick < tickIntervalMs) {
      return;
    }
    lastTick = lowWatermark;
    context.forward(
        new Record<>(
            TopologyNames.TICK_KEY,
            new StageAOutput(
                Routed.tick(context.taskId().partition(), partitions, lowWatermark), null),
            record.timestamp()));
    // ... and to the identity graph, behind this task's evidence
    context.forward(
        new Record<>(
            TopologyNames.TICK_KEY,
            new StageAOutput(
                null, GraphInput.tick(context.taskId().partition(), partitions, lowWatermark)),
            record.timestamp()));
  }

  private InteractionFields validate(SpecificRecord value) {
    Optional<InteractionFields> parsed = InteractionEvents.read(value);
    if (parsed.isEmpty()) {
      throw invalid(
          "not a channel event or heartbeat: "
              + (value == null ? "null" : value.getSchema().getFullName()));
    }
    InteractionFields event = parsed.get();
    if (blank(event.eventId())) {
      throw invalid("eventId is missing");
    }
    if (blank(event.contactId())) {
      throw invalid("contactId is missing");
    }
    if (event.occurredAt() == null || event.type() == null) {
      throw invalid("occurredAt or type is missing");
    }
    if (event.customer() == null) {
      throw invalid("customer is missing");
    }
    if (event.sentiment() != null && !Double.isFinite(event.sentiment())) {
      throw invalid("sentiment is not a finite number");
    }
    return event;
  }

  private DeadLetterException invalid(String message) {
    invalidSensor.record();
    return new DeadLetterException(DeadLetterException.INVALID, message);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private boolean isDuplicate(String eventId, long time) {
    long from = time - dedupRetention.toMillis();
    long to = time + dedupRetention.toMillis();
    try (WindowStoreIterator<Long> it =
        dedup.fetch(eventId, Instant.ofEpochMilli(Math.max(0, from)), Instant.ofEpochMilli(to))) {
      return it.hasNext();
    }
  }

  /**
   * The customer of an event: the best customer over the identifiers its contact has carried so far
   * (this event's and the earlier ones'), each resolved through {@code
   * journeyline.identity-resolution} (an identifier the graph does not know yet stands for itself),
   * shared identifiers only when there is nothing else. Sends the graph the contact's evidence when
   * the contact shows a new identifier or goes to another customer than before.
   */
  private String resolve(InteractionFields event, long time, long recordTimestamp) {
    List<String> carried = identifiers(event);
    if (carried.isEmpty()) {
      throw invalid("customer carries no usable identifier");
    }
    String key = event.contactId();
    KeyValue<Long, String> known = knownContact(key, time);
    // The stored value: routed customer, time of the last evidence sent, then each identifier
    // with the event time it was first seen on the contact.
    Map<String, Long> firstSeen = new TreeMap<>();
    String routedBefore = null;
    long sentAt = Long.MIN_VALUE;
    if (known != null) {
      String[] fields = known.value.split(SEPARATOR, -1);
      routedBefore = fields[0];
      sentAt = Long.parseLong(fields[1]);
      for (int i = 2; i + 1 < fields.length; i += 2) {
        firstSeen.put(fields[i], Long.parseLong(fields[i + 1]));
      }
    }
    boolean learned = false;
    for (String id : carried) {
      Long seen = firstSeen.get(id);
      if (seen == null || time < seen) {
        firstSeen.put(id, time);
        learned = true;
      }
    }
    String customerId = route(firstSeen.keySet());
    // Evidence goes again when the contact shows a new identifier (or one earlier than known),
    // goes to another customer, or has not been sent for a day: the graph forgets contacts by their
    // last evidence, and a conversation key (an email thread, an SMS pair) can live for months.
    if (learned || !customerId.equals(routedBefore) || time - sentAt > EVIDENCE_REFRESH_MS) {
      StringBuilder value =
          new StringBuilder(customerId).append(SEPARATOR).append(Math.max(time, sentAt));
      firstSeen.forEach(
          (id, seen) -> value.append(SEPARATOR).append(id).append(SEPARATOR).append(seen));
      contactIdentities.put(key, value.toString(), known == null ? time : known.key);
      context.forward(
          new Record<>(
              key,
              new StageAOutput(null, GraphInput.evidence(key, firstSeen, customerId, time)),
              recordTimestamp));
    }
    return customerId;
  }

  /** The contact's entry (first event time → routed customer and identifiers), or null. */
  private KeyValue<Long, String> knownContact(String key, long time) {
    long from = Math.max(0, time - contactRetention.toMillis());
    try (WindowStoreIterator<String> it =
        contactIdentities.fetch(
            key,
            Instant.ofEpochMilli(from),
            Instant.ofEpochMilli(time + contactRetention.toMillis()))) {
      return it.hasNext() ? it.next() : null;
    }
  }

  /**
   * True when the event carries an identifier that was erased at or after the event's time (its
   * erasure marker on {@code journeyline.data-keys}).
   */
  private boolean erased(InteractionFields event, long time) {
    for (String id : identifiers(event)) {
      WrappedDataKey marker = dataKeys.get(erasureKeys.marker(id));
      if (marker != null
          && marker.getShreddedAt() != null
          && time <= marker.getShreddedAt().toEpochMilli()) {
        return true;
      }
    }
    return false;
  }

  /** The link keys of the identifiers an event carries, normalized. */
  private List<String> identifiers(InteractionFields event) {
    List<String> ids = new ArrayList<>(4);
    add(ids, IdentifierType.CUSTOMER_ID, event.customer().getCustomerId());
    add(ids, IdentifierType.PHONE, event.customer().getPhone());
    add(ids, IdentifierType.EMAIL, event.customer().getEmail());
    add(ids, IdentifierType.CHAT_USER, event.customer().getChatUserId());
    return ids;
  }

  private void add(List<String> ids, IdentifierType type, String raw) {
    String value = normalizer.normalize(type, raw);
    if (value != null) {
      ids.add(IdentifierNormalizer.linkKey(type, value));
    }
  }

  /** The best customer over the identifiers' resolutions; shared ones only as a last resort. */
  private String route(Collection<String> ids) {
    String best = null;
    String fallback = null;
    for (String id : ids) {
      ResolvedIdentifier resolved = lookup(id);
      String customer = resolved == null ? CustomerIds.own(id) : resolved.getCustomerId();
      boolean shared = resolved != null && resolved.getShared();
      if (!shared && (best == null || CustomerIds.compare(customer, best) < 0)) {
        best = customer;
      }
      if (fallback == null || CustomerIds.compare(customer, fallback) < 0) {
        fallback = customer;
      }
    }
    return best != null ? best : fallback;
  }

  private ResolvedIdentifier lookup(String linkKey) {
    Object value = resolutions.get(linkKey);
    if (value instanceof ValueAndTimestamp<?> timestamped) {
      value = timestamped.value();
    }
    return value instanceof ResolvedIdentifier resolved ? resolved : null;
  }

  private ContactEvent toContactEvent(
      InteractionFields e, SpecificRecord value, String customerId, long time) {
    Long score = null;
    if (e.type() == EventType.MESSAGE && e.participant() == Participant.CUSTOMER) {
      if (e.sentiment() != null) {
        score = ContactEvent.toMicros(VendorScores.clampUnit(e.sentiment()));
      } else {
        TextReader.Read read = plain(e);
        // a text that cannot be read is not scored: no guess enters the customer's sentiment
        score = read.failure() == null ? ContactEvent.toMicros(scorer.score(read.text())) : null;
      }
    }
    return new ContactEvent(
        e.eventId(),
        e.channel(),
        e.type(),
        e.contactId(),
        customerId,
        time,
        e.direction() == null ? Direction.INBOUND : e.direction(),
        emptyToNull(e.queue()),
        emptyToNull(e.agentId()),
        emptyToNull(e.issue()),
        score,
        e.type() == EventType.CONTACT_ENDED ? e.resolved() : null,
        e.type() == EventType.MESSAGE ? e.participant() : null,
        value instanceof VoiceEvent voice ? voice.getHoldSeconds() : null);
  }

  /**
   * The plain text of a message: decrypted with its data key when encrypted. A text that cannot be
   * read (its key was shredded, never arrived or does not verify) is counted and logged.
   */
  private TextReader.Read plain(InteractionFields e) {
    TextReader.Read read = reader.read(e.text());
    if (read.failure() != null) {
      unreadableSensor.record();
      log.debug(
          "The text of event at {}-{}@{} cannot be read ({}); not scored",
          context.recordMetadata().map(RecordMetadata::topic).orElse("?"),
          context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
          context.recordMetadata().map(RecordMetadata::offset).orElse(-1L),
          read.failure());
    }
    return read;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

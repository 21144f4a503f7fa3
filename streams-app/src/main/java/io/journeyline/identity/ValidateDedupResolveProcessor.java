package io.journeyline.identity;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.Participant;
import io.journeyline.events.InteractionEvents;
import io.journeyline.events.InteractionFields;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.Routed;
import io.journeyline.ops.TopologyListener;
import io.journeyline.sentiment.SentimentScorer;
import io.journeyline.sentiment.VendorScores;
import io.journeyline.topology.DeadLetterException;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Stage A, keyed by contactId (no repartition before it): validates, drops duplicate eventIds,
 * sends late events to the DLQ, resolves the customer, scores customer messages, and forwards
 * heartbeats as ticks.
 *
 * <ol>
 *   <li>Not a channel event or a heartbeat, no eventId/contactId, no usable identifier, a vendor
 *       score that is not a number: {@link DeadLetterException} with reason {@code invalid}.
 *   <li>An eventId seen within the dedup retention (on stream time) is dropped: a retried event
 *       counts once.
 *   <li>An event with {@code occurredAt < streamTime - grace(channel)}: reason {@code late}.
 *   <li>The customer: the one already resolved for this contact (first resolution wins within the
 *       journey horizon; re-attribution on later merges belongs here), else {@link
 *       CustomerResolver}. An event with an explicit customerId and other identifiers emits the
 *       links the identity table does not have yet (source EVENT).
 * </ol>
 */
public final class ValidateDedupResolveProcessor
    implements Processor<String, SpecificRecord, String, StageAOutput> {

  private final Map<Channel, Duration> grace;
  private final Duration dedupRetention;
  private final Duration contactRetention;
  private final CustomerResolver resolver;
  private final SentimentScorer scorer;
  private final TopologyListener listener;

  private ProcessorContext<String, StageAOutput> context;
  private WindowStore<String, Long> dedup;
  private WindowStore<String, String> contactCustomer;
  private KeyValueStore<String, ?> links;
  private Sensor lateSensor;
  private Sensor invalidSensor;
  private Sensor duplicateSensor;

  public ValidateDedupResolveProcessor(
      Map<Channel, Duration> grace,
      Duration dedupRetention,
      Duration contactRetention,
      CustomerResolver resolver,
      SentimentScorer scorer,
      TopologyListener listener) {
    this.grace = Map.copyOf(grace);
    this.dedupRetention = dedupRetention;
    this.contactRetention = contactRetention;
    this.resolver = resolver;
    this.scorer = scorer;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, StageAOutput> context) {
    this.context = context;
    this.dedup = context.getStateStore(TopologyNames.DEDUP_STORE);
    this.contactCustomer = context.getStateStore(TopologyNames.CONTACT_CUSTOMER_STORE);
    this.links = context.getStateStore(TopologyNames.IDENTITY_LINKS_STORE);
    String task = context.taskId().toString();
    this.lateSensor = sensor("late-events", task);
    this.invalidSensor = sensor("invalid-events", task);
    this.duplicateSensor = sensor("duplicate-events", task);
  }

  private Sensor sensor(String operation, String task) {
    return context
        .metrics()
        .addRateTotalSensor(
            "journeyline", "validate-dedup-resolve-" + task, operation, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value instanceof Heartbeat heartbeat) {
      listener.heartbeat();
      long watermark = heartbeat.getWatermark().toEpochMilli();
      context.forward(
          new Record<>(
              TopologyNames.TICK_KEY,
              new StageAOutput(Routed.tick(watermark), null),
              record.timestamp()));
      return;
    }
    InteractionFields event = validate(value);
    long time = event.occurredAt().toEpochMilli();
    if (isDuplicate(event.eventId(), time)) {
      duplicateSensor.record();
      listener.duplicateDropped();
      return;
    }
    long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
    long allowed = grace.get(event.channel()).toMillis();
    if (time < streamTime - allowed) {
      lateSensor.record();
      throw new DeadLetterException(
          DeadLetterException.LATE,
          "event time "
              + event.occurredAt()
              + " is more than "
              + allowed
              + " ms before stream time "
              + Instant.ofEpochMilli(streamTime));
    }
    String customerId = resolve(event, time);
    dedup.put(event.eventId(), time, time);
    listener.eventAccepted(event.channel());
    context.forward(
        new Record<>(
            customerId,
            new StageAOutput(Routed.of(toContactEvent(event, customerId, time)), null),
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

  private String resolve(InteractionFields event, long time) {
    String key = event.contactId();
    long from = Math.max(0, time - contactRetention.toMillis());
    try (WindowStoreIterator<String> it =
        contactCustomer.fetch(
            key,
            Instant.ofEpochMilli(from),
            Instant.ofEpochMilli(time + contactRetention.toMillis()))) {
      if (it.hasNext()) {
        return it.next().value;
      }
    }
    CustomerResolver.Resolution resolution =
        resolver
            .resolve(
                event.customer().getCustomerId(),
                event.customer().getPhone(),
                event.customer().getEmail(),
                event.customer().getChatUserId(),
                this::lookupLink)
            .orElseThrow(() -> invalid("customer carries no usable identifier"));
    if (resolution.source() == CustomerResolver.Source.EXPLICIT) {
      for (CustomerResolver.Identifier id : resolution.identifiers()) {
        if (!resolution.customerId().equals(lookupLink(id.linkKey()))) {
          IdentityLink link =
              IdentityLink.newBuilder()
                  .setIdentifierType(id.type())
                  .setIdentifier(id.value())
                  .setCustomerId(resolution.customerId())
                  .setSource(LinkSource.EVENT)
                  .setLinkedAt(Instant.ofEpochMilli(time))
                  .build();
          context.forward(
              new Record<>(
                  id.linkKey(), new StageAOutput(null, link), context.currentStreamTimeMs()));
        }
      }
    }
    contactCustomer.put(key, resolution.customerId(), time);
    return resolution.customerId();
  }

  private String lookupLink(String linkKey) {
    Object value = links.get(linkKey);
    if (value instanceof ValueAndTimestamp<?> timestamped) {
      value = timestamped.value();
    }
    return value instanceof IdentityLink link ? link.getCustomerId() : null;
  }

  private ContactEvent toContactEvent(InteractionFields e, String customerId, long time) {
    Long score = null;
    if (e.type() == EventType.MESSAGE && e.participant() == Participant.CUSTOMER) {
      double s =
          e.sentiment() != null ? VendorScores.clampUnit(e.sentiment()) : scorer.score(e.text());
      score = ContactEvent.toMicros(s);
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
        e.type() == EventType.CONTACT_ENDED ? e.resolved() : null);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package io.journeyline.adapters.ingest;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated, normalized event of the canonical model, before redaction and before it becomes a
 * per-channel Avro record. Every native adapter maps onto this; fields that only one channel has
 * are null elsewhere.
 */
public record CanonicalEvent(
    String eventId,
    Instant occurredAt,
    Channel channel,
    EventType type,
    String contactId,
    Customer customer,
    Direction direction,
    String queue,
    String agentId,
    String issue,
    Participant participant,
    String text,
    Double sentiment,
    Boolean resolved,
    String source,
    Map<String, String> attributes,
    // Channel-specific fields (null when not applicable).
    String sessionId,
    String entryPoint,
    String dialedNumber,
    Integer holdSeconds,
    String previousContactId,
    String messageId,
    String subject,
    String mailbox,
    String messageSid,
    String businessNumber) {

  public CanonicalEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(source, "source");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this event. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.eventId = eventId;
    b.occurredAt = occurredAt;
    b.channel = channel;
    b.type = type;
    b.contactId = contactId;
    b.customer = customer;
    b.direction = direction;
    b.queue = queue;
    b.agentId = agentId;
    b.issue = issue;
    b.participant = participant;
    b.text = text;
    b.sentiment = sentiment;
    b.resolved = resolved;
    b.source = source;
    b.attributes = new LinkedHashMap<>(attributes);
    b.sessionId = sessionId;
    b.entryPoint = entryPoint;
    b.dialedNumber = dialedNumber;
    b.holdSeconds = holdSeconds;
    b.previousContactId = previousContactId;
    b.messageId = messageId;
    b.subject = subject;
    b.mailbox = mailbox;
    b.messageSid = messageSid;
    b.businessNumber = businessNumber;
    return b;
  }

  /** Builds events; {@code direction} defaults to INBOUND and {@code source} to canonical. */
  public static final class Builder {
    private String eventId;
    private Instant occurredAt;
    private Channel channel;
    private EventType type;
    private String contactId;
    private Customer customer;
    private Direction direction = Direction.INBOUND;
    private String queue;
    private String agentId;
    private String issue;
    private Participant participant;
    private String text;
    private Double sentiment;
    private Boolean resolved;
    private String source = "canonical";
    private Map<String, String> attributes = new LinkedHashMap<>();
    private String sessionId;
    private String entryPoint;
    private String dialedNumber;
    private Integer holdSeconds;
    private String previousContactId;
    private String messageId;
    private String subject;
    private String mailbox;
    private String messageSid;
    private String businessNumber;

    private Builder() {}

    public Builder eventId(String v) {
      eventId = v;
      return this;
    }

    public Builder occurredAt(Instant v) {
      occurredAt = v;
      return this;
    }

    public Builder channel(Channel v) {
      channel = v;
      return this;
    }

    public Builder type(EventType v) {
      type = v;
      return this;
    }

    public Builder contactId(String v) {
      contactId = v;
      return this;
    }

    public Builder customer(Customer v) {
      customer = v;
      return this;
    }

    public Builder direction(Direction v) {
      direction = v;
      return this;
    }

    public Builder queue(String v) {
      queue = v;
      return this;
    }

    public Builder agentId(String v) {
      agentId = v;
      return this;
    }

    public Builder issue(String v) {
      issue = v;
      return this;
    }

    public Builder participant(Participant v) {
      participant = v;
      return this;
    }

    public Builder text(String v) {
      text = v;
      return this;
    }

    public Builder sentiment(Double v) {
      sentiment = v;
      return this;
    }

    public Builder resolved(Boolean v) {
      resolved = v;
      return this;
    }

    public Builder source(String v) {
      source = v;
      return this;
    }

    public Builder attributes(Map<String, String> v) {
      attributes = new LinkedHashMap<>(v);
      return this;
    }

    public Builder attribute(String key, String value) {
      if (value != null) {
        attributes.put(key, value);
      }
      return this;
    }

    public Builder sessionId(String v) {
      sessionId = v;
      return this;
    }

    public Builder entryPoint(String v) {
      entryPoint = v;
      return this;
    }

    public Builder dialedNumber(String v) {
      dialedNumber = v;
      return this;
    }

    public Builder holdSeconds(Integer v) {
      holdSeconds = v;
      return this;
    }

    public Builder previousContactId(String v) {
      previousContactId = v;
      return this;
    }

    public Builder messageId(String v) {
      messageId = v;
      return this;
    }

    public Builder subject(String v) {
      subject = v;
      return this;
    }

    public Builder mailbox(String v) {
      mailbox = v;
      return this;
    }

    public Builder messageSid(String v) {
      messageSid = v;
      return this;
    }

    public Builder businessNumber(String v) {
      businessNumber = v;
      return this;
    }

    public CanonicalEvent build() {
      return new CanonicalEvent(
          eventId,
          occurredAt,
          channel,
          type,
          contactId,
          customer,
          direction,
          queue,
          agentId,
          issue,
          participant,
          text,
          sentiment,
          resolved,
          source,
          attributes,
          sessionId,
          entryPoint,
          dialedNumber,
          holdSeconds,
          previousContactId,
          messageId,
          subject,
          mailbox,
          messageSid,
          businessNumber);
    }
  }
}

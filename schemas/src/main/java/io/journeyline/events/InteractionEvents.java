package io.journeyline.events;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds and reads the four channel events through their shared canonical fields, so that code
 * handling "an interaction event" is written once rather than once per channel.
 *
 * <p>The four schemas declare the canonical fields first and in the same order; this class checks
 * that when it loads and addresses them by position, then sets each channel's own fields by name.
 */
public final class InteractionEvents {

  /** The canonical fields, in schema order. */
  static final List<String> COMMON =
      List.of(
          "eventId",
          "occurredAt",
          "type",
          "contactId",
          "customer",
          "direction",
          "queue",
          "agentId",
          "issue",
          "participant",
          "text",
          "sentiment",
          "resolved",
          "source",
          "attributes");

  private static final Map<Channel, Schema> SCHEMAS = new EnumMap<>(Channel.class);

  static {
    SCHEMAS.put(Channel.CHAT, ChatEvent.getClassSchema());
    SCHEMAS.put(Channel.VOICE, VoiceEvent.getClassSchema());
    SCHEMAS.put(Channel.EMAIL, EmailEvent.getClassSchema());
    SCHEMAS.put(Channel.SMS, SmsEvent.getClassSchema());
    SCHEMAS.forEach(
        (channel, schema) -> {
          for (int pos = 0; pos < COMMON.size(); pos++) {
            if (!schema.getFields().get(pos).name().equals(COMMON.get(pos))) {
              throw new IllegalStateException(
                  schema.getName() + " must declare " + COMMON.get(pos) + " at position " + pos);
            }
          }
        });
  }

  private InteractionEvents() {}

  /** The channel of an interaction event; empty for any other value (a heartbeat, say). */
  public static Optional<Channel> channelOf(Object value) {
    if (value instanceof ChatEvent) {
      return Optional.of(Channel.CHAT);
    }
    if (value instanceof VoiceEvent) {
      return Optional.of(Channel.VOICE);
    }
    if (value instanceof EmailEvent) {
      return Optional.of(Channel.EMAIL);
    }
    if (value instanceof SmsEvent) {
      return Optional.of(Channel.SMS);
    }
    return Optional.empty();
  }

  /**
   * The channel's event with the canonical fields and its own fields.
   *
   * @param fields the canonical fields; their channel selects the type
   * @param channelFields the channel's own fields by name (e.g. {@code messageSid} for SMS); null
   *     values are skipped
   * @throws IllegalArgumentException when a channel field does not exist on the channel's event
   */
  public static SpecificRecordBase build(InteractionFields fields, Map<String, ?> channelFields) {
    SpecificRecordBase event =
        switch (fields.channel()) {
          case CHAT -> new ChatEvent();
          case VOICE -> new VoiceEvent();
          case EMAIL -> new EmailEvent();
          case SMS -> new SmsEvent();
        };
    Object[] values = {
      fields.eventId(),
      fields.occurredAt(),
      fields.type(),
      fields.contactId(),
      fields.customer(),
      fields.direction() == null ? Direction.INBOUND : fields.direction(),
      fields.queue(),
      fields.agentId(),
      fields.issue(),
      fields.participant(),
      fields.text(),
      fields.sentiment(),
      fields.resolved(),
      fields.source() == null ? "canonical" : fields.source(),
      fields.attributes() == null ? Map.of() : fields.attributes()
    };
    for (int pos = 0; pos < values.length; pos++) {
      event.put(pos, values[pos]);
    }
    Schema schema = SCHEMAS.get(fields.channel());
    channelFields.forEach(
        (name, value) -> {
          Schema.Field field = schema.getField(name);
          if (field == null || field.pos() < COMMON.size()) {
            throw new IllegalArgumentException(schema.getName() + " has no channel field " + name);
          }
          if (value != null) {
            event.put(field.pos(), value);
          }
        });
    return event;
  }

  /** The canonical fields of an interaction event; empty for any other value. */
  @SuppressWarnings("unchecked")
  public static Optional<InteractionFields> read(Object value) {
    return channelOf(value)
        .map(
            channel -> {
              SpecificRecordBase e = (SpecificRecordBase) value;
              return new InteractionFields(
                  channel,
                  (String) e.get(0),
                  (Instant) e.get(1),
                  (EventType) e.get(2),
                  (String) e.get(3),
                  (CustomerRef) e.get(4),
                  (Direction) e.get(5),
                  (String) e.get(6),
                  (String) e.get(7),
                  (String) e.get(8),
                  (Participant) e.get(9),
                  (String) e.get(10),
                  (Double) e.get(11),
                  (Boolean) e.get(12),
                  (String) e.get(13),
                  (Map<String, String>) e.get(14));
            });
  }
}

package io.journeyline.identity;

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
import java.util.Optional;

/**
 * The canonical fields shared by the four channel event records, read into one shape.
 *
 * @param channel the channel (from the record type)
 * @param eventId idempotency key
 * @param occurredAt event time
 * @param type what happened
 * @param contactId the conversation key
 * @param customer identifiers, may be null in a record that violates the contract
 * @param direction direction (INBOUND when missing)
 * @param queue queue
 * @param agentId agent
 * @param issue issue code
 * @param participant who wrote a MESSAGE
 * @param text message text
 * @param sentiment vendor score
 * @param resolved disposition
 */
public record InteractionEvent(
    Channel channel,
    String eventId,
    Instant occurredAt,
    EventType type,
    String contactId,
    CustomerRef customer,
    Direction direction,
    String queue,
    String agentId,
    String issue,
    Participant participant,
    String text,
    Double sentiment,
    Boolean resolved) {

  /** Reads a channel event; empty for any other record type. */
  public static Optional<InteractionEvent> from(Object value) {
    if (value instanceof ChatEvent e) {
      return Optional.of(
          new InteractionEvent(
              Channel.CHAT,
              e.getEventId(),
              e.getOccurredAt(),
              e.getType(),
              e.getContactId(),
              e.getCustomer(),
              e.getDirection(),
              e.getQueue(),
              e.getAgentId(),
              e.getIssue(),
              e.getParticipant(),
              e.getText(),
              e.getSentiment(),
              e.getResolved()));
    }
    if (value instanceof VoiceEvent e) {
      return Optional.of(
          new InteractionEvent(
              Channel.VOICE,
              e.getEventId(),
              e.getOccurredAt(),
              e.getType(),
              e.getContactId(),
              e.getCustomer(),
              e.getDirection(),
              e.getQueue(),
              e.getAgentId(),
              e.getIssue(),
              e.getParticipant(),
              e.getText(),
              e.getSentiment(),
              e.getResolved()));
    }
    if (value instanceof EmailEvent e) {
      return Optional.of(
          new InteractionEvent(
              Channel.EMAIL,
              e.getEventId(),
              e.getOccurredAt(),
              e.getType(),
              e.getContactId(),
              e.getCustomer(),
              e.getDirection(),
              e.getQueue(),
              e.getAgentId(),
              e.getIssue(),
              e.getParticipant(),
              e.getText(),
              e.getSentiment(),
              e.getResolved()));
    }
    if (value instanceof SmsEvent e) {
      return Optional.of(
          new InteractionEvent(
              Channel.SMS,
              e.getEventId(),
              e.getOccurredAt(),
              e.getType(),
              e.getContactId(),
              e.getCustomer(),
              e.getDirection(),
              e.getQueue(),
              e.getAgentId(),
              e.getIssue(),
              e.getParticipant(),
              e.getText(),
              e.getSentiment(),
              e.getResolved()));
    }
    return Optional.empty();
  }
}

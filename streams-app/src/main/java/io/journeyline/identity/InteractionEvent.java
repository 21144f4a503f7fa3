package io.journeyline.identity;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.events.InteractionEvents;
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
    return InteractionEvents.read(value)
        .map(
            f ->
                new InteractionEvent(
                    f.channel(),
                    f.eventId(),
                    f.occurredAt(),
                    f.type(),
                    f.contactId(),
                    f.customer(),
                    f.direction(),
                    f.queue(),
                    f.agentId(),
                    f.issue(),
                    f.participant(),
                    f.text(),
                    f.sentiment(),
                    f.resolved()));
  }
}

package io.journeyline.events;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import java.time.Instant;
import java.util.Map;

/**
 * The canonical fields that the four channel events ({@code ChatEvent}, {@code VoiceEvent}, {@code
 * EmailEvent}, {@code SmsEvent}) share, in one typed shape. See {@link InteractionEvents} to build
 * a channel's event from them and to read them back.
 *
 * @param channel the channel, which selects the Avro type and topic
 * @param eventId idempotency key
 * @param occurredAt event time
 * @param type what happened
 * @param contactId the contact or conversation key
 * @param customer the customer's identifiers
 * @param direction INBOUND or OUTBOUND
 * @param queue queue, or null
 * @param agentId agent, or null
 * @param issue issue code, or null
 * @param participant who wrote a MESSAGE, or null
 * @param text message text (redacted), or null
 * @param sentiment vendor score in [-1, 1], or null
 * @param resolved the disposition on CONTACT_ENDED, or null
 * @param source the adapter that produced the event
 * @param attributes further platform attributes
 */
public record InteractionFields(
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
    Boolean resolved,
    String source,
    Map<String, String> attributes) {}

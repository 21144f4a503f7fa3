package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event the simulator emits: the channel (which picks the topic), the record key (the contactId
 * or conversation key) and the Avro event.
 *
 * @param channel the channel, which selects the interaction topic
 * @param key the record key: the contactId, or the conversation key for SMS and email
 * @param occurredAt the event time
 * @param event the channel's Avro event ({@code ChatEvent}, {@code VoiceEvent}, ...)
 */
public record SimulatedEvent(
    Channel channel, String key, Instant occurredAt, SpecificRecord event) {}

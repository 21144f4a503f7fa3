package io.journeyline.serde;

import io.journeyline.avro.Heartbeat;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer for the values of the interaction topics, which carry two record types: the channel's
 * event, registered under the topic's value subject ({@code <topic>-value}, TopicNameStrategy), and
 * the adapters' {@link Heartbeat}, registered under its record name (RecordNameStrategy) so that
 * the topic's value subject stays the event schema that external producers and consumers expect.
 * Takes the same settings as {@link KafkaAvroSerializer}.
 */
public final class InteractionValueSerializer implements Serializer<Object> {

  private final KafkaAvroSerializer events = new KafkaAvroSerializer();
  private final KafkaAvroSerializer heartbeats = new KafkaAvroSerializer();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> eventConfig = new HashMap<>(configs);
    eventConfig.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicNameStrategy.class.getName());
    events.configure(eventConfig, isKey);
    Map<String, Object> heartbeatConfig = new HashMap<>(configs);
    heartbeatConfig.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, RecordNameStrategy.class.getName());
    heartbeats.configure(heartbeatConfig, isKey);
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    return data instanceof Heartbeat
        ? heartbeats.serialize(topic, data)
        : events.serialize(topic, data);
  }

  @Override
  public void close() {
    events.close();
    heartbeats.close();
  }
}

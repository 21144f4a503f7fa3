package io.journeyline.adapters.publish;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record to publish: the topic, the (string) key and the Avro value. A null key with an
 * explicit partition is a heartbeat. The Kafka record timestamp is the ingest time (the producer's
 * clock when it is sent); event time travels in the payload, so that retention and the broker's
 * timestamp checks treat a replay of old history like today's traffic.
 *
 * @param topic the topic name
 * @param key the record key, null for heartbeats
 * @param value the Avro value
 * @param partition an explicit partition, or null to let the partitioner hash the key
 */
public record OutboundRecord(String topic, String key, SpecificRecord value, Integer partition) {

  public OutboundRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }

  public static OutboundRecord keyed(String topic, String key, SpecificRecord value) {
    return new OutboundRecord(topic, Objects.requireNonNull(key, "key"), value, null);
  }
}

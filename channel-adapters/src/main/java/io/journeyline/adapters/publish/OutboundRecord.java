package io.journeyline.adapters.publish;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record to publish: the topic, the (string) key, the Avro value, and the record timestamp (the
 * event time). A null key with an explicit partition is a heartbeat.
 *
 * @param topic the topic name
 * @param key the record key, null for heartbeats
 * @param value the Avro value
 * @param timestamp the record timestamp
 * @param partition an explicit partition, or null to let the partitioner hash the key
 */
public record OutboundRecord(
    String topic, String key, SpecificRecord value, Instant timestamp, Integer partition) {

  public OutboundRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  public static OutboundRecord keyed(
      String topic, String key, SpecificRecord value, Instant timestamp) {
    return new OutboundRecord(topic, Objects.requireNonNull(key, "key"), value, timestamp, null);
  }
}

package io.journeyline.adapters.publish;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record to publish: the topic, the (string) key and the Avro value. A null key with an
 * explicit partition is a heartbeat; a key with a null value is a tombstone (on a compacted topic:
 * "this key no longer has a value"). The Kafka record timestamp is the ingest time (the producer's
 * clock when it is sent); event time travels in the payload, so that retention and the broker's
 * timestamp checks treat a replay of old history like today's traffic.
 *
 * @param topic the topic name
 * @param key the record key, null for heartbeats
 * @param value the Avro value, null for a tombstone
 * @param partition an explicit partition, or null to let the partitioner hash the key
 */
public record OutboundRecord(String topic, String key, SpecificRecord value, Integer partition) {

  public OutboundRecord {
    Objects.requireNonNull(topic, "topic");
    if (value == null && key == null) {
      throw new NullPointerException("value (only a keyed record may be a tombstone)");
    }
  }

  public static OutboundRecord keyed(String topic, String key, SpecificRecord value) {
    return new OutboundRecord(
        topic, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"), null);
  }

  /** A tombstone for a key: a record with no value, which compaction keeps until it deletes it. */
  public static OutboundRecord tombstone(String topic, String key) {
    return new OutboundRecord(topic, Objects.requireNonNull(key, "key"), null, null);
  }
}

package io.journeyline.topology;

import io.journeyline.avro.Heartbeat;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for the interaction topics: a channel event's {@code occurredAt}, a heartbeat's {@code
 * watermark} (so heartbeats move stream time by event time, not wall clock), else the record's own
 * timestamp, else the partition time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object value = record.value();
    if (value instanceof Heartbeat heartbeat) {
      return heartbeat.getWatermark().toEpochMilli();
    }
    if (value instanceof SpecificRecord event) {
      Schema.Field field = event.getSchema().getField("occurredAt");
      if (field != null) {
        Object time = event.get(field.pos());
        if (time instanceof Instant instant) {
          return instant.toEpochMilli();
        }
        if (time instanceof Long millis) {
          return millis;
        }
      }
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
  }
}

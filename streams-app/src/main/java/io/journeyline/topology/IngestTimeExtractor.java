package io.journeyline.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record timestamp of the interaction topics: the ingest time the producer (the adapters)
 * stamped. It drives nothing in the topology, whose event time is read from the payload ({@code
 * occurredAt}, a heartbeat's {@code watermark}); Kafka Streams only uses it to pick which input
 * partition to process next, which then follows ingest order. A record without a valid timestamp
 * gets the partition's time instead of stopping the stream.
 */
public final class IngestTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
  }
}

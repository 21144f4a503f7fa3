package io.journeyline.bench;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Heartbeat;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.RecordTypeHeader;
import io.journeyline.topics.TopicCatalog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes simulated events as Avro to the interaction topics of a catalog, in large batches, and the
 * heartbeats that move every input partition's watermark.
 */
final class EventWriter implements AutoCloseable {

  private final TopicCatalog catalog;
  private final RecordSerializers serializers;
  private final KafkaProducer<byte[], byte[]> producer;
  private Future<RecordMetadata> lastSend;

  EventWriter(String bootstrapServers, String registryUrl, TopicCatalog catalog) {
    this.catalog = catalog;
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    this.serializers = RecordSerializers.fromConfig(Map.of("schema.registry.url", registryUrl));
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  void send(SimulatedEvent event) {
    String topic = catalog.name(JourneylineTopic.interactions(event.channel()));
    lastSend =
        producer.send(
            new ProducerRecord<>(
                topic,
                serializers.key(topic, event.key()),
                serializers.value(topic, event.event())));
  }

  void sendAll(List<SimulatedEvent> events) {
    events.forEach(this::send);
  }

  /** One heartbeat with {@code watermark} to every partition of every interaction topic. */
  void heartbeats(Instant watermark) {
    for (ProducerRecord<byte[], byte[]> record :
        heartbeatRound(producer, serializers, catalog, "bench", watermark)) {
      lastSend = producer.send(record);
    }
  }

  /**
   * One heartbeat record (as the adapters send it: null key, the record-type header) with {@code
   * watermark} for every partition of every interaction topic of {@code catalog}.
   */
  static List<ProducerRecord<byte[], byte[]>> heartbeatRound(
      Producer<byte[], byte[]> producer,
      RecordSerializers serializers,
      TopicCatalog catalog,
      String producerId,
      Instant watermark) {
    List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    for (Channel channel : Channel.values()) {
      String topic = catalog.name(JourneylineTopic.interactions(channel));
      List<PartitionInfo> partitions = producer.partitionsFor(topic);
      for (PartitionInfo partition : partitions) {
        Heartbeat hb =
            Heartbeat.newBuilder()
                .setProducerId(producerId)
                .setWatermark(watermark)
                .setPartition(partition.partition())
                .setPartitions(partitions.size())
                .setSentAt(Instant.now())
                .build();
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                topic, partition.partition(), null, null, serializers.heartbeat(topic, hb));
        record.headers().add(RecordTypeHeader.KEY, RecordTypeHeader.heartbeat());
        records.add(record);
      }
    }
    return records;
  }

  /** Waits until everything sent so far is written; fails if the last send failed. */
  void flush() throws InterruptedException, ExecutionException {
    producer.flush();
    if (lastSend != null) {
      lastSend.get();
    }
  }

  @Override
  public void close() {
    producer.close();
    serializers.close();
  }
}

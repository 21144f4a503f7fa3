package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Heartbeat;
import io.journeyline.serde.InteractionValueSerializer;
import io.journeyline.serde.KafkaAvroSerializer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes simulated events straight to the interaction topics as Avro in the Confluent wire format
 * (keys as Avro strings), with an idempotent producer and {@code acks=all}; the record timestamp is
 * the event time. Like the adapters, it publishes a {@link Heartbeat} carrying its event-time
 * watermark to every partition of every interaction topic at most once per {@link
 * #HEARTBEAT_INTERVAL}, so that stream time advances on partitions without traffic.
 */
public final class KafkaEventSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);

  /** Wall-clock interval between heartbeats. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  private final Producer<Object, Object> producer;
  private final Map<Channel, String> topics = new EnumMap<>(Channel.class);
  private final AtomicLong failures = new AtomicLong();
  private final String producerId;
  private Instant watermark = Instant.EPOCH;
  private long lastHeartbeatNanos;

  /**
   * Creates the sink.
   *
   * @param producerConfig Kafka producer settings, including {@code bootstrap.servers} and the
   *     serializers' {@code schema.registry.url}
   * @param catalog the topic names
   */
  public KafkaEventSink(Map<String, Object> producerConfig, TopicCatalog catalog) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
    config.putIfAbsent(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, InteractionValueSerializer.class);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "journeyline-simulator");
    this.producerId = config.get(ProducerConfig.CLIENT_ID_CONFIG).toString();
    this.producer = new KafkaProducer<>(config);
    for (Channel channel : Channel.values()) {
      topics.put(channel, catalog.name(JourneylineTopic.interactions(channel)));
    }
  }

  @Override
  public void send(List<SimulatedEvent> events) {
    for (SimulatedEvent event : events) {
      if (event.occurredAt().isAfter(watermark)) {
        watermark = event.occurredAt();
      }
      send(
          new ProducerRecord<>(
              topics.get(event.channel()),
              null,
              event.occurredAt().toEpochMilli(),
              event.key(),
              event.event()));
    }
    long now = System.nanoTime();
    if (!watermark.equals(Instant.EPOCH)
        && now - lastHeartbeatNanos >= HEARTBEAT_INTERVAL.toNanos()) {
      lastHeartbeatNanos = now;
      sendHeartbeats();
    }
  }

  private void sendHeartbeats() {
    Instant sentAt = Instant.now();
    for (String topic : topics.values()) {
      for (PartitionInfo partition : producer.partitionsFor(topic)) {
        Heartbeat heartbeat =
            Heartbeat.newBuilder()
                .setProducerId(producerId)
                .setWatermark(watermark)
                .setPartition(partition.partition())
                .setSentAt(sentAt)
                .build();
        send(
            new ProducerRecord<>(
                topic, partition.partition(), watermark.toEpochMilli(), null, heartbeat));
      }
    }
  }

  private void send(ProducerRecord<Object, Object> record) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              failures.incrementAndGet();
              log.warn("Simulator could not write to {}: {}", record.topic(), error.toString());
            }
          });
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("Simulator could not write to {}: {}", record.topic(), e.toString());
    }
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

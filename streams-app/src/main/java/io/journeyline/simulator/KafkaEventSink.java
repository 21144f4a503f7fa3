package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes simulated events straight to the interaction topics as Avro in the Confluent wire format
 * (keys as Avro strings), with an idempotent producer and {@code acks=all}.
 */
public final class KafkaEventSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);

  private final Producer<Object, Object> producer;
  private final Map<Channel, String> topics = new EnumMap<>(Channel.class);
  private final AtomicLong failures = new AtomicLong();

  /**
   * Creates the sink.
   *
   * @param producerConfig Kafka producer settings, including {@code bootstrap.servers} and the
   *     serializers' {@code schema.registry.url}
   * @param catalog the topic names
   */
  public KafkaEventSink(Map<String, Object> producerConfig, TopicCatalog catalog) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.putIfAbsent(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "io.journeyline.serde.KafkaAvroSerializer");
    config.putIfAbsent(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "io.journeyline.serde.KafkaAvroSerializer");
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "journeyline-simulator");
    this.producer = new KafkaProducer<>(config);
    for (Channel channel : Channel.values()) {
      topics.put(channel, catalog.name(JourneylineTopic.interactions(channel)));
    }
  }

  @Override
  public void send(List<SimulatedEvent> events) {
    for (SimulatedEvent event : events) {
      String topic = topics.get(event.channel());
      ProducerRecord<Object, Object> record =
          new ProducerRecord<>(
              topic, null, event.occurredAt().toEpochMilli(), event.key(), event.event());
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                failures.incrementAndGet();
                log.warn("Simulator could not write an event to {}: {}", topic, error.toString());
              }
            });
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        log.warn("Simulator could not write an event to {}: {}", topic, e.toString());
      }
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

package io.journeyline.testing;

import io.journeyline.avro.Heartbeat;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.serde.KafkaAvroDeserializer;
import io.journeyline.serde.KafkaAvroSerializer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.RecordTypeHeader;
import io.journeyline.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Writes and reads Avro records on the in-process broker the way a producing platform and a
 * downstream consumer would: through our Confluent-format serde and the embedded registry, reading
 * only committed records.
 */
public final class AvroTopics {

  private final EmbeddedKafkaCluster kafka;
  private final EmbeddedSchemaRegistry registry;

  public AvroTopics(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /**
   * A record keyed as the producers key it, stamped with the ingest time (event time travels in the
   * payload), as the adapters send it.
   */
  public static ProducerRecord<Object, Object> record(
      String topic, String key, SpecificRecord value) {
    return new ProducerRecord<>(topic, key, value);
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.putAll(kafka.clientProperties());
    config.put("schema.registry.url", registry.url());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
    return config;
  }

  /** Sends the records in order and waits until every one is acknowledged. */
  public void produce(List<ProducerRecord<Object, Object>> records) {
    try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerConfig())) {
      for (ProducerRecord<Object, Object> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  /**
   * One heartbeat round as the adapters send it: the watermark to every partition of every
   * interaction topic.
   */
  public void heartbeatRound(TopicCatalog topics, int partitions, Instant watermark) {
    for (JourneylineTopic topic : JourneylineTopic.interactionTopics()) {
      heartbeats(topics.name(topic), partitions, watermark);
    }
  }

  /**
   * A heartbeat with the given watermark to each of the first {@code partitions} partitions of the
   * topic, registered under its record name as the adapters do.
   */
  public void heartbeats(String topic, int partitions, Instant watermark) {
    Map<String, Object> config = producerConfig();
    config.put("value.subject.name.strategy", "RecordNameStrategy");
    try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(config)) {
      for (int p = 0; p < partitions; p++) {
        Heartbeat hb =
            Heartbeat.newBuilder()
                .setProducerId("it")
                .setWatermark(watermark)
                .setPartition(p)
                .setPartitions(partitions)
                .setSentAt(watermark)
                .build();
        ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, p, null, null, hb);
        record.headers().add(RecordTypeHeader.KEY, RecordTypeHeader.heartbeat());
        producer.send(record);
      }
      producer.flush();
    }
  }

  /**
   * Reads the topic from the start (read_committed), keeping the latest value per key, until {@code
   * done} holds for what was read.
   *
   * @throws AssertionError when {@code done} does not hold within the timeout
   */
  public <K, V> Map<K, V> latest(
      String topic, String group, Duration timeout, Predicate<Map<K, V>> done) {
    Map<K, V> out = new LinkedHashMap<>();
    try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(consumerConfig(group))) {
      consumer.subscribe(List.of(topic));
      Await.until(
          timeout,
          "records on " + topic,
          () -> {
            for (ConsumerRecord<Object, Object> r : consumer.poll(Duration.ofMillis(200))) {
              @SuppressWarnings("unchecked")
              K key = (K) r.key();
              @SuppressWarnings("unchecked")
              V value = (V) r.value();
              out.put(key, value);
            }
            return out;
          },
          done);
    }
    return out;
  }

  /**
   * Reads the topic from the start (read_committed), keeping the latest value per key (null for a
   * tombstone), until {@code done} holds or the timeout passes, and returns what it read either
   * way, so that the caller's assertion shows the difference.
   */
  public <K, V> Map<K, V> readUntil(
      String topic, String group, Duration timeout, Predicate<Map<K, V>> done) {
    Map<K, V> out = new LinkedHashMap<>();
    try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(consumerConfig(group))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      do {
        for (ConsumerRecord<Object, Object> r : consumer.poll(Duration.ofMillis(200))) {
          @SuppressWarnings("unchecked")
          K key = (K) r.key();
          @SuppressWarnings("unchecked")
          V value = (V) r.value();
          out.put(key, value);
        }
      } while (!done.test(out) && System.nanoTime() < deadline);
    }
    return out;
  }

  /**
   * Every committed record of the topic from the start, in partition order, read until a poll of
   * {@code quiet} brings nothing new.
   */
  public List<ConsumerRecord<Object, Object>> all(String topic, String group, Duration quiet) {
    List<ConsumerRecord<Object, Object>> out = new java.util.ArrayList<>();
    try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(consumerConfig(group))) {
      consumer.subscribe(List.of(topic));
      int empty = 0;
      while (empty < 2) {
        var records = consumer.poll(quiet);
        if (records.isEmpty()) {
          empty++;
        } else {
          empty = 0;
          records.forEach(out::add);
        }
      }
    }
    return out;
  }

  /**
   * Counts the committed records of a dead-letter topic whose {@code reason} header is {@code
   * reason}, until {@code done} holds for the count or the timeout passes.
   */
  public long countUntil(
      String topic, String group, Duration timeout, LongPredicate done, String reason) {
    Map<String, Object> config = new HashMap<>();
    config.putAll(kafka.clientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      do {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Header header = r.headers().lastHeader("reason");
          if (header != null && reason.equals(new String(header.value(), StandardCharsets.UTF_8))) {
            count++;
          }
        }
      } while (!done.test(count) && System.nanoTime() < deadline);
    }
    return count;
  }

  private Map<String, Object> consumerConfig(String group) {
    Map<String, Object> config = new HashMap<>();
    config.putAll(kafka.clientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put("schema.registry.url", registry.url());
    config.put("specific.avro.reader", true);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
    return config;
  }
}

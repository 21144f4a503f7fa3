package io.journeyline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaClusterIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final EmbeddedKafkaCluster kafka;

  EmbeddedKafkaClusterIT(EmbeddedKafkaCluster kafka) {
    this.kafka = kafka;
  }

  @BeforeAll
  static void clusterIsInjectedIntoBeforeAll(EmbeddedKafkaCluster kafka) {
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void shouldShareOneClusterPerClassAcrossInjectionPoints(EmbeddedKafkaCluster parameter) {
    assertThat(parameter).isSameAs(kafka);
    assertThat(kafka.clientProperties())
        .containsExactly(Map.entry("bootstrap.servers", kafka.bootstrapServers()));
  }

  @Test
  void shouldAdvertiseTheLoopbackAddressThatOtherProcessesCanReach() throws Exception {
    int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));

    assertThat(kafka.admin().describeCluster().nodes().get())
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.host()).isEqualTo("127.0.0.1");
              assertThat(node.port()).isEqualTo(port);
            });
  }

  @Test
  void shouldRunLatestProductionMetadataVersion() throws Exception {
    FeatureMetadata features = kafka.admin().describeFeatures().featureMetadata().get();

    assertThat(features.finalizedFeatures().get(MetadataVersion.FEATURE_NAME).maxVersionLevel())
        .isEqualTo(MetadataVersion.latestProduction().featureLevel());
  }

  @Test
  void shouldRoundTripRecords(TestInfo info) {
    String topic = TestNames.unique(info);
    kafka.createTopics(List.of(new NewTopic(topic, 2, (short) 1)));

    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.flush();
    }

    List<ConsumerRecord<String, String>> records = consumeUntil(consumer(Map.of()), topic, 10);
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder(
            "value-0", "value-1", "value-2", "value-3", "value-4", "value-5", "value-6", "value-7",
            "value-8", "value-9");
  }

  @Test
  void shouldShowCommittedAndHideAbortedTransactionsToReadCommittedConsumer(TestInfo info) {
    String topic = TestNames.unique(info);
    kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));

    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique(info, "tx")))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted-1"));
      producer.send(new ProducerRecord<>(topic, "k", "aborted-2"));
      producer.flush();
      producer.abortTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
      producer.commitTransaction();

      // A sentinel after both transactions: once it is read, everything before it was decided.
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "end"));
      producer.commitTransaction();
    }

    List<ConsumerRecord<String, String>> records =
        consumeUntil(
            consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), topic, 3);
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactly("committed-1", "committed-2", "end");
  }

  @Test
  void shouldCommitConsumerGroupOffsets(TestInfo info) throws Exception {
    String topic = TestNames.unique(info);
    String group = TestNames.unique(info, "group");
    kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "v" + i));
      }
      producer.flush();
    }

    try (KafkaConsumer<String, String> consumer =
        consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (seen.size() < 5 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
      assertThat(seen).hasSize(5);
      consumer.commitSync();
    }

    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    assertThat(committed).containsOnlyKeys(new TopicPartition(topic, 0));
    assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(5);
  }

  @Test
  void shouldCreateTopicsIdempotentlyWithTheirConfigs(TestInfo info) throws Exception {
    String compacted = TestNames.unique(info, "compacted");
    NewTopic topic =
        new NewTopic(compacted, 3, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    kafka.createTopics(List.of(topic));
    kafka.createTopics(List.of(topic, new NewTopic(TestNames.unique(info, "plain"), 1, (short) 1)));

    assertThat(kafka.admin().listTopics().names().get()).contains(compacted);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
    Config config = kafka.admin().describeConfigs(Set.of(resource)).all().get().get(resource);
    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    assertThat(
            kafka
                .admin()
                .describeTopics(Set.of(compacted))
                .allTopicNames()
                .get()
                .get(compacted)
                .partitions())
        .hasSize(3);
  }

  @Test
  void shouldNameTheTopicWhenCreationFails(TestInfo info) {
    String topic = TestNames.unique(info);

    assertThatThrownBy(() -> kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 3))))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining(topic)
        .hasMessageContaining("replication factor");
  }

  @Test
  void shouldNotAutoCreateTopics(TestInfo info) throws Exception {
    String topic = TestNames.unique(info);
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000))) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
          .hasMessageContaining(topic);
    }
    assertThat(kafka.admin().listTopics().names().get()).doesNotContain(topic);
  }

  @Nested
  class NestedTests {
    @Test
    void shouldShareTheEnclosingClassCluster(EmbeddedKafkaCluster nested) {
      assertThat(nested).isSameAs(kafka);
    }
  }

  private KafkaProducer<String, String> producer(Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putAll(overrides);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(overrides);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** Reads the topic from the beginning (no group) until {@code count} records or the deadline. */
  static List<ConsumerRecord<String, String>> consumeUntil(
      KafkaConsumer<String, String> consumer, String topic, int count) {
    try (consumer) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}

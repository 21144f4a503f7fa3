package io.journeyline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start/stop behaviour that needs its own clusters rather than the extension's shared one. */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddedKafkaLifecycleIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void shouldKeepTopicsRecordsAndOffsetsWhenRestartedOnTheSameDataDir(
      @TempDir Path dir, TestInfo info) throws Exception {
    String topic = TestNames.unique(info);
    String group = TestNames.unique(info, "group");
    String clusterId;

    // Given a cluster on a kept data directory, with a topic, records and a committed offset
    try (EmbeddedKafkaCluster first = EmbeddedKafkaCluster.builder().dataDir(dir).start()) {
      clusterId = first.admin().describeCluster().clusterId().get();
      first.createTopics(new NewTopic(topic, 1, (short) 1));
      try (KafkaProducer<String, String> producer = producer(first)) {
        producer.send(new ProducerRecord<>(topic, "k1", "before-restart-1"));
        producer.send(new ProducerRecord<>(topic, "k2", "before-restart-2"));
        producer.flush();
      }
      first
          .admin()
          .alterConsumerGroupOffsets(
              group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)))
          .all()
          .get();
    }
    assertThat(dir).isDirectory();

    // When a new cluster starts on the same directory
    try (EmbeddedKafkaCluster second = EmbeddedKafkaCluster.builder().dataDir(dir).start()) {
      // Then it is the same cluster, with the topic, its records and the group's offset
      assertThat(second.admin().describeCluster().clusterId().get()).isEqualTo(clusterId);
      assertThat(second.admin().listTopics().names().get()).contains(topic);
      assertThat(readAll(second, topic, 2))
          .extracting(ConsumerRecord::value)
          .containsExactly("before-restart-1", "before-restart-2");
      assertThat(
              second
                  .admin()
                  .listConsumerGroupOffsets(group)
                  .partitionsToOffsetAndMetadata()
                  .get()
                  .get(new TopicPartition(topic, 0))
                  .offset())
          .isEqualTo(1);

      // And it takes new records
      try (KafkaProducer<String, String> producer = producer(second)) {
        producer.send(new ProducerRecord<>(topic, "k3", "after-restart")).get();
      }
      assertThat(readAll(second, topic, 3)).hasSize(3);
    }
    assertThat(dir).isDirectory();
  }

  @Test
  void shouldDeleteItsTemporaryDataDirOnCloseAndCloseIdempotently() {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
    Path dataDir = kafka.dataDir();
    assertThat(dataDir).isDirectory();

    kafka.close();
    kafka.close();

    assertThat(Files.exists(dataDir)).isFalse();
  }

  @Test
  void shouldListenOnTheRequestedFixedPort() throws Exception {
    int port = freePort();

    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokerPort(port).start()) {
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(kafka.admin().describeCluster().nodes().get()).hasSize(1);
    }
  }

  @Test
  void shouldFailToStartWithAClearMessageWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerPort(port).start())
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageContaining("failed to start")
          .hasMessageContaining(String.valueOf(port));
    }
  }

  @Test
  void shouldApplyBrokerPropertyOverrides() throws Exception {
    try (EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder().brokerProperty("num.partitions", "4").start()) {
      String topic = TestNames.unique("overrides");
      kafka.createTopics(
          new NewTopic(topic, java.util.Optional.empty(), java.util.Optional.empty()));

      assertThat(
              kafka
                  .admin()
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get()
                  .get(topic)
                  .partitions())
          .hasSize(4);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaCluster kafka) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(
      EmbeddedKafkaCluster kafka, String topic, int count) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}

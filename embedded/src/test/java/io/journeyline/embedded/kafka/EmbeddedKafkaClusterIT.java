package io.journeyline.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.embedded.Await;
import io.journeyline.embedded.junit.EmbeddedKafka;
import io.journeyline.embedded.junit.KafkaTestScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@EmbeddedKafka
@Tag("integration")
@Timeout(120)
class EmbeddedKafkaClusterIT {

  private static final Instant EVENT_TIME = Instant.parse("2026-03-02T09:15:00Z");
  private static final Instant FAR_FUTURE_EVENT_TIME = Instant.parse("2031-01-01T00:00:00Z");
  private static final Instant OLD_EVENT_TIME = Instant.parse("2019-06-30T23:59:59Z");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final StringSerializer serializer = new StringSerializer();
  private final StringDeserializer deserializer = new StringDeserializer();

  @Test
  void shouldReadBackWhatWasProducedWithItsEventTimestamp(
      EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String topic = scope.createTopic("interactions-chat", 3);

    kafka.produce(
        serializer,
        serializer,
        List.of(
            record(topic, "contact-1", "started", EVENT_TIME),
            record(topic, "contact-2", "started", OLD_EVENT_TIME),
            record(topic, "contact-3", "started", FAR_FUTURE_EVENT_TIME)));
    List<ConsumerRecord<String, String>> records =
        kafka.consume(topic, deserializer, deserializer, 3, WAIT);

    assertThat(records)
        .extracting(ConsumerRecord::key, ConsumerRecord::timestamp)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("contact-1", EVENT_TIME.toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple("contact-2", OLD_EVENT_TIME.toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple("contact-3", FAR_FUTURE_EVENT_TIME.toEpochMilli()));
    assertThat(kafka.readToEnd(topic, deserializer, deserializer, WAIT)).hasSize(3);
  }

  @Test
  void shouldExposeOnlyCommittedTransactionsToReadCommittedReaders(
      EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String topic = scope.createTopic("contacts", 1);
    Map<String, Object> props = kafka.producerProperties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, scope.prefix() + "-tx");

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topic, "contact-1", "committed", EVENT_TIME));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(topic, "contact-2", "aborted", EVENT_TIME));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(record(topic, "contact-3", "committed", EVENT_TIME));
      producer.commitTransaction();
    }

    assertThat(kafka.readToEnd(topic, deserializer, deserializer, WAIT))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("contact-1", "committed"),
            org.assertj.core.groups.Tuple.tuple("contact-3", "committed"));
  }

  @Test
  void shouldFormAConsumerGroupAndCommitItsOffsets(EmbeddedKafkaCluster kafka, KafkaTestScope scope)
      throws Exception {
    String topic = scope.createTopic("surveys", 2);
    kafka.produce(
        serializer,
        serializer,
        List.of(
            record(topic, "contact-1", "csat=5", EVENT_TIME),
            record(topic, "contact-2", "csat=2", EVENT_TIME)));
    Map<String, Object> props = kafka.consumerProperties(scope.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, scope.prefix() + "-consumer");

    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> seen = new java.util.ArrayList<>();
      Await.until(
          WAIT,
          "both records through the consumer group",
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.key()));
            return seen.size() >= 2;
          });
      consumer.commitSync();
      assertThat(seen).containsExactlyInAnyOrder("contact-1", "contact-2");
    }

    try (Admin admin = kafka.createAdmin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(scope.groupId()).partitionsToOffsetAndMetadata().get();
      assertThat(offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(2);
    }
  }

  @Test
  void shouldRunTheLatestProductionMetadataVersionWithUnstableVersionsOff(
      EmbeddedKafkaCluster kafka) throws Exception {
    try (Admin admin = kafka.createAdmin()) {
      FinalizedVersionRange metadataVersion =
          admin
              .describeFeatures()
              .featureMetadata()
              .get()
              .finalizedFeatures()
              .get(MetadataVersion.FEATURE_NAME);
      assertThat(metadataVersion.maxVersionLevel())
          .isEqualTo(MetadataVersion.latestProduction().featureLevel());

      String brokerId =
          Integer.toString(admin.describeCluster().nodes().get().iterator().next().id());
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokerId);
      Config config = admin.describeConfigs(Set.of(broker)).all().get().get(broker);
      assertThat(config.get("unstable.api.versions.enable").value()).isEqualTo("false");
      assertThat(config.get("unstable.feature.versions.enable").value()).isEqualTo("false");
      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
    }
    assertThat(kafka.metadataVersion()).isEqualTo(MetadataVersion.latestProduction());
    assertThat(kafka.fatalFault()).isEmpty();
  }

  @Test
  void shouldCreateACompactedTopicWithItsPartitionsAndConfig(
      EmbeddedKafkaCluster kafka, KafkaTestScope scope) throws Exception {
    String topic = scope.createTopic("identities", 3, Map.of("cleanup.policy", "compact"));

    assertThat(kafka.partitionCount(topic)).isEqualTo(3);
    assertThat(kafka.topicNames()).contains(topic);
    try (Admin admin = kafka.createAdmin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void shouldNameTheTopicWhenCreatingOneThatExists(
      EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String topic = scope.createTopic("alerts");

    assertThatThrownBy(() -> kafka.createTopic(topic))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining("create topic " + topic)
        .hasMessageContaining("TopicExistsException");
  }

  @Test
  void shouldNotCreateATopicThatIsOnlyRead(EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String missing = scope.topic("never-created");

    assertThatThrownBy(() -> kafka.consume(missing, deserializer, deserializer, 1, WAIT))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("does not exist");
    assertThat(kafka.topicNames()).doesNotContain(missing);
  }

  @Test
  void shouldReportHowManyRecordsArrivedWhenTooFewDo(
      EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String topic = scope.createTopic("sms");
    kafka.produce(serializer, serializer, List.of(record(topic, "c", "v", EVENT_TIME)));

    assertThatThrownBy(
            () -> kafka.consume(topic, deserializer, deserializer, 2, Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at least 2")
        .hasMessageContaining(topic)
        .hasMessageContaining("got 1");
  }

  @Test
  void shouldDeleteTopicsIdempotently(EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
    String topic = scope.createTopic("email");

    kafka.deleteTopics(List.of(topic));
    kafka.deleteTopics(List.of(topic));

    assertThat(kafka.topicNames()).doesNotContain(topic);
  }

  private static ProducerRecord<String, String> record(
      String topic, String key, String value, Instant timestamp) {
    return new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value);
  }
}

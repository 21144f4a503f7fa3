package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.EventType;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.serde.KafkaAvroSerializer;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key format, decided: keys are Avro strings in the Confluent wire format (Confluent-format
 * consumers decode them), and partitioned by the key's string, so a producer that bypasses the
 * adapters with the ecosystem's plain string keys and default partitioner writes a contact's events
 * to the same partition as the adapters, and stage A reads both. Three partitions, the default
 * settings: half of every chat through the HTTP ingest, the other half from a plain producer, and
 * each chat is one contact with all its events.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(EmbeddedKafkaExtension.class)
class KeyFormatIT {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldKeepAContactTogetherWhenAProducerBypassesTheAdaptersWithPlainStringKeys(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-keys-it-").toString());
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    String chatTopic = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    int chats = 12;

    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT)) {
      // Given the start and a message of every chat through the adapters
      List<Map<String, Object>> viaAdapters = new ArrayList<>();
      List<Ev> viaProducer = new ArrayList<>();
      for (int i = 0; i < chats; i++) {
        String chat = name + "-chat-" + i;
        Instant at = start.plus(Duration.ofMinutes(i));
        viaAdapters.add(
            Ev.of(Channel.CHAT, chat + "-s", chat, EventType.CONTACT_STARTED, at)
                .customer("cust-" + i)
                .toJson());
        viaAdapters.add(
            Ev.of(Channel.CHAT, chat + "-m1", chat, EventType.MESSAGE, at.plusSeconds(20))
                .customer("cust-" + i)
                .customerSays(-0.2)
                .toJson());
        viaProducer.add(
            Ev.of(Channel.CHAT, chat + "-m2", chat, EventType.MESSAGE, at.plusSeconds(40))
                .customer("cust-" + i)
                .customerSays(0.4));
        viaProducer.add(
            Ev.of(Channel.CHAT, chat + "-e", chat, EventType.CONTACT_ENDED, at.plusSeconds(60))
                .customer("cust-" + i)
                .issue("billing"));
      }
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(pipeline.adapters().baseUri().resolve("/v1/events"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(viaAdapters)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

      // When a producer of its own writes the rest with plain string keys and Kafka's default
      // partitioner (values in the Confluent wire format, as any Confluent serializer writes them)
      Map<String, Object> producerConfig = new HashMap<>();
      producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      producerConfig.put("schema.registry.url", registry.url());
      try (KafkaProducer<String, Object> producer =
          new KafkaProducer<>(
              producerConfig, new StringSerializer(), valueSerializer(registry.url()))) {
        for (Ev e : viaProducer) {
          producer.send(new ProducerRecord<>(chatTopic, e.contactId, e.toAvro()));
        }
        producer.flush();
      }

      // Then every chat is one contact with its four events, and nothing went to the DLQ
      AvroTopics io = new AvroTopics(kafka, registry);
      Map<String, ContactSummary> contacts =
          io.latest(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) -> {
                for (int i = 0; i < chats; i++) {
                  ContactSummary c = m.get(name + "-chat-" + i);
                  if (c == null || c.getEvents() != 4 || c.getEndedAt() == null) {
                    return false;
                  }
                }
                return true;
              });
      for (int i = 0; i < chats; i++) {
        ContactSummary c = contacts.get(name + "-chat-" + i);
        assertThat(c.getCustomerId()).isEqualTo("cust-" + i);
        assertThat(c.getSentiment().getMessages()).isEqualTo(2);
        assertThat(c.getIssue()).isEqualTo("billing");
      }
      assertThat(contacts.keySet().stream().filter(k -> k.toString().contains("@")).count())
          .as("no chat split into two contacts")
          .isZero();
      assertThat(
              io.countUntil(
                  topics.name(JourneylineTopic.DLQ),
                  name + "-dlq",
                  Duration.ofSeconds(2),
                  n -> n > 0,
                  "invalid"))
          .as("plain keys read, nothing dead-lettered")
          .isZero();

      // And each chat's records, in both key encodings, are on one partition: the plain string's
      Map<String, Set<Integer>> partitions = partitionsPerKey(kafka, chatTopic, name);
      assertThat(partitions).hasSize(chats);
      int spread = 0;
      for (int i = 0; i < chats; i++) {
        String chat = name + "-chat-" + i;
        int expected =
            Utils.toPositive(Utils.murmur2(chat.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % PARTITIONS;
        assertThat(partitions.get(chat)).as(chat).containsExactly(expected);
        spread |= 1 << expected;
      }
      assertThat(Integer.bitCount(spread)).as("chats on several partitions").isGreaterThan(1);
    }
  }

  @SuppressWarnings("unchecked")
  private static org.apache.kafka.common.serialization.Serializer<Object> valueSerializer(
      String registryUrl) {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of("schema.registry.url", registryUrl), false);
    return (org.apache.kafka.common.serialization.Serializer<Object>)
        (org.apache.kafka.common.serialization.Serializer<?>) serializer;
  }

  /** The partitions of each chat key's records, decoding either key encoding to its string. */
  private static Map<String, Set<Integer>> partitionsPerKey(
      EmbeddedKafkaCluster kafka, String topic, String name) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-raw");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Set<Integer>> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      int records = 0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records < 48 && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            continue; // a heartbeat
          }
          String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
          int at = key.indexOf(name + "-chat-");
          if (at < 0) {
            continue;
          }
          out.computeIfAbsent(key.substring(at), k -> new HashSet<>()).add(r.partition());
          records++;
        }
      }
    }
    return out;
  }
}

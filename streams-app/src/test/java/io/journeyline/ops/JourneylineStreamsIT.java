package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.FcrStatus;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole app on the in-process broker with the embedded registry, exactly_once_v2, two
 * partitions per topic: Avro events in, exact contact summaries and metric records out, also when
 * the app is restarted mid-stream on a fresh state directory (state restored from changelogs).
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(EmbeddedKafkaExtension.class)
class JourneylineStreamsIT {

  /**
   * A UTC day 40 days before today: the app keeps contacts for the history retention (395 days) by
   * its wall clock, so the events must be that recent.
   */
  static final Instant DAY_0 =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(40));

  static final Instant T0 = DAY_0.plus(Duration.ofHours(9));
  static final Instant DAY_2 = DAY_0.plus(Duration.ofDays(2));
  static final Duration WAIT = Duration.ofSeconds(90);

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;

  @BeforeAll
  static void startRegistry(EmbeddedKafkaCluster kafka) {
    registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
    io = new AvroTopics(kafka, registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static Map<String, Object> settings(EmbeddedKafkaCluster kafka, String name, Path state) {
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 2);
    props.put(StreamsAppConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    return props;
  }

  private static CustomerRef customer(String id) {
    return CustomerRef.newBuilder().setCustomerId(id).build();
  }

  static List<ProducerRecord<Object, Object>> firstHalf(TopicCatalog topics) {
    String chat = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    String email = topics.name(JourneylineTopic.INTERACTIONS_EMAIL);
    List<ProducerRecord<Object, Object>> out = new ArrayList<>();
    out.add(
        AvroTopics.record(
            chat,
            "chat-1",
            ChatEvent.newBuilder()
                .setEventId("c1")
                .setOccurredAt(T0)
                .setType(EventType.CONTACT_STARTED)
                .setContactId("chat-1")
                .setCustomer(customer("cust-1"))
                .build()));
    out.add(
        AvroTopics.record(
            chat,
            "chat-1",
            ChatEvent.newBuilder()
                .setEventId("c2")
                .setOccurredAt(T0.plusSeconds(600))
                .setType(EventType.CONTACT_ENDED)
                .setContactId("chat-1")
                .setCustomer(customer("cust-1"))
                .setIssue("billing")
                .build()));
    out.add(
        AvroTopics.record(
            email,
            "mail-2",
            EmailEvent.newBuilder()
                .setEventId("m1")
                .setOccurredAt(T0.plusSeconds(3600))
                .setType(EventType.MESSAGE)
                .setContactId("mail-2")
                .setCustomer(customer("cust-2"))
                .build()));
    out.add(
        AvroTopics.record(
            email,
            "mail-2",
            EmailEvent.newBuilder()
                .setEventId("m2")
                .setOccurredAt(T0.plusSeconds(3900))
                .setType(EventType.CONTACT_ENDED)
                .setContactId("mail-2")
                .setCustomer(customer("cust-2"))
                .build()));
    // a retried event: counted once
    out.add(
        AvroTopics.record(
            email,
            "mail-2",
            EmailEvent.newBuilder()
                .setEventId("m2")
                .setOccurredAt(T0.plusSeconds(3900))
                .setType(EventType.CONTACT_ENDED)
                .setContactId("mail-2")
                .setCustomer(customer("cust-2"))
                .build()));
    return out;
  }

  static List<ProducerRecord<Object, Object>> secondHalf(TopicCatalog topics) {
    String voice = topics.name(JourneylineTopic.INTERACTIONS_VOICE);
    Instant call = T0.plus(Duration.ofDays(2));
    List<ProducerRecord<Object, Object>> out = new ArrayList<>();
    out.add(
        AvroTopics.record(
            voice,
            "call-1",
            VoiceEvent.newBuilder()
                .setEventId("v1")
                .setOccurredAt(call)
                .setType(EventType.CONTACT_STARTED)
                .setContactId("call-1")
                .setCustomer(customer("cust-1"))
                .setIssue("billing")
                .build()));
    out.add(
        AvroTopics.record(
            voice,
            "call-1",
            VoiceEvent.newBuilder()
                .setEventId("v2")
                .setOccurredAt(call.plusSeconds(600))
                .setType(EventType.CONTACT_ENDED)
                .setContactId("call-1")
                .setCustomer(customer("cust-1"))
                .build()));
    return out;
  }

  /** Both of the first half's contacts are on the contacts topic (before a restart). */
  private static void awaitFirstHalf(TopicCatalog topics, String name) {
    io.latest(
        topics.name(JourneylineTopic.CONTACTS),
        name + "-first",
        WAIT,
        (Map<String, ContactSummary> m) ->
            m.size() == 2 && m.get("mail-2").getEvents() == 2 && m.get("chat-1").getEvents() == 2);
  }

  private static MetricKey key(Instant day) {
    return MetricKey.newBuilder()
        .setDimension(Dimension.ALL)
        .setKey("all")
        .setWindow("1d")
        .setWindowStart(day)
        .build();
  }

  private static List<Long> counts(FcrAggregate a) {
    return a == null
        ? null
        : List.of(a.getContacts(), a.getResolved(), a.getNotResolved(), a.getPending());
  }

  private void assertFinal(EmbeddedKafkaCluster kafka, TopicCatalog topics, String name) {
    Map<String, ContactSummary> contacts =
        io.latest(
            topics.name(JourneylineTopic.CONTACTS),
            name + "-contacts",
            WAIT,
            (Map<String, ContactSummary> m) ->
                m.size() == 3
                    && m.values().stream().noneMatch(c -> c.getFcr() == FcrStatus.PENDING));
    assertThat(contacts.get("chat-1").getFcr()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(contacts.get("call-1").getFcr()).isEqualTo(FcrStatus.RESOLVED);
    assertThat(contacts.get("call-1").getRepeatOf()).isEqualTo("chat-1");
    assertThat(contacts.get("call-1").getChannelHop()).isTrue();
    assertThat(contacts.get("mail-2").getFcr()).isEqualTo(FcrStatus.RESOLVED);
    assertThat(contacts.get("mail-2").getEvents()).isEqualTo(2);
    Map<MetricKey, FcrAggregate> fcr =
        io.latest(
            topics.name(JourneylineTopic.METRICS_FCR),
            name + "-fcr",
            WAIT,
            (Map<MetricKey, FcrAggregate> m) ->
                List.of(2L, 1L, 1L, 0L).equals(counts(m.get(key(DAY_0))))
                    && List.of(1L, 1L, 0L, 0L).equals(counts(m.get(key(DAY_2)))));
    assertThat(fcr.get(key(DAY_0)).getRate()).isEqualTo(0.5);
  }

  @Test
  void shouldTurnAvroEventsIntoExactSummariesAndMetricsWithExactlyOnce(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Path state = Files.createTempDirectory("journeyline-it-");
    StreamsAppConfig config = new StreamsAppConfig(settings(kafka, name, state));
    TopicCatalog topics = config.topicCatalog();
    try (JourneylineStreams app =
        JourneylineStreams.start(config, JourneylineSerdes.fromConfig(config.serdeProperties()))) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      // Everything at once, with the heartbeat round that finalizes right behind it: each input
      // partition passes day 10 only after its own events, so nothing is late or finalized early
      List<ProducerRecord<Object, Object>> all = new ArrayList<>(firstHalf(topics));
      all.addAll(secondHalf(topics));
      io.produce(all);
      io.heartbeatRound(topics, 2, T0.plus(Duration.ofDays(10)));
      // poison bytes still reach the DLQ under exactly-once, and the stream goes on
      try (KafkaProducer<byte[], byte[]> raw =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
        raw.send(
                new ProducerRecord<>(
                    topics.name(JourneylineTopic.INTERACTIONS_SMS),
                    0,
                    null,
                    null,
                    "poison".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      assertFinal(kafka, topics, name);
      assertDlq(kafka, topics, name);
      assertThat(app.counters().snapshot().duplicates()).isEqualTo(1);
    }
  }

  private static void assertDlq(EmbeddedKafkaCluster kafka, TopicCatalog topics, String name) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-dlq");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> reasons = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.name(JourneylineTopic.DLQ)));
      Await.until(
          WAIT,
          "a DLQ record",
          () -> {
            consumer
                .poll(Duration.ofMillis(200))
                .forEach(
                    r ->
                        reasons.add(
                            new String(
                                r.headers().lastHeader("reason").value(), StandardCharsets.UTF_8)));
            return !reasons.isEmpty();
          });
    }
    assertThat(reasons).containsExactly("deserialization");
  }

  @Test
  void shouldGiveExactResultsWhenRestartedMidStream(EmbeddedKafkaCluster kafka, TestInfo info)
      throws Exception {
    String name = TestNames.unique(info);
    StreamsAppConfig first =
        new StreamsAppConfig(settings(kafka, name, Files.createTempDirectory("journeyline-it-")));
    TopicCatalog topics = first.topicCatalog();
    try (JourneylineStreams app =
        JourneylineStreams.start(first, JourneylineSerdes.fromConfig(first.serdeProperties()))) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      io.produce(firstHalf(topics));
      awaitFirstHalf(topics, name);
    }
    // A new instance on a fresh state directory: state comes back from the changelogs
    StreamsAppConfig second =
        new StreamsAppConfig(settings(kafka, name, Files.createTempDirectory("journeyline-it-")));
    try (JourneylineStreams app =
        JourneylineStreams.start(second, JourneylineSerdes.fromConfig(second.serdeProperties()))) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      io.produce(secondHalf(topics));
      // the retried event again, after the restart: still counted once
      io.produce(firstHalf(topics).subList(4, 5));
      io.heartbeatRound(topics, 2, T0.plus(Duration.ofDays(10)));
      assertFinal(kafka, topics, name);
    }
  }
}

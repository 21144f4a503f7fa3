package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replaying history through the HTTP ingest, as a platform importing its exports would: the whole
 * app (adapters, topology) on the in-process broker with three partitions per topic and the default
 * settings (grace, allowed lateness, heartbeat interval, retention). Whatever the batch size, the
 * contacts and every bucket equal the independent {@link ReferenceModel} and the run that posts one
 * event at a time, and the DLQ holds exactly the events that are beyond the allowed lateness.
 *
 * <p>Each run: the history in time-ordered batches (with retries and reorderings of under a
 * minute), then, once it is processed, one more batch of late events: some a day and more behind
 * the final watermark (to the DLQ), and some contacts 20 hours behind it (later than every
 * channel's grace, within the allowed lateness: applied). The event times lie in the past year,
 * relative to today, because the adapters refuse event times beyond the clock and long before it.
 */
@Tag("integration")
@Timeout(900)
@ExtendWith(EmbeddedKafkaExtension.class)
class ReplayIT {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Instant START =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(80));
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  /** What a run left on the output topics, in the reference's terms. */
  record Outcome(
      Map<String, ReferenceModel.Contact> contacts,
      Map<String, List<Long>> fcr,
      Map<String, List<Long>> sentiment,
      Map<String, List<Long>> repeat,
      Map<String, List<Long>> service,
      long deadLetters) {}

  /** The late batch: events beyond the allowed lateness, and contacts within it. */
  record LateBatch(List<Ev> beyondAllowedLateness, List<Ev> withinAllowedLateness) {
    List<Ev> all() {
      List<Ev> out = new ArrayList<>(withinAllowedLateness);
      out.addAll(beyondAllowedLateness);
      return out;
    }
  }

  static LateBatch lateBatch(History history, String prefix) {
    Instant end = history.maxTime();
    List<Ev> beyond = new ArrayList<>();
    Channel[] channels = Channel.values();
    for (int i = 0; i < 7; i++) {
      // 1 to 20 days behind the final watermark; the allowed lateness is one day
      Instant at = end.minus(Duration.ofDays(1 + 3 * i)).minus(Duration.ofMinutes(1));
      Channel channel = channels[i % 4];
      beyond.add(
          Ev.of(channel, prefix + "-dlq-" + i, prefix + "-dlq-" + i, EventType.MESSAGE, at)
              .customer(prefix + "-late-cust")
              .customerSays(-0.5));
    }
    List<Ev> within = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // 20 hours behind: later than every channel's grace, within the allowed day
      Instant at = end.minus(Duration.ofHours(20)).plus(Duration.ofMinutes(5L * i));
      String contact = prefix + "-late-chat-" + i;
      String customer = history.distinct.get(i * 7).customerId;
      if (customer == null) {
        customer = prefix + "-late-cust-" + i;
      }
      within.add(
          Ev.of(Channel.CHAT, contact + "-s", contact, EventType.CONTACT_STARTED, at)
              .customer(customer));
      within.add(
          Ev.of(Channel.CHAT, contact + "-m", contact, EventType.MESSAGE, at.plusSeconds(30))
              .customer(customer)
              .customerSays(-0.4));
      within.add(
          Ev.of(Channel.CHAT, contact + "-e", contact, EventType.CONTACT_ENDED, at.plusSeconds(300))
              .customer(customer)
              .issue("billing"));
    }
    return new LateBatch(beyond, within);
  }

  /**
   * One run on its own app and topics: the history posted in batches of {@code batchSizes} (cycled
   * through), then the late batch once the history is processed.
   */
  private Outcome run(
      EmbeddedKafkaCluster kafka,
      String name,
      History history,
      LateBatch late,
      ReferenceModel expected,
      int... batchSizes)
      throws Exception {
    return run(kafka, name, PARTITIONS, history, late, expected, batchSizes);
  }

  private Outcome run(
      EmbeddedKafkaCluster kafka,
      String name,
      int partitions,
      History history,
      LateBatch late,
      ReferenceModel expected,
      int... batchSizes)
      throws Exception {
    Map<String, Object> props = TestApps.settings(kafka, registry, name, partitions);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-replay-").toString());
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT);
        Resolutions resolutions =
            new Resolutions(kafka, topics.name(JourneylineTopic.IDENTITY_RESOLUTION))) {
      JourneylineStreams app = pipeline.app();
      AdaptersServer adapters = pipeline.adapters();
      URI events = adapters.baseUri().resolve("/v1/events");
      URI identities = adapters.baseUri().resolve("/v1/identities");
      int i = 0;
      int b = 0;
      int l = 0;
      int n = history.posted.size();
      while (i < n) {
        int end = Math.min(i + batchSizes[b++ % batchSizes.length], n);
        // a CRM link due inside this batch splits it: it arrives at its point of the replay
        while (l < history.links.size() && history.links.get(l).afterPosted() <= end) {
          int at = Math.max(i, history.links.get(l).afterPosted());
          if (at > i) {
            post(events, history.posted.subList(i, at));
            i = at;
          }
          postLink(identities, resolutions, history.links.get(l++));
        }
        if (i < end) {
          post(events, history.posted.subList(i, end));
        }
        i = end;
      }
      while (l < history.links.size()) {
        postLink(identities, resolutions, history.links.get(l++));
      }
      // Once every input partition has passed the end of the history, the late batch
      ReferenceModel historyOnly =
          ReferenceModel.of(
              history.distinct,
              history.links,
              history.maxTime().toEpochMilli(),
              ReferenceModel.Settings.defaults());
      readContacts(topics, name + "-history", historyOnly.contacts);
      post(events, late.all());
      Map<String, ReferenceModel.Contact> contacts =
          readContacts(topics, name + "-contacts", expected.contacts);
      assertNoTwoContactsUnderOneKey(topics, name);
      long dead = countDeadLetters(topics, name, late.beyondAllowedLateness().size());
      Map<String, List<Long>> fcr =
          ReferenceModel.fcr(
              io.readUntil(
                  topics.name(JourneylineTopic.METRICS_FCR),
                  name + "-fcr",
                  WAIT,
                  (Map<MetricKey, FcrAggregate> m) -> ReferenceModel.fcr(m).equals(expected.fcr)));
      Map<String, List<Long>> sentiment =
          ReferenceModel.sentiment(
              io.readUntil(
                  topics.name(JourneylineTopic.METRICS_SENTIMENT),
                  name + "-sentiment",
                  WAIT,
                  (Map<MetricKey, SentimentAggregate> m) ->
                      ReferenceModel.sentiment(m).equals(expected.sentiment)));
      Map<String, List<Long>> repeat =
          ReferenceModel.repeat(
              io.readUntil(
                  topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
                  name + "-repeat",
                  WAIT,
                  (Map<MetricKey, RepeatContactAggregate> m) ->
                      ReferenceModel.repeat(m).equals(expected.repeat)));
      Map<String, List<Long>> service =
          ReferenceModel.service(
              io.readUntil(
                  topics.name(JourneylineTopic.METRICS_SERVICE),
                  name + "-service",
                  WAIT,
                  (Map<MetricKey, ServiceAggregate> m) ->
                      ReferenceModel.service(m).equals(expected.service)));
      assertThat(app.counters().snapshot().late())
          .as("events beyond the allowed lateness")
          .isEqualTo(late.beyondAllowedLateness().size());
      assertThat(app.counters().snapshot().lateApplied())
          .as("events later than grace, applied")
          .isEqualTo(late.withinAllowedLateness().size());
      return new Outcome(contacts, fcr, sentiment, repeat, service, dead);
    }
  }

  /**
   * Every record ever written to the compacted contacts topic, per key, is the same contact (its
   * channel and conversation key), whichever customer it belonged to at the time: ids never
   * collide, also when contacts move between customers.
   */
  private static void assertNoTwoContactsUnderOneKey(TopicCatalog topics, String name) {
    Map<Object, java.util.Set<String>> contactsPerKey = new LinkedHashMap<>();
    Map<Object, java.util.Set<String>> customersPerKey = new LinkedHashMap<>();
    for (var record :
        io.all(topics.name(JourneylineTopic.CONTACTS), name + "-all", Duration.ofSeconds(1))) {
      if (record.value() instanceof ContactSummary c) {
        contactsPerKey
            .computeIfAbsent(record.key(), k -> new java.util.TreeSet<>())
            .add(c.getChannel() + "/" + c.getConversationKey());
        customersPerKey
            .computeIfAbsent(record.key(), k -> new java.util.TreeSet<>())
            .add(c.getCustomerId());
      }
    }
    assertThat(contactsPerKey).isNotEmpty();
    contactsPerKey.forEach(
        (key, contacts) -> assertThat(contacts).as("contacts under key %s", key).hasSize(1));
    assertThat(customersPerKey.values().stream().filter(c -> c.size() > 1).count())
        .as("contacts that moved to another customer")
        .isPositive();
  }

  /**
   * The identity graph's answers, read as they come. A CRM link has no event time: it happens when
   * the graph applies it. To place a link at a point of the replay (before, between or after the
   * contacts it concerns), the replay goes on once the graph has applied it, as a CRM export that
   * arrives at that moment would be; otherwise a replay racing through weeks of event time per
   * second decides, by fetch timing, whether the contacts are still within the horizon.
   */
  private static final class Resolutions implements AutoCloseable {
    private final KafkaConsumer<Object, Object> consumer;
    private final Map<String, String> customers = new HashMap<>();

    Resolutions(EmbeddedKafkaCluster kafka, String topic) {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put("schema.registry.url", registry.url());
      config.put("specific.avro.reader", true);
      io.journeyline.serde.KafkaAvroDeserializer keys =
          new io.journeyline.serde.KafkaAvroDeserializer();
      keys.configure(config, true);
      io.journeyline.serde.KafkaAvroDeserializer values =
          new io.journeyline.serde.KafkaAvroDeserializer();
      values.configure(config, false);
      consumer = new KafkaConsumer<>(config, keys, values);
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    void await(String linkKey, String customerId) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!customerId.equals(customers.get(linkKey)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<Object, Object> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() instanceof ResolvedIdentifier resolved) {
            customers.put(String.valueOf(r.key()), resolved.getCustomerId());
          }
        }
      }
      assertThat(customers.get(linkKey))
          .as("the CRM link of %s applied", linkKey)
          .isEqualTo(customerId);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private void postLink(URI uri, Resolutions resolutions, History.Link link) throws Exception {
    postJson(
        uri, Map.of("type", link.type(), "value", link.value(), "customerId", link.customerId()));
    resolutions.await(link.type() + ":" + link.value(), link.customerId());
  }

  private void post(URI uri, List<Ev> batch) throws Exception {
    postJson(uri, batch.stream().map(Ev::toJson).toList());
  }

  /** Posts a JSON body to the adapters, which must accept it (202). */
  private void postJson(URI uri, Object json) throws Exception {
    String body = JSON.writeValueAsString(json);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static Map<String, ReferenceModel.Contact> readContacts(
      TopicCatalog topics, String group, Map<String, ReferenceModel.Contact> expected) {
    Map<String, ContactSummary> read =
        io.readUntil(
            topics.name(JourneylineTopic.CONTACTS),
            group,
            WAIT,
            (Map<String, ContactSummary> m) -> ReferenceModel.contacts(m).equals(expected));
    Map<String, ReferenceModel.Contact> contacts = ReferenceModel.contacts(read);
    assertThat(contacts).isEqualTo(expected);
    return contacts;
  }

  private static long countDeadLetters(TopicCatalog topics, String name, int expected) {
    return io.countUntil(
        topics.name(JourneylineTopic.DLQ), name + "-dlq", WAIT, n -> n >= expected, "late");
  }

  private static ReferenceModel expected(History history, LateBatch late) {
    List<Ev> applied = new ArrayList<>(history.distinct);
    applied.addAll(late.withinAllowedLateness());
    return ReferenceModel.of(
        applied,
        history.links,
        history.maxTime().toEpochMilli(),
        ReferenceModel.Settings.defaults());
  }

  @Test
  void shouldGiveTheSameContactsAndBucketsInBatchesOf100And1000AsOneAtATime(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    // Given two months of four-channel history
    History history = History.generate(2026L, START, 61, 260);
    assertThat(history.distinct).hasSizeGreaterThanOrEqualTo(2_000);
    assertThat(history.contactsGenerated).isGreaterThanOrEqualTo(300);
    assertThat(history.duplicates).isPositive();
    assertThat(history.reorders).isPositive();
    String prefix = TestNames.unique(info);
    LateBatch late = lateBatch(history, prefix);
    ReferenceModel expected = expected(history, late);
    long[] totals = expected.totals();
    assertThat(totals[2]).as("NOT_RESOLVED contacts").isPositive();
    assertThat(totals[5]).as("channel hops").isPositive();
    assertThat(history.links).as("CRM links posted during the replay").hasSizeGreaterThan(20);

    // When it is replayed one event at a time, twice in batches of 100, twice in batches of 1,000
    Map<String, int[]> runs = new LinkedHashMap<>();
    runs.put("one-at-a-time", new int[] {1});
    runs.put("batches-of-100-a", new int[] {100});
    runs.put("batches-of-100-b", new int[] {100});
    runs.put("batches-of-1000-a", new int[] {1_000});
    runs.put("batches-of-1000-b", new int[] {1_000});
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> run : runs.entrySet()) {
      String name = TestNames.unique(info, run.getKey());
      outcomes.put(run.getKey(), run(kafka, name, history, late, expected, run.getValue()));
    }

    // Then every run holds the reference's contacts and buckets, and the DLQ exactly the 7 events
    // beyond the allowed lateness
    Outcome reference =
        new Outcome(
            expected.contacts,
            expected.fcr,
            expected.sentiment,
            expected.repeat,
            expected.service,
            late.beyondAllowedLateness().size());
    for (Map.Entry<String, Outcome> outcome : outcomes.entrySet()) {
      assertThat(outcome.getValue()).as(outcome.getKey()).isEqualTo(reference);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7L, 42L})
  void shouldMatchTheReferenceForRandomBatchSizesSpanningDays(
      long seed, EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    // Given three weeks of history, posted in batches of random sizes from 1 to 1,000 (a batch of
    // a few hundred spans days)
    History history = History.generate(seed, START.plus(Duration.ofDays(30)), 21, 60);
    SplittableRandom random = new SplittableRandom(seed);
    int[] sizes = new int[20];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + random.nextInt(random.nextBoolean() ? 1_000 : 50);
    }
    String prefix = TestNames.unique(info, "p" + seed);
    LateBatch late = lateBatch(history, prefix);
    ReferenceModel expected = expected(history, late);

    // Then the run equals the reference, on three partitions and on one
    for (int partitions : new int[] {PARTITIONS, 1}) {
      Outcome outcome =
          run(kafka, prefix + "-" + partitions, partitions, history, late, expected, sizes);
      assertThat(outcome.contacts()).as("%d partitions", partitions).isEqualTo(expected.contacts);
      assertThat(outcome.fcr()).isEqualTo(expected.fcr);
      assertThat(outcome.sentiment()).isEqualTo(expected.sentiment);
      assertThat(outcome.repeat()).isEqualTo(expected.repeat);
      assertThat(outcome.service()).isEqualTo(expected.service);
      assertThat(outcome.deadLetters()).isEqualTo(late.beyondAllowedLateness().size());
    }
  }
}

package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Dimension;
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
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import io.journeyline.topology.TopologyNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two app instances (one consumer group, four partitions, one standby replica) on the in-process
 * broker, each with its query API: every query answers identically from either instance, also for
 * keys the other owns; a metric query equals the metric topic's records (the sum over partitions);
 * when one instance stops, the other takes over and answers the same after the rebalance, with only
 * 200 or 503 meanwhile.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(EmbeddedKafkaExtension.class)
class QueryMultiInstanceIT {

  /**
   * A UTC day 40 days before today: the app keeps contacts for the history retention (395 days) by
   * its wall clock, so the events must be that recent.
   */
  static final Instant DAY_0 =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(40));

  static final Instant T0 = DAY_0.plus(Duration.ofHours(9));
  static final Instant DAY_2 = DAY_0.plus(Duration.ofDays(2));
  static final int PARTITIONS = 4;

  static final Duration WAIT = Duration.ofSeconds(120);
  static final int CUSTOMERS = 12;
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startRegistry(EmbeddedKafkaCluster kafka) {
    registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
    io = new AvroTopics(kafka, registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  /** One instance: its query API, then Kafka Streams with application.server set to it. */
  record Instance(QueryServer query, JourneylineStreams app) implements AutoCloseable {
    URI uri(String path) {
      return URI.create(query.baseUri() + path);
    }

    /** Stops the instance (Kafka Streams leaves the group); closing again is harmless. */
    void stop() {
      app.close(Duration.ofSeconds(30));
      query.close();
    }

    @Override
    public void close() {
      stop();
    }
  }

  private static Map<String, Object> settings(EmbeddedKafkaCluster kafka, String name)
      throws Exception {
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-query-it-").toString());
    props.put(StreamsAppConfig.STANDBY_REPLICAS_CONFIG, 1);
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
    props.put("journeyline.kafka.acceptable.recovery.lag", 10_000L);
    return props;
  }

  private static Instance start(EmbeddedKafkaCluster kafka, String name) throws Exception {
    StreamsAppConfig config = new StreamsAppConfig(settings(kafka, name));
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    QueryServer query =
        QueryServer.start(
            config,
            serdes.key().serializer(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    JourneylineStreams app =
        JourneylineStreams.start(config.withApplicationServer(query.applicationServer()), serdes);
    query.attach(app);
    return new Instance(query, app);
  }

  private static CustomerRef customer(int i) {
    return CustomerRef.newBuilder()
        .setCustomerId("cust-" + i)
        .setPhone("+1415555" + String.format("%04d", i))
        .build();
  }

  /** Per customer: a chat about billing, then two days later a call about billing. */
  private static List<ProducerRecord<Object, Object>> events(TopicCatalog topics) {
    String chat = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    String voice = topics.name(JourneylineTopic.INTERACTIONS_VOICE);
    List<ProducerRecord<Object, Object>> out = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      Instant start = T0.plusSeconds(60L * i);
      out.add(
          AvroTopics.record(
              chat,
              "chat-" + i,
              ChatEvent.newBuilder()
                  .setEventId("c-start-" + i)
                  .setOccurredAt(start)
                  .setType(EventType.CONTACT_STARTED)
                  .setContactId("chat-" + i)
                  .setCustomer(customer(i))
                  .setQueue(i % 2 == 0 ? "billing-q" : "general-q")
                  .build()));
      out.add(
          AvroTopics.record(
              chat,
              "chat-" + i,
              ChatEvent.newBuilder()
                  .setEventId("c-end-" + i)
                  .setOccurredAt(start.plusSeconds(300))
                  .setType(EventType.CONTACT_ENDED)
                  .setContactId("chat-" + i)
                  .setCustomer(customer(i))
                  .setIssue("billing")
                  .build()));
      Instant call = start.plus(Duration.ofDays(2));
      out.add(
          AvroTopics.record(
              voice,
              "call-" + i,
              VoiceEvent.newBuilder()
                  .setEventId("v-start-" + i)
                  .setOccurredAt(call)
                  .setType(EventType.CONTACT_STARTED)
                  .setContactId("call-" + i)
                  .setCustomer(customer(i))
                  .setIssue("billing")
                  .build()));
      out.add(
          AvroTopics.record(
              voice,
              "call-" + i,
              VoiceEvent.newBuilder()
                  .setEventId("v-end-" + i)
                  .setOccurredAt(call.plusSeconds(600))
                  .setType(EventType.CONTACT_ENDED)
                  .setContactId("call-" + i)
                  .setCustomer(customer(i))
                  .build()));
    }
    return out;
  }

  /** [contacts, resolved, notResolved] of the by-channel 1-day buckets, keyed "start|channel". */
  private static Map<String, List<Long>> channelDays(Map<MetricKey, FcrAggregate> topic) {
    Map<String, List<Long>> out = new TreeMap<>();
    topic.values().stream()
        .filter(f -> f.getDimension() == Dimension.CHANNEL && f.getWindow().equals("1d"))
        .forEach(
            f ->
                out.put(
                    f.getWindowStart() + "|" + f.getKey(),
                    List.of(f.getContacts(), f.getResolved(), f.getNotResolved())));
    return out;
  }

  private HttpResponse<String> get(Instance instance, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(instance.uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(Instance instance, String path) throws Exception {
    HttpResponse<String> r = get(instance, path);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private List<String> paths() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      paths.add("/v1/customers/cust-" + i + "/journey");
      paths.add("/v1/contacts/chat-" + i);
      paths.add("/v1/contacts/call-" + i);
      paths.add("/v1/identities/" + "%2B1415555" + String.format("%04d", i));
    }
    paths.add("/v1/metrics/fcr?by=channel&window=1d");
    paths.add("/v1/metrics/fcr?window=1d&from=" + DAY_0 + "&to=" + DAY_0.plus(Duration.ofDays(3)));
    paths.add("/v1/metrics/repeat-contacts?by=queue&window=1h");
    paths.add("/v1/metrics/sentiment?by=all&window=1d");
    return paths;
  }

  @Test
  void shouldAnswerEveryQueryIdenticallyFromEitherInstanceAndTakeOverWhenOneStops(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    TopicCatalog topics = new StreamsAppConfig(settings(kafka, name)).topicCatalog();
    try (Instance a = start(kafka, name);
        Instance b = start(kafka, name)) {
      Await.until(
          WAIT,
          "both instances ready",
          () -> status(a, "/health/ready") == 200 && status(b, "/health/ready") == 200);
      // Given every customer's chat and, two days later, call about billing, written at once and
      // followed by a heartbeat round that moves every input partition twelve days on
      io.produce(events(topics));
      io.heartbeatRound(topics, PARTITIONS, T0.plus(Duration.ofDays(12)));

      // Then every contact is final on the contacts topic
      Map<String, ContactSummary> contacts =
          io.latest(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) ->
                  m.size() == 2 * CUSTOMERS
                      && m.values().stream().noneMatch(c -> c.getFcr() == FcrStatus.PENDING));
      // And the FCR topic holds the hand-computed counts per channel and day:
      // [contacts, resolved, notResolved] = chats [12, 0, 12], calls [12, 12, 0]
      Map<String, List<Long>> expected =
          Map.of(
              DAY_0 + "|CHAT", List.of((long) CUSTOMERS, 0L, (long) CUSTOMERS),
              DAY_2 + "|VOICE", List.of((long) CUSTOMERS, (long) CUSTOMERS, 0L));
      io.latest(
          topics.name(JourneylineTopic.METRICS_FCR),
          name + "-fcr",
          WAIT,
          (Map<MetricKey, FcrAggregate> m) -> expected.equals(channelDays(m)));
      Await.until(
          WAIT,
          "the query API to see every final status",
          () ->
              answered(a, "/v1/metrics/fcr?by=all&window=1d")
                  .path("buckets")
                  .findValues("pending")
                  .stream()
                  .allMatch(n -> n.asLong() == 0));

      // Then the keys are spread over both instances
      Set<Integer> owners = new HashSet<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        KeyQueryMetadata md =
            a.app()
                .kafkaStreams()
                .queryMetadataForKey(
                    TopologyNames.JOURNEY_STORE, "cust-" + i, new StringSerializer());
        owners.add(md.activeHost().port());
      }
      assertThat(owners).containsExactlyInAnyOrder(a.query().port(), b.query().port());

      // And both instances answer every query identically
      Map<String, String> answers = new TreeMap<>();
      for (String path : paths()) {
        JsonNode fromA = ok(a, path);
        JsonNode fromB = ok(b, path);
        assertThat(fromB).as(path).isEqualTo(fromA);
        answers.put(path, fromA.toString());
      }

      // And a contact equals its journeyline.contacts record
      for (ContactSummary c : contacts.values()) {
        JsonNode answer = ok(b, "/v1/contacts/" + c.getContactId());
        assertThat(answer.path("fcr").asText()).isEqualTo(c.getFcr().name());
        assertThat(answer.path("customerId").asText()).isEqualTo(c.getCustomerId());
        assertThat(answer.path("repeatOf").isNull() ? null : answer.path("repeatOf").asText())
            .isEqualTo(c.getRepeatOf());
        assertThat(answer.path("channelHop").asBoolean()).isEqualTo(c.getChannelHop());
        assertThat(answer.path("revision").asLong()).isEqualTo(c.getRevision());
        assertThat(answer.path("startedAt").asText()).isEqualTo(c.getStartedAt().toString());
        assertThat(answer.path("endedAt").asText()).isEqualTo(c.getEndedAt().toString());
      }
      assertThat(ok(a, "/v1/contacts/chat-3").path("fcr").asText()).isEqualTo("NOT_RESOLVED");
      assertThat(ok(a, "/v1/contacts/call-3").path("repeatOf").asText()).isEqualTo("chat-3");

      // And a metric query equals the metric topic: the sum over all partitions
      Map<String, List<Long>> actual = new TreeMap<>();
      for (JsonNode bucket : ok(a, "/v1/metrics/fcr?by=channel&window=1d").path("buckets")) {
        actual.put(
            bucket.path("start").asText() + "|" + bucket.path("key").asText(),
            List.of(
                bucket.path("contacts").asLong(),
                bucket.path("resolved").asLong(),
                bucket.path("notResolved").asLong()));
      }
      assertThat(actual).isEqualTo(expected);
      JsonNode all = ok(a, "/v1/metrics/fcr?by=all&window=1d");
      assertThat(
              all.path("buckets").findValues("notResolved").stream()
                  .mapToLong(JsonNode::asLong)
                  .sum())
          .isEqualTo(CUSTOMERS);

      // When instance b stops, a takes over: only 200 or 503 meanwhile, then the same answers
      b.stop();
      List<Integer> statuses = new ArrayList<>();
      Await.until(
          WAIT,
          "instance a to answer everything alone",
          () -> {
            for (Map.Entry<String, String> e : answers.entrySet()) {
              HttpResponse<String> r = response(a, e.getKey());
              if (r == null) {
                return false;
              }
              statuses.add(r.statusCode());
              if (r.statusCode() == 503) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                return false;
              }
              if (r.statusCode() != 200 || !tree(r.body()).toString().equals(e.getValue())) {
                return false;
              }
            }
            return true;
          });
      assertThat(statuses).allMatch(s -> s == 200 || s == 503);
    }
  }

  private HttpResponse<String> response(Instance instance, String path) {
    try {
      return get(instance, path);
    } catch (Exception e) {
      return null;
    }
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }

  private int status(Instance instance, String path) {
    try {
      return get(instance, path).statusCode();
    } catch (Exception e) {
      return 0;
    }
  }

  private JsonNode answered(Instance instance, String path) {
    try {
      HttpResponse<String> r = get(instance, path);
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/surveys} on a real port against the in-process broker: a batch is one transaction
 * of SurveyResponse records on journeyline.surveys keyed by contactId (read back read_committed),
 * the comment redacted; a surveyId retried in a later request is published again (dedup is the
 * streams app's); a batch with one bad item is refused whole with a problem document naming each
 * item and field, and nothing of it is written; the {@code surveys} scope; 503 when Kafka cannot
 * take it.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class SurveyIngestIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A survey platform's key, a chat platform's key, an unrestricted one. */
  private static final Map<String, String> AUTH =
      Map.of(AdaptersConfig.API_KEYS_CONFIG, "survey-key:surveys, chat-key:events, admin-key");

  private static final Instant RESPONDED =
      Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

  private static Map<String, String> key(String key) {
    return Map.of("X-API-Key", key);
  }

  private static String topicPrefix(TestInfo test) {
    return "survey-it-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
  }

  private static ObjectNode survey(String surveyId, String contactId, Consumer<ObjectNode> more) {
    ObjectNode s = NODES.objectNode();
    s.put("surveyId", surveyId);
    s.put("contactId", contactId);
    s.put("respondedAt", RESPONDED.toString());
    more.accept(s);
    return s;
  }

  private static byte[] batch(ObjectNode... surveys) {
    ArrayNode array = NODES.arrayNode();
    for (ObjectNode s : surveys) {
      array.add(s);
    }
    return array.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Harness.Answer post(AdaptersServer server, byte[] body, String apiKey)
      throws Exception {
    return Harness.post(server, "/v1/surveys", "application/json", body, key(apiKey));
  }

  private static List<Harness.Read> surveys(
      EmbeddedKafkaCluster kafka,
      EmbeddedSchemaRegistry registry,
      TopicCatalog topics,
      boolean committed) {
    return Harness.readAll(
        kafka, registry.url(), List.of(topics.name(JourneylineTopic.SURVEYS)), committed);
  }

  private static double count(MeterRegistry meters, String name, String... tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldPublishABatchKeyedByContactWithTheCommentRedactedAndARetryAgain(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 3);
    MeterRegistry meters = new SimpleMeterRegistry();
    try (AdaptersServer server =
        Harness.start(kafka, registry.url(), topics, AUTH, meters, Clock.systemUTC())) {
      // Given a batch: a full response about a conversation key, an NPS-only response about a
      // Journeyline contact id, a resolved-only one
      String journeylineContact = "voice-7@2026-11-20T12:00:00Z";
      byte[] first =
          batch(
              survey(
                  "qx-1",
                  "chat-1",
                  s -> {
                    s.putObject("customer")
                        .put("customerId", "C-1")
                        .put("phone", "(415) 867-5309")
                        .put("email", "Ana.Silva@Example.COM");
                    s.put("channel", "CHAT");
                    s.put("csat", 2);
                    s.put("ces", 6);
                    s.put("resolved", false);
                    s.put(
                        "comment",
                        "Charged twice on 4111 1111 1111 1111, write to ana.silva@example.com"
                            + " or call +1 415 867 5309");
                  }),
              survey("qx-2", journeylineContact, s -> s.put("nps", 9)),
              survey("qx-3", "sms-3", s -> s.put("resolved", true)));

      // When it is posted, and later the platform retries qx-2 in a request of its own
      Harness.Answer answer = post(server, first, "survey-key");
      Harness.Answer retry =
          post(
              server, batch(survey("qx-2", journeylineContact, s -> s.put("nps", 9))), "admin-key");

      // Then both are 202 with the surveyIds, after the commit
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
      assertThat(answer.contentType()).isEqualTo("application/json");
      assertThat(answer.body())
          .isEqualTo("{\"accepted\":3,\"surveyIds\":[\"qx-1\",\"qx-2\",\"qx-3\"]}");
      assertThat(retry.status()).as(retry.body()).isEqualTo(202);
      assertThat(retry.body()).isEqualTo("{\"accepted\":1,\"surveyIds\":[\"qx-2\"]}");

      // And the committed records are SurveyResponses keyed by contactId, qx-2 twice
      List<Harness.Read> records = surveys(kafka, registry, topics, true);
      assertThat(records)
          .extracting(r -> ((SurveyResponse) r.value()).getSurveyId())
          .containsExactlyInAnyOrder("qx-1", "qx-2", "qx-3", "qx-2");
      for (Harness.Read r : records) {
        assertThat(r.key()).isEqualTo(((SurveyResponse) r.value()).getContactId());
      }
      assertThat(records)
          .filteredOn(r -> r.key().equals(journeylineContact))
          .hasSize(2)
          .extracting(Harness.Read::partition)
          .containsOnly(
              records.stream()
                  .filter(r -> r.key().equals(journeylineContact))
                  .findFirst()
                  .orElseThrow()
                  .partition());

      SurveyResponse full =
          records.stream()
              .map(r -> (SurveyResponse) r.value())
              .filter(s -> s.getSurveyId().equals("qx-1"))
              .findFirst()
              .orElseThrow();
      assertThat(full.getContactId()).isEqualTo("chat-1");
      assertThat(full.getRespondedAt()).isEqualTo(RESPONDED);
      assertThat(full.getCustomer().getCustomerId()).isEqualTo("C-1");
      assertThat(full.getCustomer().getPhone()).isEqualTo("+14158675309");
      assertThat(full.getCustomer().getEmail()).isEqualTo("ana.silva@example.com");
      assertThat(full.getChannel()).isEqualTo(Channel.CHAT);
      assertThat(full.getCsat()).isEqualTo(2);
      assertThat(full.getNps()).isNull();
      assertThat(full.getCes()).isEqualTo(6);
      assertThat(full.getResolved()).isFalse();
      assertThat(full.getComment())
          .isEqualTo("Charged twice on [PAN], write to [EMAIL] or call [PHONE]");

      SurveyResponse npsOnly =
          records.stream()
              .map(r -> (SurveyResponse) r.value())
              .filter(s -> s.getSurveyId().equals("qx-2"))
              .findFirst()
              .orElseThrow();
      assertThat(npsOnly.getNps()).isEqualTo(9);
      assertThat(npsOnly.getCustomer()).isNull();
      assertThat(npsOnly.getChannel()).isNull();
      assertThat(npsOnly.getComment()).isNull();
      assertThat(npsOnly.getCsat()).isNull();
      assertThat(npsOnly.getResolved()).isNull();

      // Nothing went to the interaction topics (but heartbeats, if any); no secret reached the
      // surveys topic's bytes
      assertThat(
              Harness.readAll(
                  kafka,
                  registry.url(),
                  JourneylineTopic.interactionTopics().stream().map(topics::name).toList()))
          .filteredOn(r -> !(r.value() instanceof Heartbeat))
          .isEmpty();
      for (Harness.Read r : records) {
        String bytes = new String(r.rawValue(), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("4111").doesNotContain("867 5309");
      }

      // And the metrics count them as the events endpoint's are counted
      assertThat(
              count(
                  meters, "journeyline.adapters.requests", "endpoint", "surveys", "status", "202"))
          .isEqualTo(2);
      assertThat(
              count(
                  meters,
                  "journeyline.adapters.records.published",
                  "topic",
                  topics.name(JourneylineTopic.SURVEYS)))
          .isEqualTo(4);
    }
  }

  @Test
  void shouldRefuseABadBatchWholeWithAProblemDocumentNamingEachItemAndField(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 1);
    MeterRegistry meters = new SimpleMeterRegistry();
    try (AdaptersServer server =
        Harness.start(kafka, registry.url(), topics, AUTH, meters, Clock.systemUTC())) {
      // Given a batch whose first item is valid and whose others are not
      byte[] body =
          batch(
              survey("ok-1", "chat-1", s -> s.put("csat", 5)),
              survey(
                  "bad-2",
                  "chat-2",
                  s -> {
                    s.put("csat", 6);
                    s.put("nps", 11);
                    s.put("channel", "FAX");
                    s.putObject("customer").put("email", "ana@");
                  }),
              survey("bad-3", "chat-3", s -> s.put("comment", "no answers at all")),
              survey(
                  "bad-4",
                  "chat-4",
                  s -> {
                    s.put("ces", 3);
                    s.put("respondedAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
                  }));

      Harness.Answer answer = post(server, body, "survey-key");

      // Then 400 with a problem document naming every item and field
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      JsonNode problem = CanonicalJson.MAPPER.readTree(answer.body());
      assertThat(problem.get("type").asText()).endsWith("/validation");
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("detail").asText())
          .contains("nothing from this request was published");
      assertThat(problem.get("errors"))
          .extracting(e -> e.get("index").asInt() + ":" + e.get("field").asText())
          .containsExactly(
              "1:customer.email", "1:channel", "1:csat", "1:nps", "2:", "3:respondedAt");
      assertThat(problem.get("errors").get(2).get("message").asText())
          .isEqualTo("must be an integer from 1 to 5");
      assertThat(problem.get("errors").get(4).get("message").asText())
          .isEqualTo("must carry at least one of csat, nps, ces, resolved");
      assertThat(answer.body()).doesNotContain("ana@").doesNotContain("FAX");

      // And nothing of the batch was written at all, not even the valid item (read_uncommitted)
      assertThat(surveys(kafka, registry, topics, false)).isEmpty();
      assertThat(
              count(
                  meters,
                  "journeyline.adapters.rejected",
                  "endpoint",
                  "surveys",
                  "reason",
                  "validation"))
          .isEqualTo(1);
      assertThat(
              count(
                  meters, "journeyline.adapters.requests", "endpoint", "surveys", "status", "400"))
          .isEqualTo(1);

      // And a malformed body and an empty array are refused as on /v1/events
      Harness.Answer malformed =
          post(server, "[{\"surveyId\":".getBytes(StandardCharsets.UTF_8), "survey-key");
      Harness.Answer empty = post(server, "[]".getBytes(StandardCharsets.UTF_8), "survey-key");
      Harness.Answer form =
          Harness.post(
              server,
              "/v1/surveys",
              "application/x-www-form-urlencoded",
              "csat=5".getBytes(StandardCharsets.UTF_8),
              key("survey-key"));
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body()).contains("/malformed");
      assertThat(empty.status()).isEqualTo(400);
      assertThat(form.status()).isEqualTo(415);
      assertThat(surveys(kafka, registry, topics, false)).isEmpty();
    }
  }

  @Test
  void shouldScopeSurveysApartFromEvents(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 1);
    try (AdaptersServer server =
        Harness.start(
            kafka, registry.url(), topics, AUTH, new SimpleMeterRegistry(), Clock.systemUTC())) {
      byte[] body = batch(survey("qx-1", "chat-1", s -> s.put("csat", 4)));
      byte[] event =
          ("{\"eventId\":\"e-1\",\"occurredAt\":\""
                  + RESPONDED
                  + "\",\"channel\":\"CHAT\",\"type\":\"MESSAGE\",\"contactId\":\"chat-1\","
                  + "\"customer\":{\"customerId\":\"C-1\"}}")
              .getBytes(StandardCharsets.UTF_8);

      Harness.Answer chatKey = post(server, body, "chat-key");
      Harness.Answer noKey =
          Harness.post(server, "/v1/surveys", "application/json", body, Map.of());
      Harness.Answer surveyKeyOnEvents =
          Harness.post(server, "/v1/events", "application/json", event, key("survey-key"));
      Harness.Answer get = Harness.send(server, "GET", "/v1/surveys", key("admin-key"));

      assertThat(chatKey.status()).isEqualTo(403);
      assertThat(chatKey.contentType()).isEqualTo("application/problem+json");
      assertThat(chatKey.body()).contains("surveys");
      assertThat(noKey.status()).isEqualTo(401);
      assertThat(surveyKeyOnEvents.status()).isEqualTo(403);
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.raw().headers().firstValue("Allow")).hasValue("POST");
      assertThat(surveys(kafka, registry, topics, false)).isEmpty();
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenKafkaCannotTakeTheBatch(EmbeddedSchemaRegistry registry)
      throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    MeterRegistry meters = new SimpleMeterRegistry();
    try (AdaptersServer server =
        AdaptersServer.builder(
                new AdaptersConfig(
                    Map.of(
                        AdaptersConfig.API_KEYS_CONFIG, "survey-key:surveys",
                        AdaptersConfig.PORT_CONFIG, "0",
                        AdaptersConfig.HOST_CONFIG, "127.0.0.1",
                        AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0",
                        AdaptersConfig.PUBLISH_TIMEOUT_CONFIG, "1s",
                        AdaptersConfig.RETRY_AFTER_CONFIG, "7s")))
            .kafka(Map.of("bootstrap.servers", "127.0.0.1:" + closed))
            .serdeConfig(Map.of("schema.registry.url", registry.url()))
            .meterRegistry(meters)
            .start()) {

      Harness.Answer answer =
          post(server, batch(survey("qx-1", "chat-1", s -> s.put("csat", 4))), "survey-key");

      assertThat(answer.status()).as(answer.body()).isEqualTo(503);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      assertThat(answer.raw().headers().firstValue("Retry-After")).hasValue("7");
      assertThat(
              count(
                  meters,
                  "journeyline.adapters.rejected",
                  "endpoint",
                  "surveys",
                  "reason",
                  "unavailable"))
          .isEqualTo(1);
    }
  }
}

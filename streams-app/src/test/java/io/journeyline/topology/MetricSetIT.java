package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.EventType;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service and survey metrics end to end on the in-process broker, with three partitions and the
 * default settings: events and a survey answer posted to the adapters' HTTP API in one batch each,
 * the answer before the contacts it is about have reached the contact history, read back from
 * {@code journeyline.metrics.service}, {@code journeyline.metrics.surveys} and {@code
 * journeyline.alerts} with hand-computed values.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(EmbeddedKafkaExtension.class)
class MetricSetIT {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  private void post(URI uri, Object json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  @Test
  void shouldPublishServiceAndSurveyMetricsAndAlertsFromPostedEventsAndSurveys(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-metric-set-it-").toString());
    props.put(StreamsAppConfig.QUERY_ENABLED_CONFIG, false);
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    Instant t = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    Instant day = t.truncatedTo(ChronoUnit.DAYS);

    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT)) {
      URI api = pipeline.adapters().baseUri();
      // the survey first: it waits for its contact
      post(
          api.resolve("/v1/surveys"),
          List.of(
              Map.of(
                  "surveyId",
                  "sv-1",
                  "contactId",
                  "call-1",
                  "respondedAt",
                  t.plus(Duration.ofMinutes(30)).toString(),
                  "csat",
                  4,
                  "nps",
                  9,
                  "ces",
                  2)));
      // call-1: answered after 15 s, ended at 10 min, wrap-up at 12 min (handle 705 s); chat-1
      // abandoned after 60 s; chat-2: the customer waits 60 s for an agent (target 30 s)
      post(
          api.resolve("/v1/events"),
          List.of(
                  Ev.of(Channel.VOICE, "c1-s", "call-1", EventType.CONTACT_STARTED, t)
                      .phone("+14155550101"),
                  Ev.of(Channel.VOICE, "c1-a", "call-1", EventType.ANSWERED, t.plusSeconds(15))
                      .phone("+14155550101")
                      .agent("a1"),
                  Ev.of(
                          Channel.VOICE,
                          "c1-e",
                          "call-1",
                          EventType.CONTACT_ENDED,
                          t.plusSeconds(600))
                      .phone("+14155550101"),
                  Ev.of(
                          Channel.VOICE,
                          "c1-w",
                          "call-1",
                          EventType.CONTACT_ENDED,
                          t.plusSeconds(720))
                      .phone("+14155550101")
                      .agent("a1")
                      .issue("billing"),
                  Ev.of(
                          Channel.CHAT,
                          "h1-s",
                          "chat-1",
                          EventType.CONTACT_STARTED,
                          t.plusSeconds(60))
                      .chatUser("u-2"),
                  Ev.of(Channel.CHAT, "h1-x", "chat-1", EventType.ABANDONED, t.plusSeconds(120))
                      .chatUser("u-2"),
                  Ev.of(
                          Channel.CHAT,
                          "h2-s",
                          "chat-2",
                          EventType.CONTACT_STARTED,
                          t.plusSeconds(900))
                      .chatUser("u-3"),
                  Ev.of(Channel.CHAT, "h2-c", "chat-2", EventType.MESSAGE, t.plusSeconds(905))
                      .chatUser("u-3")
                      .customerText("Hello, is anyone there?"),
                  Ev.of(Channel.CHAT, "h2-g", "chat-2", EventType.MESSAGE, t.plusSeconds(965))
                      .chatUser("u-3")
                      .agent("a2")
                      .agentSays("Sorry for the wait"))
              .stream()
              .map(Ev::toJson)
              .toList());

      MetricKey dayAll =
          MetricKey.newBuilder()
              .setDimension(Dimension.ALL)
              .setKey("all")
              .setWindow("1d")
              .setWindowStart(day)
              .build();
      Map<MetricKey, ServiceAggregate> service =
          io.readUntil(
              topics.name(JourneylineTopic.METRICS_SERVICE),
              name + "-service",
              WAIT,
              (Map<MetricKey, ServiceAggregate> m) ->
                  m.get(dayAll) != null
                      && m.get(dayAll).getOffered() == 3
                      && m.get(dayAll).getHandleSumMs() == 705_000L
                      && m.get(dayAll).getTargetBreaches() == 1);
      ServiceAggregate s = service.get(dayAll);
      // offered: call-1, chat-1 (abandoned after 60 s), chat-2 (answered by the agent's message
      // after 65 s); within 20 s: call-1 only
      assertThat(
              List.of(
                  s.getOffered(),
                  s.getAnswered(),
                  s.getAnsweredWithinThreshold(),
                  s.getAbandoned(),
                  s.getShortAbandons(),
                  s.getWaitSumMs(),
                  s.getHandled(),
                  s.getHandleSumMs()))
          .containsExactly(3L, 2L, 1L, 1L, 0L, 80_000L, 1L, 705_000L);
      assertThat(s.getServiceLevel()).isEqualTo(1 / 3.0);
      // targeted: call-1 (voice) and chat-2 (a customer message); chat-2 answered after 60 s
      assertThat(List.of(s.getTargetContacts(), s.getTargetBreaches())).containsExactly(2L, 1L);

      Map<MetricKey, SurveyAggregate> surveys =
          io.readUntil(
              topics.name(JourneylineTopic.METRICS_SURVEYS),
              name + "-surveys",
              WAIT,
              (Map<MetricKey, SurveyAggregate> m) ->
                  m.get(dayAll) != null && m.get(dayAll).getCsatResponses() == 1);
      SurveyAggregate a = surveys.get(dayAll);
      assertThat(List.of(a.getCsatSatisfied(), a.getPromoters(), a.getCesSum()))
          .containsExactly(1L, 1L, 2L);
      assertThat(a.getCsat()).isEqualTo(1.0);
      assertThat(a.getNps()).isEqualTo(100.0);

      // chat-2's breach happened while it was open: one alert
      List<Alert> alerts =
          io
              .<String, Alert>readUntil(
                  topics.name(JourneylineTopic.ALERTS),
                  name + "-alerts",
                  WAIT,
                  m -> m.containsKey("prov:CHAT_USER:u-3"))
              .values()
              .stream()
              .toList();
      assertThat(alerts)
          .extracting(Alert::getType, Alert::getContactId)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(AlertType.RESPONSE_TARGET_BREACH, "chat-2"));
    }
  }
}

package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrStatus;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/contacts/{id}} answers from the contact history, on the in-process broker with
 * three partitions and the default settings (journey horizon 30 days, history retention 395 days):
 * a contact that left its customer's journey long ago is still answered, one whose last activity is
 * beyond the retention (by the real wall clock, a replay) answers 404 and is tombstoned on {@code
 * journeyline.contacts}. A contact that ages past the retention while kept is covered with the
 * driver's wall clock in {@code ContactHistoryTest}: on a real clock it would make this test wait
 * for the boundary, with a margin that depends on how fast the machine is.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(EmbeddedKafkaExtension.class)
class ContactHistoryIT {

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

  /** A chat from {@code start} to ten minutes later, about billing, as the platform sends it. */
  private static List<ProducerRecord<Object, Object>> chat(
      TopicCatalog topics, String contactId, String customerId, Instant start) {
    String topic = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    CustomerRef customer = CustomerRef.newBuilder().setCustomerId(customerId).build();
    return List.of(
        AvroTopics.record(
            topic,
            contactId,
            ChatEvent.newBuilder()
                .setEventId(contactId + "-start")
                .setOccurredAt(start)
                .setType(EventType.CONTACT_STARTED)
                .setContactId(contactId)
                .setCustomer(customer)
                .build()),
        AvroTopics.record(
            topic,
            contactId,
            ChatEvent.newBuilder()
                .setEventId(contactId + "-end")
                .setOccurredAt(start.plus(Duration.ofMinutes(10)))
                .setType(EventType.CONTACT_ENDED)
                .setContactId(contactId)
                .setCustomer(customer)
                .setIssue("billing")
                .build()));
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int status(URI base, String path) {
    try {
      return get(base, path).statusCode();
    } catch (Exception e) {
      return 0;
    }
  }

  private JsonNode answered(URI base, String path) {
    try {
      HttpResponse<String> r = get(base, path);
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  @Test
  void shouldAnswerAContactPastTheJourneyHorizonAndForgetOnesPastTheRetention(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-history-it-").toString());
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    // The app judges the retention by its wall clock, so the contacts are placed relative to it
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant twoMonthsAgo = now.minus(Duration.ofDays(60));
    Instant replayed = now.minus(Duration.ofDays(400));

    try (QueryServer query =
            QueryServer.start(
                config,
                serdes.key().serializer(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JourneylineStreams app =
            JourneylineStreams.start(
                config.withApplicationServer(query.applicationServer()), serdes)) {
      query.attach(app);
      URI api = query.baseUri();
      Await.until(WAIT, "the app ready", () -> status(api, "/health/ready") == 200);

      // Given a replayed chat 400 days old and one two months old (oldest first, as a replay sends
      // them), then a heartbeat round that moves every input partition to now
      List<ProducerRecord<Object, Object>> records = new ArrayList<>();
      records.addAll(chat(topics, "chat-replayed", "cust-r", replayed));
      records.addAll(chat(topics, "chat-past-horizon", "cust-p", twoMonthsAgo));
      io.produce(records);
      io.heartbeatRound(topics, PARTITIONS, now);

      // Then the two-months-old chat is final on journeyline.contacts, and the replayed one was
      // tombstoned there
      String contactsTopic = topics.name(JourneylineTopic.CONTACTS);
      Map<String, ContactSummary> contacts =
          io.latest(
              contactsTopic,
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) ->
                  m.get("chat-past-horizon") != null
                      && m.get("chat-past-horizon").getFcr() == FcrStatus.RESOLVED
                      && m.containsKey("chat-replayed")
                      && m.get("chat-replayed") == null);
      ContactSummary pastHorizon = contacts.get("chat-past-horizon");

      // And the journey stage has forgotten its customer (the contact ended 60 days before the
      // watermark, beyond the 30-day horizon)
      Await.until(
          WAIT,
          "the journey of cust-p to leave the journey state",
          () -> status(api, "/v1/customers/cust-p/journey") == 404);

      // But GET /v1/contacts answers the contact: its latest journeyline.contacts record
      JsonNode answer =
          Await.until(
              WAIT,
              "the contact history to answer chat-past-horizon as RESOLVED",
              () -> answered(api, "/v1/contacts/chat-past-horizon"),
              n -> "RESOLVED".equals(n.path("fcr").asText()));
      assertThat(answer.path("contactId").asText()).isEqualTo("chat-past-horizon");
      assertThat(answer.path("customerId").asText()).isEqualTo("cust-p");
      assertThat(answer.path("channel").asText()).isEqualTo("CHAT");
      assertThat(answer.path("issue").asText()).isEqualTo("billing");
      assertThat(answer.path("startedAt").asText()).isEqualTo(twoMonthsAgo.toString());
      assertThat(answer.path("endedAt").asText())
          .isEqualTo(twoMonthsAgo.plus(Duration.ofMinutes(10)).toString());
      assertThat(answer.path("revision").asLong()).isEqualTo(pastHorizon.getRevision());

      // And the replayed contact, beyond the retention, is not found
      HttpResponse<String> replayedAnswer = get(api, "/v1/contacts/chat-replayed");
      assertThat(replayedAnswer.statusCode()).isEqualTo(404);
      assertThat(replayedAnswer.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(JSON.readTree(replayedAnswer.body()).path("status").asInt()).isEqualTo(404);

      assertThat(status(api, "/v1/contacts/chat-past-horizon")).isEqualTo(200);
    }
  }
}

package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The identity graph end to end on the in-process broker with the default settings and three
 * partitions, everything through the real HTTP APIs: a late CRM export merges two provisional
 * customers (FCR, repeat and hop corrected in every bucket), the query API shows the component, a
 * CRM unlink splits them again, and a switchboard number stops linking.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(EmbeddedKafkaExtension.class)
class IdentityIT {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  private HttpResponse<String> send(String method, URI uri, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "*/*");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of a GET, -1 when the request fails (for polling). */
  private int status(URI uri) {
    try {
      return send("GET", uri, null).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private void post(URI uri, Object body) throws Exception {
    HttpResponse<String> response = send("POST", uri, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  /** A 10-minute inbound contact about billing; {@code customer} holds its identifiers. */
  static List<Map<String, Object>> contact(
      String channel, String id, Instant start, Map<String, Object> customer) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("eventId", id + "-s");
    s.put("occurredAt", start.toString());
    s.put("channel", channel);
    s.put("type", "CONTACT_STARTED");
    s.put("contactId", id);
    s.put("customer", customer);
    Map<String, Object> e = new LinkedHashMap<>(s);
    e.put("eventId", id + "-e");
    e.put("occurredAt", start.plus(Duration.ofMinutes(10)).toString());
    e.put("type", "CONTACT_ENDED");
    e.put("issue", "billing");
    out.add(s);
    out.add(e);
    return out;
  }

  static MetricKey key(Dimension dimension, String value, Instant day) {
    return MetricKey.newBuilder()
        .setDimension(dimension)
        .setKey(value)
        .setWindow("1d")
        .setWindowStart(day)
        .build();
  }

  static String contactState(Map<String, ContactSummary> contacts, String id) {
    ContactSummary c = contacts.get(id);
    return c == null
        ? "absent"
        : c.getCustomerId()
            + " "
            + c.getFcr()
            + " repeatOf="
            + c.getRepeatOf()
            + " hop="
            + c.getChannelHop();
  }

  @Test
  void shouldMergeOnALateCrmLinkSplitOnAnUnlinkAndStopAtASharedNumber(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-identity-it-").toString());
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
    Instant callAt = day0.plus(Duration.ofHours(9));
    Instant chatAt = callAt.plus(Duration.ofDays(1));
    String phone = "+14155550142";
    String email = "ann.identity@example.com";

    try (QueryServer query =
            QueryServer.start(
                config,
                serdes.key().serializer(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JourneylineStreams app =
            JourneylineStreams.start(
                config.withApplicationServer(query.applicationServer()), serdes);
        AdaptersServer adapters = TestApps.adapters(kafka, registry, topics)) {
      query.attach(app);
      URI api = query.baseUri();
      URI ingest = adapters.baseUri();
      Await.until(WAIT, "the app ready", () -> status(api.resolve("/health/ready")) == 200);

      // Given a call from a number and, the next day, a chat from an address: two provisional
      // customers, each contact PENDING, no repeat
      List<Map<String, Object>> events = new ArrayList<>();
      events.addAll(contact("VOICE", "call-1", callAt, Map.of("phone", phone)));
      events.addAll(contact("CHAT", "chat-1", chatAt, Map.of("email", email)));
      post(ingest.resolve("/v1/events"), events);
      String contactsTopic = topics.name(JourneylineTopic.CONTACTS);
      io.latest(
          contactsTopic,
          name + "-before",
          WAIT,
          (Map<String, ContactSummary> m) ->
              contactState(m, "call-1")
                      .equals("prov:PHONE:" + phone + " PENDING repeatOf=null hop=false")
                  && contactState(m, "chat-1")
                      .equals("prov:EMAIL:" + email + " PENDING repeatOf=null hop=false"));

      // When the CRM export says both are C-7
      post(
          ingest.resolve("/v1/identities"),
          List.of(
              Map.of("type", "PHONE", "value", phone, "customerId", "C-7"),
              Map.of("type", "EMAIL", "value", email, "customerId", "C-7")));

      // Then both contacts are C-7's, the call NOT_RESOLVED and the chat a repeat with a hop
      io.latest(
          contactsTopic,
          name + "-merged",
          WAIT,
          (Map<String, ContactSummary> m) ->
              contactState(m, "call-1").equals("C-7 NOT_RESOLVED repeatOf=null hop=false")
                  && contactState(m, "chat-1").equals("C-7 PENDING repeatOf=call-1 hop=true"));
      // and every bucket says so: day 0 one NOT_RESOLVED call, day 1 one repeat with a hop
      io.latest(
          topics.name(JourneylineTopic.METRICS_FCR),
          name + "-fcr-merged",
          WAIT,
          (Map<MetricKey, FcrAggregate> m) -> {
            FcrAggregate a = m.get(key(Dimension.ALL, "all", day0));
            return a != null
                && List.of(a.getContacts(), a.getResolved(), a.getNotResolved(), a.getPending())
                    .equals(List.of(1L, 0L, 1L, 0L));
          });
      io.latest(
          topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
          name + "-repeat-merged",
          WAIT,
          (Map<MetricKey, RepeatContactAggregate> m) -> {
            RepeatContactAggregate a =
                m.get(key(Dimension.CHANNEL, "CHAT", day0.plus(Duration.ofDays(1))));
            return a != null
                && List.of(a.getContacts(), a.getRepeats(), a.getChannelHops())
                    .equals(List.of(1L, 1L, 1L));
          });
      // and the query API shows the component, with where each link came from
      JsonNode identity =
          JSON.readTree(
              send("GET", api.resolve("/v1/identities/PHONE:%2B" + phone.substring(1)), null)
                  .body());
      assertThat(identity.path("customerId").asText()).isEqualTo("C-7");
      assertThat(identity.path("source").asText()).isEqualTo("CRM");
      List<String> members = new ArrayList<>();
      identity
          .path("component")
          .path("identifiers")
          .forEach(n -> members.add(n.path("type").asText() + ":" + n.path("identifier").asText()));
      assertThat(members)
          .containsExactlyInAnyOrder("CUSTOMER_ID:C-7", "PHONE:" + phone, "EMAIL:" + email);
      assertThat(send("GET", api.resolve("/v1/customers/C-7/journey"), null).statusCode())
          .isEqualTo(200);
      Await.until(
          WAIT,
          "the absorbed customer's journey gone",
          () ->
              status(api.resolve("/v1/customers/prov:PHONE:%2B" + phone.substring(1) + "/journey"))
                  == 404);

      // When the CRM unlinks the address
      HttpResponse<String> unlink =
          send("DELETE", ingest.resolve("/v1/identities/EMAIL/" + email), null);
      assertThat(unlink.statusCode()).as(unlink.body()).isEqualTo(202);

      // Then the chat is the address's own customer again and neither contact repeats
      io.latest(
          contactsTopic,
          name + "-split",
          WAIT,
          (Map<String, ContactSummary> m) ->
              contactState(m, "call-1").equals("C-7 PENDING repeatOf=null hop=false")
                  && contactState(m, "chat-1")
                      .equals("prov:EMAIL:" + email + " PENDING repeatOf=null hop=false"));
      io.latest(
          topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
          name + "-repeat-split",
          WAIT,
          (Map<MetricKey, RepeatContactAggregate> m) -> {
            RepeatContactAggregate a =
                m.get(key(Dimension.CHANNEL, "CHAT", day0.plus(Duration.ofDays(1))));
            return a != null
                && List.of(a.getContacts(), a.getRepeats(), a.getChannelHops())
                    .equals(List.of(1L, 0L, 0L));
          });

      // And six people calling from one switchboard, each giving their own email, stay six
      // customers: the number is shared from the sixth on, and says so
      String switchboard = "+18005550142";
      List<Map<String, Object>> calls = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        calls.addAll(
            contact(
                "VOICE",
                "switch-" + i,
                callAt.plus(Duration.ofHours(i)),
                Map.of("phone", switchboard, "email", "p" + i + "@identity.example.com")));
      }
      post(ingest.resolve("/v1/events"), calls);
      io.latest(
          contactsTopic,
          name + "-shared",
          WAIT,
          (Map<String, ContactSummary> m) -> {
            for (int i = 1; i <= 6; i++) {
              ContactSummary c = m.get("switch-" + i);
              if (c == null
                  || !c.getCustomerId().equals("prov:EMAIL:p" + i + "@identity.example.com")) {
                return false;
              }
            }
            return true;
          });
      JsonNode shared =
          JSON.readTree(
              send("GET", api.resolve("/v1/identities/PHONE:%2B" + switchboard.substring(1)), null)
                  .body());
      assertThat(shared.path("shared").asBoolean()).isTrue();
      JsonNode sharedList =
          JSON.readTree(send("GET", api.resolve("/v1/identity-graph/shared"), null).body());
      assertThat(sharedList.path("shared").get(0).path("identifier").asText())
          .isEqualTo(switchboard);
      assertThat(sharedList.path("shared")).hasSize(1);
      String metrics = send("GET", api.resolve("/metrics"), null).body();
      assertThat(metrics).contains("journeyline_identity_shared_identifiers_total 1.0");
    }
  }
}

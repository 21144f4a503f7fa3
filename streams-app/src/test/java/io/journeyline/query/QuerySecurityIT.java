package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestCertificates;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.http.ApiKeyHash;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import io.journeyline.topology.TopologyNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two query instances with API keys and TLS on ({@code client-auth=need}, a CA made in the test):
 * every key query answers from either instance, so queries for keys the other instance owns are
 * forwarded over HTTPS (the forwarding client trusts the CA and presents its instance's
 * certificate) carrying the caller's key; scopes hold on both; /health stays open; /metrics is open
 * on one instance and behind ops:metrics on the other; a client without a certificate does not get
 * through the handshake.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class QuerySecurityIT {

  static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10)).plusSeconds(9 * 3600);
  static final int PARTITIONS = 2;
  static final int CUSTOMERS = 8;
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PERSONAL_KEY = ApiKeyHash.generateKey("jlq_", new SecureRandom());
  static final String METRICS_KEY = ApiKeyHash.generateKey("jlq_", new SecureRandom());
  static final String OPS_KEY = ApiKeyHash.generateKey("jlq_", new SecureRandom());

  @TempDir static Path dir;
  static TestCertificates ca;
  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  static HttpClient client;

  @BeforeAll
  static void start(EmbeddedKafkaCluster kafka) {
    registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
    io = new AvroTopics(kafka, registry);
    ca = TestCertificates.create(dir);
    client =
        HttpClient.newBuilder()
            .sslContext(ca.clientContext(ca.issue("test-client")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  record Instance(QueryServer query, JourneylineStreams app) implements AutoCloseable {
    @Override
    public void close() {
      app.close(Duration.ofSeconds(30));
      query.close();
    }
  }

  private static Instance start(
      EmbeddedKafkaCluster kafka, String name, String cert, boolean metricsAuth) throws Exception {
    SecureRandom random = new SecureRandom();
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-security-it-").toString());
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(
        StreamsAppConfig.QUERY_API_KEYS_CONFIG,
        String.join(
            ",",
            "crm:query:personal|query:metrics:"
                + ApiKeyHash.of(PERSONAL_KEY, 1000, random).encode(),
            "dashboard:query:metrics:" + ApiKeyHash.of(METRICS_KEY, 1000, random).encode(),
            "prometheus:ops:metrics:" + ApiKeyHash.of(OPS_KEY, 1000, random).encode()));
    props.put(StreamsAppConfig.QUERY_METRICS_AUTH_CONFIG, metricsAuth);
    props.put(StreamsAppConfig.QUERY_TLS_KEYSTORE_PATH_CONFIG, ca.issue(cert).toString());
    props.put(StreamsAppConfig.QUERY_TLS_KEYSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
    props.put(StreamsAppConfig.QUERY_TLS_TRUSTSTORE_PATH_CONFIG, ca.truststore().toString());
    props.put(StreamsAppConfig.QUERY_TLS_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
    props.put(StreamsAppConfig.QUERY_TLS_CLIENT_AUTH_CONFIG, "need");
    StreamsAppConfig config = new StreamsAppConfig(props);
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

  private static List<ProducerRecord<Object, Object>> events(TopicCatalog topics) {
    String chat = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    List<ProducerRecord<Object, Object>> out = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      CustomerRef customer =
          CustomerRef.newBuilder()
              .setCustomerId("cust-" + i)
              .setPhone("+1415555" + String.format("%04d", i))
              .build();
      Instant start = T0.plusSeconds(60L * i);
      for (EventType type : List.of(EventType.CONTACT_STARTED, EventType.CONTACT_ENDED)) {
        out.add(
            AvroTopics.record(
                chat,
                "chat-" + i,
                ChatEvent.newBuilder()
                    .setEventId("sec-" + type + "-" + i)
                    .setOccurredAt(
                        type == EventType.CONTACT_STARTED ? start : start.plusSeconds(300))
                    .setType(type)
                    .setContactId("chat-" + i)
                    .setCustomer(customer)
                    .setIssue(type == EventType.CONTACT_ENDED ? "billing" : null)
                    .build()));
      }
    }
    return out;
  }

  private static HttpResponse<String> get(Instance instance, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(instance.query().baseUri() + path))
            .timeout(Duration.ofSeconds(20));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(Instance instance, String path, String key) {
    try {
      return get(instance, path, key).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode ok(Instance instance, String path, String key) throws Exception {
    HttpResponse<String> r = get(instance, path, key);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void shouldForwardQueriesOverTlsWithTheCallersKeyAndHoldScopesOnEveryInstance(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    try (Instance a = start(kafka, name, "query-a", false);
        Instance b = start(kafka, name, "query-b", true)) {
      assertThat(a.query().baseUri().getScheme()).isEqualTo("https");
      Await.until(
          WAIT,
          "both instances ready (an open probe, over TLS)",
          () -> status(a, "/health/ready", null) == 200 && status(b, "/health/ready", null) == 200);
      io.produce(events(a.app().config().topicCatalog()));

      // Every customer's journey, contact and identity answers from either instance: half of them
      // forwarded over TLS. The contact history reads journeyline.contacts back, so a contact
      // answers a little after its journey does.
      Await.until(
          WAIT,
          "every journey, contact and identity on both instances",
          () -> {
            for (int i = 0; i < CUSTOMERS; i++) {
              for (Instance instance : List.of(a, b)) {
                for (String path :
                    List.of(
                        "/v1/customers/cust-" + i + "/journey",
                        "/v1/contacts/chat-" + i,
                        "/v1/identities/%2B1415555" + String.format("%04d", i))) {
                  if (status(instance, path, PERSONAL_KEY) != 200) {
                    return false;
                  }
                }
              }
            }
            return true;
          });
      Set<Integer> owners = new HashSet<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        owners.add(
            a.app()
                .kafkaStreams()
                .queryMetadataForKey(
                    TopologyNames.JOURNEY_STORE, "cust-" + i, new StringSerializer())
                .activeHost()
                .port());
      }
      assertThat(owners).as("keys on both instances").hasSize(2);
      for (int i = 0; i < CUSTOMERS; i++) {
        for (String path :
            List.of(
                "/v1/customers/cust-" + i + "/journey",
                "/v1/contacts/chat-" + i,
                "/v1/identities/%2B1415555" + String.format("%04d", i))) {
          assertThat(ok(b, path, PERSONAL_KEY)).as(path).isEqualTo(ok(a, path, PERSONAL_KEY));
        }
      }
      assertThat(ok(a, "/v1/contacts/chat-1", PERSONAL_KEY).path("customerId").asText())
          .isEqualTo("cust-1");
      // A metric query gathers from both instances (one share forwarded) with a metrics key
      Await.until(
          WAIT,
          "the metric query on both instances",
          () ->
              status(a, "/v1/metrics/fcr?window=1d", METRICS_KEY) == 200
                  && status(b, "/v1/metrics/fcr?window=1d", METRICS_KEY) == 200);

      // Scopes hold on both instances, for owned and forwarded keys alike
      for (Instance instance : List.of(a, b)) {
        for (int i = 0; i < CUSTOMERS; i++) {
          assertThat(status(instance, "/v1/customers/cust-" + i + "/journey", null)).isEqualTo(401);
          assertThat(status(instance, "/v1/customers/cust-" + i + "/journey", METRICS_KEY))
              .isEqualTo(403);
        }
        assertThat(status(instance, "/v1/metrics/fcr?window=1d", OPS_KEY)).isEqualTo(403);
        assertThat(status(instance, "/health/live", null)).isEqualTo(200);
      }
      // /metrics: open on a, behind ops:metrics on b
      assertThat(status(a, "/metrics", null)).isEqualTo(200);
      assertThat(status(b, "/metrics", null)).isEqualTo(401);
      assertThat(status(b, "/metrics", PERSONAL_KEY)).isEqualTo(403);
      assertThat(get(b, "/metrics", OPS_KEY).body()).contains("# TYPE");

      // A client without a certificate does not get through the handshake (client-auth=need)
      HttpClient anonymous = HttpClient.newBuilder().sslContext(ca.clientContext(null)).build();
      assertThatThrownBy(
              () ->
                  anonymous.send(
                      HttpRequest.newBuilder(URI.create(a.query().baseUri() + "/health/live"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}

package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.http.ApiKeyHash;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query API's access rules on a real port, before Kafka Streams is attached (so a request that
 * passes them is answered 503, one that does not 401 or 403): scopes per route, both key headers,
 * open probes, /metrics open or behind ops:metrics, and no way around them by the forwarding
 * header.
 */
class QueryAccessTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient http = HttpClient.newHttpClient();
  static final String PERSONAL_KEY = "personal-key-0123456789";
  static final String METRICS_KEY = "metrics-key-0123456789";
  static final String OPS_KEY = "ops-key-0123456789";

  static QueryServer open;
  static QueryServer closed;

  static String keys() {
    SecureRandom random = new SecureRandom();
    return String.join(
        ",",
        "crm:query:personal:" + ApiKeyHash.of(PERSONAL_KEY, 10, random).encode(),
        "dashboard:query:metrics:" + ApiKeyHash.of(METRICS_KEY, 10, random).encode(),
        "prometheus:ops:metrics:" + ApiKeyHash.of(OPS_KEY, 10, random).encode());
  }

  static StreamsAppConfig config(boolean metricsAuth) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_API_KEYS_CONFIG, keys());
    props.put(StreamsAppConfig.QUERY_METRICS_AUTH_CONFIG, metricsAuth);
    return new StreamsAppConfig(props);
  }

  @BeforeAll
  static void start() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    open = QueryServer.start(config(false), new StringSerializer(), meters);
    closed = QueryServer.start(config(true), new StringSerializer(), meters);
  }

  @AfterAll
  static void stop() {
    open.close();
    closed.close();
  }

  static HttpResponse<String> get(QueryServer server, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswer401WithAChallengeWithoutAKey() throws Exception {
    HttpResponse<String> r = get(open, "/v1/contacts/c-1");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("ApiKey header=\"X-API-Key\"");
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.path("status").asInt()).isEqualTo(401);
    assertThat(problem.path("type").asText()).endsWith("/unauthorized");
  }

  @ParameterizedTest
  @CsvSource({
    // path, key, expected status (503: passed the access rules, Kafka Streams is not attached)
    "/v1/contacts/c-1, personal-key-0123456789, 503",
    "/v1/customers/C-1/journey, personal-key-0123456789, 503",
    "/v1/identities/+14155550100, personal-key-0123456789, 503",
    "/internal/v1/identity-components/PHONE%3A1, personal-key-0123456789, 503",
    "/v1/metrics/fcr, personal-key-0123456789, 403",
    "/v1/contacts/c-1, metrics-key-0123456789, 403",
    "/v1/customers/C-1/journey, metrics-key-0123456789, 403",
    "/v1/identities/+14155550100, metrics-key-0123456789, 403",
    "/internal/v1/identity-components/PHONE%3A1, metrics-key-0123456789, 403",
    "/v1/metrics/fcr, metrics-key-0123456789, 503",
    "/v1/contacts/c-1, ops-key-0123456789, 403",
    "/v1/metrics/fcr, wrong-key, 401",
    "/v1/contacts/c-1, wrong-key, 401"
  })
  void shouldGrantEachRouteToTheKeysWithItsScopeOnly(String path, String key, int status)
      throws Exception {
    HttpResponse<String> header = get(open, path, "X-API-Key", key);
    HttpResponse<String> bearer = get(open, path, "Authorization", "Bearer " + key);

    assertThat(header.statusCode()).as(header.body()).isEqualTo(status);
    assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(status);
    if (status == 403) {
      assertThat(JSON.readTree(header.body()).path("detail").asText()).contains("lacks the scope");
    }
  }

  @Test
  void shouldKeepTheProbesAndTheOpenApiDocumentOpen() throws Exception {
    assertThat(get(closed, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(closed, "/health/ready").statusCode()).isEqualTo(503);
    assertThat(get(closed, "/openapi.json").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldLeaveMetricsOpenByDefaultAndBehindOpsMetricsWhenConfigured() throws Exception {
    assertThat(get(open, "/metrics").statusCode()).isEqualTo(200);

    assertThat(get(closed, "/metrics").statusCode()).isEqualTo(401);
    assertThat(get(closed, "/metrics", "X-API-Key", METRICS_KEY).statusCode()).isEqualTo(403);
    assertThat(get(closed, "/metrics", "X-API-Key", PERSONAL_KEY).statusCode()).isEqualTo(403);
    HttpResponse<String> scrape = get(closed, "/metrics", "Authorization", "Bearer " + OPS_KEY);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void shouldGrantNothingForTheForwardingHeader() throws Exception {
    HttpResponse<String> r =
        get(
            open,
            "/v1/contacts/c-1",
            QueryService.FORWARDED,
            "true",
            "X-Journeyline-Stale",
            "allow");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldMapEveryRouteToAScope() {
    assertThat(QueryServer.ROUTES)
        .allSatisfy(route -> assertThat(QueryAccess.SCOPES).containsKey(route.template()));
    assertThat(QueryAccess.SCOPES).hasSize(QueryServer.ROUTES.size());
  }

  @Test
  void shouldRefuseToStartWithAuthenticationOnButNoKeys() {
    StreamsAppConfig noKeys =
        new StreamsAppConfig(
            Map.of(
                StreamsAppConfig.QUERY_HOST_CONFIG,
                "127.0.0.1",
                StreamsAppConfig.QUERY_PORT_CONFIG,
                0));

    assertThatThrownBy(
            () ->
                QueryServer.start(
                    noKeys,
                    new StringSerializer(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journeyline.query.api-keys must name at least one key")
        .hasMessageContaining("journeyline.query.auth=none");
  }

  @Test
  void shouldNeverLogOrPrintAHashInItsDescription() {
    assertThat(QueryAccess.of(config(true)).describe())
        .isEqualTo("API keys (3 configured; /metrics needs ops:metrics)");
  }
}

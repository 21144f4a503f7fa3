package io.journeyline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.config.StreamsAppConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query server on a real port, before Kafka Streams is attached: parameters are validated first
 * (400 naming the parameter), queries and readiness answer 503 with Retry-After, liveness 200,
 * every error is a problem document, and the OpenAPI document lists exactly the routes.
 */
class QueryServerTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static QueryServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        QueryServer.start(
            new StreamsAppConfig(
                Map.of(
                    StreamsAppConfig.QUERY_HOST_CONFIG,
                    "127.0.0.1",
                    StreamsAppConfig.QUERY_PORT_CONFIG,
                    0,
                    StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG,
                    "127.0.0.1",
                    StreamsAppConfig.QUERY_AUTH_CONFIG,
                    StreamsAppConfig.QUERY_AUTH_NONE)),
            new StringSerializer(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @CsvSource({
    "/v1/metrics/fcr?by=planet, by",
    "/v1/metrics/fcr?window=1w, window",
    "/v1/metrics/sentiment?window=2h, window",
    "/v1/metrics/fcr?from=yesterday, from",
    "/v1/metrics/repeat-contacts?to=2026-13-01T00:00:00Z, to",
    "/v1/metrics/fcr?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z, from",
    "/v1/metrics/fcr?by=all&by=channel, by",
    "/v1/identities/x?type=FAX, type"
  })
  void shouldAnswerABadParameterWith400NamingIt(String path, String parameter) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo(parameter);
    assertThat(problem.path("detail").asText()).contains("'" + parameter + "'");
  }

  @Test
  void shouldAnswer404ProblemForAnUnknownMetricOrRoute() throws Exception {
    for (String path : new String[] {"/v1/metrics/nps", "/v1/nothing", "/v1/contacts"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterUntilKafkaStreamsIsAttached() throws Exception {
    for (String path :
        new String[] {
          "/health/ready",
          "/v1/contacts/c-1",
          "/v1/customers/c-1/journey",
          "/v1/metrics/fcr",
          "/v1/identities/a@b.example"
        }) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).as(path).isPresent();
      assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(503);
    }
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldDocumentEveryPublicRouteAndNothingElse() throws Exception {
    HttpResponse<String> r = get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
    }
    Set<String> routes = new TreeSet<>();
    QueryServer.ROUTES.stream()
        .filter(route -> !route.internal())
        .forEach(route -> routes.add(route.method() + " " + route.template()));
    assertThat(documented).isEqualTo(routes);
  }
}

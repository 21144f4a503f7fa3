package io.journeyline.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersServer.Route;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document (docs/openapi/ingest-api.yaml) names exactly the routes a started server
 * registers, and its references resolve: to the published JSON Schemas (the very files of the
 * schemas artifact) and to its own components. The server runs on a real port; Kafka is a closed
 * port, since nothing here publishes: every ingest route answers 401 to a request without a key,
 * which proves it is routed.
 */
class OpenApiDocumentTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "openapi", "ingest-api.yaml");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static AdaptersServer server;
  private static Map<String, Object> openApi;

  @BeforeAll
  static void start() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    server =
        AdaptersServer.builder(
                new AdaptersConfig(
                    Map.of(
                        AdaptersConfig.API_KEYS_CONFIG, "openapi-key",
                        AdaptersConfig.PORT_CONFIG, "0",
                        AdaptersConfig.HOST_CONFIG, "127.0.0.1",
                        AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0",
                        AdaptersConfig.PUBLISH_TIMEOUT_CONFIG, "1s")))
            .kafka(Map.of("bootstrap.servers", "127.0.0.1:" + closed))
            .serdeConfig(Map.of("schema.registry.url", "http://127.0.0.1:" + closed))
            .metricsScrape(() -> "")
            .start();
    openApi = new Yaml().load(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldBeAnOpenApi31Document() {
    assertThat(openApi.get("openapi")).isEqualTo("3.1.0");
    assertThat(openApi).containsKeys("info", "paths", "components");
  }

  @Test
  void shouldDocumentEveryRouteTheServerRegistersAndNoOther() {
    Set<String> registered = new TreeSet<>();
    for (Route route : server.routes()) {
      registered.add(route.method() + " " + route.path());
    }

    assertThat(documentedRoutes()).isEqualTo(registered);
    assertThat(registered)
        .contains("DELETE /v1/identities/{type}/{value}", "DELETE /v1/customers/{customerId}")
        .contains("POST /v1/surveys");
  }

  @Test
  void shouldRouteEveryDocumentedOperationOnARealPort() throws Exception {
    for (String route : documentedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path =
          route
              .substring(route.indexOf(' ') + 1)
              .replace("{type}", "PHONE")
              .replace("{value}", "%2B14158675309")
              .replace("{customerId}", "C-7");
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                  .timeout(Duration.ofSeconds(30))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      if (path.startsWith("/v1/")) {
        assertThat(answer.statusCode()).as(route).isEqualTo(401);
      } else {
        assertThat(answer.statusCode()).as(route).isIn(200, 503);
      }
    }
    HttpResponse<String> unknown =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/nothing-here")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldReferenceThePublishedJsonSchemasAndItsOwnComponents() throws IOException {
    List<String> refs = new ArrayList<>();
    collectRefs(openApi, refs);
    Set<String> files = new TreeSet<>();

    for (String ref : refs) {
      if (ref.startsWith("#/")) {
        assertThat(resolve(ref)).as(ref).isNotNull();
      } else {
        files.add(ref);
      }
    }

    assertThat(files)
        .containsExactlyInAnyOrder(
            "../../schemas/src/main/resources/io/journeyline/schemas/canonical-event.schema.json",
            "../../schemas/src/main/resources/io/journeyline/schemas/identity-link.schema.json",
            "../../schemas/src/main/resources/io/journeyline/schemas/survey-response.schema.json");
    for (String file : files) {
      Path path = DOCUMENT.getParent().resolve(file).normalize();
      String resource = "/io/journeyline/schemas/" + path.getFileName();
      try (var in = OpenApiDocumentTest.class.getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        assertThat(Files.readString(path, StandardCharsets.UTF_8))
            .as(file)
            .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>();
    Map<String, Object> paths = (Map<String, Object>) openApi.get("paths");
    paths.forEach(
        (path, item) ->
            ((Map<String, Object>) item)
                .keySet()
                .forEach(
                    key -> {
                      if (METHODS.contains(key)) {
                        routes.add(key.toUpperCase(Locale.ROOT) + " " + path);
                      }
                    }));
    return routes;
  }

  @SuppressWarnings("unchecked")
  private static void collectRefs(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            if ("$ref".equals(k)) {
              out.add((String) v);
            } else {
              collectRefs(v, out);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectRefs(v, out));
    }
  }

  @SuppressWarnings("unchecked")
  private static Object resolve(String pointer) {
    Object node = openApi;
    for (String part : pointer.substring(2).split("/")) {
      if (!(node instanceof Map<?, ?>)) {
        return null;
      }
      node = ((Map<String, Object>) node).get(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }
}

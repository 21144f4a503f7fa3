package io.journeyline.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedSchemaRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String V1 =
      "{\"type\":\"record\",\"name\":\"Contact\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"}]}";
  static final String V1_SPACED =
      "{ \"type\" : \"record\",\n \"name\" : \"Contact\", \"namespace\":\"t\", \"fields\" : [\n"
          + "   { \"name\" : \"id\", \"type\" : \"string\" } ] }";

  /** Adds a field with a default: BACKWARD compatible. */
  static final String V2 =
      "{\"type\":\"record\",\"name\":\"Contact\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"queue\",\"type\":\"string\",\"default\":\"none\"}]}";

  /** Adds a field without a default: not BACKWARD compatible. */
  static final String V3_BAD =
      "{\"type\":\"record\",\"name\":\"Contact\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"agent\",\"type\":\"string\"}]}";

  record Answer(int status, JsonNode body, String contentType) {}

  static Answer call(String method, String url, String body, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        JSON.readTree(response.body()),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  static Answer call(String method, String url, String body)
      throws IOException, InterruptedException {
    return call(method, url, body, null);
  }

  static String schemaBody(String schema) {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  @Test
  void shouldRegisterLookUpAndFetchSchemasWithGlobalIds(EmbeddedSchemaRegistry registry)
      throws Exception {
    String url = registry.url();
    Answer first = call("POST", url + "/subjects/reg-a-value/versions", schemaBody(V1));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    int id = first.body().get("id").asInt();

    // same schema, other whitespace, same subject: same id, no new version
    Answer again = call("POST", url + "/subjects/reg-a-value/versions", schemaBody(V1_SPACED));
    assertThat(again.body().get("id").asInt()).isEqualTo(id);
    assertThat(call("GET", url + "/subjects/reg-a-value/versions", null).body().toString())
        .isEqualTo("[1]");

    // same schema under another subject: same global id
    Answer other = call("POST", url + "/subjects/reg-b-value/versions", schemaBody(V1));
    assertThat(other.body().get("id").asInt()).isEqualTo(id);

    Answer lookup = call("POST", url + "/subjects/reg-a-value", schemaBody(V1_SPACED));
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.body().get("subject").asText()).isEqualTo("reg-a-value");
    assertThat(lookup.body().get("id").asInt()).isEqualTo(id);
    assertThat(lookup.body().get("version").asInt()).isEqualTo(1);

    Answer byId = call("GET", url + "/schemas/ids/" + id, null);
    assertThat(JSON.readTree(byId.body().get("schema").asText())).isEqualTo(JSON.readTree(V1));

    Answer versions = call("GET", url + "/schemas/ids/" + id + "/versions", null);
    assertThat(versions.body().toString())
        .contains("{\"subject\":\"reg-a-value\",\"version\":1}")
        .contains("{\"subject\":\"reg-b-value\",\"version\":1}");

    Answer latest = call("GET", url + "/subjects/reg-a-value/versions/latest", null);
    assertThat(latest.body().get("id").asInt()).isEqualTo(id);
    assertThat(latest.body().get("version").asInt()).isEqualTo(1);
    assertThat(latest.body().get("subject").asText()).isEqualTo("reg-a-value");

    Answer raw = call("GET", url + "/subjects/reg-a-value/versions/1/schema", null);
    assertThat(raw.body()).isEqualTo(JSON.readTree(V1));

    assertThat(call("GET", url + "/subjects", null).body().toString())
        .contains("\"reg-a-value\"", "\"reg-b-value\"");
  }

  @Test
  void shouldAnswerConfluentErrorCodes(EmbeddedSchemaRegistry registry) throws Exception {
    String url = registry.url();
    call("POST", url + "/subjects/err-value/versions", schemaBody(V1));

    Answer noSubject = call("POST", url + "/subjects/err-missing", schemaBody(V1));
    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.body().get("error_code").asInt()).isEqualTo(40401);

    Answer noSchema = call("POST", url + "/subjects/err-value", schemaBody(V2));
    assertThat(noSchema.status()).isEqualTo(404);
    assertThat(noSchema.body().get("error_code").asInt()).isEqualTo(40403);

    Answer noId = call("GET", url + "/schemas/ids/999999", null);
    assertThat(noId.status()).isEqualTo(404);
    assertThat(noId.body().get("error_code").asInt()).isEqualTo(40403);

    Answer noVersion = call("GET", url + "/subjects/err-value/versions/7", null);
    assertThat(noVersion.body().get("error_code").asInt()).isEqualTo(40402);

    Answer invalid = call("POST", url + "/subjects/err-value/versions", schemaBody("{\"type\":"));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42201);

    Answer protobuf =
        call(
            "POST",
            url + "/subjects/err-value/versions",
            "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    assertThat(protobuf.status()).isEqualTo(422);
    assertThat(protobuf.body().get("error_code").asInt()).isEqualTo(42201);
    assertThat(protobuf.body().get("message").asText()).contains("PROTOBUF", "AVRO");
  }

  @Test
  void shouldRejectIncompatibleAndAcceptBackwardCompatibleEvolution(EmbeddedSchemaRegistry registry)
      throws Exception {
    String url = registry.url();
    int v1 =
        call("POST", url + "/subjects/evo-value/versions", schemaBody(V1)).body().get("id").asInt();

    Answer check =
        call(
            "POST",
            url + "/compatibility/subjects/evo-value/versions/latest?verbose=true",
            schemaBody(V3_BAD));
    assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
    assertThat(check.body().get("messages").toString())
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");

    Answer rejected = call("POST", url + "/subjects/evo-value/versions", schemaBody(V3_BAD));
    assertThat(rejected.status()).isEqualTo(409);
    assertThat(rejected.body().get("error_code").asInt()).isEqualTo(409);
    assertThat(rejected.body().get("message").asText())
        .startsWith(
            "Schema being registered is incompatible with an earlier schema for subject"
                + " \"evo-value\"")
        .contains("agent");

    assertThat(
            call("POST", url + "/compatibility/subjects/evo-value/versions/latest", schemaBody(V2))
                .body()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    Answer accepted = call("POST", url + "/subjects/evo-value/versions", schemaBody(V2));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body().get("id").asInt()).isNotEqualTo(v1);
    assertThat(call("GET", url + "/subjects/evo-value/versions", null).body().toString())
        .isEqualTo("[1,2]");

    // NONE on the subject lets anything in; the global level is unchanged
    Answer put = call("PUT", url + "/config/evo-value", "{\"compatibility\":\"NONE\"}");
    assertThat(put.body().get("compatibility").asText()).isEqualTo("NONE");
    assertThat(
            call("GET", url + "/config/evo-value", null).body().get("compatibilityLevel").asText())
        .isEqualTo("NONE");
    assertThat(call("GET", url + "/config", null).body().get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    assertThat(call("POST", url + "/subjects/evo-value/versions", schemaBody(V3_BAD)).status())
        .isEqualTo(200);

    Answer badLevel = call("PUT", url + "/config/evo-value", "{\"compatibility\":\"SIDEWAYS\"}");
    assertThat(badLevel.status()).isEqualTo(422);
    assertThat(badLevel.body().get("error_code").asInt()).isEqualTo(42203);

    Answer deleted = call("DELETE", url + "/subjects/evo-value", null);
    assertThat(deleted.body().toString()).isEqualTo("[1,2,3]");
    assertThat(call("GET", url + "/subjects/evo-value/versions", null).status()).isEqualTo(404);
    assertThat(call("GET", url + "/schemas/ids/" + v1, null).status()).isEqualTo(200);
  }

  @Test
  void shouldKeepIdsAndSubjectsAcrossARestart(EmbeddedKafkaCluster kafka) throws Exception {
    String topic = "_schemas_restart_test";
    int id1;
    int id2;
    try (EmbeddedSchemaRegistry first =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .start()) {
      id1 =
          call("POST", first.url() + "/subjects/p-value/versions", schemaBody(V1))
              .body()
              .get("id")
              .asInt();
      id2 =
          call("POST", first.url() + "/subjects/p-value/versions", schemaBody(V2))
              .body()
              .get("id")
              .asInt();
      call("PUT", first.url() + "/config/p-value", "{\"compatibility\":\"FULL\"}");
    }
    try (EmbeddedSchemaRegistry second =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .start()) {
      String url = second.url();
      assertThat(call("GET", url + "/subjects", null).body().toString()).isEqualTo("[\"p-value\"]");
      assertThat(call("GET", url + "/subjects/p-value/versions", null).body().toString())
          .isEqualTo("[1,2]");
      assertThat(call("GET", url + "/subjects/p-value/versions/2", null).body().get("id").asInt())
          .isEqualTo(id2);
      assertThat(
              JSON.readTree(
                  call("GET", url + "/schemas/ids/" + id1, null).body().get("schema").asText()))
          .isEqualTo(JSON.readTree(V1));
      assertThat(
              call("GET", url + "/config/p-value", null).body().get("compatibilityLevel").asText())
          .isEqualTo("FULL");
      // the same schema keeps its id; a new one gets a fresh id
      assertThat(
              call("POST", url + "/subjects/q-value/versions", schemaBody(V2))
                  .body()
                  .get("id")
                  .asInt())
          .isEqualTo(id2);
      int id3 =
          call("POST", url + "/subjects/r-value/versions", schemaBody("\"string\""))
              .body()
              .get("id")
              .asInt();
      assertThat(id3).isGreaterThan(Math.max(id1, id2));
    }
    try (var admin = kafka.admin()) {
      var config =
          admin
              .describeConfigs(
                  java.util.List.of(
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic)))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void shouldNameThePortWhenItIsInUse(EmbeddedKafkaCluster kafka) throws Exception {
    try (ServerSocket taken =
        new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  EmbeddedSchemaRegistry.builder()
                      .bootstrapServers(kafka.bootstrapServers())
                      .topic("_schemas_port_test")
                      .port(port)
                      .start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void shouldRequireBasicCredentialsWhenConfigured(EmbeddedKafkaCluster kafka) throws Exception {
    try (EmbeddedSchemaRegistry secured =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic("_schemas_auth_test")
            .basicAuth("fred", "s3cret")
            .start()) {
      Answer anonymous = call("GET", secured.url() + "/subjects", null);
      assertThat(anonymous.status()).isEqualTo(401);
      String good =
          "Basic "
              + Base64.getEncoder().encodeToString("fred:s3cret".getBytes(StandardCharsets.UTF_8));
      assertThat(call("GET", secured.url() + "/subjects", null, good).status()).isEqualTo(200);
    }
  }
}

package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  /** A port on which nothing listens: bound once, then released. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldNameEveryUrlAndTheCauseWhenUnreachable() throws IOException {
    int a = closedPort();
    int b = closedPort();
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            Map.of(
                "schema.registry.url",
                "http://127.0.0.1:" + a + ",http://user:pw-secret@127.0.0.1:" + b,
                "http.connect.timeout.ms",
                2000));
    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SerializationException.class)
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unreachable")
        .hasMessageContaining("http://127.0.0.1:" + a)
        .hasMessageContaining("http://127.0.0.1:" + b)
        .hasMessageContaining("ConnectException")
        .hasMessageNotContaining("pw-secret");
    assertThat(client.urls()).containsExactly("http://127.0.0.1:" + a, "http://127.0.0.1:" + b);
  }

  @Test
  void shouldRejectIncompleteAuthSettingsWithoutEchoingSecrets() {
    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(
                    Map.of(
                        "schema.registry.url", "http://r",
                        "basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "no-colon-secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info")
        .hasMessageNotContaining("no-colon-secret");
    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(
                    Map.of(
                        "schema.registry.url", "http://r",
                        "bearer.auth.credentials.source", "STATIC_TOKEN")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bearer.auth.token");
    assertThatThrownBy(
            () ->
                new SchemaRegistryClient(
                    Map.of(
                        "schema.registry.url", "http://r",
                        "basic.auth.credentials.source", "SASL_INHERIT")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("USER_INFO");
  }

  @Test
  void shouldRejectRelativeUrls() {
    assertThatThrownBy(
            () -> new SchemaRegistryClient(Map.of("schema.registry.url", "localhost:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }
}

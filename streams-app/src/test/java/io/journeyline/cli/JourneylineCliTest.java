package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JourneylineCliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return JourneylineCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldListTheSubcommandsInHelp() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("demo", "run", "adapters", "Usage: journeyline");
  }

  @Test
  void shouldDocumentTheDemoOptions() {
    int code = run("demo", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--simulate-rate", "--ingest-port", "--query-port", "--data-dir");
  }

  @Test
  void shouldRejectAnUnknownSubcommandWithOneClearMessage() {
    int code = run("frobnicate");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "frobnicate");
    assertThat(err.toString()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void shouldRefuseToStartTheDemoOnAPortInUse() throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = busy.getLocalPort();

      int code = run("demo", "--ingest-port", Integer.toString(port), "--query-port", "0");

      assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
      assertThat(err.toString())
          .contains("Port " + port + " (--ingest-port) is already in use")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void shouldRejectANegativeSimulationRate() {
    int code = run("demo", "--simulate-rate", "-1");

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("--simulate-rate must be >= 0");
  }

  @Test
  void shouldNameAMissingConfigurationFile() {
    int code = run("run", "--config", dir.resolve("missing.properties").toString());

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("missing.properties", "does not exist");
  }

  @Test
  void shouldSayWhenNoKafkaIsConfigured() throws IOException {
    Path config =
        Files.writeString(dir.resolve("empty.properties"), "journeyline.query.auth=none\n");

    int code = run("run", "--config", config.toString());

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("journeyline.kafka.bootstrap.servers");
  }

  @Test
  void shouldFailFastWhenKafkaDoesNotAnswer() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("unreachable.properties"),
            "journeyline.kafka.bootstrap.servers=127.0.0.1:"
                + closedPort
                + "\njourneyline.schema-registry.schema.registry.url=http://127.0.0.1:1"
                + "\njourneyline.query.auth=none\n");

    int code = run("run", "--config", config.toString(), "--connect-timeout", "2");

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("Kafka at 127.0.0.1:" + closedPort).doesNotContain("\tat ");
  }

  @Test
  void shouldGenerateAKeyWhoseEntryTheQueryApiAccepts() {
    int code = run("keys", "generate", "--name", "crm", "--scopes", "query:personal,query:metrics");

    assertThat(code).as(err.toString()).isZero();
    String key = out.toString().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow();
    String entry =
        out.toString().lines().filter(l -> l.startsWith("entry:")).findFirst().orElseThrow();
    io.journeyline.http.ScopedApiKeys keys =
        new io.journeyline.config.StreamsAppConfig(
                java.util.Map.of(
                    io.journeyline.config.StreamsAppConfig.QUERY_API_KEYS_CONFIG,
                    entry.substring("entry:".length()).strip()))
            .queryApiKeys();
    assertThat(keys.authenticate(key.substring("key:".length()).strip()))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("crm");
              assertThat(e.scopes()).containsExactlyInAnyOrder("query:personal", "query:metrics");
            });
    assertThat(entry).doesNotContain(key.substring("key:".length()).strip());
  }

  @Test
  void shouldGenerateAKeyWhoseEntryTheIngestApiAccepts() {
    int code =
        run("keys", "generate", "--api", "ingest", "--name", "crm", "--scopes", "identities");

    assertThat(code).as(err.toString()).isZero();
    String key = out.toString().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow();
    String entry =
        out.toString().lines().filter(l -> l.startsWith("entry:")).findFirst().orElseThrow();
    String presented = key.substring("key:".length()).strip();
    io.journeyline.adapters.AdaptersConfig config =
        new io.journeyline.adapters.AdaptersConfig(
            java.util.Map.of(
                io.journeyline.adapters.AdaptersConfig.API_KEYS_CONFIG,
                entry.substring("entry:".length()).strip()));
    assertThat(config.plainTextApiKeys()).isZero();
    assertThat(config.apiKeys().authenticate(presented))
        .hasValueSatisfying(e -> assertThat(e.scopes()).containsExactly("identities"));
    assertThat(presented).startsWith("jli_");
    assertThat(entry).doesNotContain(presented);
    assertThat(
            run("keys", "generate", "--api", "ingest", "--name", "x", "--scopes", "query:metrics"))
        .as("a query scope is no ingest endpoint")
        .isEqualTo(JourneylineCli.EXIT_CONFIG);
  }

  @Test
  void shouldGenerateAMasterKeyBothConfigsAccept() {
    int code = run("keys", "master-key");

    assertThat(code).as(err.toString()).isZero();
    String key = out.toString().strip();
    assertThat(
            new io.journeyline.config.StreamsAppConfig(
                    java.util.Map.of(io.journeyline.config.StreamsAppConfig.MASTER_KEY_CONFIG, key))
                .textCrypto())
        .isPresent();
    assertThat(
            new io.journeyline.adapters.AdaptersConfig(
                    java.util.Map.of(
                        io.journeyline.adapters.AdaptersConfig.MASTER_KEY_CONFIG,
                        key,
                        io.journeyline.adapters.AdaptersConfig.AUTH_ENABLED_CONFIG,
                        false))
                .masterKey())
        .contains(key);
  }

  @Test
  void shouldRefuseAMasterKeyThatIsNot256BitsWithoutEchoingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new io.journeyline.config.StreamsAppConfig(
                    java.util.Map.of(
                        io.journeyline.config.StreamsAppConfig.MASTER_KEY_CONFIG, "c2VjcmV0")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("journeyline.crypto.master-key")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void shouldRefuseAnUnknownScopeForAKey() {
    int code = run("keys", "generate", "--name", "crm", "--scopes", "query:everything");

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("unknown scope 'query:everything'");
  }

  @Test
  void shouldRefuseToRunTheQueryApiWithoutKeysBeforeConnectingAnywhere() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("run.properties"), "journeyline.kafka.bootstrap.servers=127.0.0.1:1\n");

    int code = run("run", "--config", config.toString());

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString())
        .contains("journeyline.query.api-keys must name at least one key")
        .contains("journeyline.query.auth=none")
        .doesNotContain("\tat ");
  }
}

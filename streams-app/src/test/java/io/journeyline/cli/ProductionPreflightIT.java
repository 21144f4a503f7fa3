package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and {@code adapters} check Kafka and the registry before anything starts. */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class ProductionPreflightIT {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return JourneylineCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldNameAnUnreachableSchemaRegistry(EmbeddedKafkaCluster kafka) throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("journeyline.properties"),
            "journeyline.kafka.bootstrap.servers="
                + kafka.bootstrapServers()
                + "\njourneyline.schema-registry.schema.registry.url=http://127.0.0.1:"
                + closedPort
                + "\njourneyline.query.auth=none\n");

    int code = run("run", "--config", config.toString());

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString())
        .contains("Schema registry at http://127.0.0.1:" + closedPort + " is not usable")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldRefuseToStartTheAdaptersWithoutApiKeys(EmbeddedKafkaCluster kafka) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("adapters.properties"),
            "journeyline.kafka.bootstrap.servers=" + kafka.bootstrapServers() + "\n");

    int code = run("adapters", "--config", config.toString());

    assertThat(code).isEqualTo(JourneylineCli.EXIT_CONFIG);
    assertThat(err.toString()).contains("journeyline.adapters.api-keys").doesNotContain("\tat ");
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ChatEvent;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that is down gives 503 with Retry-After and nothing half-written; after it returns on
 * the same address, the same request succeeds and its records are there exactly once.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BrokerOutageIT {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] batch(String prefix) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      sb.append(i == 0 ? "" : ",")
          .append(
              ("{\"eventId\":\"%s-%d\",\"occurredAt\":\"2026-03-01T09:0%d:00Z\",\"channel\":\"CHAT\","
                      + "\"type\":\"MESSAGE\",\"contactId\":\"%s-c%d\",\"customer\":{\"chatUserId\":\"u%d\"}}")
                  .formatted(prefix, i, i, prefix, i, i));
    }
    return sb.append("]").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldAnswer503WhileTheBrokerIsDownAndSucceedOnceAfterItReturns(@TempDir Path dataDir)
      throws Exception {
    int port = freePort();
    EmbeddedKafkaCluster first =
        EmbeddedKafkaCluster.builder().dataDir(dataDir).brokerPort(port).start();
    EmbeddedKafkaCluster second = null;
    TopicCatalog topics = Harness.createTopics(first, "outage-it", 2);
    String chat = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
    try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(first.bootstrapServers());
        AdaptersServer server =
            Harness.start(
                first,
                registry.url(),
                topics,
                Map.of(
                    AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                    AdaptersConfig.PUBLISH_TIMEOUT_CONFIG, "1s",
                    AdaptersConfig.RETRY_AFTER_CONFIG, "2s",
                    AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0"),
                new SimpleMeterRegistry(),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThat(
              Harness.post(server, "/v1/events", "application/json", batch("warm"), Map.of())
                  .status())
          .isEqualTo(202);

      first.close();
      Harness.Answer down =
          Harness.post(server, "/v1/events", "application/json", batch("during"), Map.of());

      assertThat(down.status()).isEqualTo(503);
      assertThat(down.raw().headers().firstValue("Retry-After")).contains("2");
      assertThat(down.contentType()).startsWith("application/problem+json");

      second = EmbeddedKafkaCluster.builder().dataDir(dataDir).brokerPort(port).start();
      Harness.Answer retried =
          Await.until(
              Duration.ofSeconds(90),
              "the retried request to be accepted",
              () -> {
                try {
                  return Harness.post(
                      server, "/v1/events", "application/json", batch("during"), Map.of());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              },
              a -> a.status() != 503);
      assertThat(retried.status()).isEqualTo(202);

      EmbeddedKafkaCluster restarted = second;
      List<String> ids =
          Await.until(
              Duration.ofSeconds(30),
              "the accepted batch to be visible",
              () ->
                  Harness.readAll(restarted, registry.url(), List.of(chat)).stream()
                      .map(r -> ((ChatEvent) r.value()).getEventId())
                      .toList(),
              list -> list.stream().filter(id -> id.startsWith("during-")).count() >= 5);
      assertThat(ids.stream().filter(id -> id.startsWith("during-")))
          .containsExactlyInAnyOrder("during-0", "during-1", "during-2", "during-3", "during-4");
      assertThat(ids.stream().filter(id -> id.startsWith("warm-"))).hasSize(5);
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }
}

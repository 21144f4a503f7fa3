package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adapters' health endpoints and producer metrics: ready while Kafka answers, 503 naming Kafka
 * while it does not (live either way), and the pooled producers' own metrics in the registry.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class AdaptersHealthIT {

  private static final Map<String, String> NO_AUTH =
      Map.of(AdaptersConfig.AUTH_ENABLED_CONFIG, "false");

  private static HttpResponse<String> get(AdaptersServer server, String path) throws Exception {
    return Harness.HTTP.send(
        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldBeReadyAndExposeProducerMetricsOnceKafkaAnswers(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "health-it", 1);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (AdaptersServer server =
        Harness.start(kafka, registry.url(), topics, NO_AUTH, meters, Clock.systemUTC())) {

      HttpResponse<String> ready = get(server, "/health/ready");

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"kafka\":\"UP\"}");
      assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");

      Harness.Answer posted =
          Harness.post(
              server,
              "/v1/events",
              "application/json",
              ("{\"eventId\":\"h-1\",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"channel\":\"CHAT\","
                      + "\"type\":\"CONTACT_STARTED\",\"contactId\":\"c-1\","
                      + "\"customer\":{\"customerId\":\"cust-1\"}}")
                  .getBytes(StandardCharsets.UTF_8),
              Map.of());

      assertThat(posted.status()).as(posted.body()).isEqualTo(202);
      Set<String> names = new TreeSet<>();
      for (Meter meter : meters.getMeters()) {
        names.add(meter.getId().getName());
      }
      assertThat(names)
          .contains(
              "kafka.producer.record.send.total",
              "kafka.producer.request.latency.avg",
              "kafka.producer.record.error.total",
              "kafka.producer.buffer.available.bytes");
    }
  }

  @Test
  void shouldAnswer503NamingKafkaWhileKafkaDoesNotAnswerAndStayLive(EmbeddedSchemaRegistry registry)
      throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    Map<String, String> settings =
        Map.of(
            AdaptersConfig.AUTH_ENABLED_CONFIG,
            "false",
            AdaptersConfig.PORT_CONFIG,
            "0",
            AdaptersConfig.HOST_CONFIG,
            "127.0.0.1",
            AdaptersConfig.PUBLISH_TIMEOUT_CONFIG,
            "1s");
    try (AdaptersServer server =
        AdaptersServer.builder(new AdaptersConfig(settings))
            .kafka(Map.of("bootstrap.servers", "127.0.0.1:" + closed))
            .serdeConfig(Map.of("schema.registry.url", registry.url()))
            .start()) {

      HttpResponse<String> ready = get(server, "/health/ready");

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).startsWith("{\"status\":\"DOWN\",\"kafka\":");
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
    }
  }
}

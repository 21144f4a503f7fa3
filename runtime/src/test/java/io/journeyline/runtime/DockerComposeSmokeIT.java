package io.journeyline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The end-to-end smoke on the real images: {@code docker/docker-compose.yml} as written (Kafka,
 * Confluent's registry, the one-shot schema registration, the adapters and two streams instances
 * built from {@code journeyline-runtime.jar}), then ingest, topology, query and metrics through the
 * public ports. Runs where a Docker engine (with the compose plugin) answers; skipped cleanly
 * elsewhere: {@code disabledWithoutDocker} checks before anything is created.
 */
@Tag("integration")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeSmokeIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static ComposeContainer stack;

  @BeforeAll
  static void startStack() {
    assertThat(RuntimeJarIT.JAR).as("built by the package phase").exists();
    stack =
        new ComposeContainer(new File("../docker/docker-compose.yml"))
            .withLocalCompose(true)
            .withBuild(true)
            .withExposedService(
                "adapters",
                8080,
                Wait.forHttp("/health/ready")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(8)))
            .withExposedService(
                "streams-1",
                8081,
                Wait.forHttp("/health/ready")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(8)));
    stack.start();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.stop();
    }
  }

  private static String url(String service, int port, String path) {
    return "http://"
        + stack.getServiceHost(service, port)
        + ":"
        + stack.getServicePort(service, port)
        + path;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldIngestProcessAndAnswerQueriesAndMetricsOnTheRealImages() throws Exception {
    String contact = "smoke-" + UUID.randomUUID();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    String body =
        "["
            + event(contact + "-1", start, "CONTACT_STARTED", contact, null)
            + ","
            + event(contact + "-2", start.plusSeconds(30), "CONTACT_ENDED", contact, "billing")
            + "]";

    HttpResponse<String> accepted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("adapters", 8080, "/v1/events")))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    String query = url("streams-1", 8081, "/v1/contacts/" + contact);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    HttpResponse<String> answer = get(query);
    while (!(answer.statusCode() == 200 && answer.body().contains("billing"))
        && System.nanoTime() < deadline) {
      Thread.sleep(1000); // polling a remote stack: no event to wait on
      answer = get(query);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body())
        .contains("\"contactId\":\"" + contact + "\"", "\"issue\":\"billing\"");

    String streamsMetrics = get(url("streams-1", 8081, "/metrics")).body();
    assertThat(streamsMetrics)
        .contains(
            "journeyline_events_accepted_total",
            "kafka_consumer_fetch_manager_records_lag",
            "jvm_memory_used_bytes",
            "process_cpu_usage");
    String adapterMetrics = get(url("adapters", 8080, "/metrics")).body();
    assertThat(adapterMetrics)
        .contains(
            "journeyline_adapters_requests_total",
            "kafka_producer_record_send_total",
            "jvm_memory_used_bytes");
  }

  private static String event(
      String eventId, Instant at, String type, String contactId, String issue) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"occurredAt\":\""
        + at
        + "\",\"channel\":\"CHAT\",\"type\":\""
        + type
        + "\",\"contactId\":\""
        + contactId
        + "\",\"customer\":{\"customerId\":\"smoke-customer\"}"
        + (issue == null ? "" : ",\"issue\":\"" + issue + "\"")
        + "}";
  }
}

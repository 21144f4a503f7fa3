package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded loopback load run, not a test of behaviour: batches of 100 canonical events from
 * several concurrent clients; reports accepted events/s and latency percentiles, asserts only that
 * every request was accepted. Skipped unless {@code -Djourneyline.load=true}.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class AdaptersLoadIT {

  private static final int BATCH = 100;
  private static final int CLIENTS = Integer.getInteger("journeyline.load.clients", 4);
  private static final int BATCHES = Integer.getInteger("journeyline.load.batches", 600);
  private static final int WARMUP = 50;

  private static byte[] batch(int n) {
    StringBuilder sb = new StringBuilder(BATCH * 300).append('[');
    String[] channels = {"CHAT", "VOICE", "EMAIL", "SMS"};
    for (int i = 0; i < BATCH; i++) {
      sb.append(i == 0 ? "" : ",")
          .append(
              ("{\"eventId\":\"ld-%d-%d\",\"occurredAt\":\"2026-03-01T09:%02d:%02d.%03dZ\","
                      + "\"channel\":\"%s\",\"type\":\"MESSAGE\",\"contactId\":\"ld-c-%d\","
                      + "\"customer\":{\"phone\":\"+1415867%04d\"},\"participant\":\"CUSTOMER\","
                      + "\"text\":\"I was charged twice for my order, please help\",\"queue\":\"billing\"}")
                  .formatted(
                      n,
                      i,
                      (n / 60) % 60,
                      n % 60,
                      i,
                      channels[i % 4],
                      (n * BATCH + i) % 5000,
                      i % 10000));
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void reportThroughputAndLatencyForBatchesOf100(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("journeyline.load"), "set -Djourneyline.load=true");
    TopicCatalog topics = Harness.createTopics(kafka, "load-it", 6);
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            Map.of(
                AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "5s",
                AdaptersConfig.PRODUCER_POOL_SIZE_CONFIG, Integer.toString(CLIENTS)),
            new SimpleMeterRegistry(),
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC))) {
      for (int w = 0; w < WARMUP; w++) {
        Harness.post(server, "/v1/events", "application/json", batch(-1 - w), Map.of());
      }
      List<byte[]> bodies = new ArrayList<>();
      for (int n = 0; n < BATCHES; n++) {
        bodies.add(batch(n));
      }
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger next = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        futures.add(
            pool.submit(
                () -> {
                  int n;
                  while ((n = next.getAndIncrement()) < BATCHES) {
                    long t0 = System.nanoTime();
                    Harness.Answer a =
                        Harness.post(
                            server, "/v1/events", "application/json", bodies.get(n), Map.of());
                    latencies.add(System.nanoTime() - t0);
                    if (a.status() != 202) {
                      failures.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      long elapsed = System.nanoTime() - start;
      pool.shutdown();
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      double seconds = elapsed / 1e9;
      System.out.printf(
          "LOAD: %d clients, %d batches x %d events in %.2f s: %.0f events/s, %.1f batches/s;"
              + " latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; failures %d%n",
          CLIENTS,
          BATCHES,
          BATCH,
          seconds,
          BATCHES * BATCH / seconds,
          BATCHES / seconds,
          pct(sorted, 0.50),
          pct(sorted, 0.90),
          pct(sorted, 0.99),
          sorted.get(sorted.size() - 1) / 1e6,
          failures.get());
      assertThat(failures.get()).isZero();
    }
  }

  private static double pct(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}

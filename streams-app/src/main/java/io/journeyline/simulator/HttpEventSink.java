package io.journeyline.simulator;

import io.journeyline.adapters.client.AdaptersClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends simulated events through the adapters' canonical HTTP API ({@code POST /v1/events}), so the
 * demo exercises the whole path: validation, redaction, the transactional publish and the adapters'
 * heartbeats. Each call is one batch; a rejected or failed batch is counted and logged.
 */
public final class HttpEventSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(HttpEventSink.class);
  private static final int MAX_BATCH = 500;

  private final AdaptersClient client;
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param adapters the adapters' base URI, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey the API key, when the adapters require one
   */
  public HttpEventSink(URI adapters, Optional<String> apiKey) {
    this.client = new AdaptersClient(adapters, apiKey, Duration.ofSeconds(30));
  }

  @Override
  public void send(List<SimulatedEvent> events) {
    for (int from = 0; from < events.size(); from += MAX_BATCH) {
      List<SpecificRecord> batch =
          events.subList(from, Math.min(events.size(), from + MAX_BATCH)).stream()
              .map(SimulatedEvent::event)
              .toList();
      try {
        AdaptersClient.Result result = client.send(batch);
        if (!result.accepted()) {
          failures.addAndGet(batch.size());
          log.warn(
              "The adapters answered {} to a simulator batch of {} events: {}",
              result.status(),
              batch.size(),
              abbreviate(result.body()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.addAndGet(batch.size());
        return;
      } catch (java.io.IOException e) {
        failures.addAndGet(batch.size());
        log.warn("Simulator batch of {} events not delivered: {}", batch.size(), e.toString());
      }
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {}
}

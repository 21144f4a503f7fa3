package io.journeyline.adapters.metrics;

import io.journeyline.adapters.publish.OutboundRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapters' meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code journeyline.adapters.requests} [journeyline_adapters_requests_total], tags endpoint,
 *       status: requests answered;
 *   <li>{@code journeyline.adapters.records.published} [..._records_published_total], tag topic;
 *   <li>{@code journeyline.adapters.rejected} [..._rejected_total], tags endpoint, reason
 *       (validation, malformed, unauthorized, forbidden, too-large, unsupported-media-type,
 *       unavailable, internal...): requests not published;
 *   <li>{@code journeyline.adapters.publish.latency} [..._publish_latency_seconds]: time from the
 *       start of a batch transaction to its commit;
 *   <li>{@code journeyline.adapters.heartbeats} [..._heartbeats_total], tag outcome;
 *   <li>{@code journeyline.adapters.producers.created} [..._producers_created_total];
 *   <li>every Kafka producer metric of each pooled producer ({@link KafkaClientMetrics}: {@code
 *       kafka_producer_record_send_total}, {@code kafka_producer_request_latency_avg}, {@code
 *       kafka_producer_record_error_total}, {@code kafka_producer_buffer_available_bytes}, ...,
 *       tagged {@code client_id}), bound while the producer lives.
 * </ul>
 */
public final class AdapterMetrics {

  private static final Logger log = LoggerFactory.getLogger(AdapterMetrics.class);

  private final MeterRegistry registry;
  private final Timer publishLatency;
  private final AtomicBoolean producerMetricsWarned = new AtomicBoolean();

  public AdapterMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.publishLatency =
        Timer.builder("journeyline.adapters.publish.latency")
            .description("Time from the start of a batch transaction to its commit")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Binds a producer's own metrics; closing the answer removes them (when the producer is replaced
   * or closed).
   */
  public AutoCloseable bindProducer(Producer<?, ?> producer) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
    try {
      metrics.bindTo(registry);
    } catch (RuntimeException e) {
      // A registry shared with another Kafka binder (the demo's single registry holds Kafka
      // Streams' own producer metrics) may refuse meters whose names it already has with other
      // tags. Publishing must not depend on metrics: go on without them.
      metrics.close();
      if (producerMetricsWarned.compareAndSet(false, true)) {
        log.warn(
            "Producer metrics are not exposed: the meter registry refused them ({})", e.toString());
      }
      return () -> {};
    }
    return metrics;
  }

  public void request(String endpoint, int status) {
    Counter.builder("journeyline.adapters.requests")
        .description("HTTP requests answered, by endpoint and status")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  public void rejected(String endpoint, String reason) {
    Counter.builder("journeyline.adapters.rejected")
        .description("Requests whose records were not published, by endpoint and reason")
        .tag("endpoint", endpoint)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void published(List<OutboundRecord> records, long nanos) {
    publishLatency.record(Duration.ofNanos(nanos));
    Map<String, Integer> byTopic = new HashMap<>();
    for (OutboundRecord r : records) {
      byTopic.merge(r.topic(), 1, Integer::sum);
    }
    byTopic.forEach(
        (topic, n) ->
            Counter.builder("journeyline.adapters.records.published")
                .description("Records committed to Kafka, by topic")
                .tag("topic", topic)
                .register(registry)
                .increment(n));
  }

  public void heartbeat(boolean ok) {
    Counter.builder("journeyline.adapters.heartbeats")
        .description("Heartbeat rounds (one record per partition of each interaction topic)")
        .tag("outcome", ok ? "sent" : "failed")
        .register(registry)
        .increment();
  }

  public void producerCreated() {
    Counter.builder("journeyline.adapters.producers.created")
        .description("Transactional producers created (more than the pool size means replacements)")
        .register(registry)
        .increment();
  }
}

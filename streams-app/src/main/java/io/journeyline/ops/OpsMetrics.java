package io.journeyline.ops;

import io.journeyline.avro.Channel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The operations metrics of a running app, in a Micrometer registry (scraped as Prometheus text):
 *
 * <ul>
 *   <li>{@link KafkaStreamsMetrics}: every Kafka Streams and client metric, incl. consumer lag per
 *       partition ({@code kafka_consumer_fetch_manager_records_lag{topic,partition}}), thread
 *       process rate and commit latency;
 *   <li>{@code journeyline_consumer_lag_records{topic}}: total lag of the app's main consumers per
 *       input topic (refreshed on each scrape, {@link #refresh()});
 *   <li>{@code journeyline_events_accepted_total{channel}}, {@code journeyline_duplicates_total},
 *       {@code journeyline_dlq_records_total}, {@code journeyline_late_events_total} (beyond the
 *       allowed lateness, to the DLQ), {@code journeyline_late_events_applied_total} (later than
 *       grace, applied), {@code journeyline_corrections_after_final_total}, {@code
 *       journeyline_invalid_events_total}, {@code journeyline_alerts_total}, and the identity
 *       graph's {@code journeyline_identity_shared_identifiers_total}, {@code
 *       journeyline_identity_refused_links_total} and {@code
 *       journeyline_identity_contact_moves_total} (on the instance that runs the graph's task), the
 *       journey stage's {@code journeyline_contacts_sealed_total} and {@code
 *       journeyline_events_before_sealed_total};
 *   <li>gauges of the all-dimension aggregates this instance's tasks maintain: {@code
 *       journeyline_fcr_contacts{status}}, {@code journeyline_repeat_contacts{kind}}, {@code
 *       journeyline_service_contacts{kind}}, {@code journeyline_service_handle_ms_sum}, {@code
 *       journeyline_sentiment_messages}, {@code journeyline_sentiment_score_sum}, and {@code
 *       journeyline_streams_running} (1 when RUNNING).
 * </ul>
 */
public final class OpsMetrics implements AutoCloseable {

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics kafkaMetrics;
  private final MultiGauge lagByTopic;

  private OpsMetrics(MeterRegistry registry, JourneylineStreams app) {
    this.streams = app.kafkaStreams();
    this.kafkaMetrics = new KafkaStreamsMetrics(streams);
    kafkaMetrics.bindTo(registry);
    this.lagByTopic =
        MultiGauge.builder("journeyline.consumer.lag.records")
            .description("Records the app's consumers are behind, summed per input topic")
            .baseUnit("records")
            .register(registry);
    LiveCounters counters = app.counters();
    for (Channel channel : Channel.values()) {
      FunctionCounter.builder(
              "journeyline.events.accepted",
              counters,
              c -> c.snapshot().eventsByChannel().getOrDefault(channel, 0L))
          .description("Events accepted by the topology")
          .tags("channel", channel.name())
          .register(registry);
    }
    counter(
        registry,
        "journeyline.duplicates",
        "Duplicate events dropped",
        counters,
        s -> s.duplicates());
    counter(
        registry,
        "journeyline.dlq.records",
        "Records sent to the DLQ",
        counters,
        s -> s.deadLettered());
    counter(
        registry,
        "journeyline.late.events",
        "Events beyond the allowed lateness (to the DLQ)",
        counters,
        s -> s.late());
    counter(
        registry,
        "journeyline.late.events.applied",
        "Events later than their channel's grace, within the allowed lateness (applied)",
        counters,
        s -> s.lateApplied());
    counter(
        registry,
        "journeyline.corrections.after.final",
        "Changes to contacts that were already final (corrections after final)",
        counters,
        s -> s.correctionsAfterFinal());
    counter(
        registry,
        "journeyline.invalid.events",
        "Invalid events (to the DLQ)",
        counters,
        s -> s.invalid());
    FunctionCounter.builder(
            "journeyline.identity.shared.identifiers", counters, LiveCounters::sharedIdentifiers)
        .description("Identifiers that became shared and stopped linking customers")
        .register(registry);
    FunctionCounter.builder(
            "journeyline.identity.refused.links", counters, LiveCounters::refusedLinks)
        .description("Identity links refused by journeyline.identity.max-component-size")
        .register(registry);
    FunctionCounter.builder(
            "journeyline.identity.contact.moves", counters, LiveCounters::contactMoves)
        .description("Contacts moved to another customer by a merge or split")
        .register(registry);
    FunctionCounter.builder("journeyline.contacts.sealed", counters, LiveCounters::sealedContacts)
        .description(
            "Contacts whose events older than the journey stage's time minus the allowed lateness"
                + " were folded into their sealed form")
        .register(registry);
    FunctionCounter.builder(
            "journeyline.events.before.sealed", counters, LiveCounters::eventsBeforeSealed)
        .description(
            "Events not later than a sealed contact of their conversation (came through a move on"
                + " another task's time): folded after it")
        .register(registry);
    counter(
        registry, "journeyline.alerts", "Alerts raised (every type)", counters, s -> s.alerts());
    FunctionCounter.builder("journeyline.alerts.withdrawn", counters, LiveCounters::alertsWithdrawn)
        .description("Alerts withdrawn: a later view of the contact no longer met the condition")
        .register(registry);
    gauge(registry, "journeyline.fcr.contacts", "status", "resolved", counters, s -> s.resolved());
    gauge(
        registry,
        "journeyline.fcr.contacts",
        "status",
        "not_resolved",
        counters,
        s -> s.notResolved());
    gauge(registry, "journeyline.fcr.contacts", "status", "pending", counters, s -> s.pending());
    gauge(
        registry,
        "journeyline.repeat.contacts",
        "kind",
        "contacts",
        counters,
        s -> s.repeatContacts());
    gauge(registry, "journeyline.repeat.contacts", "kind", "repeats", counters, s -> s.repeats());
    gauge(
        registry,
        "journeyline.repeat.contacts",
        "kind",
        "channel_hops",
        counters,
        s -> s.channelHops());
    gauge(
        registry,
        "journeyline.service.contacts",
        "kind",
        "answered_within_threshold",
        counters,
        s -> s.answeredWithinThreshold());
    gauge(
        registry,
        "journeyline.service.contacts",
        "kind",
        "service_level_base",
        counters,
        s -> s.serviceLevelBase());
    gauge(registry, "journeyline.service.contacts", "kind", "handled", counters, s -> s.handled());
    gauge(
        registry,
        "journeyline.service.contacts",
        "kind",
        "target_breaches",
        counters,
        s -> s.targetBreaches());
    gauge(registry, "journeyline.survey.answers", "kind", "csat", counters, s -> s.csatResponses());
    gauge(
        registry,
        "journeyline.survey.answers",
        "kind",
        "csat_satisfied",
        counters,
        s -> s.csatSatisfied());
    gauge(registry, "journeyline.survey.answers", "kind", "nps", counters, s -> s.npsResponses());
    gauge(
        registry,
        "journeyline.survey.answers",
        "kind",
        "nps_net_promoters",
        counters,
        s -> s.npsPromotersMinusDetractors());
    Gauge.builder("journeyline.service.handle.ms.sum", counters, c -> c.snapshot().handleSumMs())
        .description("Sum of the handle times of the handled contacts in those buckets (ms)")
        .register(registry);
    Gauge.builder("journeyline.sentiment.messages", counters, c -> c.snapshot().sentimentMessages())
        .description("Scored customer messages in this instance's all-dimension buckets")
        .register(registry);
    Gauge.builder(
            "journeyline.sentiment.score.sum",
            counters,
            c -> {
              LiveCounters.Snapshot s = c.snapshot();
              return s.meanSentiment() == null ? 0.0 : s.meanSentiment() * s.sentimentMessages();
            })
        .description("Sum of the scores of those messages")
        .register(registry);
    Gauge.builder(
            "journeyline.streams.running",
            streams,
            ks -> ks.state() == KafkaStreams.State.RUNNING ? 1.0 : 0.0)
        .description("1 when Kafka Streams is RUNNING")
        .register(registry);
    refresh();
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      LiveCounters counters,
      ToDoubleFunction<LiveCounters.Snapshot> value) {
    FunctionCounter.builder(name, counters, c -> value.applyAsDouble(c.snapshot()))
        .description(description)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String tag,
      String tagValue,
      LiveCounters counters,
      ToDoubleFunction<LiveCounters.Snapshot> value) {
    Gauge.builder(name, counters, c -> value.applyAsDouble(c.snapshot()))
        .description("All-dimension aggregate counts of this instance's aggregate tasks")
        .tags(tag, tagValue)
        .register(registry);
  }

  /** Binds the app's metrics to the registry. */
  public static OpsMetrics bind(MeterRegistry registry, JourneylineStreams app) {
    return new OpsMetrics(registry, app);
  }

  /** Recomputes the per-topic total lag (called before each scrape). */
  public void refresh() {
    Map<String, Double> byTopic = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      String client = name.tags().getOrDefault("client-id", "");
      if (!"records-lag".equals(name.name())
          || !"consumer-fetch-manager-metrics".equals(name.group())
          || !name.tags().containsKey("partition")
          || client.toLowerCase(Locale.ROOT).contains("restore")) {
        continue;
      }
      Object value = e.getValue().metricValue();
      if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        byTopic.merge(name.tags().get("topic"), n.doubleValue(), Double::sum);
      }
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    byTopic.forEach((topic, lag) -> rows.add(MultiGauge.Row.of(Tags.of("topic", topic), lag)));
    lagByTopic.register(rows, true);
  }

  @Override
  public void close() {
    kafkaMetrics.close();
  }
}

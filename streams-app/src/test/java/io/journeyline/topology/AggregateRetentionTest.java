package io.journeyline.topology;

import static io.journeyline.avro.EventType.MESSAGE;
import static java.time.temporal.ChronoUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.metrics.BucketKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregate buckets' retention ({@code journeyline.metrics.retention-ms}) over the whole
 * topology: a bucket leaves {@code aggregate-store} once every journey partition's watermark has
 * passed its end plus the retention (event time), found by the sweep every 30 seconds of wall
 * clock; newer buckets and the metric topics are untouched. The journey horizon is the default 30
 * days; the retention here is 31 days.
 */
class AggregateRetentionTest {

  /** Monday 2025-03-03 09:00 UTC. */
  static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  static final Duration RETENTION = Duration.ofDays(31);

  private TopologyHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private TopologyHarness start(long retentionMs) {
    harness =
        new TopologyHarness(Map.of(StreamsAppConfig.METRICS_RETENTION_MS_CONFIG, retentionMs));
    return harness;
  }

  private static List<String> bucketKeys(TopologyHarness h) {
    KeyValueStore<String, Object> store = h.driver.getKeyValueStore(TopologyNames.AGGREGATE_STORE);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Object> it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  private static List<String> bucketsStartingAt(TopologyHarness h, Instant hour, Instant day) {
    return bucketKeys(h).stream()
        .filter(
            k -> {
              BucketKey b = BucketKey.parse(k);
              return b.window().equals("1h") && b.windowStart() == hour.toEpochMilli()
                  || b.window().equals("1d") && b.windowStart() == day.toEpochMilli();
            })
        .toList();
  }

  private static double expiredTotal(TopologyHarness h) {
    return h.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().group().equals("stream-journeyline-metrics")
                    && e.getKey().name().equals("buckets-expired-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  /** Moves the watermark, then lets 31 s of wall clock pass, so that the sweep runs. */
  private static void sweep(TopologyHarness h, Instant watermark) {
    h.heartbeat(watermark);
    h.driver.advanceWallClockTime(Duration.ofSeconds(31));
  }

  @Test
  void shouldDeleteABucketOnceTheWatermarkPassedItsEndPlusTheRetention() {
    TopologyHarness h = start(RETENTION.toMillis());
    Instant hour = T0;
    Instant day = Instant.parse("2025-03-03T00:00:00Z");
    // Given a chat in the 09:00 bucket of 3 March, and one 40 days later
    h.sendAll(ContactHistoryTest.chat("chat-old", "cust-1", T0));
    h.sendAll(ContactHistoryTest.chat("chat-new", "cust-2", T0.plus(Duration.ofDays(40))));
    List<String> old = bucketsStartingAt(h, hour, day);
    // all, channel, queue, agent, and issue twice (unknown until its last event, then billing), in
    // each of the two windows
    assertThat(old).as("premise: the older chat's buckets").hasSize(12);
    List<String> all = bucketKeys(h);
    h.fcr.readKeyValuesToList();

    // When the watermark is a minute short of the hourly bucket's end + 31 days and a sweep runs
    Instant hourExpiry = hour.plus(Duration.ofHours(1)).plus(RETENTION);
    sweep(h, hourExpiry.minusSeconds(60));
    // Then every bucket is still there
    assertThat(bucketKeys(h)).containsExactlyInAnyOrderElementsOf(all);

    // When it reaches it
    sweep(h, hourExpiry);
    // Then the older chat's six hourly buckets are gone and its daily ones stay (they end at
    // midnight, 15 hours later)
    List<String> hourly = old.stream().filter(k -> k.startsWith("1h|")).toList();
    assertThat(bucketKeys(h))
        .doesNotContainAnyElementsOf(hourly)
        .containsAll(old.stream().filter(k -> k.startsWith("1d|")).toList());
    assertThat(expiredTotal(h)).isEqualTo(6.0);

    // When the watermark passes the daily buckets' end + 31 days
    sweep(h, day.plus(Duration.ofDays(1)).plus(RETENTION));
    // Then only the newer chat's buckets remain, and the topics got no tombstone
    assertThat(bucketKeys(h))
        .containsExactlyInAnyOrderElementsOf(all.stream().filter(k -> !old.contains(k)).toList());
    assertThat(expiredTotal(h)).isEqualTo(12.0);
    assertThat(h.fcr.readKeyValuesToList()).allMatch(kv -> kv.value != null);
    assertThat(h.sentiment.readKeyValuesToList()).allMatch(kv -> kv.value != null);
  }

  @Test
  void shouldKeepEveryBucketWithoutARetention() {
    TopologyHarness h = start(-1);
    h.sendAll(ContactHistoryTest.chat("chat-old", "cust-1", T0));
    List<String> all = bucketKeys(h);
    assertThat(all).hasSize(12);

    sweep(h, T0.plus(Duration.ofDays(800)));

    assertThat(bucketKeys(h)).containsExactlyInAnyOrderElementsOf(all);
    assertThat(expiredTotal(h)).isZero();
  }

  @Test
  void shouldNotEmitABucketChangedAfterItsRetentionPassed() {
    TopologyHarness h = start(RETENTION.toMillis());
    // Given an email thread that began at T0 with a customer message every 20 hours (under the
    // 24-hour inactivity gap) for 40 days, the watermark following each message to a second
    // before the next one, and a sweep after each
    int sent = 0;
    for (Instant at = T0; at.isBefore(T0.plus(Duration.ofDays(40))); at = at.plus(20, HOURS)) {
      h.send(
          Ev.of(Channel.EMAIL, "mail-" + sent, "thread-1", MESSAGE, at)
              .customer("cust-1")
              .customerSays(-0.5));
      sent++;
      sweep(h, at.plus(20, HOURS).minusSeconds(1));
    }
    assertThat(sent).as("premise: messages at 0, 20, ..., 940 hours").isEqualTo(48);

    // Then the thread's start bucket (09:00 on 3 March, by contact start) was last emitted with
    // the 38 messages of hours 0 to 740: the message of hour 760 came after the watermark passed
    // the bucket's end + 31 days (hour 745), so it and the later ones re-created the bucket
    // without being emitted
    MetricKey startHour = TopologyHarness.key(Dimension.ALL, BucketKey.ALL, "1h", T0);
    Map<MetricKey, SentimentAggregate> emitted = TopologyHarness.latest(h.sentiment);
    assertThat(emitted.get(startHour).getMessages()).isEqualTo(38L);
  }

  @Test
  void shouldRefuseARetentionShorterThanTheJourneyHorizon() {
    assertThatThrownBy(() -> start(Duration.ofDays(29).toMillis()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.METRICS_RETENTION_MS_CONFIG)
        .hasMessageContaining("at least the journey horizon");
  }
}

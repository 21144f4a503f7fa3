package io.journeyline.metrics;

import io.journeyline.avro.MetricKey;
import io.journeyline.journey.ServiceRules;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage C, after the bucket sums: turns the latest totals of a bucket into its metric records (FCR,
 * sentiment, repeat contacts, service, surveys: each one whose part of the bucket was ever
 * non-zero, see {@link BucketTotals}), each with the current {@code completeUpTo}.
 *
 * <p>The totals come from a cached Kafka Streams aggregate, so a bucket that many deltas touch
 * within one commit interval is emitted once, with its totals at the commit, rather than once per
 * delta; a record equal to the previous one for its key is a harmless upsert.
 *
 * <p><b>completeUpTo</b> = min over the journey-stage partitions that have sent a watermark of
 * their watermark, minus the FCR window N, minus the largest grace. Every INBOUND contact that
 * ended before completeUpTo has its final FCR status in these counts (a journey partition finalizes
 * a contact once its watermark passes end + N + grace, and sends its watermark after doing so); 0
 * (the epoch) until a watermark arrived.
 *
 * <p><b>Retention.</b> With a retention R, a bucket is deleted from {@code aggregate-store} once
 * the smallest journey-partition watermark W has passed its end plus R. A sweep every {@link
 * #SWEEP_INTERVAL} (wall clock) reads a bounded slice of the store from where the last one stopped,
 * so the whole store is visited in turn and no transaction does unbounded work. R is at least the
 * journey horizon, so no correction reaches a deleted bucket: a delta from a journey partition
 * concerns a contact still in its journey, and that partition's watermark was at least W when it
 * sent it. The deletion's change reaches this processor as a null, which it ignores: the metric
 * topics keep the bucket's last records. Totals for a bucket already past its retention (a contact
 * longer than R minus the horizon) are not emitted, since they would replace the bucket's final
 * records with a part of them; each is logged.
 */
public final class AggregateEmitter
    implements Processor<String, BucketTotals, MetricKey, AggregateOutput> {

  private static final Logger log = LoggerFactory.getLogger(AggregateEmitter.class);

  /** How often the retention sweep runs, wall clock. */
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

  /** The most buckets one sweep reads. */
  static final int MAX_READS_PER_SWEEP = 10_000;

  private final long finalityLagMs;
  private final long retentionMs;
  private final Map<String, Long> windowSizes = new HashMap<>();
  private final ServiceRules.ServiceLevelFormula formula;
  private final TopologyListener listener;
  private ProcessorContext<MetricKey, AggregateOutput> context;
  private KeyValueStore<String, Long> watermarks;
  private TimestampedKeyValueStore<String, BucketTotals> buckets;
  private Sensor expiredSensor;

  /** The last key the retention sweep read; null: start from the first. */
  private String sweepCursor;

  /**
   * Creates the emitter.
   *
   * @param finalityLagMs N plus the largest grace
   * @param retention how long after its end a bucket is kept (event time); null keeps it forever
   * @param formula the service-level formula
   * @param listener told about every aggregate emitted
   */
  public AggregateEmitter(
      long finalityLagMs,
      Duration retention,
      ServiceRules.ServiceLevelFormula formula,
      TopologyListener listener) {
    this.finalityLagMs = finalityLagMs;
    this.retentionMs = retention == null ? -1 : retention.toMillis();
    this.formula = formula;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<MetricKey, AggregateOutput> context) {
    this.context = context;
    this.watermarks = context.getStateStore(TopologyNames.WATERMARK_STORE);
    sweepCursor = null;
    if (retentionMs >= 0) {
      this.buckets = context.getStateStore(TopologyNames.AGGREGATE_STORE);
      expiredSensor =
          context
              .metrics()
              .addRateTotalSensor(
                  "journeyline",
                  "aggregates-" + context.taskId(),
                  "buckets-expired",
                  Sensor.RecordingLevel.INFO);
      context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sweep());
    }
  }

  @Override
  public void process(Record<String, BucketTotals> record) {
    BucketTotals totals = record.value();
    if (totals == null) {
      return;
    }
    BucketKey bucket = BucketKey.parse(record.key());
    long watermark = lowWatermark(watermarks);
    if (retentionMs >= 0 && expired(bucket, watermark)) {
      log.warn(
          "Task {}: not emitting bucket {}, changed after its retention ({} ms after its end) had"
              + " passed; its topics keep the earlier records",
          context.taskId(),
          record.key(),
          retentionMs);
      return;
    }
    Counters sum = totals.sum();
    long completeUpTo = watermark == Long.MIN_VALUE ? 0L : watermark - finalityLagMs;
    MetricKey key = AggregateRecords.key(bucket);
    if (totals.fcr()) {
      var fcr = AggregateRecords.fcr(bucket, sum, completeUpTo);
      listener.fcrAggregate(fcr);
      context.forward(
          new Record<>(key, new AggregateOutput(fcr, null, null, null, null), record.timestamp()));
    }
    if (totals.sentiment()) {
      var sentiment = AggregateRecords.sentiment(bucket, sum, completeUpTo);
      listener.sentimentAggregate(sentiment);
      context.forward(
          new Record<>(
              key, new AggregateOutput(null, sentiment, null, null, null), record.timestamp()));
    }
    if (totals.repeat()) {
      var repeat = AggregateRecords.repeat(bucket, sum, completeUpTo);
      listener.repeatAggregate(repeat);
      context.forward(
          new Record<>(
              key, new AggregateOutput(null, null, repeat, null, null), record.timestamp()));
    }
    if (totals.service()) {
      var service = AggregateRecords.service(bucket, sum, completeUpTo, formula);
      listener.serviceAggregate(service);
      context.forward(
          new Record<>(
              key, new AggregateOutput(null, null, null, service, null), record.timestamp()));
    }
    if (totals.surveys()) {
      var surveys = AggregateRecords.surveys(bucket, sum, completeUpTo);
      listener.surveyAggregate(surveys);
      context.forward(
          new Record<>(
              key, new AggregateOutput(null, null, null, null, surveys), record.timestamp()));
    }
  }

  /**
   * Deletes the buckets past their retention among the next {@link #MAX_READS_PER_SWEEP} keys after
   * the cursor, going round to the first key at the end of the store.
   */
  private void sweep() {
    long watermark = lowWatermark(watermarks);
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    int read = 0;
    int deleted = 0;
    String last = null;
    try (KeyValueIterator<String, ValueAndTimestamp<BucketTotals>> it =
        buckets.range(sweepCursor, null)) {
      while (it.hasNext() && read < MAX_READS_PER_SWEEP) {
        KeyValue<String, ValueAndTimestamp<BucketTotals>> entry = it.next();
        read++;
        if (entry.key.equals(sweepCursor)) {
          continue;
        }
        last = entry.key;
        if (expired(BucketKey.parse(entry.key), watermark)) {
          buckets.delete(entry.key);
          expiredSensor.record();
          deleted++;
        }
      }
      sweepCursor = it.hasNext() ? last : null;
    }
    if (deleted > 0) {
      log.debug(
          "Task {}: deleted {} buckets past their retention (watermark {})",
          context.taskId(),
          deleted,
          watermark);
    }
  }

  /** Whether the bucket's end plus the retention lies at or before {@code watermark}. */
  private boolean expired(BucketKey bucket, long watermark) {
    long size =
        windowSizes.computeIfAbsent(
            bucket.window(), label -> MetricWindow.parse(label).size().toMillis());
    return watermark != Long.MIN_VALUE && bucket.windowStart() + size + retentionMs <= watermark;
  }

  /**
   * completeUpTo of one aggregate partition: the smallest watermark its journey partitions sent,
   * minus N and the largest grace; 0 before any watermark.
   *
   * @param watermarks the partition's {@code watermark-store}
   * @param finalityLagMs N plus the largest grace
   */
  public static long completeUpTo(
      ReadOnlyKeyValueStore<String, Long> watermarks, long finalityLagMs) {
    long min = lowWatermark(watermarks);
    return min == Long.MIN_VALUE ? 0L : min - finalityLagMs;
  }

  /** The smallest watermark the partition's journey partitions sent; Long.MIN_VALUE before any. */
  private static long lowWatermark(ReadOnlyKeyValueStore<String, Long> watermarks) {
    long min = Long.MAX_VALUE;
    try (KeyValueIterator<String, Long> it = watermarks.all()) {
      while (it.hasNext()) {
        min = Math.min(min, it.next().value);
      }
    }
    return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
  }
}

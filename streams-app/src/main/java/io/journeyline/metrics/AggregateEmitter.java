package io.journeyline.metrics;

import io.journeyline.avro.MetricKey;
import io.journeyline.journey.ServiceRules;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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
 */
public final class AggregateEmitter
    implements Processor<String, BucketTotals, MetricKey, AggregateOutput> {

  private final long finalityLagMs;
  private final ServiceRules.ServiceLevelFormula formula;
  private final TopologyListener listener;
  private ProcessorContext<MetricKey, AggregateOutput> context;
  private KeyValueStore<String, Long> watermarks;

  /**
   * Creates the emitter.
   *
   * @param finalityLagMs N plus the largest grace
   * @param formula the service-level formula
   * @param listener told about every aggregate emitted
   */
  public AggregateEmitter(
      long finalityLagMs, ServiceRules.ServiceLevelFormula formula, TopologyListener listener) {
    this.finalityLagMs = finalityLagMs;
    this.formula = formula;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<MetricKey, AggregateOutput> context) {
    this.context = context;
    this.watermarks = context.getStateStore(TopologyNames.WATERMARK_STORE);
  }

  @Override
  public void process(Record<String, BucketTotals> record) {
    BucketTotals totals = record.value();
    if (totals == null) {
      return;
    }
    BucketKey bucket = BucketKey.parse(record.key());
    Counters sum = totals.sum();
    long completeUpTo = completeUpTo(watermarks, finalityLagMs);
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
   * completeUpTo of one aggregate partition: the smallest watermark its journey partitions sent,
   * minus N and the largest grace; 0 before any watermark.
   *
   * @param watermarks the partition's {@code watermark-store}
   * @param finalityLagMs N plus the largest grace
   */
  public static long completeUpTo(
      ReadOnlyKeyValueStore<String, Long> watermarks, long finalityLagMs) {
    long min = Long.MAX_VALUE;
    try (KeyValueIterator<String, Long> it = watermarks.all()) {
      while (it.hasNext()) {
        min = Math.min(min, it.next().value);
      }
    }
    return min == Long.MAX_VALUE ? 0L : min - finalityLagMs;
  }
}

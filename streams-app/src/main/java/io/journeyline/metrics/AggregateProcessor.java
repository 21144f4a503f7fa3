package io.journeyline.metrics;

import io.journeyline.avro.MetricKey;
import io.journeyline.ops.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage C, keyed by bucket: sums the signed deltas per bucket ({@code aggregate-store}) and emits
 * the aggregate record of each metric whose counters a delta touched.
 *
 * <p><b>completeUpTo</b> = min over the journey-stage partitions that have sent a watermark of
 * their stream time, minus the FCR window N, minus the largest grace. Every INBOUND contact that
 * ended before completeUpTo has its final FCR status in these counts (a journey partition finalizes
 * a contact once its stream time passes end + N + grace, and sends its watermark after doing so); 0
 * (the epoch) until a watermark arrived.
 */
public final class AggregateProcessor
    implements Processor<String, MetricDelta, MetricKey, AggregateOutput> {

  private final long finalityLagMs;
  private final TopologyListener listener;
  private final Map<String, Long> watermarks = new HashMap<>();
  private ProcessorContext<MetricKey, AggregateOutput> context;
  private KeyValueStore<String, Counters> aggregates;
  private KeyValueStore<String, Long> watermarkStore;

  /**
   * Creates the processor.
   *
   * @param finalityLagMs N plus the largest grace
   * @param listener told about every aggregate emitted
   */
  public AggregateProcessor(long finalityLagMs, TopologyListener listener) {
    this.finalityLagMs = finalityLagMs;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<MetricKey, AggregateOutput> context) {
    this.context = context;
    this.aggregates = context.getStateStore(TopologyNames.AGGREGATE_STORE);
    this.watermarkStore = context.getStateStore(TopologyNames.WATERMARK_STORE);
    try (KeyValueIterator<String, Long> it = watermarkStore.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> entry = it.next();
        watermarks.put(entry.key, entry.value);
      }
    }
  }

  @Override
  public void process(Record<String, MetricDelta> record) {
    MetricDelta value = record.value();
    if (value.isWatermark()) {
      String partition = Integer.toString(value.sourcePartition());
      Long previous = watermarks.get(partition);
      if (previous == null || value.watermark() > previous) {
        watermarks.put(partition, value.watermark());
        watermarkStore.put(partition, value.watermark());
      }
      return;
    }
    BucketKey bucket = BucketKey.parse(record.key());
    Counters old = aggregates.get(record.key());
    Counters sum = (old == null ? Counters.ZERO : old).plus(value.delta());
    if (sum.isZero()) {
      aggregates.delete(record.key());
    } else {
      aggregates.put(record.key(), sum);
    }
    long completeUpTo = completeUpTo();
    MetricKey key = AggregateRecords.key(bucket);
    Counters delta = value.delta();
    if (delta.touchesFcr()) {
      var fcr = AggregateRecords.fcr(bucket, sum, completeUpTo);
      listener.fcrAggregate(fcr);
      context.forward(new Record<>(key, new AggregateOutput(fcr, null, null), record.timestamp()));
    }
    if (delta.touchesSentiment()) {
      var sentiment = AggregateRecords.sentiment(bucket, sum, completeUpTo);
      listener.sentimentAggregate(sentiment);
      context.forward(
          new Record<>(key, new AggregateOutput(null, sentiment, null), record.timestamp()));
    }
    if (delta.touchesRepeat()) {
      var repeat = AggregateRecords.repeat(bucket, sum, completeUpTo);
      listener.repeatAggregate(repeat);
      context.forward(
          new Record<>(key, new AggregateOutput(null, null, repeat), record.timestamp()));
    }
  }

  private long completeUpTo() {
    if (watermarks.isEmpty()) {
      return 0L;
    }
    long min = Long.MAX_VALUE;
    for (long wm : watermarks.values()) {
      min = Math.min(min, wm);
    }
    return min - finalityLagMs;
  }
}

package io.journeyline.metrics;

import io.journeyline.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage C, the watermark records of the {@code by-bucket} partitions: keeps the highest watermark
 * each journey-stage partition reported ({@code watermark-store}, keyed by that partition). A
 * journey partition sends its watermark only after the deltas of everything it finalized up to
 * then, so every delta a watermark vouches for is already in this task's sums.
 */
public final class WatermarkRecorder implements Processor<String, MetricDelta, Void, Void> {

  private KeyValueStore<String, Long> watermarks;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.watermarks = context.getStateStore(TopologyNames.WATERMARK_STORE);
  }

  @Override
  public void process(Record<String, MetricDelta> record) {
    MetricDelta value = record.value();
    String partition = Integer.toString(value.sourcePartition());
    Long previous = watermarks.get(partition);
    if (previous == null || value.watermark() > previous) {
      watermarks.put(partition, value.watermark());
    }
  }
}

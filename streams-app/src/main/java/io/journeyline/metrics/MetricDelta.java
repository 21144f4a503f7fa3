package io.journeyline.metrics;

/**
 * A record on the {@code by-bucket} repartition topic: a signed delta for one bucket, or a
 * watermark from one journey-stage partition (multicast to every aggregate partition).
 *
 * @param delta the signed counters, null for a watermark
 * @param sourcePartition the journey-stage partition that sent a watermark
 * @param watermark its watermark after finalizing everything due (epoch ms)
 */
public record MetricDelta(Counters delta, int sourcePartition, long watermark) {

  /** A delta. */
  public static MetricDelta of(Counters delta) {
    return new MetricDelta(delta, -1, 0L);
  }

  /** A watermark. */
  public static MetricDelta watermark(int sourcePartition, long streamTime) {
    return new MetricDelta(null, sourcePartition, streamTime);
  }

  /** True for a watermark. */
  public boolean isWatermark() {
    return delta == null;
  }
}

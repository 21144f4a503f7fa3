package io.journeyline.journey;

/**
 * A record on the {@code by-customer} repartition topic: an accepted event, or a watermark tick
 * (multicast to every partition) that only moves time.
 *
 * <p>A tick carries the low watermark of one validate-dedup-resolve task: the event time that every
 * input partition of that task (partition {@code sourcePartition} of each interaction topic) has
 * passed, by data or heartbeat. The journey stage's time is the smallest of these over all {@code
 * sourcePartitions} tasks.
 *
 * @param event the event, null for a tick
 * @param sourcePartition for a tick: the input partition (task) whose low watermark it carries
 * @param sourcePartitions for a tick: how many input partitions there are, 0 when unknown
 * @param tick for a tick: the low watermark (epoch ms)
 */
public record Routed(ContactEvent event, int sourcePartition, int sourcePartitions, long tick) {

  /** An event. */
  public static Routed of(ContactEvent event) {
    return new Routed(event, 0, 0, 0L);
  }

  /** A watermark tick from one input partition. */
  public static Routed tick(int sourcePartition, int sourcePartitions, long watermark) {
    return new Routed(null, sourcePartition, sourcePartitions, watermark);
  }

  /** True for a watermark tick. */
  public boolean isTick() {
    return event == null;
  }
}

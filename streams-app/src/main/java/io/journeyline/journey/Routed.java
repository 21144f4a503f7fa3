package io.journeyline.journey;

/**
 * A record the journey stage reads: an accepted event or a watermark tick (on the {@code
 * by-customer} repartition), or a {@link Handover} (on {@code journeyline.journey-transfers}).
 *
 * <p>A tick carries the low watermark of one validate-dedup-resolve task: the event time that every
 * input partition of that task (partition {@code sourcePartition} of each interaction topic) has
 * passed, by data or heartbeat. The journey stage's time is the smallest of these over all {@code
 * sourcePartitions} tasks.
 *
 * @param event the event, null otherwise
 * @param sourcePartition for a tick: the input partition (task) whose low watermark it carries
 * @param sourcePartitions for a tick: how many input partitions there are, 0 when unknown
 * @param tick for a tick: the low watermark (epoch ms)
 * @param handover a move or transfer, null otherwise
 * @param viaGraph for a tick: passed on by the identity graph (on the transfers topic)
 * @param survey a survey answer joined to its contact's customer (on the transfers topic), null
 *     otherwise
 */
public record Routed(
    ContactEvent event,
    int sourcePartition,
    int sourcePartitions,
    long tick,
    Handover handover,
    boolean viaGraph,
    SurveyScores survey) {

  /** An event. */
  public static Routed of(ContactEvent event) {
    return new Routed(event, 0, 0, 0L, null, false, null);
  }

  /** A survey answer for a contact of the key's customer. */
  public static Routed of(SurveyScores survey) {
    return new Routed(null, 0, 0, 0L, null, false, survey);
  }

  /** A watermark tick from one input partition. */
  public static Routed tick(int sourcePartition, int sourcePartitions, long watermark) {
    return new Routed(null, sourcePartition, sourcePartitions, watermark, null, false, null);
  }

  /**
   * The same watermark, passed on by the identity graph once it has processed the evidence sent
   * before it: the journey stage's time also waits for these, so that a move the graph decided is
   * applied before time passes the contacts it concerns.
   */
  public static Routed graphTick(int sourcePartition, int sourcePartitions, long watermark) {
    return new Routed(null, sourcePartition, sourcePartitions, watermark, null, true, null);
  }

  /** A move or transfer. */
  public static Routed of(Handover handover) {
    return new Routed(null, 0, 0, 0L, handover, false, null);
  }

  /** True for a watermark tick. */
  public boolean isTick() {
    return event == null && handover == null && survey == null;
  }
}

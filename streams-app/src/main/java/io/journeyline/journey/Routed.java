package io.journeyline.journey;

/**
 * A record on the {@code by-customer} repartition topic: an accepted event, or a heartbeat tick
 * (multicast to every partition) that only moves stream time.
 *
 * @param event the event, null for a tick
 * @param tick the heartbeat's watermark (epoch ms), meaningful only when {@code event} is null
 */
public record Routed(ContactEvent event, long tick) {

  /** An event. */
  public static Routed of(ContactEvent event) {
    return new Routed(event, 0L);
  }

  /** A heartbeat tick. */
  public static Routed tick(long watermark) {
    return new Routed(null, watermark);
  }

  /** True for a heartbeat tick. */
  public boolean isTick() {
    return event == null;
  }
}

package io.journeyline.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * An aggregate window: buckets of {@code size} aligned to the UTC epoch, labelled like {@code 1h}.
 *
 * @param label the label written in metric keys, e.g. {@code 1h}, {@code 1d}, {@code 15m}
 * @param size the bucket size
 */
public record MetricWindow(String label, Duration size) {

  /**
   * Parses {@code <n>m}, {@code <n>h} or {@code <n>d}.
   *
   * @throws IllegalArgumentException on any other text
   */
  public static MetricWindow parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.length() < 2) {
      throw new IllegalArgumentException("Not a window (e.g. 1h, 1d): '" + text + "'");
    }
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a window (e.g. 1h, 1d): '" + text + "'", e);
    }
    if (n <= 0) {
      throw new IllegalArgumentException("A window must be positive: '" + text + "'");
    }
    Duration size =
        switch (t.charAt(t.length() - 1)) {
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default ->
              throw new IllegalArgumentException("Not a window (e.g. 15m, 1h, 1d): '" + text + "'");
        };
    return new MetricWindow(t, size);
  }

  /** Start of the bucket containing {@code time} (epoch ms), aligned to the UTC epoch. */
  public long bucketStart(long time) {
    return Math.floorDiv(time, size.toMillis()) * size.toMillis();
  }
}

package io.journeyline.metrics;

import io.journeyline.avro.Dimension;

/**
 * One aggregate bucket: a window, its start, a dimension and the dimension's value. Encoded as
 * {@code <window>|<windowStart>|<DIMENSION>|<value>} for the {@code by-bucket} repartition topic
 * and {@code aggregate-store} (the value comes last, so it may contain {@code |}).
 */
public record BucketKey(String window, long windowStart, Dimension dimension, String value) {

  /** The value of {@link Dimension#ALL}. */
  public static final String ALL = "all";

  /** The value when the contact has none for the dimension. */
  public static final String UNKNOWN = "unknown";

  /** The encoded form. */
  public String encode() {
    return window + '|' + windowStart + '|' + dimension.name() + '|' + value;
  }

  /** Parses {@link #encode()}'s form. */
  public static BucketKey parse(String text) {
    String[] parts = text.split("\\|", 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("Not a bucket key: " + text);
    }
    return new BucketKey(parts[0], Long.parseLong(parts[1]), Dimension.valueOf(parts[2]), parts[3]);
  }
}

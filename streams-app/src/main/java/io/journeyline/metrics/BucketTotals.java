package io.journeyline.metrics;

import java.util.Objects;

/**
 * The value of {@code aggregate-store}: a bucket's summed counters, and which of the metrics have
 * ever had a non-zero part in it. A metric's record is published for the bucket once that flag is
 * set, and from then on on every change, a change back to zero included (so that a retraction
 * always reaches the metric topic), while a metric that never had anything in the bucket (FCR for a
 * bucket of OUTBOUND contacts only) publishes nothing.
 *
 * @param sum the summed counters
 * @param fcr whether the FCR part was ever non-zero
 * @param sentiment whether the sentiment part was ever non-zero
 * @param repeat whether the repeat-contact part was ever non-zero
 * @param service whether the operational part was ever non-zero
 * @param surveys whether the survey part was ever non-zero
 */
public record BucketTotals(
    Counters sum,
    boolean fcr,
    boolean sentiment,
    boolean repeat,
    boolean service,
    boolean surveys) {

  /** An empty bucket. */
  public static final BucketTotals EMPTY =
      new BucketTotals(Counters.ZERO, false, false, false, false, false);

  public BucketTotals {
    Objects.requireNonNull(sum, "sum");
  }

  /** These totals plus a delta. */
  public BucketTotals plus(Counters delta) {
    Counters next = sum.plus(delta);
    return new BucketTotals(
        next,
        fcr || next.touchesFcr(),
        sentiment || next.touchesSentiment(),
        repeat || next.touchesRepeat(),
        service || next.touchesService(),
        surveys || next.touchesSurveys());
  }
}

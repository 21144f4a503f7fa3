package io.journeyline.journey;

import java.util.List;

/**
 * Sentiment of one contact over its customer messages in event-time order (DESIGN.md "Sentiment").
 * Scores are kept in millionths so that sums are exact and independent of order.
 *
 * @param messages n, the number of scored customer messages
 * @param sumMicros the sum of the scores, in millionths
 * @param negativeMessages messages with a score {@code <= -0.05}
 * @param mean mean score, null when n = 0
 * @param min lowest score, null when n = 0
 * @param first first score, null when n = 0
 * @param last last score, null when n = 0
 * @param trend mean of the last k minus mean of the first k, k = ceil(n / 4); null when n = 0
 * @param negativeShare negativeMessages / n, null when n = 0
 * @param alertAt event time of the message that first made the mean of the last 3 {@code <= -0.5},
 *     null when the contact never met the alert condition
 * @param alertScores the 3 scores (oldest first) that met it, empty when none
 */
public record SentimentSummary(
    int messages,
    long sumMicros,
    int negativeMessages,
    Double mean,
    Double min,
    Double first,
    Double last,
    Double trend,
    Double negativeShare,
    Long alertAt,
    List<Double> alertScores) {

  /** Score threshold of a negative message, in millionths (-0.05). */
  public static final long NEGATIVE_MICROS = -50_000L;

  /** Alert threshold on the sum of the last 3 scores, in millionths (3 x -0.5). */
  public static final long ALERT_SUM3_MICROS = -1_500_000L;

  /** No customer messages. */
  public static final SentimentSummary EMPTY =
      new SentimentSummary(0, 0, 0, null, null, null, null, null, null, null, List.of());

  /** True when the contact met the alert condition. */
  public boolean alerted() {
    return alertAt != null;
  }

  /**
   * Computes the summary.
   *
   * @param times event times of the scored messages, in event-time order
   * @param scores their scores in millionths, same order
   */
  public static SentimentSummary of(long[] times, long[] scores) {
    int n = scores.length;
    if (n == 0) {
      return EMPTY;
    }
    long sum = 0;
    long min = Long.MAX_VALUE;
    int negative = 0;
    Long alertAt = null;
    List<Double> alertScores = List.of();
    for (int i = 0; i < n; i++) {
      sum += scores[i];
      min = Math.min(min, scores[i]);
      if (scores[i] <= NEGATIVE_MICROS) {
        negative++;
      }
      if (alertAt == null
          && i >= 2
          && scores[i - 2] + scores[i - 1] + scores[i] <= ALERT_SUM3_MICROS) {
        alertAt = times[i];
        alertScores = List.of(unit(scores[i - 2]), unit(scores[i - 1]), unit(scores[i]));
      }
    }
    int k = (n + 3) / 4;
    long firstK = 0;
    long lastK = 0;
    for (int i = 0; i < k; i++) {
      firstK += scores[i];
      lastK += scores[n - 1 - i];
    }
    double trend = n == 1 ? 0.0 : (lastK - firstK) / (double) k / ContactEvent.MICROS;
    return new SentimentSummary(
        n,
        sum,
        negative,
        sum / (double) n / ContactEvent.MICROS,
        unit(min),
        unit(scores[0]),
        unit(scores[n - 1]),
        trend,
        negative / (double) n,
        alertAt,
        alertScores);
  }

  /** Millionths back to a score. */
  public static double unit(long micros) {
    return micros / (double) ContactEvent.MICROS;
  }
}

package io.journeyline.sentiment;

/**
 * Scores the sentiment of one message.
 *
 * <p>The default implementation is {@link VaderScorer}; a user can plug in another one (a model, a
 * service client) as long as it honours this contract. Implementations must be thread-safe: the
 * topology shares one instance across its stream threads.
 */
@FunctionalInterface
public interface SentimentScorer {

  /**
   * Scores {@code text}.
   *
   * @param text the message; {@code null}, empty or blank text is neutral
   * @return a compound score in [-1, 1]: -1 most negative, 0 neutral, +1 most positive (VADER's
   *     usual thresholds: positive at {@code >= 0.05}, negative at {@code <= -0.05})
   */
  double score(String text);
}

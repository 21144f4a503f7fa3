package io.journeyline.sentiment;

/**
 * VADER's four scores of one text, rounded as vaderSentiment rounds them.
 *
 * @param negative share of the text's words that are negative, in [0, 1], 3 decimals
 * @param neutral share of neutral words, in [0, 1], 3 decimals
 * @param positive share of positive words, in [0, 1], 3 decimals
 * @param compound the normalized, weighted composite score in [-1, 1], 4 decimals
 */
public record SentimentScores(double negative, double neutral, double positive, double compound) {

  /** The scores of a text without words: all zero, as in the reference. */
  public static final SentimentScores EMPTY = new SentimentScores(0.0, 0.0, 0.0, 0.0);
}

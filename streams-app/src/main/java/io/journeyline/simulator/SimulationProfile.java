package io.journeyline.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * The knobs of the traffic mix. The defaults give a plausible contact-center day: most contacts
 * resolved, a quarter of customers coming back about the same issue within days (often on another
 * channel), some abandons and some outbound callbacks, and a survey answer for 30 % of the inbound
 * contacts an agent handled.
 *
 * @param seed random seed: the same seed and profile give the same event sequence
 * @param customers size of the customer pool
 * @param eventClockStart event time of the first simulated instant
 * @param clockSpeed how many event-time seconds pass per wall-clock second (the event clock runs
 *     faster than the wall clock so that days of journeys unfold in minutes)
 * @param repeatProbability chance that a customer comes back about the same issue
 * @param repeatWithinWindowShare of the returns, the share that comes back within the FCR window
 * @param channelHopProbability chance that a return uses a different channel
 * @param abandonProbability chance that a chat or voice contact is abandoned before an agent
 *     answers
 * @param unresolvedDispositionProbability chance an agent records resolved=false on wrap-up
 * @param outboundProbability chance that a contact is an outbound callback or notification
 * @param negativeMoodProbability chance that a customer is upset during a contact
 * @param surveyShare share of the INBOUND contacts that were not abandoned whose customer answers
 *     the post-contact survey (minutes to days after the contact ended)
 */
public record SimulationProfile(
    long seed,
    int customers,
    Instant eventClockStart,
    double clockSpeed,
    double repeatProbability,
    double repeatWithinWindowShare,
    double channelHopProbability,
    double abandonProbability,
    double unresolvedDispositionProbability,
    double outboundProbability,
    double negativeMoodProbability,
    double surveyShare) {

  /** The FCR window the returns are planned around (DESIGN.md's default, 7 days). */
  public static final Duration FCR_WINDOW = Duration.ofDays(7);

  public SimulationProfile {
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1");
    }
    if (!(clockSpeed > 0)) {
      throw new IllegalArgumentException("clockSpeed must be > 0");
    }
    if (!(surveyShare >= 0 && surveyShare <= 1)) {
      throw new IllegalArgumentException("surveyShare must be in [0, 1]");
    }
  }

  /** The default mix, with one event-time hour passing per wall-clock second. */
  public static SimulationProfile defaults(long seed, Instant eventClockStart) {
    return new SimulationProfile(
        seed, 500, eventClockStart, 3600.0, 0.30, 0.8, 0.6, 0.06, 0.08, 0.05, 0.25, 0.30);
  }

  /** A copy with another clock speed. */
  public SimulationProfile withClockSpeed(double speed) {
    return new SimulationProfile(
        seed,
        customers,
        eventClockStart,
        speed,
        repeatProbability,
        repeatWithinWindowShare,
        channelHopProbability,
        abandonProbability,
        unresolvedDispositionProbability,
        outboundProbability,
        negativeMoodProbability,
        surveyShare);
  }

  /** A copy with another customer pool size. */
  public SimulationProfile withCustomers(int count) {
    return new SimulationProfile(
        seed,
        count,
        eventClockStart,
        clockSpeed,
        repeatProbability,
        repeatWithinWindowShare,
        channelHopProbability,
        abandonProbability,
        unresolvedDispositionProbability,
        outboundProbability,
        negativeMoodProbability,
        surveyShare);
  }

  /** A copy with another survey share. */
  public SimulationProfile withSurveyShare(double share) {
    return new SimulationProfile(
        seed,
        customers,
        eventClockStart,
        clockSpeed,
        repeatProbability,
        repeatWithinWindowShare,
        channelHopProbability,
        abandonProbability,
        unresolvedDispositionProbability,
        outboundProbability,
        negativeMoodProbability,
        share);
  }
}

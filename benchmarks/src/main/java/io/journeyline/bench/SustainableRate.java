package io.journeyline.bench;

import java.util.List;
import java.util.Locale;

/**
 * The sustainable live rate of the full topology ({@code exactly_once_v2}): the highest paced rate
 * at which a fresh app keeps the p99 end-to-end latency at or below {@link
 * LatencyRun#TARGET_P99_MS} and shows no backlog growth, found by a {@link RateSearch} of {@link
 * LatencyRun}s (each a fresh application id, state directory and topics).
 *
 * <p>A probe passes when the producer achieved the paced rate (at least {@link #MIN_SENT_SHARE} of
 * it: else the load generator, not the app, was the limit), the outputs of (almost) every measured
 * event were found, the p99 is within the target, and the backlog does not grow (see {@link
 * #backlogGrows}).
 */
final class SustainableRate {

  /** Share of the paced rate the producer must achieve for a probe to count. */
  static final double MIN_SENT_SHARE = 0.95;

  /** Share of the measured events whose output must be found. */
  static final double MIN_MATCHED_SHARE = 0.999;

  /** The last quarter's median may exceed the first quarter's by this fraction... */
  static final double BACKLOG_RELATIVE_TOLERANCE = 0.5;

  /** ...or by this many milliseconds, whichever is larger, before the backlog counts as growing. */
  static final double BACKLOG_ABSOLUTE_TOLERANCE_MS = 50;

  /** The search stops once the lowest failing rate is within this fraction of the best. */
  static final double RESOLUTION = 0.10;

  /**
   * One probe.
   *
   * @param rate the paced rate, events/s
   * @param latency what the latency run measured, null when it failed
   * @param failure why it did not pass, null when it passed
   */
  record Probe(double rate, LatencyRun.Result latency, String failure) {

    boolean passed() {
      return failure == null;
    }
  }

  /**
   * The search's outcome.
   *
   * @param batchRate the median (c) catch-up rate of this run (NaN when not measured)
   * @param seconds the paced duration of each probe, warm-up included
   * @param warmupSeconds the first seconds of each probe, not counted
   * @param maxSteps the probe budget
   * @param probes every probe, in order
   * @param best the highest passing rate, NaN when none passed
   * @param lowestFailing the lowest failing rate, NaN when none failed
   * @param ceilingPassed true when the ceiling (the (c) batch rate) itself passed
   */
  record Result(
      double batchRate,
      int seconds,
      int warmupSeconds,
      int maxSteps,
      List<Probe> probes,
      double best,
      double lowestFailing,
      boolean ceilingPassed) {

    /** The sustainable rate over the (c) batch rate; NaN when either is unknown. */
    double ratioToBatch() {
      return best / batchRate;
    }
  }

  private SustainableRate() {}

  /**
   * True when the app fell behind during the window: the median latency of the last quarter of the
   * measured events exceeds that of the first quarter by more than {@link
   * #BACKLOG_RELATIVE_TOLERANCE} of it and by more than {@link #BACKLOG_ABSOLUTE_TOLERANCE_MS}. A
   * backlog that shrinks (a start-up transient worked off) does not count. A latency that grows
   * with time means the work arrives faster than it is done: the queue, and so the wait, keeps
   * growing with the run's length, whatever the p99 of a short window says.
   */
  static boolean backlogGrows(double firstQuarterP50Ms, double lastQuarterP50Ms) {
    if (Double.isNaN(firstQuarterP50Ms) || Double.isNaN(lastQuarterP50Ms)) {
      return true;
    }
    double growth = lastQuarterP50Ms - firstQuarterP50Ms;
    return growth > BACKLOG_ABSOLUTE_TOLERANCE_MS
        && growth > BACKLOG_RELATIVE_TOLERANCE * firstQuarterP50Ms;
  }

  /** Why a probe at {@code rate} did not pass, or null when it passed. */
  static String failure(double rate, LatencyRun.Result r) {
    if (r == null) {
      return "the run failed";
    }
    if (r.sentRate() < MIN_SENT_SHARE * rate) {
      return String.format(Locale.ROOT, "producer reached only %,.0f events/s", r.sentRate());
    }
    if (r.matched() < MIN_MATCHED_SHARE * r.measured()) {
      return String.format(
          Locale.ROOT, "outputs of %,d of %,d events found", r.matched(), r.measured());
    }
    if (backlogGrows(r.firstQuarterP50Ms(), r.lastQuarterP50Ms())) {
      return String.format(
          Locale.ROOT,
          "backlog grows (median %.0f -> %.0f ms)",
          r.firstQuarterP50Ms(),
          r.lastQuarterP50Ms());
    }
    if (!(r.p99Ms() <= LatencyRun.TARGET_P99_MS)) {
      return String.format(
          Locale.ROOT, "p99 %.0f ms > %.0f ms", r.p99Ms(), LatencyRun.TARGET_P99_MS);
    }
    return null;
  }

  /**
   * Searches from {@code start} up to {@code batchRate}: each probe is a {@link LatencyRun} of
   * {@code seconds} (the first {@code warmupSeconds} not counted) made by {@code harness}.
   */
  static Result search(
      Harness harness, double batchRate, double start, int maxSteps, int seconds, int warmupSeconds)
      throws Exception {
    // Without a (c) rate (only --sustainable-start given), up to four times the start.
    double ceiling = Double.isNaN(batchRate) ? 4 * start : Math.max(start, batchRate);
    RateSearch.Result<Probe> result =
        RateSearch.search(
            start,
            start / 16,
            ceiling,
            maxSteps,
            RESOLUTION,
            rate -> {
              LatencyRun.Result latency =
                  harness.latency(
                      rate, seconds, warmupSeconds, "sustainable-rate probe " + Math.round(rate));
              return new Probe(rate, latency, failure(rate, latency));
            },
            Probe::passed);
    return new Result(
        batchRate,
        seconds,
        warmupSeconds,
        maxSteps,
        result.steps().stream().map(RateSearch.Step::detail).toList(),
        result.best(),
        result.lowestFailing(),
        result.ceilingPassed());
  }
}

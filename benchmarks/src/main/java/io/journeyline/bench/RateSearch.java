package io.journeyline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A bounded search for the highest rate that passes a probe: no Kafka types, so the logic is tested
 * on a fake probe.
 *
 * <p>The first probe is at {@code start} (capped at {@code ceiling}). While no rate has failed yet,
 * the next probe doubles the rate, up to {@code ceiling} (a passing ceiling ends the search); while
 * none has passed, it halves it, down to {@code floor}. Once one rate passed and a higher one
 * failed, it bisects between the highest passing and the lowest failing rate. It stops after {@code
 * maxSteps} probes, or once the lowest failing rate is within {@code resolution} (a fraction) of
 * the highest passing one. Every probe is made on a fresh start, so the outcome of one does not
 * depend on the previous ones; the search assumes that a rate above a failing one fails too.
 */
final class RateSearch {

  private RateSearch() {}

  /** Makes one probe at a rate and returns what it measured. */
  @FunctionalInterface
  interface Probe<T> {
    T run(double rate) throws Exception;
  }

  /**
   * One probe.
   *
   * @param rate the probed rate
   * @param passed whether it passed
   * @param detail what the probe measured
   */
  record Step<T>(double rate, boolean passed, T detail) {}

  /**
   * The outcome.
   *
   * @param steps every probe, in the order made
   * @param best the highest passing rate, NaN when none passed
   * @param lowestFailing the lowest failing rate, NaN when none failed
   * @param ceilingPassed true when the ceiling itself passed (the sustainable rate is at least it)
   */
  record Result<T>(List<Step<T>> steps, double best, double lowestFailing, boolean ceilingPassed) {}

  /**
   * Runs the search.
   *
   * @param start the first rate
   * @param floor the lowest rate to probe when every probe fails
   * @param ceiling the highest rate to probe
   * @param maxSteps at most this many probes
   * @param resolution stop when lowest failing / highest passing is at most {@code 1 + resolution}
   * @param probe makes one probe
   * @param passed whether a probe's detail passes
   */
  static <T> Result<T> search(
      double start,
      double floor,
      double ceiling,
      int maxSteps,
      double resolution,
      Probe<T> probe,
      Predicate<T> passed)
      throws Exception {
    if (!(start > 0 && floor > 0 && floor <= ceiling && maxSteps >= 1 && resolution > 0)) {
      throw new IllegalArgumentException(
          String.format(
              "bad search: start %s, floor %s, ceiling %s, steps %d, resolution %s",
              start, floor, ceiling, maxSteps, resolution));
    }
    List<Step<T>> steps = new ArrayList<>();
    double best = Double.NaN;
    double lowestFailing = Double.NaN;
    boolean ceilingPassed = false;
    double rate = Math.max(floor, Math.min(start, ceiling));
    while (steps.size() < maxSteps) {
      T detail = probe.run(rate);
      boolean ok = passed.test(detail);
      steps.add(new Step<>(rate, ok, detail));
      if (ok) {
        best = Double.isNaN(best) ? rate : Math.max(best, rate);
        ceilingPassed |= rate >= ceiling;
      } else {
        lowestFailing = Double.isNaN(lowestFailing) ? rate : Math.min(lowestFailing, rate);
      }
      double next = next(rate, best, lowestFailing, floor, ceiling, resolution);
      if (Double.isNaN(next)) {
        break;
      }
      rate = next;
    }
    return new Result<>(List.copyOf(steps), best, lowestFailing, ceilingPassed);
  }

  /** The next rate to probe, or NaN to stop. */
  static double next(
      double last,
      double best,
      double lowestFailing,
      double floor,
      double ceiling,
      double resolution) {
    if (Double.isNaN(lowestFailing)) {
      return last >= ceiling ? Double.NaN : Math.min(2 * last, ceiling);
    }
    if (Double.isNaN(best)) {
      return last <= floor ? Double.NaN : Math.max(last / 2, floor);
    }
    if (lowestFailing / best <= 1 + resolution) {
      return Double.NaN;
    }
    return (best + lowestFailing) / 2;
  }
}

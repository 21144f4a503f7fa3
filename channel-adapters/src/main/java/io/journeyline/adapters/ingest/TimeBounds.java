package io.journeyline.adapters.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The window an event time must lie in on every endpoint (issue 10, "Bounded timestamps"): not
 * older than {@code maxAge} before the server clock (wide enough for a backfill of last year's
 * history), not later than {@code maxFutureSkew} after it, and never before 1970. One bad timestamp
 * can then neither stop time for everyone nor overflow an epoch-millisecond field.
 *
 * @param clock the server clock
 * @param maxAge how far in the past an event time may lie
 * @param maxFutureSkew how far in the future an event time may lie (sender clock skew)
 */
public record TimeBounds(Clock clock, Duration maxAge, Duration maxFutureSkew) {

  /** The earliest event time ever accepted, whatever {@code maxAge} says. */
  public static final Instant EPOCH = Instant.EPOCH;

  public TimeBounds {
    Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative() || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("bounds must not be negative");
    }
  }

  /** The latest accepted instant now: wall clock plus the allowed skew. */
  public Instant latest() {
    return clock.instant().plus(maxFutureSkew);
  }

  /** The earliest accepted instant now. */
  public Instant earliest() {
    Instant now = clock.instant();
    // Durations beyond the instant range (e.g. 1000000000d) mean "no past bound but 1970".
    Instant byAge = maxAge.compareTo(Duration.between(EPOCH, now)) >= 0 ? EPOCH : now.minus(maxAge);
    return byAge.isBefore(EPOCH) ? EPOCH : byAge;
  }

  /** Why the instant is outside the window, or null when it is inside. */
  public String violation(Instant at) {
    if (at.isAfter(latest())) {
      return "must not be more than " + describe(maxFutureSkew) + " in the future";
    }
    Instant earliest = earliest();
    if (at.isBefore(earliest)) {
      return earliest.equals(EPOCH)
          ? "must not be before 1970-01-01T00:00:00Z"
          : "must not be more than " + describe(maxAge) + " in the past";
    }
    return null;
  }

  /** The instant clamped to {@link #latest()}: what a watermark may never pass. */
  public Instant clampToLatest(Instant at) {
    Instant latest = latest();
    return at.isAfter(latest) ? latest : at;
  }

  static String describe(Duration d) {
    if (d.toMillis() % 86_400_000L == 0 && !d.isZero()) {
      return d.toDays() + " days";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + " s";
    }
    return d.toMillis() + " ms";
  }
}

package io.journeyline.embedded;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling: waits for a condition with a deadline instead of sleeping for a guessed time.
 *
 * <p>The probe is evaluated at once, then again with a short backoff (5 ms doubling up to 100 ms)
 * until it holds or the timeout elapses. On timeout an {@link AssertionError} names what was
 * awaited and the last value observed, so a failing integration test says what it was waiting for.
 * An exception thrown by the probe propagates at once: wrap the probe if an exception means "not
 * yet".
 */
public final class Await {

  private static final long INITIAL_BACKOFF_MS = 5;
  private static final long MAX_BACKOFF_MS = 100;

  private Await() {}

  /**
   * Waits until {@code condition} is true.
   *
   * @param timeout how long to wait at most
   * @param description what is awaited, for the failure message (for example "streams RUNNING")
   * @param condition the condition to poll
   * @throws AssertionError if the condition does not hold within the timeout
   */
  public static void until(Duration timeout, String description, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    until(timeout, description, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Polls {@code probe} until its value satisfies {@code done}, and returns that value.
   *
   * @param timeout how long to wait at most
   * @param description what is awaited, for the failure message
   * @param probe produces the current value
   * @param done decides whether the current value is the awaited one
   * @param <T> the probed value's type
   * @return the first value that satisfied {@code done}
   * @throws AssertionError if no value satisfied {@code done} within the timeout; the message
   *     carries the last value observed
   */
  public static <T> T until(
      Duration timeout, String description, Supplier<T> probe, Predicate<? super T> done) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(done, "done");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoffMs = INITIAL_BACKOFF_MS;
    while (true) {
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for "
                + description
                + "; last value: "
                + value);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(
            Math.min(remainingNanos, TimeUnit.MILLISECONDS.toNanos(backoffMs)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + description, e);
      }
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
  }
}

package io.journeyline.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed stream thread leads to, so that a deterministic failure never loops:
 *
 * <ul>
 *   <li><b>Transient</b> (a {@link RetriableException} such as a timeout or a lost leader, or an
 *       I/O error, anywhere in the cause chain): the thread is replaced after a backoff (1 s,
 *       doubling up to 30 s), at most {@code restarts} times within {@code window}; one more and
 *       the failure is treated as fatal.
 *   <li><b>Fatal</b> (anything else: a bug, a corrupt or incompatible record the handlers did not
 *       take, a state store that cannot be opened): the client shuts down with one clear log line,
 *       Kafka Streams goes to ERROR, and {@code journeyline run} exits with status 1 so that the
 *       orchestrator restarts it, with the cause in the log.
 * </ul>
 *
 * Records that are bad on their own never get here: the dead-letter handlers take them.
 */
public final class FailurePolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(FailurePolicy.class);
  private static final long FIRST_BACKOFF_MS = 1_000L;
  private static final long MAX_BACKOFF_MS = 30_000L;

  /** How a failure is classified. */
  public enum Kind {
    TRANSIENT,
    FATAL
  }

  /** Waits between a transient failure and the thread's replacement. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final int restarts;
  private final long windowMs;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final Deque<Long> recent = new ArrayDeque<>();

  /**
   * Creates the policy.
   *
   * @param restarts how many transient failures are answered with a new thread within {@code
   *     window}
   * @param window the window of the restart budget
   */
  public FailurePolicy(int restarts, Duration window) {
    this(restarts, window, System::currentTimeMillis, Thread::sleep);
  }

  FailurePolicy(int restarts, Duration window, LongSupplier clock, Sleeper sleeper) {
    this.restarts = restarts;
    this.windowMs = window.toMillis();
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Transient when a retriable Kafka error or an I/O error is anywhere in the cause chain. */
  public static Kind classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriableException || t instanceof java.io.IOException) {
        return Kind.TRANSIENT;
      }
    }
    return Kind.FATAL;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
    if (classify(failure) == Kind.FATAL) {
      log.error(
          "A stream thread failed with an error that would repeat ({}); shutting the app down so"
              + " that it exits with status 1 and is restarted once the cause is fixed",
          failure.getClass().getName(),
          failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = clock.getAsLong();
    while (!recent.isEmpty() && recent.peekFirst() <= now - windowMs) {
      recent.removeFirst();
    }
    if (recent.size() >= restarts) {
      log.error(
          "A stream thread failed with a transient error for the {}th time within {} ms ({});"
              + " shutting the app down so that it exits with status 1",
          recent.size() + 1,
          windowMs,
          failure.getClass().getName(),
          failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(now);
    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(20, recent.size() - 1));
    log.warn(
        "A stream thread failed with a transient error ({}: {}); replacing it in {} ms ({} of {}"
            + " restarts within {} ms)",
        failure.getClass().getName(),
        failure.getMessage(),
        backoff,
        recent.size(),
        restarts,
        windowMs);
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}

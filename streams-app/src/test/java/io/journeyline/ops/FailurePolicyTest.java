package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  private long now = 1_000_000L;
  private final List<Long> slept = new ArrayList<>();

  private FailurePolicy policy() {
    return new FailurePolicy(3, Duration.ofMinutes(10), () -> now, slept::add);
  }

  @Test
  void shouldClassifyRetriableAndIoFailuresAnywhereInTheChainAsTransient() {
    assertThat(FailurePolicy.classify(new StreamsException(new TimeoutException("t"))))
        .isEqualTo(FailurePolicy.Kind.TRANSIENT);
    assertThat(FailurePolicy.classify(new NotLeaderOrFollowerException("n")))
        .isEqualTo(FailurePolicy.Kind.TRANSIENT);
    assertThat(
            FailurePolicy.classify(
                new StreamsException(new UncheckedIOException(new SocketException("reset")))))
        .isEqualTo(FailurePolicy.Kind.TRANSIENT);
    assertThat(FailurePolicy.classify(new StreamsException(new SerializationException("s"))))
        .isEqualTo(FailurePolicy.Kind.FATAL);
    assertThat(FailurePolicy.classify(new IllegalStateException("bug")))
        .isEqualTo(FailurePolicy.Kind.FATAL);
  }

  @Test
  void shouldShutDownAtOnceOnADeterministicFailureInsteadOfReplacingTheThread() {
    FailurePolicy policy = policy();
    StreamsException failure =
        new StreamsException(new SerializationException("incompatible schema"));
    assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(slept).isEmpty();
  }

  @Test
  void shouldReplaceTheThreadWithBackoffWithinTheBudgetThenShutDown() {
    FailurePolicy policy = policy();
    StreamsException transientFailure = new StreamsException(new TimeoutException("broker"));
    for (int i = 0; i < 3; i++) {
      assertThat(policy.handle(transientFailure))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      now += 1_000;
    }
    assertThat(slept).containsExactly(1_000L, 2_000L, 4_000L);
    // a fourth within ten minutes: it keeps failing, so it is not transient after all
    assertThat(policy.handle(transientFailure))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetRestartsOlderThanTheWindow() {
    FailurePolicy policy = policy();
    StreamsException transientFailure = new StreamsException(new TimeoutException("broker"));
    for (int i = 0; i < 3; i++) {
      policy.handle(transientFailure);
    }
    now += Duration.ofMinutes(11).toMillis();
    assertThat(policy.handle(transientFailure))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    // an oversized record is fatal here: the production handler takes it before it fails a thread
    assertThat(policy.handle(new StreamsException(new RecordTooLargeException("big"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}

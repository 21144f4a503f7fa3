package io.journeyline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void shouldReturnTheFirstValueThatSatisfiesTheCondition() {
    AtomicInteger probes = new AtomicInteger();

    int value =
        Await.until(Duration.ofSeconds(5), "third probe", probes::incrementAndGet, n -> n >= 3);

    assertThat(value).isEqualTo(3);
    assertThat(probes).hasValue(3);
  }

  @Test
  void shouldNameTheConditionAndTheLastValueOnTimeout() {
    assertThatThrownBy(
            () -> Await.until(Duration.ofMillis(50), "the answer", () -> 41, n -> n == 42))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waiting for the answer")
        .hasMessageContaining("last value: 41");
  }

  @Test
  void shouldProbeOnceWithAZeroTimeout() {
    AtomicInteger probes = new AtomicInteger();

    assertThatThrownBy(
            () -> Await.until(Duration.ZERO, "never", () -> probes.incrementAndGet() < 0))
        .isInstanceOf(AssertionError.class);
    assertThat(probes).hasValue(1);
  }

  @Test
  void shouldPropagateAnExceptionFromTheProbe() {
    assertThatThrownBy(
            () ->
                Await.until(
                    Duration.ofSeconds(1),
                    "failing probe",
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }
}

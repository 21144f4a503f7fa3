package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SustainableRateTest {

  @Test
  void shouldCountALatencyThatKeepsGrowingAsABacklog() {
    assertThat(SustainableRate.backlogGrows(274, 2_700)).isTrue();
    assertThat(SustainableRate.backlogGrows(100, 160)).isTrue();
  }

  @Test
  void shouldNotCountAStartUpBacklogWorkedOffOrNoiseAsGrowth() {
    assertThat(SustainableRate.backlogGrows(585, 89)).isFalse();
    assertThat(SustainableRate.backlogGrows(100, 149)).isFalse();
    // Within 50 ms: 20 -> 60 ms is +200 % but no backlog worth the name.
    assertThat(SustainableRate.backlogGrows(20, 60)).isFalse();
  }

  @Test
  void shouldTreatAMissingQuarterAsGrowth() {
    assertThat(SustainableRate.backlogGrows(Double.NaN, 10)).isTrue();
  }

  @Test
  void shouldPassAProbeOnlyWhenTheRateWasReachedAndTheLatencyHeld() {
    assertThat(SustainableRate.failure(1_000, latency(990, 1_000, 80, 90, 250))).isNull();
    assertThat(SustainableRate.failure(1_000, latency(800, 1_000, 80, 90, 250)))
        .startsWith("producer reached only 800");
    assertThat(SustainableRate.failure(1_000, latency(1_000, 900, 80, 90, 250)))
        .startsWith("outputs of 900 of 1,000");
    assertThat(SustainableRate.failure(1_000, latency(1_000, 1_000, 80, 900, 1_200)))
        .startsWith("backlog grows");
    assertThat(SustainableRate.failure(1_000, latency(1_000, 1_000, 80, 90, 301)))
        .isEqualTo("p99 301 ms > 300 ms");
    assertThat(SustainableRate.failure(1_000, null)).isEqualTo("the run failed");
  }

  private static LatencyRun.Result latency(
      double sentRate, long matched, double firstQuarter, double lastQuarter, double p99) {
    return new LatencyRun.Result(
        1_000,
        sentRate,
        10,
        40,
        40_000,
        1_000,
        matched,
        0,
        50,
        100,
        p99,
        p99,
        60,
        120,
        p99 + 10,
        p99 + 10,
        1,
        firstQuarter,
        lastQuarter,
        List.of());
  }
}

package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSearchTest {

  /** A fake system that sustains every rate up to {@code limit}. */
  private static RateSearch.Result<Double> searchWithLimit(
      double limit, double start, double ceiling, int steps, List<Double> probed) throws Exception {
    return RateSearch.search(
        start,
        start / 16,
        ceiling,
        steps,
        0.10,
        rate -> {
          probed.add(rate);
          return rate;
        },
        rate -> rate <= limit);
  }

  @Test
  void shouldBisectBetweenThePassingStartAndTheFailingDouble() throws Exception {
    // Given a limit of 7,000 events/s, a start at 5,000 and a ceiling of 10,000
    List<Double> probed = new ArrayList<>();

    // When
    RateSearch.Result<Double> result = searchWithLimit(7_000, 5_000, 10_000, 6, probed);

    // Then: up to the ceiling, then bisection until within 10 %
    assertThat(probed).containsExactly(5_000.0, 10_000.0, 7_500.0, 6_250.0, 6_875.0);
    assertThat(result.best()).isEqualTo(6_875.0);
    assertThat(result.lowestFailing()).isEqualTo(7_500.0);
    assertThat(result.ceilingPassed()).isFalse();
    assertThat(result.steps())
        .extracting(RateSearch.Step::passed)
        .containsExactly(true, false, false, true, true);
  }

  @Test
  void shouldHalveUntilOneRatePassesWhenTheStartFails() throws Exception {
    List<Double> probed = new ArrayList<>();

    RateSearch.Result<Double> result = searchWithLimit(1_000, 6_000, 12_000, 4, probed);

    assertThat(probed).containsExactly(6_000.0, 3_000.0, 1_500.0, 750.0);
    assertThat(result.best()).isEqualTo(750.0);
    assertThat(result.lowestFailing()).isEqualTo(1_500.0);
  }

  @Test
  void shouldStopAtTheCeilingWhenItPasses() throws Exception {
    List<Double> probed = new ArrayList<>();

    RateSearch.Result<Double> result = searchWithLimit(1e9, 5_000, 8_000, 6, probed);

    assertThat(probed).containsExactly(5_000.0, 8_000.0);
    assertThat(result.ceilingPassed()).isTrue();
    assertThat(result.best()).isEqualTo(8_000.0);
    assertThat(result.lowestFailing()).isNaN();
  }

  @Test
  void shouldReportNoPassingRateWhenEveryProbeFailsDownToTheFloor() throws Exception {
    List<Double> probed = new ArrayList<>();

    RateSearch.Result<Double> result = searchWithLimit(0, 1_600, 3_200, 10, probed);

    assertThat(probed).containsExactly(1_600.0, 800.0, 400.0, 200.0, 100.0);
    assertThat(result.best()).isNaN();
    assertThat(result.lowestFailing()).isEqualTo(100.0);
  }

  @Test
  void shouldRejectASearchWithoutSteps() {
    assertThatThrownBy(() -> searchWithLimit(1, 1, 2, 0, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

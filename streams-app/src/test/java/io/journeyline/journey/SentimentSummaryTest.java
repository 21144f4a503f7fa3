package io.journeyline.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentSummaryTest {

  @Test
  void shouldComputeStatsOverScoresInOrder() {
    long[] times = {1, 2, 3, 4, 5};
    long[] scores = {-200_000, 400_000, -600_000, 0, 800_000};
    SentimentSummary s = SentimentSummary.of(times, scores);
    assertThat(s.messages()).isEqualTo(5);
    assertThat(s.mean()).isCloseTo(0.08, within(1e-12));
    assertThat(s.min()).isEqualTo(-0.6);
    assertThat(s.first()).isEqualTo(-0.2);
    assertThat(s.last()).isEqualTo(0.8);
    // k = ceil(5 / 4) = 2: mean(0, 0.8) - mean(-0.2, 0.4) = 0.4 - 0.1
    assertThat(s.trend()).isCloseTo(0.3, within(1e-12));
    assertThat(s.negativeShare()).isEqualTo(0.4);
    assertThat(s.alerted()).isFalse();
  }

  @Test
  void shouldHaveZeroTrendForOneMessageAndNullsForNone() {
    assertThat(SentimentSummary.of(new long[] {1}, new long[] {-50_000}).trend()).isEqualTo(0.0);
    assertThat(SentimentSummary.of(new long[] {1}, new long[] {-50_000}).negativeShare())
        .isEqualTo(1.0);
    assertThat(SentimentSummary.of(new long[0], new long[0])).isEqualTo(SentimentSummary.EMPTY);
  }

  @Test
  void shouldAlertAtTheFirstMessageWhereTheLastThreeAverageAtMostMinusHalf() {
    long[] times = {10, 20, 30, 40};
    SentimentSummary s =
        SentimentSummary.of(times, new long[] {-400_000, -500_000, -600_000, -900_000});
    assertThat(s.alertAt()).isEqualTo(30L);
    assertThat(s.alertScores()).isEqualTo(List.of(-0.4, -0.5, -0.6));
    assertThat(
            SentimentSummary.of(new long[] {1, 2}, new long[] {-1_000_000, -1_000_000}).alerted())
        .isFalse();
    assertThat(SentimentSummary.of(times, new long[] {-400_000, -500_000, -599_999, 0}).alerted())
        .isFalse();
  }
}

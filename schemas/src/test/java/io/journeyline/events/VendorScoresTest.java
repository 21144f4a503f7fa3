package io.journeyline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class VendorScoresTest {

  @Test
  void shouldScaleContactLensScoresLinearly() {
    assertThat(VendorScores.fromContactLens(5.0)).isEqualTo(1.0);
    assertThat(VendorScores.fromContactLens(-5.0)).isEqualTo(-1.0);
    assertThat(VendorScores.fromContactLens(2.5)).isEqualTo(0.5);
    assertThat(VendorScores.fromContactLens(-1.0)).isEqualTo(-0.2);
    assertThat(VendorScores.fromContactLens(0.0)).isEqualTo(0.0);
  }

  @Test
  void shouldClampScoresOutsideTheVendorRange() {
    assertThat(VendorScores.fromContactLens(7.5)).isEqualTo(1.0);
    assertThat(VendorScores.fromContactLens(-12)).isEqualTo(-1.0);
    assertThat(VendorScores.clampUnit(1.2)).isEqualTo(1.0);
    assertThat(VendorScores.clampUnit(-0.3)).isEqualTo(-0.3);
  }

  @Test
  void shouldMapNegativeZeroToPositiveZero() {
    assertThat(VendorScores.fromContactLens(-0.0)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(VendorScores.clampUnit(-0.0))).isZero();
    assertThat(Double.doubleToRawLongBits(VendorScores.fromContactLens(-0.0))).isZero();
  }

  @Test
  void shouldRejectScoresThatAreNotFiniteNumbers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VendorScores.fromContactLens(Double.NaN))
        .withMessageContaining("Contact Lens");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VendorScores.fromContactLens(Double.POSITIVE_INFINITY))
        .withMessageContaining("Contact Lens");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VendorScores.clampUnit(Double.NEGATIVE_INFINITY));
  }
}

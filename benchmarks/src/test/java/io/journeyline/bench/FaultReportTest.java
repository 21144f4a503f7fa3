package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultReportTest {

  private static SoakRun.Sample sample(long second, long lag, long heapMiB, long files) {
    return sample(second, lag, heapMiB, heapMiB / 4, files);
  }

  private static SoakRun.Sample sample(
      long second, long lag, long heapMiB, long liveMiB, long files) {
    return new SoakRun.Sample(
        second,
        second * 250,
        Workload.EVENT_CLOCK_START.toEpochMilli() + second * 3_600_000,
        lag,
        heapMiB << 20,
        liveMiB < 0 ? -1 : liveMiB << 20,
        3L << 20,
        second * 2_560,
        40L << 20,
        files,
        53);
  }

  @Test
  void soakHalvesGiveEachColumnsRangePerHalf() {
    // Given five samples, the lag high once in the first half
    // When
    String md =
        FaultReport.soakHalves(
            List.of(
                sample(60, 40, 100, 380),
                sample(120, 1_200, 180, 390),
                sample(180, 35, 120, 385),
                sample(240, 50, 160, 384),
                sample(300, 30, 110, 386)));

    // Then the first two samples make the first half, the last three the second; the contact
    // history grows 2,560 bytes a second while 250 events a second come in: 10 KiB per 1,000
    assertThat(md)
        .contains(
            "| 60 s to 120 s | 40–1,200 | 100–180 MiB | 25–45 MiB | 3.0–3.0 MiB | 10.0 KiB | 40–40"
                + " MiB | 380–390 | 53–53 |")
        .contains(
            "| 180 s to 300 s | 30–50 | 110–160 MiB | 27–40 MiB | 3.0–3.0 MiB | 10.0 KiB | 40–40"
                + " MiB | 384–386 | 53–53 |");
  }

  @Test
  void samplesWithoutALiveHeapAreLeftOutOfItsRange() {
    // Given a second half where one sample could not ask for a full collection
    String md =
        FaultReport.soakHalves(
            List.of(
                sample(60, 1, 100, 30, 380),
                sample(120, 1, 100, 32, 380),
                sample(180, 1, 100, -1, 380),
                sample(240, 1, 100, 31, 380)));

    // Then its range is of the samples that have one; a half with none shows "-"
    assertThat(md).contains("| 180 s to 240 s | 1–1 | 100–100 MiB | 31–31 MiB |");
    assertThat(
            FaultReport.soakHalves(
                List.of(
                    sample(60, 1, 100, -1, 380),
                    sample(120, 1, 100, -1, 380),
                    sample(180, 1, 100, -1, 380),
                    sample(240, 1, 100, -1, 380))))
        .contains("| 60 s to 120 s | 1–1 | 100–100 MiB | - |");
  }

  @Test
  void tooFewSamplesGiveNoHalves() {
    assertThat(FaultReport.soakHalves(List.of(sample(60, 1, 1, 1)))).isEmpty();
  }
}

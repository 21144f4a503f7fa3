package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrSummaryTest {

  private static volatile long sink;

  @Test
  void shouldTallyTheSelectedThreadsSamplesByTopFrameAndByInnermostFocusFrame(@TempDir Path dir)
      throws Exception {
    // Given a recording of a thread named like a stream thread that spins in spin()
    Path file = recordSpinning("app-1-StreamThread-1", dir.resolve("test.jfr"));

    // When
    JfrSummary.Summary summary =
        JfrSummary.read(
            file, name -> name.contains("-StreamThread-"), "io.journeyline.", 5, null, null);

    // Then: its samples are counted, collapsed onto this class's frames
    assertThat(summary.samples()).isPositive();
    assertThat(summary.allSamples()).isGreaterThanOrEqualTo(summary.samples());
    assertThat(summary.focused().get(0).frame()).startsWith("io.journeyline.bench.JfrSummaryTest.");
    assertThat(summary.self()).hasSizeLessThanOrEqualTo(5);
    // inclusive: spin() is on the stack of nearly every sample of the thread, its caller too
    assertThat(summary.inclusive())
        .anySatisfy(
            line -> {
              assertThat(line.frame()).isEqualTo("io.journeyline.bench.JfrSummaryTest.spin");
              assertThat(line.share()).isGreaterThan(0.5);
            });
    // no Kafka Streams operation in a thread that only spins: every one listed, at zero
    assertThat(summary.operations())
        .extracting(JfrSummary.Line::frame)
        .containsExactlyElementsOf(JfrSummary.OPERATIONS.stream().map(Map.Entry::getKey).toList());
    assertThat(summary.operations()).allSatisfy(line -> assertThat(line.weight()).isZero());
    assertThat(summary.self().stream().mapToDouble(JfrSummary.Line::share).sum())
        .isLessThanOrEqualTo(1.0 + 1e-9);
  }

  @Test
  void shouldCountNothingForThreadsTheFilterLeavesOut(@TempDir Path dir) throws Exception {
    Path file = recordSpinning("other-thread", dir.resolve("none.jfr"));

    JfrSummary.Summary summary =
        JfrSummary.read(
            file, name -> name.contains("-StreamThread-"), "io.journeyline.", 5, null, null);

    assertThat(summary.samples()).isZero();
    assertThat(summary.self()).isEmpty();
  }

  @Test
  void shouldOrderATallyByWeightThenNameAndComputeShares() {
    assertThat(JfrSummary.top(Map.of("b", 3L, "a", 3L, "c", 4L), 10, 2))
        .containsExactly(new JfrSummary.Line("c", 4, 0.4), new JfrSummary.Line("a", 3, 0.3));
  }

  /** Records execution samples every millisecond while a thread named {@code name} spins. */
  private static Path recordSpinning(String name, Path file) throws Exception {
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.start();
      Thread worker = new Thread(JfrSummaryTest::spin, name);
      worker.start();
      worker.join();
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  /**
   * Spins until the thread has had a second of CPU (at most ten seconds of wall time): a fixed wall
   * time gave a descheduled thread on a busy machine no samples at all.
   */
  private static void spin() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long cpuWanted = Duration.ofSeconds(1).toNanos();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long x = 0;
    while (threads.getCurrentThreadCpuTime() - cpuStart < cpuWanted
        && System.nanoTime() < deadline) {
      for (int i = 0; i < 10_000; i++) {
        x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
      }
    }
    sink = x;
  }
}

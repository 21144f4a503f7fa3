package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void shouldBreakTheBytesWrittenDownByTopicAsMediansPerEventLargestFirst() {
    // Given three runs of 1,000 events; the offsets topic grew in two of them only
    List<RunResult> runs =
        List.of(
            run(
                Map.of(
                    "journey-store-changelog", 600_000L,
                    "journeyline.contacts", 100_000L,
                    "__consumer_offsets", 3_000L)),
            run(Map.of("journey-store-changelog", 800_000L, "journeyline.contacts", 120_000L)),
            run(
                Map.of(
                    "journey-store-changelog", 700_000L,
                    "journeyline.contacts", 80_000L,
                    "__consumer_offsets", 1_000L)));

    // When
    List<Report.TopicBytes> topics = Report.bytesByTopic(runs);

    // Then: each topic's own median (a run without it counts 0), its share of their sum 801
    assertThat(topics)
        .extracting(Report.TopicBytes::topic)
        .containsExactly("journey-store-changelog", "journeyline.contacts", "__consumer_offsets");
    assertThat(topics)
        .extracting(Report.TopicBytes::bytesPerEvent)
        .containsExactly(700.0, 100.0, 1.0);
    assertThat(topics.get(0).share()).isCloseTo(700.0 / 801, within(1e-9));
    assertThat(topics.stream().mapToDouble(Report.TopicBytes::share).sum())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldLeaveOutATopicWhoseMedianIsZero() {
    List<RunResult> runs =
        List.of(
            run(Map.of("journeyline.contacts", 5_000L, "__transaction_state", 10L)),
            run(Map.of("journeyline.contacts", 5_000L)),
            run(Map.of("journeyline.contacts", 5_000L)));

    assertThat(Report.bytesByTopic(runs))
        .containsExactly(new Report.TopicBytes("journeyline.contacts", 5.0, 1.0));
  }

  private static RunResult run(Map<String, Long> bytesByTopic) {
    long total = bytesByTopic.values().stream().mapToLong(Long::longValue).sum();
    return new RunResult(
        RunKind.JOURNEYLINE_EOS,
        1,
        1_000,
        1_000_000_000L,
        1_000_000_000L,
        total,
        bytesByTopic,
        0,
        0,
        0,
        0,
        -1);
  }
}

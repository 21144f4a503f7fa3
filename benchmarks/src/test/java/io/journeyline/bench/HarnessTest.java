package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessTest {

  @Test
  void shouldNameARunsTopicsWithoutItsApplicationId() {
    // Given the log growth of run bench-3-journeyline-eos and of topics not its own
    Map<String, Long> bytes =
        Map.of(
            "bench-3-journeyline-eos-journey-store-changelog", 500L,
            "bench-3-journeyline-eos.contacts", 200L,
            "bench-3-journeyline-eos.out", 7L,
            "bench-30-journeyline-eos.contacts", 1L,
            "__consumer_offsets", 40L);

    // When
    Map<String, Long> named = Harness.byRunTopicName("bench-3-journeyline-eos", bytes);

    // Then: internal topics lose the prefix, the run's own topics take their default names
    assertThat(named)
        .containsOnly(
            Map.entry("journey-store-changelog", 500L),
            Map.entry("journeyline.contacts", 200L),
            Map.entry("out", 7L),
            Map.entry("bench-30-journeyline-eos.contacts", 1L),
            Map.entry("__consumer_offsets", 40L));
  }

  @Test
  void shouldCountTheGrowthOfEachTopicThatChanged() {
    Map<String, Long> growth =
        Harness.growth(
            Map.of("a", 100L, "b", 50L, "gone", 30L), Map.of("a", 150L, "b", 50L, "new", 20L));

    assertThat(growth)
        .containsOnly(Map.entry("a", 50L), Map.entry("new", 20L), Map.entry("gone", -30L));
  }
}

package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

  /** The usage text of an older revision: no --sustainable, a negatable --scaling. */
  private static final String OLD_HELP =
      """
      Usage: journeyline-bench [-hV] [--quick] [--[no-]scaling] [--events=<events>]
            --runs=<runs>[,<runs>...]   Runs to make, of a, a', b, c, d, e (default all).
            --latency-seconds=<latencySeconds>
      """;

  @Test
  void shouldLeaveOutTheOptionsAnOlderRevisionDoesNotKnowWithTheirValues() {
    List<String> args =
        List.of(
            "--runs",
            "c",
            "--no-sustainable",
            "--sustainable-steps",
            "2",
            "--events=2000",
            "--profile",
            "--no-scaling",
            "--latency-seconds",
            "0");

    assertThat(CompareCommand.supported(args, OLD_HELP))
        .containsExactly("--runs", "c", "--events=2000", "--no-scaling", "--latency-seconds", "0");
  }

  @Test
  void shouldKeepEveryOptionARevisionKnows() {
    List<String> args = List.of("--quick", "--scaling", "--runs=b,c");

    assertThat(CompareCommand.supported(args, OLD_HELP)).isEqualTo(args);
  }
}

package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A smoke test of the harness itself, not a benchmark: a tiny workload, one repetition of the raw
 * copy and of the bare aggregate, then the table and its two files.
 */
@Tag("integration")
@Timeout(120)
class BenchmarkHarnessIT {

  @Test
  void runsATinyWorkloadAndWritesTheTable(@TempDir Path out) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    String[] args = {
      "--events",
      "400",
      "--customers",
      "50",
      "--repetitions",
      "1",
      "--runs",
      "a,b",
      "--out",
      out.toString()
    };
    BenchmarkCli cli =
        new BenchmarkCli(new PrintStream(buffer, true, StandardCharsets.UTF_8), args);
    int code = new CommandLine(cli).execute(args);

    assertThat(code).isZero();
    String table = buffer.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("| (a) |", "| (b) |", "not measured yet");
    assertThat(cli.report().summaries()).containsKeys(RunKind.COPY_ALOS, RunKind.BARE_AGGREGATE);
    assertThat(cli.report().summaries().get(RunKind.BARE_AGGREGATE).eventsPerSecond()).isPositive();
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith(".md")).anyMatch(n -> n.endsWith(".json"));
    }
  }
}

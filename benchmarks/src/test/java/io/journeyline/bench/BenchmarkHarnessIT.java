package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
 * copy, the bare aggregate, the full topology and the HTTP ingest, a few seconds of the paced
 * latency run, one sustainable-rate probe, one steady-state scaling point, then the table and its
 * two files.
 */
@Tag("integration")
@Timeout(180)
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
      "a,b,c,e",
      "--latency-seconds",
      "4",
      "--sustainable-steps",
      "1",
      "--sustainable-seconds",
      "6",
      "--scaling-pools",
      "50",
      "--scaling-tail-events",
      "300",
      "--out",
      out.toString()
    };
    BenchmarkCli cli =
        new BenchmarkCli(new PrintStream(buffer, true, StandardCharsets.UTF_8), args);
    int code = new CommandLine(cli).execute(args);

    assertThat(code).isZero();
    String table = buffer.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains(
            "| (a) |",
            "| (b) |",
            "| (c) |",
            "| (e) |",
            "## End-to-end latency at 50 % load",
            "## Sustainable live rate",
            "## Scaling over the customer pool, steady state");
    Report report = cli.report();
    assertThat(report.summaries())
        .containsKeys(
            RunKind.COPY_ALOS,
            RunKind.BARE_AGGREGATE,
            RunKind.JOURNEYLINE_EOS,
            RunKind.HTTP_INGEST);
    assertThat(report.summaries().get(RunKind.BARE_AGGREGATE).eventsPerSecond()).isPositive();
    Report.Summary topology = report.summaries().get(RunKind.JOURNEYLINE_EOS);
    assertThat(topology.closedStateBytes()).isPositive();
    Report.Summary http = report.summaries().get(RunKind.HTTP_INGEST);
    assertThat(http.eventsPerSecond()).isPositive();
    assertThat(http.rejected()).isZero();
    LatencyRun.Result latency = report.latency();
    assertThat(latency).isNotNull();
    assertThat(latency.measured()).isPositive();
    assertThat(latency.matched()).isEqualTo(latency.measured());
    assertThat(latency.dlqRecords()).isZero();
    assertThat(latency.p99Ms()).isGreaterThanOrEqualTo(latency.p50Ms());
    assertThat(report.sustainable()).isNotNull();
    assertThat(report.sustainable().probes()).hasSize(1);
    assertThat(report.scaling())
        .extracting(ScalingPoint::customers, p -> p.runs().size())
        .containsExactly(tuple(50, 1));
    assertThat(report.scaling().get(0).closedStateBytes()).isPositive();
    assertThat(report.scaling().get(0).customersNamed()).isPositive();
    assertThat(report.scaling().get(0).runs().get(0).events()).isEqualTo(300);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith(".md")).anyMatch(n -> n.endsWith(".json"));
    }
  }
}

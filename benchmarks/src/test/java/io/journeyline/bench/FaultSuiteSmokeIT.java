package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A smoke run of the fault suite, smaller than {@code faults --quick}: the reference run and a run
 * whose streams JVM is killed with SIGKILL twice, both on real child JVMs of {@code journeyline
 * run} against the in-process broker, with poison pills in the input. Fails when the killed run's
 * outputs differ from the reference in any record, or the dead letters are not exactly the pills.
 */
@Tag("integration")
@Timeout(480)
class FaultSuiteSmokeIT {

  @Test
  void shouldMatchTheReferenceRecordByRecordAfterTwoKills(@TempDir Path out) throws Exception {
    String[] args = {
      "--events",
      "4000",
      "--customers",
      "300",
      "--kills",
      "2",
      "--pills",
      "3",
      "--kinds",
      "kill9",
      "--heap-mb",
      "384",
      "--run-timeout-minutes",
      "3",
      "--out",
      out.toString()
    };
    FaultsCommand command = new FaultsCommand();
    int code = new CommandLine(command).execute(args);

    FaultReport report = command.report();
    assertThat(report).isNotNull();
    String table = report.markdown();
    assertThat(code).as(table).isZero();
    assertThat(report.allExact()).as(table).isTrue();
    List<FaultSuite.KindResult> runs = report.results();
    assertThat(runs).extracting(r -> r.kind).containsExactly("reference", "kill9");
    FaultSuite.KindResult reference = runs.get(0);
    assertThat(reference.compared).as("the reference has outputs to compare").isPositive();
    assertThat(reference.deadLetters).isEqualTo(3);
    FaultSuite.KindResult killed = runs.get(1);
    assertThat(killed.faults).as(table).isEqualTo(2);
    assertThat(killed.error).as(table).isNull();
    assertThat(killed.compared).isEqualTo(reference.compared);
    assertThat(killed.mismatches + killed.duplicates + killed.losses).as(table).isZero();
    assertThat(killed.deadLettersMatchInjected).as(table).isTrue();
    assertThat(killed.recoveryMillis).hasSize(2);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names)
          .anyMatch(n -> n.startsWith("faults-") && n.endsWith(".md"))
          .anyMatch(n -> n.startsWith("faults-") && n.endsWith(".json"));
    }
  }
}

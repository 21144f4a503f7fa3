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
 * contacts, journeys, identity answers or aggregates differ from the reference in any record, an
 * alert stands in one and not the other, or the dead letters are not exactly the pills.
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
    assertThat(code).as("0: all exact, 1: a difference (see below); else no report").isIn(0, 1);
    List<FaultSuite.KindResult> runs = report.results();
    assertThat(runs).extracting(r -> r.kind).containsExactly("reference", "kill9");
    FaultSuite.KindResult reference = runs.get(0);
    assertThat(reference.compared).as("the reference has outputs to compare").isPositive();
    assertThat(reference.deadLetters).isEqualTo(3);
    FaultSuite.KindResult killed = runs.get(1);
    // A kill planned after the run has consumed its input is not made (the report notes it): on a
    // fast machine the second of two kills can come too late for 4,000 events.
    assertThat(killed.faults).as(table).isBetween(1, 2);
    assertThat(killed.error).as(table).isNull();
    assertThat(killed.compared).isEqualTo(reference.compared);
    // Every table output exact, the same alerts standing, every dead letter once.
    assertThat(killed.perTopic)
        .as(table)
        .containsEntry("contacts", 0L)
        .containsEntry("journeys", 0L)
        .containsEntry("identity-resolution", 0L)
        .containsEntry("metrics-fcr", 0L)
        .containsEntry("metrics-sentiment", 0L)
        .containsEntry("metrics-repeat-contacts", 0L)
        .containsEntry("metrics-service", 0L)
        .containsEntry("metrics-surveys", 0L)
        .containsEntry("alerts", 0L)
        .containsEntry("dlq", 0L);
    assertThat(killed.unexpectedExits).as(table).isZero();
    assertThat(killed.deadLettersMatchInjected).as(table).isTrue();
    assertThat(killed.recoveryMillis).as(table).hasSize(killed.faults);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names)
          .anyMatch(n -> n.startsWith("faults-") && n.endsWith(".md"))
          .anyMatch(n -> n.startsWith("faults-") && n.endsWith(".json"));
    }
  }
}

package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareReportTest {

  @Test
  void shouldReadTheFiguresOfEachRunKindFromAHarnessResult() throws Exception {
    // Given the medians of (b) and (c) as the harness writes them, and a latency run
    String json =
        """
        {"activeCustomers": 500,
         "medians": {
           "b": {"eventsPerSecond": 200000.0, "cpuSecondsPerMillion": 3.5, "bytesPerEvent": 9.0,
                 "closedStateBytes": 50000.0},
           "c": {"eventsPerSecond": 12000.0, "cpuSecondsPerMillion": 100.0,
                 "bytesPerEvent": 1300.0, "closedStateBytes": 700000.0}},
         "latency": {"p99Ms": 900.0},
         "sustainable": null}
        """;

    // When
    Map<String, Double> figures = CompareReport.figures(new ObjectMapper().readTree(json));

    // Then
    assertThat(figures)
        .containsEntry("(b) events/s", 200_000.0)
        .containsEntry("(c) CPU-s / M events", 100.0)
        .containsEntry("(c) bytes written / event", 1_300.0)
        .containsEntry("(c) state bytes / active customer", 1_400.0)
        .containsEntry("latency p99, ms", 900.0)
        .doesNotContainKey("sustainable rate, events/s");
  }

  @Test
  void shouldReadEachSteadyStateScalingPointsTail() throws Exception {
    // Given a result with two scaling points, as the harness writes them
    String json =
        """
        {"activeCustomers": 0, "medians": {},
         "scaling": [
           {"customers": 1000, "eventsPerSecond": 1439.0, "cpuSecondsPerMillion": 904.0,
            "bytesPerEvent": 1835.7, "stateBytesPerCustomerAfterClose": 76288.0},
           {"customers": 100000, "eventsPerSecond": 2000.0, "cpuSecondsPerMillion": 500.0,
            "bytesPerEvent": 973.0}]}
        """;

    // When
    Map<String, Double> figures = CompareReport.figures(new ObjectMapper().readTree(json));

    // Then: one row per figure and pool; a figure the point lacks is left out
    assertThat(figures)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "steady 1,000 customers: tail events/s", 1_439.0,
                "steady 1,000 customers: tail CPU-s / M events", 904.0,
                "steady 1,000 customers: tail bytes written / event", 1_835.7,
                "steady 1,000 customers: state bytes / customer", 76_288.0,
                "steady 100,000 customers: tail events/s", 2_000.0,
                "steady 100,000 customers: tail CPU-s / M events", 500.0,
                "steady 100,000 customers: tail bytes written / event", 973.0));
  }

  @Test
  void shouldReportTheRatioOfTheMediansAndTheRangeOfThePerRoundRatios() {
    // Given three rounds in which B is 10 %, 20 % and 50 % faster
    List<Map<String, Double>> a =
        List.of(
            Map.of("(c) events/s", 100.0),
            Map.of("(c) events/s", 200.0),
            Map.of("(c) events/s", 100.0));
    List<Map<String, Double>> b =
        List.of(
            Map.of("(c) events/s", 110.0),
            Map.of("(c) events/s", 240.0),
            Map.of("(c) events/s", 150.0));

    // When
    List<CompareReport.Row> rows = CompareReport.rows(a, b);

    // Then: medians 100 and 150
    assertThat(rows).hasSize(1);
    CompareReport.Row row = rows.get(0);
    assertThat(row.a()).isEqualTo(100.0);
    assertThat(row.b()).isEqualTo(150.0);
    assertThat(row.ratio()).isEqualTo(1.5);
    assertThat(row.minRoundRatio()).isCloseTo(1.1, within(1e-9));
    assertThat(row.maxRoundRatio()).isCloseTo(1.5, within(1e-9));
    assertThat(row.rounds()).isEqualTo(3);
    assertThat(CompareReport.markdown("main", ".", rows))
        .contains("| figure | A: main | B: . | B/A |")
        .contains("| (c) events/s | 100 | 150 | 1.500 | 1.100..1.500 | 3 |");
  }

  @Test
  void shouldLeaveOutAFigureOnlyOneSideMeasured() {
    List<CompareReport.Row> rows =
        CompareReport.rows(
            List.of(Map.of("(c) events/s", 1.0, "latency p99, ms", 5.0)),
            List.of(Map.of("(c) events/s", 2.0)));

    assertThat(rows).extracting(CompareReport.Row::figure).containsExactly("(c) events/s");
  }
}

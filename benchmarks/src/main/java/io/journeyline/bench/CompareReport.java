package io.journeyline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ratios B/A of two sides (two git revisions, or two settings of one build) measured in
 * interleaved rounds: per figure, the median of each side, the ratio of the medians and the range
 * of the per-round ratios (round i of B over round i of A, which ran next to each other). No Kafka
 * types: the figures come from the harness's JSON results.
 */
final class CompareReport {

  /**
   * One figure compared.
   *
   * @param figure its name, {@code (c) events/s}
   * @param a the median of side A
   * @param b the median of side B
   * @param ratio b / a
   * @param minRoundRatio the lowest per-round ratio
   * @param maxRoundRatio the highest per-round ratio
   * @param rounds rounds in which both sides measured it
   */
  record Row(
      String figure,
      double a,
      double b,
      double ratio,
      double minRoundRatio,
      double maxRoundRatio,
      int rounds) {}

  private CompareReport() {}

  /**
   * The figures of one harness result (its JSON): per run kind measured, events/s, CPU-s per
   * million events, bytes written per event and state bytes per active customer after close; the
   * latency run's p99 and the sustainable rate when present; per steady-state scaling point, its
   * tail's events/s, CPU-s per million events and bytes written per event, and the state bytes per
   * customer after close.
   */
  static Map<String, Double> figures(JsonNode result) {
    Map<String, Double> out = new LinkedHashMap<>();
    double customers = result.path("activeCustomers").asDouble(Double.NaN);
    for (Map.Entry<String, JsonNode> e : result.path("medians").properties()) {
      String run = "(" + e.getKey() + ") ";
      JsonNode s = e.getValue();
      out.put(run + "events/s", s.path("eventsPerSecond").asDouble(Double.NaN));
      out.put(run + "CPU-s / M events", s.path("cpuSecondsPerMillion").asDouble(Double.NaN));
      out.put(run + "bytes written / event", s.path("bytesPerEvent").asDouble(Double.NaN));
      double state = s.path("closedStateBytes").asDouble(0);
      if (state > 0) {
        out.put(run + "state bytes / active customer", state / customers);
      }
    }
    JsonNode p99 = result.path("latency").path("p99Ms");
    if (p99.isNumber()) {
      out.put("latency p99, ms", p99.asDouble());
    }
    JsonNode best = result.path("sustainable").path("best");
    if (best.isNumber()) {
      out.put("sustainable rate, events/s", best.asDouble());
    }
    for (JsonNode point : result.path("scaling")) {
      String pool =
          String.format(Locale.ROOT, "steady %,d customers: ", point.path("customers").asLong());
      out.put(pool + "tail events/s", point.path("eventsPerSecond").asDouble(Double.NaN));
      out.put(
          pool + "tail CPU-s / M events", point.path("cpuSecondsPerMillion").asDouble(Double.NaN));
      out.put(
          pool + "tail bytes written / event", point.path("bytesPerEvent").asDouble(Double.NaN));
      out.put(
          pool + "state bytes / customer",
          point.path("stateBytesPerCustomerAfterClose").asDouble(Double.NaN));
    }
    out.values().removeIf(v -> v.isNaN());
    return out;
  }

  /** The rows for rounds of A and B (round i of each ran next to each other). */
  static List<Row> rows(List<Map<String, Double>> a, List<Map<String, Double>> b) {
    Set<String> names = new LinkedHashSet<>();
    a.forEach(m -> names.addAll(m.keySet()));
    List<Row> rows = new ArrayList<>();
    for (String name : names) {
      List<Double> as = new ArrayList<>();
      List<Double> bs = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        Double x = a.get(i).get(name);
        Double y = b.get(i).get(name);
        if (x != null && y != null) {
          as.add(x);
          bs.add(y);
          ratios.add(y / x);
        }
      }
      if (ratios.isEmpty()) {
        continue;
      }
      double ma = median(as);
      double mb = median(bs);
      rows.add(
          new Row(
              name,
              ma,
              mb,
              mb / ma,
              ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
              ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
              ratios.size()));
    }
    return rows;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** The Markdown table. */
  static String markdown(String a, String b, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append("| figure | A: ")
        .append(a)
        .append(" | B: ")
        .append(b)
        .append(" | B/A | per-round B/A | rounds |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.3f | %.3f..%.3f | %d |%n",
              r.figure(),
              number(r.a()),
              number(r.b()),
              r.ratio(),
              r.minRoundRatio(),
              r.maxRoundRatio(),
              r.rounds()));
    }
    return md.toString();
  }

  private static String number(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}

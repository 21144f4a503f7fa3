package io.journeyline.query;

import io.journeyline.avro.Dimension;
import io.journeyline.metrics.MetricWindow;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code GET /v1/metrics/{metric}} request. Bad parameters are 400 problems naming them.
 *
 * @param metric fcr, sentiment, repeat-contacts, service or surveys
 * @param by the dimension
 * @param window the window label, one of the configured windows
 * @param from inclusive lower bound of bucket starts (epoch ms)
 * @param to exclusive upper bound of bucket starts (epoch ms)
 */
record MetricQuery(String metric, Dimension by, String window, long from, long to) {

  static final List<String> METRICS =
      List.of("fcr", "sentiment", "repeat-contacts", "service", "surveys");

  static MetricQuery parse(
      String metric, Map<String, Deque<String>> params, List<MetricWindow> windows) {
    if (!METRICS.contains(metric)) {
      throw QueryProblems.unknown("metric");
    }
    String byText = single(params, "by", "all");
    Dimension by;
    try {
      by = Dimension.valueOf(byText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw QueryProblems.badParameter("by", "must be one of all, channel, queue, agent, issue");
    }
    List<String> labels = windows.stream().map(MetricWindow::label).toList();
    String window = single(params, "window", labels.get(labels.size() - 1));
    String normalized = window.toLowerCase(Locale.ROOT);
    if (!labels.contains(normalized)) {
      throw QueryProblems.badParameter(
          "window", "must be one of the configured windows " + String.join(", ", labels));
    }
    long from = instant(params, "from", Long.MIN_VALUE);
    long to = instant(params, "to", Long.MAX_VALUE);
    if (from > to) {
      throw QueryProblems.badParameter("from", "must not be after 'to'");
    }
    return new MetricQuery(metric, by, normalized, from, to);
  }

  private static String single(Map<String, Deque<String>> params, String name, String def) {
    Deque<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return def;
    }
    if (values.size() > 1) {
      throw QueryProblems.badParameter(name, "given more than once");
    }
    String value = values.getFirst();
    if (value.isBlank()) {
      throw QueryProblems.badParameter(name, "is empty");
    }
    return value.trim();
  }

  private static long instant(Map<String, Deque<String>> params, String name, long def) {
    Deque<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return def;
    }
    String text = single(params, name, "");
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw QueryProblems.badParameter(
          name, "must be an ISO-8601 instant, e.g. 2026-06-01T00:00:00Z");
    }
  }

  /** The query string to pass on to another instance (without partitions). */
  String queryString() {
    StringBuilder sb = new StringBuilder("by=").append(by.name().toLowerCase(Locale.ROOT));
    sb.append("&window=").append(window);
    if (from != Long.MIN_VALUE) {
      sb.append("&from=").append(Instant.ofEpochMilli(from));
    }
    if (to != Long.MAX_VALUE) {
      sb.append("&to=").append(Instant.ofEpochMilli(to));
    }
    return sb.toString();
  }
}

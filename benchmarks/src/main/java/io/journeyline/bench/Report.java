package io.journeyline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Medians per run kind, the ratios against the targets, and the Markdown and JSON output. */
final class Report {

  /**
   * The median figures of one run kind; for (e) events/s counts the accepted events and the last
   * figure is the rejected ones, for the Streams runs it is the DLQ's end offsets.
   */
  record Summary(
      RunKind kind,
      int runs,
      double eventsPerSecond,
      double minEventsPerSecond,
      double maxEventsPerSecond,
      double cpuSecondsPerMillion,
      double bytesPerEvent,
      double stateBytes,
      double closedStateBytes,
      double closedStateDirBytes,
      double dlqRecords,
      double rejected) {}

  /**
   * One topic's part of the bytes a run kind wrote.
   *
   * @param topic the topic as {@link RunResult#bytesByTopic} names it
   * @param bytesPerEvent the median over the repetitions of the topic's log growth per input event
   *     (a repetition in which the topic did not grow counts 0)
   * @param share {@code bytesPerEvent} over the sum of every topic's {@code bytesPerEvent}
   */
  record TopicBytes(String topic, double bytesPerEvent, double share) {}

  /** The run kinds whose bytes written are broken down by topic: the full topology's. */
  static final List<RunKind> BYTES_BY_TOPIC =
      List.of(RunKind.JOURNEYLINE_EOS, RunKind.JOURNEYLINE_ALOS);

  /**
   * A figure with its target: {@code comparison} is {@code >=} or {@code <=} (against {@code
   * target}), {@code +-} (within {@code target} of 1, as a fraction) or {@code info} (no target).
   */
  record Ratio(
      String name, Double value, double target, String comparison, String format, String meaning) {

    Ratio(String name, Double value, double target, String comparison, String meaning) {
      this(name, value, target, comparison, "%.3f", meaning);
    }

    boolean met() {
      if (value == null || value.isNaN()) {
        return false;
      }
      return switch (comparison) {
        case ">=" -> value >= target;
        case "<=" -> value <= target;
        case "+-" -> Math.abs(value - 1) <= target;
        default -> true;
      };
    }

    String targetText() {
      return switch (comparison) {
        case "+-" -> String.format(Locale.ROOT, "1.00 +-%.0f %%", target * 100);
        case "info" -> "-";
        default ->
            comparison
                + " "
                + (target >= 10
                    ? String.format(Locale.ROOT, "%.0f", target)
                    : String.format(Locale.ROOT, "%.2f", target));
      };
    }

    String metText() {
      if (comparison.equals("info")) {
        return "-";
      }
      return value == null || value.isNaN() ? "not measured" : met() ? "yes" : "**no**";
    }

    String valueText() {
      return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, format, value);
    }
  }

  private final Harness.Settings settings;
  private final String command;
  private final Instant when;
  private final int customers;
  private final int events;
  private final long activeCustomers;
  private final Map<RunKind, Summary> summaries = new EnumMap<>(RunKind.class);
  private final Map<RunKind, List<TopicBytes>> bytesByTopic = new EnumMap<>(RunKind.class);
  private final List<RunResult> results;
  private final List<String> failures;
  private final LatencyRun.Result latency;
  private final SustainableRate.Result sustainable;
  private final Harness.Profile profile;
  private final List<ScalingPoint> scaling;

  /**
   * @param latency the latency run, or null when left out or failed
   * @param sustainable the sustainable-rate search, or null when left out
   * @param scaling the scaling points measured (empty when left out)
   * @param profile the profiled (c) run, or null when left out or failed
   */
  Report(
      Harness.Settings settings,
      String command,
      Instant when,
      Workload workload,
      List<RunResult> results,
      List<String> failures,
      LatencyRun.Result latency,
      SustainableRate.Result sustainable,
      List<ScalingPoint> scaling,
      Harness.Profile profile) {
    this.failures = List.copyOf(failures);
    this.settings = settings;
    this.command = command;
    this.when = when;
    this.customers = settings.customers();
    this.events = workload.size();
    this.activeCustomers = workload.presence().activeCustomers();
    this.results = results;
    this.latency = latency;
    this.sustainable = sustainable;
    this.profile = profile;
    this.scaling = List.copyOf(scaling);
    for (RunKind kind : settings.kinds()) {
      List<RunResult> of = results.stream().filter(r -> r.kind() == kind).toList();
      if (of.isEmpty()) {
        continue;
      }
      summaries.put(
          kind,
          new Summary(
              kind,
              of.size(),
              median(of, RunResult::acceptedPerSecond),
              of.stream().mapToDouble(RunResult::acceptedPerSecond).min().orElse(0),
              of.stream().mapToDouble(RunResult::acceptedPerSecond).max().orElse(0),
              median(of, RunResult::cpuSecondsPerMillion),
              median(of, RunResult::bytesPerEvent),
              median(of, r -> r.stateBytes()),
              median(of, r -> r.closedStateBytes()),
              median(of, r -> r.closedStateDirBytes()),
              median(of, r -> r.dlqRecords()),
              median(of, r -> r.rejected())));
      if (BYTES_BY_TOPIC.contains(kind)) {
        bytesByTopic.put(kind, bytesByTopic(of));
      }
    }
  }

  /**
   * The bytes {@code runs} wrote by topic: per topic the median over the runs of its growth per
   * input event, its share of the sum of those medians; largest first, topics whose median is 0
   * left out.
   */
  static List<TopicBytes> bytesByTopic(List<RunResult> runs) {
    Map<String, Double> medians = new TreeMap<>();
    for (RunResult run : runs) {
      for (String topic : run.bytesByTopic().keySet()) {
        medians.computeIfAbsent(
            topic,
            t -> median(runs, r -> (double) r.bytesByTopic().getOrDefault(t, 0L) / r.events()));
      }
    }
    medians.values().removeIf(v -> v == 0);
    double sum = medians.values().stream().mapToDouble(Double::doubleValue).sum();
    return medians.entrySet().stream()
        .map(e -> new TopicBytes(e.getKey(), e.getValue(), e.getValue() / sum))
        .sorted(Comparator.comparingDouble(TopicBytes::bytesPerEvent).reversed())
        .toList();
  }

  static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  Map<RunKind, Summary> summaries() {
    return summaries;
  }

  /** The bytes written by topic of each run kind in {@link #BYTES_BY_TOPIC} that was measured. */
  Map<RunKind, List<TopicBytes>> bytesByTopic() {
    return bytesByTopic;
  }

  LatencyRun.Result latency() {
    return latency;
  }

  List<ScalingPoint> scaling() {
    return scaling;
  }

  SustainableRate.Result sustainable() {
    return sustainable;
  }

  /** The scaling points with the smallest and the largest pool, or null with fewer than two. */
  private ScalingPoint[] scalingEnds() {
    if (scaling.size() < 2) {
      return null;
    }
    ScalingPoint smallest = scaling.get(0);
    ScalingPoint largest = scaling.get(0);
    for (ScalingPoint p : scaling) {
      smallest = p.customers() < smallest.customers() ? p : smallest;
      largest = p.customers() > largest.customers() ? p : largest;
    }
    return smallest == largest ? null : new ScalingPoint[] {smallest, largest};
  }

  private Double ratio(RunKind a, RunKind b) {
    Summary x = summaries.get(a);
    Summary y = summaries.get(b);
    return x == null || y == null ? null : x.eventsPerSecond() / y.eventsPerSecond();
  }

  /** The targets of issue 12, each met or not. */
  List<Ratio> targets() {
    Summary c = summaries.get(RunKind.JOURNEYLINE_EOS);
    List<Ratio> out = new ArrayList<>();
    out.add(
        new Ratio(
            "(c)/(b)",
            ratio(RunKind.JOURNEYLINE_EOS, RunKind.BARE_AGGREGATE),
            0.25,
            ">=",
            "full topology against the bare one-stage EOS aggregate (long-term goal >= 1.0)"));
    out.add(
        new Ratio(
            "CPU-s per million events (c)",
            c == null ? null : c.cpuSecondsPerMillion(),
            25,
            "<=",
            "%.1f",
            "process CPU time (the in-process broker included) per million input events"));
    out.add(
        new Ratio(
            "bytes written to Kafka per event (c)",
            c == null ? null : c.bytesPerEvent(),
            400,
            "<=",
            "%.0f",
            "growth of all partition logs (changelogs, repartitions, outputs) per input event"));
    boolean halfLoad = settings.latencyRate() <= 0;
    out.add(
        new Ratio(
            halfLoad
                ? "p99 latency, paced live at 50 % of (c), ms"
                : String.format(
                    Locale.ROOT,
                    "p99 latency, paced live at %,.0f events/s (--latency-rate), ms",
                    settings.latencyRate()),
            latency == null ? null : latency.p99Ms(),
            LatencyRun.TARGET_P99_MS,
            "<=",
            "%.0f",
            "input append time to contacts output append time"));
    out.add(
        new Ratio(
            "sustainable live rate / (c)",
            sustainable == null || Double.isNaN(sustainable.ratioToBatch())
                ? null
                : sustainable.ratioToBatch(),
            0.5,
            ">=",
            "highest paced rate with p99 <= 300 ms and no backlog growth, over the (c) batch"
                + " rate"));
    out.add(
        new Ratio(
            "state bytes / active customer (c), on disk after close",
            c == null ? null : c.closedStateBytes() / activeCustomers,
            1024,
            "<=",
            "%.0f",
            "RocksDB SST files of all stores after the app closed / customers in the events"));
    ScalingPoint[] ends = scalingEnds();
    String pools =
        ends == null
            ? "largest / smallest pool"
            : String.format(
                Locale.ROOT,
                "%s / %s customers",
                count(ends[1].customers()),
                count(ends[0].customers()));
    out.add(
        new Ratio(
            "per-event cost in steady state, " + pools + ", CPU-s / M events",
            ends == null ? null : ends[1].cpuSecondsPerMillion() / ends[0].cpuSecondsPerMillion(),
            0.20,
            "+-",
            "(c) CPU per tail event at the largest pool over the smallest, all customers in state"));
    out.add(
        new Ratio(
            "per-event cost in steady state, " + pools + ", 1 / events/s",
            ends == null ? null : ends[0].eventsPerSecond() / ends[1].eventsPerSecond(),
            0.20,
            "+-",
            "(c) wall time per tail event at the largest pool over the smallest"));
    return out;
  }

  /** Further figures: the earlier benchmark issue's ratios, and state while running. */
  List<Ratio> ratios() {
    Summary c = summaries.get(RunKind.JOURNEYLINE_EOS);
    List<Ratio> out = new ArrayList<>();
    out.add(
        new Ratio(
            "R = (c)/(a)",
            ratio(RunKind.JOURNEYLINE_EOS, RunKind.COPY_ALOS),
            0.15,
            ">=",
            "full topology (EOS) against the raw at-least-once copy"));
    out.add(
        new Ratio(
            "(c)/(b), long-term goal",
            ratio(RunKind.JOURNEYLINE_EOS, RunKind.BARE_AGGREGATE),
            1.0,
            ">=",
            "full topology against the bare one-stage EOS aggregate"));
    out.add(
        new Ratio(
            "EOS/ALOS = (c)/(d)",
            ratio(RunKind.JOURNEYLINE_EOS, RunKind.JOURNEYLINE_ALOS),
            0.85,
            ">=",
            "exactly_once_v2 against at_least_once, same commit interval"));
    out.add(
        new Ratio(
            "state bytes / active customer (c), while running",
            c == null ? null : c.stateBytes() / activeCustomers,
            0,
            "info",
            "%.0f",
            "RocksDB SST + memtable sizes when the input was consumed / customers in the events"));
    ScalingPoint largest = scalingEnds() == null ? null : scalingEnds()[1];
    out.add(
        new Ratio(
            "state bytes / customer in steady state, largest pool, after close",
            largest == null ? null : largest.closedStateBytesPerCustomer(),
            1024,
            "<=",
            "%.0f",
            "SST files after close / customers of the pool, all of whom have contacts in state"));
    return out;
  }

  /** 10k, 100k, 1M. */
  static String count(int n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Journeyline benchmark, ")
        .append(DateTimeFormatter.ISO_INSTANT.format(when))
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Workload: %,d input events (%s duplicates), %,d customers (%,d of them in the events),"
                + " seed %d, %d partitions per topic, commit interval %d ms; %d warm-up pass + %d"
                + " measured repetitions per run, medians.%n%n",
            events,
            String.format(Locale.ROOT, "%.1f %%", settings.duplicateFraction() * 100),
            customers,
            activeCustomers,
            settings.seed(),
            settings.partitions(),
            settings.commitIntervalMs(),
            1,
            settings.repetitions()));
    md.append(
        "| run | what | events/s (median) | min..max | CPU-s / M events | bytes written / event |"
            + " state bytes, running | state bytes on disk after close | DLQ / rejected |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Summary s : summaries.values()) {
      String what =
          s.kind() == RunKind.HTTP_INGEST
              ? s.kind()
                      .description()
                      .replace("batches of 100", "batches of " + settings.httpBatch())
                  + ", "
                  + settings.httpClients()
                  + " clients; accepted events/s"
              : s.kind().description();
      String last =
          s.kind() == RunKind.HTTP_INGEST
              ? String.format(Locale.ROOT, "%.0f rejected", s.rejected())
              : s.dlqRecords() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", s.dlqRecords());
      md.append(
          String.format(
              Locale.ROOT,
              "| (%s) | %s | %,.0f | %,.0f..%,.0f | %.1f | %,.0f | %s | %s | %s |%n",
              s.kind().label(),
              what,
              s.eventsPerSecond(),
              s.minEventsPerSecond(),
              s.maxEventsPerSecond(),
              s.cpuSecondsPerMillion(),
              s.bytesPerEvent(),
              s.kind().streams() ? String.format(Locale.ROOT, "%,.0f", s.stateBytes()) : "-",
              s.kind().streams() ? String.format(Locale.ROOT, "%,.0f", s.closedStateBytes()) : "-",
              last));
    }
    md.append("\n## Targets of issue 12\n\n");
    ratioTable(md, targets());
    md.append("\nFurther figures:\n\n");
    ratioTable(md, ratios());
    bytesByTopic.forEach((kind, topics) -> md.append('\n').append(bytesByTopicMarkdown(kind)));
    md.append('\n').append(latencyMarkdown());
    md.append('\n').append(sustainableMarkdown());
    md.append('\n').append(scalingMarkdown());
    if (profile != null) {
      md.append('\n').append(profileMarkdown());
    }
    if (!failures.isEmpty()) {
      md.append("\nFailed runs (left out of the medians):\n\n");
      for (String f : failures) {
        md.append("- ").append(f).append('\n');
      }
    }
    md.append("\nMachine: ").append(machine()).append("\n\n");
    md.append("Command: `").append(command).append("`\n\n");
    md.append(
        "CPU time is the whole process (the in-process broker, and for (e) the HTTP clients,"
            + " included). Bytes written is the growth of all partition logs on the broker during"
            + " the run (changelogs, repartition topics, outputs, offsets and transaction state"
            + " included). State bytes while running is RocksDB's total-sst-files-size plus"
            + " size-all-mem-tables over all stores (or the state directory's size on disk if"
            + " larger) when the input was consumed; on disk after close is the size of the SST"
            + " files in the state directory once the app has closed (close flushes the"
            + " memtables), the global identity store included. Per active customer both are"
            + " divided by the customers that appear in the events (a contact belongs to the"
            + " customer its CRM id, email or chat user id names; contacts known only by a phone"
            + " number count once per number). The warm-up pass of (c) also serves (d), which"
            + " runs the same code.\n");
    return md.toString();
  }

  private static void ratioTable(StringBuilder md, List<Ratio> ratios) {
    md.append("| figure | value | target | met |\n|---|---:|---:|---|\n");
    for (Ratio r : ratios) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s |%n",
              r.name(),
              r.valueText(),
              r.targetText(),
              r.metText()));
    }
  }

  /** The table "Bytes written by topic" of {@code kind}. */
  String bytesByTopicMarkdown(RunKind kind) {
    List<TopicBytes> topics = bytesByTopic.get(kind);
    Summary s = summaries.get(kind);
    StringBuilder md =
        new StringBuilder("## Bytes written by topic, (").append(kind.label()).append(")\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Log growth of each topic (all its partitions) per input event in the timed interval:"
                + " the median over the %d repetition(s) of each topic on its own, not the"
                + " figures of one run; the share is of the sum of these medians, %,.0f bytes /"
                + " event (the median of the totals above: %,.0f). The run's own topics by their"
                + " default names, its internal topics without the application id.%n%n",
            s.runs(),
            topics.stream().mapToDouble(TopicBytes::bytesPerEvent).sum(),
            s.bytesPerEvent()));
    md.append("| topic | bytes / event | share |\n|---|---:|---:|\n");
    for (TopicBytes t : topics) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.1f | %.1f %% |%n",
              t.topic(),
              t.bytesPerEvent(),
              t.share() * 100));
    }
    return md.toString();
  }

  private String latencyMarkdown() {
    StringBuilder md = new StringBuilder("## End-to-end latency at 50 % load\n\n");
    if (latency == null) {
      md.append(
          settings.latencySeconds() == 0
              ? "Not measured (left out with --latency-seconds 0).\n"
              : "Not measured (needs the (c) rate or --latency-rate; see the failures).\n");
      return md.toString();
    }
    md.append(
        String.format(
            Locale.ROOT,
            "The full topology (exactly_once_v2), fresh app and topics, paced at %,.0f events/s"
                + " (%s) for %d s; the first %d s are a warm-up and not counted. Input and"
                + " output topics use LogAppendTime. The producer achieved %,.0f events/s; the"
                + " events' event time advanced %.2f s per wall-clock second; DLQ offsets %d.%n%n",
            latency.rate(),
            settings.latencyRate() > 0
                ? "set with --latency-rate"
                : "half the median (c) rate of this run",
            latency.seconds(),
            latency.warmupSeconds(),
            latency.sentRate(),
            latency.eventSecondsPerSecond(),
            latency.dlqRecords()));
    md.append("| latency, ms | p50 | p95 | p99 | max | events matched |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| input append -> contacts output append | %.0f | %.0f | %.0f | %.0f | %,d of %,d |%n",
            latency.p50Ms(),
            latency.p95Ms(),
            latency.p99Ms(),
            latency.maxMs(),
            latency.matched(),
            latency.measured()));
    md.append(
        String.format(
            Locale.ROOT,
            "| input append -> receipt by a read_committed consumer | %.0f | %.0f | %.0f | %.0f |"
                + " %,d of %,d |%n",
            latency.visibleP50Ms(),
            latency.visibleP95Ms(),
            latency.visibleP99Ms(),
            latency.visibleMaxMs(),
            latency.matched(),
            latency.measured()));
    md.append(
        String.format(
            Locale.ROOT,
            "%nMedian append-to-append latency of the first and of the last quarter of the"
                + " measured events: %.0f ms and %.0f ms (the last well above the first would mean"
                + " the app fell behind the paced rate); the p99 of each second of the window"
                + " ranges from %.0f to %.0f ms (each second in the JSON, p99BySecondMs).%n",
            latency.firstQuarterP50Ms(),
            latency.lastQuarterP50Ms(),
            latency.p99BySecondMs().stream()
                .filter(d -> !d.isNaN())
                .mapToDouble(d -> d)
                .min()
                .orElse(0),
            latency.p99BySecondMs().stream()
                .filter(d -> !d.isNaN())
                .mapToDouble(d -> d)
                .max()
                .orElse(0)));
    md.append(
        String.format(
            Locale.ROOT,
            "%nTarget p99 <= %.0f ms at 50 %% load: **%s**. An event is out at the first"
                + " journeyline.contacts record of its conversation whose lastEventAt reaches the"
                + " event's occurredAt. The second line adds what a downstream reader waits for the"
                + " transaction's commit.%n",
            LatencyRun.TARGET_P99_MS,
            latency.met() ? "met" : "not met"));
    return md.toString();
  }

  private String sustainableMarkdown() {
    StringBuilder md = new StringBuilder("## Sustainable live rate\n\n");
    if (sustainable == null) {
      md.append(
          settings.sustainableSteps() == 0
              ? "Not measured (left out with --no-sustainable).\n"
              : "Not measured (needs the (c) rate or --sustainable-start).\n");
      return md.toString();
    }
    SustainableRate.Result s = sustainable;
    md.append(
        String.format(
            Locale.ROOT,
            "The full topology (exactly_once_v2) paced live, a fresh app and topics per probe, %d s"
                + " each of which the first %d s are a warm-up; at most %d probes, starting at %s."
                + " A probe passes when the p99 (input append -> contacts append) is <= %.0f ms,"
                + " the backlog does not grow (the median latency of the last quarter of the"
                + " measured events is not above the first quarter's by more than %.0f %% and"
                + " %.0f ms), the producer achieved %.0f %% of the rate and the outputs of %.1f %%"
                + " of the events were found.%n%n",
            s.seconds(),
            s.warmupSeconds(),
            s.maxSteps(),
            settings.sustainableStart() > 0
                ? "the rate set with --sustainable-start"
                : "half the median (c) rate",
            LatencyRun.TARGET_P99_MS,
            SustainableRate.BACKLOG_RELATIVE_TOLERANCE * 100,
            SustainableRate.BACKLOG_ABSOLUTE_TOLERANCE_MS,
            SustainableRate.MIN_SENT_SHARE * 100,
            SustainableRate.MIN_MATCHED_SHARE * 100));
    md.append(
        "| probe | rate, events/s | sent, events/s | p50, ms | p99, ms | median first -> last"
            + " quarter, ms | passed | why not |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---|---|\n");
    int n = 0;
    for (SustainableRate.Probe p : s.probes()) {
      LatencyRun.Result r = p.latency();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,.0f | %s | %s | %s | %s | %s | %s |%n",
              ++n,
              p.rate(),
              r == null ? "-" : String.format(Locale.ROOT, "%,.0f", r.sentRate()),
              r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.p50Ms()),
              r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.p99Ms()),
              r == null
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.0f -> %.0f", r.firstQuarterP50Ms(), r.lastQuarterP50Ms()),
              p.passed() ? "yes" : "**no**",
              p.passed() ? "" : p.failure()));
    }
    md.append('\n').append(sustainableVerdict(s)).append('\n');
    return md.toString();
  }

  private static String sustainableVerdict(SustainableRate.Result s) {
    String ratio =
        Double.isNaN(s.ratioToBatch())
            ? ""
            : String.format(Locale.ROOT, " (%.2f of the (c) batch rate)", s.ratioToBatch());
    if (Double.isNaN(s.best())) {
      return String.format(
          Locale.ROOT,
          "Sustainable rate: **below %,.0f events/s**, the lowest rate probed; every probe failed.",
          s.lowestFailing());
    }
    if (s.ceilingPassed()) {
      return String.format(
          Locale.ROOT,
          "Sustainable rate: **at least %,.0f events/s**%s: the ceiling of the search passed.",
          s.best(),
          ratio);
    }
    return String.format(
        Locale.ROOT,
        "Sustainable rate: **%,.0f events/s**%s, the highest rate that passed%s.",
        s.best(),
        ratio,
        Double.isNaN(s.lowestFailing())
            ? " (the search ran out of probes before one failed)"
            : String.format(Locale.ROOT, "; %,.0f events/s failed", s.lowestFailing()));
  }

  private String scalingMarkdown() {
    StringBuilder md = new StringBuilder("## Scaling over the customer pool, steady state\n\n");
    if (scaling.isEmpty()) {
      md.append(
          settings.scalingPools().isEmpty()
              ? "Not measured (left out with --no-scaling).\n"
              : "Not measured (see the failures).\n");
      return md.toString();
    }
    md.append(
        String.format(
            Locale.ROOT,
            "(c) exactly_once_v2 on a workload that holds every customer of the pool in state at"
                + " once: %d days of event time at %.2f new contacts per customer per week, the"
                + " customers picked in rounds so that each has the same number of contacts"
                + " (plus the simulator's returns), all within the journey horizon; one app per"
                + " point works through that population, then %d tail(s) of %,d events are written"
                + " while it is paused and timed from its resume until consumed. A tail's new"
                + " contacts go to customers of the next round, who all have as many contacts, so"
                + " a tail event is the same work at every pool size; only the number of customers"
                + " in the stores differs. Medians over the tails.%n%n",
            settings.scalingDays(),
            settings.scalingContactsPerWeek(),
            settings.scalingRepetitions(),
            settings.scalingTailEvents()));
    md.append(
        "| customers | population events | population events/s | event time | tail events/s |"
            + " tail CPU-s / M events | tail bytes written / event | state bytes, running |"
            + " on disk after close | per customer, after close |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScalingPoint p : scaling) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,.0f | %.1f d | %,.0f | %.1f | %,.0f | %,.0f | %,.0f | %,.0f |%n",
              p.customers(),
              p.populationEvents(),
              p.populationEvents() / p.populationSeconds(),
              p.eventTimeDays(),
              p.eventsPerSecond(),
              p.cpuSecondsPerMillion(),
              p.bytesPerEvent(),
              p.stateBytes(),
              p.closedStateBytes(),
              p.closedStateBytesPerCustomer()));
    }
    ScalingPoint smallest = scaling.get(0);
    md.append("\n| customers | CPU per event / smallest | time per event / smallest |\n");
    md.append("|---:|---:|---:|\n");
    for (ScalingPoint p : scaling) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.2f | %.2f |%n",
              p.customers(),
              p.cpuSecondsPerMillion() / smallest.cpuSecondsPerMillion(),
              smallest.eventsPerSecond() / p.eventsPerSecond()));
    }
    md.append(
        "\nThe target is flat within +-20 %. CPU time and bytes include the in-process broker;"
            + " the population's rate includes the app's start-up backlog and is for information."
            + " The customers named in the events (CRM id, email or chat user id) are in the JSON;"
            + " a customer whose contacts were all SMS is known only by a phone number. State per"
            + " customer divides by the whole pool, every customer of which has contacts in"
            + " state.\n");
    return md.toString();
  }

  private String profileMarkdown() {
    JfrSummary.Summary p = profile.summary();
    StringBuilder md = new StringBuilder("## Profile of (c)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "One more (c) run after the repetitions, under Java Flight Recorder (the JDK's"
                + " `default` settings, execution samples every 10 ms; not in the medians: %,.0f"
                + " events/s with the recording on). Recording: `%s` (not committed). Counted: the samples of the Kafka"
                + " Streams threads in the timed interval, %,d of the %,d execution samples of"
                + " all threads (the rest: the in-process broker, registry and clients).%n%n",
            profile.run().eventsPerSecond(),
            p.file(),
            p.samples(),
            p.allSamples()));
    tally(md, "Top methods by self samples", "samples", p.self());
    tally(
        md,
        "Top Journeyline frames (each sample counted at its innermost io.journeyline frame,"
            + " the library code it called collapsed into it)",
        "samples",
        p.focused());
    tally(
        md,
        "Top Journeyline methods by inclusive samples (a sample counted once for every"
            + " io.journeyline method on its stack: a stage's whole cost, what it called included;"
            + " the shares overlap)",
        "samples",
        p.inclusive());
    tally(
        md,
        "Kafka Streams operations the stream threads' samples were in (whichever processor asked"
            + " for them; a sample in two, such as a store write in a punctuation, counts in both)",
        "operation",
        "samples",
        p.operations());
    tally(
        md,
        String.format(
            Locale.ROOT,
            "Native methods the stream threads were sampled in (%,d native-method samples,"
                + " taken at a lower rate than the execution samples; a thread waiting in a"
                + " socket read or a RocksDB call shows here, not above)",
            p.nativeSamples()),
        "samples",
        p.nativeSelf());
    tally(
        md,
        String.format(
            Locale.ROOT,
            "What the stream threads waited in (%,d ms recorded in the run's %,.0f s: parked,"
                + " in Object.wait, blocked on a monitor, sleeping or reading a socket, each wait"
                + " longer than the recording's threshold; by the innermost frame outside the"
                + " JDK)",
            p.waitMillis(),
            profile.run().elapsedNanos() / 1e9),
        "ms",
        p.waits());
    tally(
        md,
        String.format(
            Locale.ROOT,
            "Allocations by innermost Journeyline frame (%,.0f MB sampled allocation weight)",
            p.allocationBytes() / 1e6),
        "MB",
        p.allocations());
    return md.toString();
  }

  private static void tally(StringBuilder md, String title, String unit, List<JfrSummary.Line> l) {
    tally(md, title, "method", unit, l);
  }

  private static void tally(
      StringBuilder md, String title, String column, String unit, List<JfrSummary.Line> l) {
    md.append(title)
        .append(":\n\n| # | ")
        .append(column)
        .append(" | ")
        .append(unit)
        .append(" | share |\n");
    md.append("|---:|---|---:|---:|\n");
    int n = 0;
    for (JfrSummary.Line line : l) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | `%s` | %s | %.1f %% |%n",
              ++n,
              line.frame(),
              unit.equals("MB")
                  ? String.format(Locale.ROOT, "%,.1f", line.weight() / 1e6)
                  : String.format(Locale.ROOT, "%,d", line.weight()),
              line.share() * 100));
    }
    md.append('\n');
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s (%s), max heap %d MiB, %s %s",
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        rt.maxMemory() / (1024 * 1024),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", DateTimeFormatter.ISO_INSTANT.format(when));
    root.put("command", command);
    Map<String, Object> machine = new LinkedHashMap<>();
    Runtime rt = Runtime.getRuntime();
    machine.put("cores", rt.availableProcessors());
    machine.put(
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    machine.put("maxHeapBytes", rt.maxMemory());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    root.put("machine", machine);
    root.put("settings", settings);
    root.put("inputEvents", events);
    root.put("activeCustomers", activeCustomers);
    Map<String, Object> medians = new LinkedHashMap<>();
    summaries.forEach((k, s) -> medians.put(k.label(), s));
    root.put("medians", medians);
    root.put("targets", ratioJson(targets()));
    root.put("figures", ratioJson(ratios()));
    Map<String, Object> byTopic = new LinkedHashMap<>();
    bytesByTopic.forEach((k, topics) -> byTopic.put(k.label(), topics));
    root.put("bytesWrittenByTopic", byTopic);
    root.put("latency", latency);
    root.put("sustainable", sustainable);
    root.put("profile", profile);
    if (latency != null) {
      root.put("latencyTargetMet", latency.met());
    }
    List<Map<String, Object>> points = new ArrayList<>();
    for (ScalingPoint p : scaling) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("customers", p.customers());
      m.put("populationEvents", p.populationEvents());
      m.put("populationSeconds", p.populationSeconds());
      m.put("customersNamed", p.customersNamed());
      m.put("eventTimeDays", p.eventTimeDays());
      m.put("tails", p.runs().size());
      m.put("tailEvents", settings.scalingTailEvents());
      m.put("eventsPerSecond", p.eventsPerSecond());
      m.put("cpuSecondsPerMillion", p.cpuSecondsPerMillion());
      m.put("bytesPerEvent", p.bytesPerEvent());
      m.put("stateBytesRunning", p.stateBytes());
      m.put("stateBytesAfterClose", p.closedStateBytes());
      m.put("stateDirBytesAfterClose", p.closedStateDirBytes());
      m.put("stateBytesPerCustomerAfterClose", p.closedStateBytesPerCustomer());
      points.add(m);
    }
    root.put("scaling", points);
    List<String> notMeasured = new ArrayList<>();
    if (latency == null) {
      notMeasured.add("end-to-end latency p50/p95/p99 at 50 % load");
    }
    if (sustainable == null) {
      notMeasured.add("sustainable live rate");
    }
    if (scalingEnds() == null) {
      notMeasured.add("steady-state scaling sweep over customer pools");
    }
    if (!summaries.containsKey(RunKind.HTTP_INGEST)) {
      notMeasured.add("(e) HTTP ingest over loopback");
    }
    root.put("notMeasured", notMeasured);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (RunResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run", r.kind().label());
      m.put("repetition", r.repetition());
      m.put("events", r.events());
      m.put("elapsedMs", r.elapsedNanos() / 1e6);
      m.put("eventsPerSecond", r.eventsPerSecond());
      m.put("cpuNanos", r.cpuNanos());
      m.put("bytesWritten", r.bytesWritten());
      Map<String, Long> topics = new LinkedHashMap<>();
      r.bytesByTopic().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> topics.put(e.getKey(), e.getValue()));
      m.put("bytesWrittenByTopic", topics);
      m.put("stateBytes", r.stateBytes());
      m.put("stateBytesAfterClose", r.closedStateBytes());
      m.put("stateDirBytesAfterClose", r.closedStateDirBytes());
      m.put("dlqRecords", r.dlqRecords());
      m.put("rejected", r.rejected());
      runs.add(m);
    }
    root.put("runs", runs);
    root.put("failedRuns", failures);
    return root;
  }

  private static List<Map<String, Object>> ratioJson(List<Ratio> ratios) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Ratio r : ratios) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("value", r.value());
      m.put("target", r.targetText());
      m.put(
          "met",
          r.value() == null || r.value().isNaN() || r.comparison().equals("info") ? null : r.met());
      out.add(m);
    }
    return out;
  }

  /** The file name stem of a report started at {@code when}: {@code 20261123T150550Z}. */
  static String stamp(Instant when) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)
        .format(when);
  }

  /** Writes {@code <timestamp>.md} and {@code <timestamp>.json} into {@code dir}. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stamp = stamp(when);
    Path md = dir.resolve(stamp + ".md");
    Files.writeString(md, markdown(), StandardCharsets.UTF_8);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(stamp + ".json").toFile(), json());
    return md;
  }
}

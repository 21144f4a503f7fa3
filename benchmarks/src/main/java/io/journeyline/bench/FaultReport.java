package io.journeyline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fault suite's table (Markdown) and its JSON twin. */
final class FaultReport {

  private final FaultSuite suite;
  private final String command;
  private final Instant when;
  private final long elapsedSeconds;

  FaultReport(FaultSuite suite, String command, Instant when, long elapsedSeconds) {
    this.suite = suite;
    this.command = command;
    this.when = when;
    this.elapsedSeconds = elapsedSeconds;
  }

  /** The runs, the reference first. */
  List<FaultSuite.KindResult> results() {
    return List.copyOf(suite.results);
  }

  /** True when every fault run matched the reference and the dead letters matched the pills. */
  boolean allExact() {
    boolean ok = true;
    for (FaultSuite.KindResult r : suite.results) {
      ok &= r.exact() && Boolean.TRUE.equals(r.deadLettersMatchInjected) && r.unexpectedExits == 0;
    }
    if (suite.adapters != null) {
      ok &=
          suite.adapters.error() == null
              && suite.adapters.losses() == 0
              && suite.adapters.duplicates() == 0;
    }
    if (suite.soak != null) {
      ok &= suite.soak.error() == null;
    }
    return ok;
  }

  static String percentile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return String.format(Locale.ROOT, "%.1f s", sorted.get(Math.max(0, i)) / 1000.0);
  }

  String markdown() {
    FaultSuite.Settings s = suite.settings();
    StringBuilder md = new StringBuilder();
    md.append("# Journeyline fault suite\n\n");
    md.append("Date: ").append(DateTimeFormatter.ISO_INSTANT.format(when)).append("  \n");
    md.append("Command: `").append(command).append("`  \n");
    md.append(
        String.format(
            Locale.ROOT, "Duration: %d min %d s  %n", elapsedSeconds / 60, elapsedSeconds % 60));
    md.append("Machine: ")
        .append(machine())
        .append(" (shared with other work: timings are noisy; counts are not)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Workload: seed %d, %,d customers, %,d events (%,d duplicates, %,d delivered late by"
                + " half their channel's grace), %,d survey answers, %d poison pills, one heartbeat per"
                + " partition: %,d input"
                + " records on %d partitions per topic; %,d CRM links per run. Every run is"
                + " `journeyline run` in a child JVM (-Xmx%dm) with exactly_once_v2, against the"
                + " in-process broker of the suite's JVM. Outputs read with read_committed.%n%n",
            s.seed(),
            s.customers(),
            suite.workload().size(),
            suite.workload().duplicates(),
            suite.lateEvents(),
            suite.workload().surveys().size(),
            suite.pills().size(),
            suite.inputRecords(),
            s.partitions(),
            suite.crmLinks(),
            s.heapMb()));
    if (suite.reference() != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "Reference: %,d input records in %.1f s (%,.0f records/s); outputs (keys per table,"
                  + " records per event topic): %s.%n%n",
              suite.inputRecords(),
              suite.referenceMillis() / 1000.0,
              suite.referenceRate(),
              suite.reference().sizes()));
    }
    md.append(
        "| run | events processed | faults injected | compared | mismatches | duplicates | losses"
            + " | dead letters = injected | unexpected exits | recovery p50 | recovery max |"
            + " ready after start p50 | elapsed |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (FaultSuite.KindResult r : suite.results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %d | %,d | %s | %s | %s | %s | %d | %s | %s | %s | %.0f s |%n",
              r.kind,
              r.events,
              r.faults,
              r.compared,
              r.error != null ? "FAILED" : Long.toString(r.mismatches),
              r.error != null ? "-" : Long.toString(r.duplicates),
              r.error != null ? "-" : Long.toString(r.losses),
              r.deadLettersMatchInjected == null
                  ? "-"
                  : (r.deadLettersMatchInjected ? "yes" : "NO") + " (" + r.deadLetters + ")",
              r.unexpectedExits,
              percentile(r.recoveryMillis, 0.5),
              percentile(r.recoveryMillis, 1.0),
              percentile(r.readyMillis, 0.5),
              r.elapsedMillis / 1000.0));
    }
    md.append(
        "\nCompared: the reference's keys of every table topic (contacts, journeys, identity"
            + " answers, FCR, sentiment, repeat-contact, service and survey aggregates: last value"
            + " per key), its standing alerts (by alertId: the highest-revision record RAISED) and"
            + " its dead-letter records (each counted). A mismatch is a key whose last value"
            + " differs; a loss a key or record missing; a duplicate a record more often than in the"
            + " reference or a key the reference has not. Recovery: from the fault to the first"
            + " commit of the group that moves its input offsets past where they were.\n");
    for (FaultSuite.KindResult r : suite.results) {
      if (r.error != null || !r.examples.isEmpty() || !r.notes.isEmpty()) {
        md.append("\n**").append(r.kind).append("**: ").append(r.description).append(". ");
        if (r.error != null) {
          md.append("Failed: `").append(r.error).append("`. ");
        }
        if (!r.examples.isEmpty()) {
          md.append("Differences per topic ")
              .append(r.perTopic)
              .append(", e.g. ")
              .append(r.examples)
              .append(". ");
        }
        for (String d : r.mismatchDetails) {
          md.append("\n  - ").append(d.replace('|', '/'));
        }
        if (!r.mismatchDetails.isEmpty()) {
          md.append("\n  ");
        }
        if (!r.notes.isEmpty()) {
          md.append("Notes: ").append(r.notes).append('.');
        }
        md.append('\n');
      }
    }
    List<long[]> restores = new ArrayList<>();
    suite.results.forEach(r -> restores.addAll(r.restores));
    if (!restores.isEmpty()) {
      md.append("\n**Restore from the changelogs** (state directory deleted after SIGKILL):\n\n");
      md.append(
          "| state on disk before the loss | start to ready | seconds per GB |\n|---:|---:|---:|\n");
      for (long[] r : restores) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %,.1f MiB | %.1f s | %s |%n",
                r[0] / 1048576.0,
                r[1] / 1000.0,
                r[0] > 0 && r[1] >= 0
                    ? String.format(Locale.ROOT, "%,.0f", r[1] / 1000.0 / (r[0] / 1e9))
                    : "-"));
      }
      md.append(
          "\nStart to ready includes the JVM's start and the group's rebalance, so on small state"
              + " the per-GB figure is dominated by fixed costs and overstates the restore.\n");
    }
    md.append("\n**Poison pills**: ");
    StringBuilder pills = new StringBuilder();
    suite.pills().forEach(p -> pills.append(p.source()).append("; "));
    md.append(suite.pills().size())
        .append(" injected at known offsets (")
        .append(pills.toString().trim());
    md.append(
        ") into every run's input; the column `dead letters = injected` says the run's DLQ holds"
            + " exactly those records (reason, source topic, partition and offset), and no run's"
            + " instance stopped because of them.\n");
    if (suite.adapters != null) {
      AdaptersFaultRun.Result a = suite.adapters;
      md.append("\n**Adapters under broker outages**: ");
      md.append(
          String.format(
              Locale.ROOT,
              "%,d distinct events in %,d batches of 50 from 2 clients, %d broker outage(s)"
                  + " (broker back after %s), %d answers 503 and %d other failures, each retried"
                  + " until 202; %,d records read back: **%d losses, %d duplicates**; a batch"
                  + " accepted again %s after the broker stopped.%s%n",
              a.events(),
              a.batches(),
              a.outages(),
              seconds(a.outageMillis()),
              a.status503(),
              a.otherFailures(),
              a.records(),
              a.losses(),
              a.duplicates(),
              seconds(a.recoveryMillis()),
              a.error() == null ? "" : " FAILED: `" + a.error() + "`"));
    }
    if (suite.soak != null) {
      SoakRun.Result k = suite.soak;
      md.append(
          String.format(
              Locale.ROOT,
              "%n**Soak**: %d s paced live at %,.0f events/s, one instance, loopback;"
                  + " %,d events produced, %d unexpected exits%s.%n%n",
              k.seconds(),
              k.rate(),
              k.produced(),
              k.unexpectedExits(),
              k.error() == null ? "" : ", FAILED: `" + k.error() + "`"));
      md.append(
          "| at | produced | event time | lag | heap used | live heap | RocksDB files: working state"
              + " | RocksDB files: contact history | RocksDB memtables | open files | threads |\n");
      md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (SoakRun.Sample x : k.samples()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d s | %,d | day %.1f | %,d | %.0f MiB | %s | %.1f MiB | %.1f MiB | %.0f MiB | %d"
                    + " | %d |%n",
                x.second(),
                x.produced(),
                SoakRun.eventDays(x),
                x.lag(),
                x.heapUsedBytes() / 1048576.0,
                x.liveHeapBytes() < 0
                    ? "-"
                    : String.format(Locale.ROOT, "%.0f MiB", x.liveHeapBytes() / 1048576.0),
                x.workingStateBytes() / 1048576.0,
                x.historyBytes() / 1048576.0,
                x.memtableBytes() / 1048576.0,
                x.openFiles(),
                x.liveThreads()));
      }
      md.append(soakHalves(k.samples()));
    }
    md.append("\nResult: ")
        .append(allExact() ? "**every run exact**" : "**NOT all exact: see above**")
        .append('\n');
    return md.toString();
  }

  /**
   * The soak's samples in two halves, each column's range per half: flat means the second half's
   * range is no higher than the first's. The working state levels off once the soak's event time
   * passes the retention horizons; the contact history grows with the contacts (395 days of wall
   * clock), so it is given as its growth per 1,000 events in each half.
   */
  static String soakHalves(List<SoakRun.Sample> samples) {
    if (samples.size() < 4) {
      return "";
    }
    int mid = samples.size() / 2;
    StringBuilder md =
        new StringBuilder(
            "\n| half | lag | heap used | live heap | RocksDB files: working state | RocksDB files:"
                + " contact history per 1,000 events | RocksDB memtables | open files | threads |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (List<SoakRun.Sample> half :
        List.of(samples.subList(0, mid), samples.subList(mid, samples.size()))) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d s to %d s | %s | %s MiB | %s | %s MiB | %s | %s MiB | %s | %s |%n",
              half.get(0).second(),
              half.get(half.size() - 1).second(),
              range(half, SoakRun.Sample::lag, 1, "%,.0f"),
              range(half, SoakRun.Sample::heapUsedBytes, 1048576.0, "%.0f"),
              liveHeap(half),
              range(half, SoakRun.Sample::workingStateBytes, 1048576.0, "%.1f"),
              historyGrowth(half),
              range(half, SoakRun.Sample::memtableBytes, 1048576.0, "%.0f"),
              range(half, SoakRun.Sample::openFiles, 1, "%.0f"),
              range(half, SoakRun.Sample::liveThreads, 1, "%.0f")));
    }
    return md.toString();
  }

  /**
   * The live heap's range over the half (samples where the full collection could not be asked for
   * are left out), "-" when there is none.
   */
  private static String liveHeap(List<SoakRun.Sample> half) {
    List<SoakRun.Sample> known = half.stream().filter(x -> x.liveHeapBytes() >= 0).toList();
    return known.isEmpty()
        ? "-"
        : range(known, SoakRun.Sample::liveHeapBytes, 1048576.0, "%.0f") + " MiB";
  }

  /** The contact history's growth over the half, in KiB per 1,000 events produced. */
  private static String historyGrowth(List<SoakRun.Sample> half) {
    SoakRun.Sample first = half.get(0);
    SoakRun.Sample last = half.get(half.size() - 1);
    long events = last.produced() - first.produced();
    if (events <= 0) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.1f KiB",
        (last.historyBytes() - first.historyBytes()) / 1024.0 / (events / 1000.0));
  }

  private static String range(
      List<SoakRun.Sample> half,
      java.util.function.ToLongFunction<SoakRun.Sample> f,
      double unit,
      String format) {
    long min = half.stream().mapToLong(f).min().orElse(0);
    long max = half.stream().mapToLong(f).max().orElse(0);
    return String.format(Locale.ROOT, format, min / unit)
        + "–"
        + String.format(Locale.ROOT, format, max / unit);
  }

  private static String seconds(List<Long> ms) {
    List<String> out = new ArrayList<>();
    ms.forEach(m -> out.add(String.format(Locale.ROOT, "%.1f s", m / 1000.0)));
    return String.join(", ", out);
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s, %s %s",
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", DateTimeFormatter.ISO_INSTANT.format(when));
    root.put("command", command);
    root.put("elapsedSeconds", elapsedSeconds);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put(
        "jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    root.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    for (java.lang.reflect.RecordComponent c : FaultSuite.Settings.class.getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(suite.settings());
        settings.put(c.getName(), v instanceof java.time.Duration ? v.toString() : v);
      } catch (ReflectiveOperationException e) {
        settings.put(c.getName(), e.toString());
      }
    }
    root.put("settings", settings);
    root.put("inputRecords", suite.inputRecords());
    root.put("events", suite.workload().size());
    root.put("duplicates", suite.workload().duplicates());
    root.put("lateEvents", suite.lateEvents());
    root.put("crmLinks", suite.crmLinks());
    root.put("pills", suite.pills());
    root.put("referenceMillis", suite.referenceMillis());
    root.put("referenceOutputs", suite.reference() == null ? null : suite.reference().sizes());
    List<Map<String, Object>> runs = new ArrayList<>();
    for (FaultSuite.KindResult r : suite.results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", r.kind);
      m.put("description", r.description);
      m.put("eventsProcessed", r.events);
      m.put("faultsInjected", r.faults);
      m.put("compared", r.compared);
      m.put("mismatches", r.mismatches);
      m.put("duplicates", r.duplicates);
      m.put("losses", r.losses);
      m.put("differencesPerTopic", r.perTopic);
      m.put("examples", r.examples);
      m.put("mismatchDetails", r.mismatchDetails);
      m.put("deadLetters", r.deadLetters);
      m.put("alertRecords", r.alertRecords);
      m.put("deadLettersMatchInjected", r.deadLettersMatchInjected);
      m.put("unexpectedExits", r.unexpectedExits);
      m.put("recoveryMillis", r.recoveryMillis);
      m.put("readyAfterStartMillis", r.readyMillis);
      List<Map<String, Object>> restores = new ArrayList<>();
      for (long[] x : r.restores) {
        restores.add(Map.of("stateBytes", x[0], "millisToReady", x[1]));
      }
      m.put("restores", restores);
      m.put("elapsedMillis", r.elapsedMillis);
      m.put("error", r.error);
      m.put("notes", r.notes);
      runs.add(m);
    }
    root.put("runs", runs);
    root.put("adapters", suite.adapters);
    root.put("soak", suite.soak);
    root.put("allExact", allExact());
    return root;
  }

  /** Writes {@code faults-<timestamp>.md} and {@code .json} under {@code dir}. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(when);
    Path md = dir.resolve("faults-" + stamp + ".md");
    Files.writeString(md, markdown());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .findAndRegisterModules()
        .writeValue(dir.resolve("faults-" + stamp + ".json").toFile(), json());
    return md;
  }
}

package io.journeyline.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar benchmarks/target/journeyline-bench.jar [--quick]}: runs the harness and prints
 * the table; writes it with a JSON twin under {@code --out}.
 */
@Command(
    name = "journeyline-bench",
    mixinStandardHelpOptions = true,
    version = "journeyline-bench 0.1.0",
    subcommands = FaultsCommand.class,
    description = {
      "Measures the Journeyline topology against the raw Kafka pass-through on an in-process"
          + " broker: (a) raw copy at-least-once, (a') transactional, (b) bare one-stage Streams"
          + " aggregate with exactly_once_v2, (c) the full topology with exactly_once_v2, (d) the"
          + " same with at_least_once, (e) the adapters' HTTP ingest. Each on the same pre-loaded"
          + " input, one warm-up pass first, medians of the repetitions. Then the end-to-end"
          + " latency of (c) at half its rate, and (c) over customer pools of 10k to 1M."
    })
public final class BenchmarkCli implements Callable<Integer> {

  @Option(
      names = "--quick",
      description =
          "Small workload (20,000 events, 10,000 customers, 2 repetitions, 24 s latency run,"
              + " scaling 10k and 100k): under 3 minutes.")
  boolean quick;

  @Option(
      names = "--customers",
      description =
          "Customer pool size (default 10,000, the smallest scaling point, whose (c) runs it"
              + " then shares).")
  Integer customers;

  @Option(
      names = "--events",
      description = "Input events written before timing (default 60,000; --quick 20,000).")
  Integer events;

  @Option(
      names = "--repetitions",
      description = "Measured repetitions per run after the warm-up (default 3; --quick 2).")
  Integer repetitions;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duplicates",
      defaultValue = "0.01",
      description = "Share of re-sent duplicate events (default ${DEFAULT-VALUE}).")
  double duplicates;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions per topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description =
          "Commit interval of every Streams run and of the transactional copy (default"
              + " ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--runs",
      split = ",",
      description = "Runs to make, of a, a', b, c, d, e (default all).")
  List<String> runs;

  @Option(
      names = "--latency-seconds",
      description =
          "Duration of the paced latency run, its first quarter (at most 10 s) a warm-up"
              + " (default 45; --quick 24; 0 leaves it out).")
  Integer latencySeconds;

  @Option(
      names = "--latency-rate",
      defaultValue = "0",
      description = "Rate of the latency run in events/s (default: half the median (c) rate).")
  double latencyRate;

  @Option(
      names = "--sustainable",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Search the sustainable live rate of (c): the highest paced rate with p99 <= 300 ms and"
              + " no backlog growth, from half the (c) rate, doubling or halving until one rate"
              + " passes and one fails, then bisecting; each probe a fresh app (default on;"
              + " --no-sustainable leaves it out).")
  boolean sustainable;

  @Option(
      names = "--sustainable-steps",
      description = "Probes of the sustainable-rate search at most (default 5; --quick 2).")
  Integer sustainableSteps;

  @Option(
      names = "--sustainable-seconds",
      description =
          "Paced duration of each probe, its first third a warm-up not counted (default 60;"
              + " --quick 24).")
  Integer sustainableSeconds;

  @Option(
      names = "--sustainable-start",
      defaultValue = "0",
      description = "Rate of the first probe in events/s (default: half the median (c) rate).")
  double sustainableStart;

  @Option(
      names = "--scaling",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Run (c) over several customer pools (default on; --no-scaling leaves it out).")
  boolean scaling;

  @Option(
      names = "--scaling-pools",
      split = ",",
      description =
          "Customer pools of the scaling sweep (default 10000,100000,1000000; --quick"
              + " 10000,100000).")
  List<Integer> scalingPools;

  @Option(
      names = "--scaling-repetitions",
      defaultValue = "1",
      description = "Measured (c) runs per scaling point (default ${DEFAULT-VALUE}).")
  int scalingRepetitions;

  @Option(
      names = "--http-clients",
      defaultValue = "4",
      description = "Concurrent HTTP clients of (e) (default ${DEFAULT-VALUE}).")
  int httpClients;

  @Option(
      names = "--http-batch",
      defaultValue = "100",
      description = "Events per request of (e) (default ${DEFAULT-VALUE}).")
  int httpBatch;

  @Option(
      names = "--out",
      defaultValue = "benchmarks/results",
      description = "Directory for <timestamp>.md and .json (default ${DEFAULT-VALUE}).")
  Path out;

  private final PrintStream stdout;
  private final String[] args;
  private Report report;

  BenchmarkCli(PrintStream stdout, String[] args) {
    this.stdout = stdout;
    this.args = args.clone();
  }

  public static void main(String[] args) {
    int code = new CommandLine(new BenchmarkCli(System.out, args)).execute(args);
    System.exit(code);
  }

  /** The command line's arguments, for the reports. */
  String[] args() {
    return args.clone();
  }

  /** The report of the last {@link #call()}. */
  Report report() {
    return report;
  }

  @Override
  public Integer call() throws Exception {
    List<Integer> pools =
        !scaling
            ? List.of()
            : scalingPools != null
                ? List.copyOf(scalingPools)
                : quick ? List.of(10_000, 100_000) : List.of(10_000, 100_000, 1_000_000);
    Harness.Settings settings =
        new Harness.Settings(
            customers != null ? customers : 10_000,
            events != null ? events : quick ? 20_000 : 60_000,
            duplicates,
            repetitions != null ? repetitions : quick ? 2 : 3,
            seed,
            partitions,
            commitIntervalMs,
            kinds(),
            latencySeconds != null ? latencySeconds : quick ? 24 : 45,
            latencyRate,
            pools,
            scalingRepetitions,
            httpClients,
            httpBatch,
            !sustainable ? 0 : sustainableSteps != null ? sustainableSteps : quick ? 2 : 5,
            sustainableSeconds != null ? sustainableSeconds : quick ? 24 : 60,
            sustainableStart);
    validate(settings);
    Instant started = Instant.now();
    String command =
        "java -jar benchmarks/target/journeyline-bench.jar"
            + (args.length == 0 ? "" : " ")
            + String.join(" ", args);
    try (Harness harness = new Harness(settings, System.err)) {
      harness.prepare();
      List<RunResult> results = harness.runAll();
      LatencyRun.Result latency = null;
      if (settings.latencySeconds() > 0) {
        double max =
            Report.median(
                results.stream().filter(r -> r.kind() == RunKind.JOURNEYLINE_EOS).toList(),
                RunResult::eventsPerSecond);
        double rate = settings.latencyRate() > 0 ? settings.latencyRate() : max / 2;
        if (rate > 0) {
          latency = harness.latency(rate);
        } else {
          System.err.println("  latency run left out: no (c) rate and no --latency-rate");
        }
      }
      SustainableRate.Result sustainableRate = sustainableRate(harness, settings, results);
      List<ScalingPoint> points = harness.scaling(results);
      report =
          new Report(
              settings,
              command,
              started,
              harness.workload(),
              results,
              harness.failures(),
              latency,
              sustainableRate,
              points);
    }
    String table = report.markdown();
    stdout.println();
    stdout.println(table);
    Path written = report.write(out);
    stdout.printf(
        "Written %s (and .json) in %.0f s total.%n",
        written, (System.currentTimeMillis() - started.toEpochMilli()) / 1000.0);
    return 0;
  }

  /** The search of the sustainable rate, or null when left out or without a rate to start at. */
  private SustainableRate.Result sustainableRate(
      Harness harness, Harness.Settings settings, List<RunResult> results) throws Exception {
    if (settings.sustainableSteps() == 0) {
      return null;
    }
    double batch =
        Report.median(
            results.stream().filter(r -> r.kind() == RunKind.JOURNEYLINE_EOS).toList(),
            RunResult::eventsPerSecond);
    double start = settings.sustainableStart() > 0 ? settings.sustainableStart() : batch / 2;
    if (!(start > 0)) {
      System.err.println("  sustainable-rate search left out: no (c) rate and no start rate");
      return null;
    }
    System.err.printf(
        "  sustainable-rate search: up to %d probes of %d s from %,.0f events/s%n",
        settings.sustainableSteps(), settings.sustainableSeconds(), start);
    return SustainableRate.search(
        harness,
        batch,
        start,
        settings.sustainableSteps(),
        settings.sustainableSeconds(),
        settings.sustainableWarmupSeconds());
  }

  /** Fails fast on settings no run can use. */
  private void validate(Harness.Settings s) {
    List<String> bad = new ArrayList<>();
    if (s.customers() < 1 || s.events() < 1 || s.repetitions() < 1) {
      bad.add("--customers, --events and --repetitions must be >= 1");
    }
    if (s.sustainableSteps() < 0) {
      bad.add("--sustainable-steps must be >= 0");
    }
    if (s.sustainableSteps() > 0 && s.sustainableSeconds() < 6) {
      bad.add("--sustainable-seconds must be >= 6 (a third of it is a warm-up)");
    }
    if (s.sustainableStart() < 0 || s.latencyRate() < 0) {
      bad.add("--sustainable-start and --latency-rate must be >= 0");
    }
    if (!bad.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(this), String.join("; ", bad));
    }
  }

  private List<RunKind> kinds() {
    if (runs == null || runs.isEmpty()) {
      return Arrays.asList(RunKind.values());
    }
    List<RunKind> kinds = new ArrayList<>();
    for (RunKind kind : RunKind.values()) {
      if (runs.contains(kind.label())) {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--runs: none of a, a', b, c, d, e in " + runs);
    }
    return kinds;
  }
}

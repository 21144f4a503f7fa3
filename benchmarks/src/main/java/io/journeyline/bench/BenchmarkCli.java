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
            httpBatch);
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

package io.journeyline.bench;

import io.journeyline.config.StreamsAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
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
    subcommands = {FaultsCommand.class, CompareCommand.class, RecordsCommand.class},
    description = {
      "Measures the Journeyline topology against the raw Kafka pass-through on an in-process"
          + " broker: (a) raw copy at-least-once, (a') transactional, (b) bare one-stage Streams"
          + " aggregate with exactly_once_v2, (c) the full topology with exactly_once_v2, (d) the"
          + " same with at_least_once, (e) the adapters' HTTP ingest. Each on the same pre-loaded"
          + " input, one warm-up pass first, medians of the repetitions. Then the end-to-end"
          + " latency of (c) at half its rate, the sustainable live rate of (c) (a search of"
          + " paced runs), and (c) over customer pools of 10k to 1M on a steady-state workload"
          + " that holds every customer in state.",
      "The compare subcommand runs two git revisions (or two settings) in one invocation and"
          + " reports the ratios; faults runs the fault suite; records prints what a stopped"
          + " broker wrote (a work directory kept by faults --keep-work)."
    })
public final class BenchmarkCli implements Callable<Integer> {

  @Option(
      names = "--quick",
      description =
          "Small workload (20,000 events, 10,000 customers, 2 repetitions, 24 s latency run, 2"
              + " sustainable-rate probes of 24 s, steady-state scaling over 1k and 10k customers"
              + " with 5,000-event tails).")
  boolean quick;

  @Option(
      names = "--customers",
      description = "Customer pool size of the throughput and latency runs (default 10,000).")
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
      description =
          "Run (c) over several customer pools on the steady-state workload, every customer in"
              + " state (default on; --no-scaling leaves it out).")
  boolean scaling;

  @Option(
      names = "--scaling-pools",
      split = ",",
      description =
          "Customer pools of the scaling sweep (default 10000,100000,1000000; --quick"
              + " 1000,10000). The population is about customers x contacts per week x days / 7 x"
              + " 13.5 events: 13.5 M events for 1M customers at the defaults.")
  List<Integer> scalingPools;

  @Option(
      names = "--scaling-contacts-per-week",
      defaultValue = "0.5",
      description =
          "New contacts per customer per week of the scaling population (default"
              + " ${DEFAULT-VALUE}).")
  double scalingContactsPerWeek;

  @Option(
      names = "--scaling-days",
      defaultValue = "14",
      description =
          "Event time of the scaling population in days (default ${DEFAULT-VALUE}); with the tail"
              + " it must stay within the journey horizon.")
  int scalingDays;

  @Option(
      names = "--scaling-tail-events",
      description =
          "Events of each measured tail of a scaling point (default 50,000; --quick 5,000); the"
              + " tails' new contacts must be at most half the smallest pool.")
  Integer scalingTailEvents;

  @Option(
      names = "--scaling-repetitions",
      defaultValue = "1",
      description = "Measured tails per scaling point (default ${DEFAULT-VALUE}).")
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
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A setting of the topology runs ((c), (d), latency, sustainable, scaling) on top of the"
              + " harness's own, e.g. --set journeyline.kafka.num.stream.threads=2; repeatable."
              + " Fails at start when the setting is unknown or invalid.")
  Map<String, String> set;

  @Option(
      names = "--profile",
      description =
          "After the (c) repetitions, one more (c) run under Java Flight Recorder (not in the"
              + " medians): the recording goes to <out>/<timestamp>-c.jfr and a summary of the"
              + " stream threads' hot spots (self, by Journeyline frame, native methods, allocations)"
              + " into the results.")
  boolean profile;

  @Option(
      names = "--out",
      defaultValue = "benchmarks/results",
      description = "Directory for <timestamp>.md and .json (default ${DEFAULT-VALUE}).")
  Path out;

  /** The topology's default journey horizon, which the scaling workload must stay within. */
  private static final Duration JOURNEY_HORIZON =
      Duration.ofMillis(
          (Long)
              StreamsAppConfig.CONFIG_DEF
                  .defaultValues()
                  .get(StreamsAppConfig.JOURNEY_HORIZON_MS_CONFIG));

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
                : quick ? List.of(1_000, 10_000) : List.of(10_000, 100_000, 1_000_000);
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
            sustainableStart,
            scalingContactsPerWeek,
            scalingDays,
            scalingTailEvents != null ? scalingTailEvents : quick ? 5_000 : 50_000,
            set == null ? Map.of() : Map.copyOf(set));
    validate(settings);
    Instant started = Instant.now();
    String command =
        "java -jar benchmarks/target/journeyline-bench.jar"
            + (args.length == 0 ? "" : " ")
            + String.join(" ", args);
    try (Harness harness = new Harness(settings, System.err)) {
      harness.prepare();
      List<RunResult> results = harness.runAll();
      Harness.Profile profiled = null;
      if (profile && settings.kinds().contains(RunKind.JOURNEYLINE_EOS)) {
        profiled = harness.profile(out.resolve(Report.stamp(started) + "-c.jfr"));
      }
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
      List<ScalingPoint> points = harness.scaling();
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
              points,
              profiled);
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
    for (String key : s.configOverrides().keySet()) {
      if (!StreamsAppConfig.CONFIG_DEF.names().contains(key)
          && !key.startsWith("journeyline.kafka.")
          && !key.startsWith("journeyline.schema-registry.")) {
        bad.add("--set " + key + ": not a setting of the topology (see docs/configuration)");
      }
    }
    if (!s.configOverrides().isEmpty()) {
      try {
        new StreamsAppConfig(s.configOverrides());
      } catch (ConfigException e) {
        bad.add("--set: " + e.getMessage());
      }
    }
    if (profile && !s.kinds().contains(RunKind.JOURNEYLINE_EOS)) {
      bad.add("--profile profiles (c): add c to --runs");
    }
    if (!s.scalingPools().isEmpty()) {
      validateScaling(s, bad);
    }
    if (!bad.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(this), String.join("; ", bad));
    }
  }

  private static void validateScaling(Harness.Settings s, List<String> bad) {
    int smallest = s.scalingPools().stream().mapToInt(Integer::intValue).min().orElseThrow();
    if (smallest < 2 || !(s.scalingContactsPerWeek() > 0) || s.scalingDays() < 1) {
      bad.add("--scaling-pools must be >= 2, --scaling-contacts-per-week > 0, --scaling-days >= 1");
      return;
    }
    if (s.scalingTailEvents() < 1 || s.scalingRepetitions() < 1) {
      bad.add("--scaling-tail-events and --scaling-repetitions must be >= 1");
      return;
    }
    long tails = (long) s.scalingTailEvents() * s.scalingRepetitions();
    if (tails > SteadyWorkload.maxTailEvents(smallest)) {
      bad.add(
          String.format(
              Locale.ROOT,
              "--scaling-tail-events x --scaling-repetitions = %,d: at most %,d for a pool of %,d"
                  + " (the tails' new contacts at most half the pool, so that each goes to a"
                  + " customer with as many contacts as the others)",
              tails,
              SteadyWorkload.maxTailEvents(smallest),
              smallest));
    }
    double days =
        s.scalingDays() + SteadyWorkload.tailDays(smallest, s.scalingContactsPerWeek(), tails);
    double horizonDays = JOURNEY_HORIZON.toHours() / 24.0;
    if (days >= horizonDays) {
      bad.add(
          String.format(
              Locale.ROOT,
              "--scaling-days %d plus the tails' %.1f days of event time (pool %,d) reach the"
                  + " journey horizon of %.0f days: the first contacts would leave the state",
              s.scalingDays(),
              days - s.scalingDays(),
              smallest,
              horizonDays));
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

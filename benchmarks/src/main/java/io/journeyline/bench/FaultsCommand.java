package io.journeyline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar benchmarks/target/journeyline-bench.jar faults [--quick]}: the fault suite (see
 * {@link FaultSuite}); prints progress, then the table, and writes it with a JSON twin.
 */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = {
      "Exactly-once under faults: a seeded workload (four channels, returns, duplicates, late"
          + " events, identity links, poison pills) is processed once cleanly by `journeyline run`"
          + " in a child JVM (the reference), then again under each fault: kill -9 at random"
          + " points, a broker restart on the same data, instances joining and leaving, a"
          + " SIGSTOPped zombie, the loss of the state directory; every run's contacts, journeys,"
          + " identity answers, aggregates, alerts and dead letters are compared record by record"
          + " with the reference. Then the adapters under broker outages (clients retry on 503)"
          + " and a bounded soak, paced live at half the sustainable rate.",
      "Exit status 0 when every run is exact, 1 otherwise."
    })
final class FaultsCommand implements Callable<Integer> {

  @ParentCommand BenchmarkCli parent;

  @Option(
      names = "--quick",
      description =
          "Small run (20,000 events over 1,000 customers, 3 kills, 1 broker restart, 1 rebalance"
              + " cycle, 1 zombie, 1 state loss, 2,000 adapter events, 45 s soak): under 10 minutes.")
  boolean quick;

  @Option(names = "--events", description = "Input events (default 5,000,000; --quick 20,000).")
  Integer events;

  @Option(names = "--customers", description = "Customer pool (default 100,000; --quick 1,000).")
  Integer customers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions per topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--kills", description = "SIGKILLs of the kill9 run (default 30; --quick 3).")
  Integer kills;

  @Option(names = "--broker-restarts", description = "Broker restarts (default 3; --quick 1).")
  Integer brokerRestarts;

  @Option(
      names = "--rebalance-cycles",
      description = "Join-and-leave cycles (default 6; --quick 1).")
  Integer rebalanceCycles;

  @Option(names = "--zombies", description = "SIGSTOP/SIGCONT cycles (default 3; --quick 1).")
  Integer zombies;

  @Option(names = "--state-losses", description = "State directory losses (default 3; --quick 1).")
  Integer stateLosses;

  @Option(names = "--pills", description = "Poison pills in the input (default 30; --quick 6).")
  Integer pills;

  @Option(
      names = "--crm-links",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Write CRM links (every second email address to its CRM id) to each run's identities"
              + " topic before it starts (default on). A CRM link has no event time, so when the"
              + " graph applies it, relative to the events, depends on timing: at 60,000 events two"
              + " clean runs disagree on email contacts (see docs/reliability.md).")
  boolean crmLinks;

  @Option(
      names = "--keep-work",
      description =
          "Keep the work directory (the broker's data, every topic of every run included, and the"
              + " instances' state and logs) instead of deleting it, to read what a run wrote.")
  boolean keepWork;

  @Option(
      names = "--late-fraction",
      defaultValue = "0.005",
      description = "Share of events delivered 3 h of event time late (default ${DEFAULT-VALUE}).")
  double lateFraction;

  @Option(
      names = "--adapter-events",
      description = "Events posted through the adapters (default 100,000; --quick 2,000).")
  Integer adapterEvents;

  @Option(
      names = "--adapter-outages",
      description = "Broker outages during the adapters run (default 3; --quick 1).")
  Integer adapterOutages;

  @Option(
      names = "--soak-seconds",
      description = "Soak duration (default 1800; --quick 45; 0 leaves it out).")
  Integer soakSeconds;

  @Option(
      names = "--soak-rate",
      defaultValue = "250",
      description =
          "Paced input rate of the soak, events/s (default ${DEFAULT-VALUE}: half the sustainable"
              + " live rate, 494 events/s, that the benchmark harness measured on 2026-12-04 on"
              + " this machine kind; the reference's rate is a catch-up rate, far above it).")
  double soakRate;

  @Option(
      names = "--soak-customers",
      defaultValue = "500",
      description =
          "Customer pool of the soak (default ${DEFAULT-VALUE}). Each customer starts a contact"
              + " every 48 hours of event time on average (at least 10 an hour in all), so 500"
              + " customers at 250 events/s cover about 4 months of event time in 30 minutes:"
              + " past the journey horizon, the identity graph's contact retention and the metric"
              + " retention, after which the working state must stay level.")
  int soakCustomers;

  @Option(
      names = "--soak-sample-seconds",
      description = "Soak sample interval (default 60; --quick 15).")
  Integer soakSampleSeconds;

  @Option(
      names = "--heap-mb",
      defaultValue = "512",
      description = "Heap of each streams JVM (default ${DEFAULT-VALUE}).")
  int heapMb;

  @Option(
      names = "--kinds",
      split = ",",
      description =
          "Runs after the reference, of "
              + "control, kill9, broker-restart, rebalance, zombie, state-loss, adapters, soak (default all).")
  List<String> kinds;

  @Option(
      names = "--run-timeout-minutes",
      description = "Bound on one run (default 180; --quick 6).")
  Integer runTimeoutMinutes;

  @Option(
      names = "--out",
      defaultValue = "benchmarks/results",
      description = "Directory for faults-<timestamp>.md and .json (default ${DEFAULT-VALUE}).")
  Path out;

  private FaultReport report;

  FaultReport report() {
    return report;
  }

  FaultSuite.Settings settings() {
    List<String> chosen = kinds == null || kinds.isEmpty() ? FaultSuite.KINDS : List.copyOf(kinds);
    for (String k : chosen) {
      if (!FaultSuite.KINDS.contains(k)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--kinds: unknown " + k + " (of " + FaultSuite.KINDS + ")");
      }
    }
    int soak = soakSeconds != null ? soakSeconds : quick ? 45 : 1800;
    if (!(soakRate > 0)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--soak-rate: must be above 0 events/s, was " + soakRate);
    }
    if (soakCustomers < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--soak-customers: must be at least 1, was " + soakCustomers);
    }
    if (soak == 0) {
      chosen = chosen.stream().filter(k -> !k.equals("soak")).toList();
    }
    return new FaultSuite.Settings(
        events != null ? events : quick ? 20_000 : 5_000_000,
        customers != null ? customers : quick ? 1_000 : 100_000,
        seed,
        partitions,
        kills != null ? kills : quick ? 3 : 30,
        brokerRestarts != null ? brokerRestarts : quick ? 1 : 3,
        rebalanceCycles != null ? rebalanceCycles : quick ? 1 : 6,
        zombies != null ? zombies : quick ? 1 : 3,
        stateLosses != null ? stateLosses : quick ? 1 : 3,
        pills != null ? pills : quick ? 6 : 30,
        lateFraction,
        crmLinks,
        adapterEvents != null ? adapterEvents : quick ? 2_000 : 100_000,
        adapterOutages != null ? adapterOutages : quick ? 1 : 3,
        soak,
        soakRate,
        soakCustomers,
        soakSampleSeconds != null ? soakSampleSeconds : quick ? 15 : 60,
        heapMb,
        chosen,
        Duration.ofMinutes(runTimeoutMinutes != null ? runTimeoutMinutes : quick ? 6 : 180));
  }

  @Override
  public Integer call() throws Exception {
    FaultSuite.Settings settings = settings();
    Instant started = Instant.now();
    String command =
        "java -jar benchmarks/target/journeyline-bench.jar "
            + String.join(" ", parent == null ? new String[] {"faults"} : parent.args());
    try (FaultSuite suite = new FaultSuite(settings, System.err)) {
      if (keepWork) {
        suite.keepWorkDir();
      }
      suite.prepare();
      suite.runAll();
      report =
          new FaultReport(
              suite, command, started, Duration.between(started, Instant.now()).toSeconds());
      String table = report.markdown();
      System.out.println();
      System.out.println(table);
      Path written = report.write(out);
      System.out.printf("Written %s (and .json)%n", written);
      if (!report.allExact()) {
        String name = written.getFileName().toString();
        Path logs = out.resolve(name.substring(0, name.length() - ".md".length()) + "-logs");
        suite.copyLogs(logs);
        System.out.printf("Not all exact: the instances' logs are kept in %s%n", logs);
      }
      return report.allExact() ? 0 : 1;
    }
  }
}

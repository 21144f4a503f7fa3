package io.journeyline.cli;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.DemoRunner;
import io.journeyline.simulator.SimulationProfile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code journeyline demo}: the whole pipeline in one JVM, with simulated traffic. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs everything in one JVM for a first look and for development: an embedded Kafka broker"
          + " (KRaft), an embedded Confluent-API schema registry, the topics, and a traffic"
          + " simulator producing a realistic omnichannel mix. Prints where everything listens"
          + " and a live summary. Ctrl-C stops it cleanly.",
      "Development only: authentication is off and the registry is not for production."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Properties file read like `run` and `adapters` read it (then JOURNEYLINE_* environment"
              + " variables); the demo's development settings (embedded broker and registry,"
              + " local ports, authentication off) override it.")
  Path config;

  @Option(
      names = "--simulate-rate",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "Simulated events per second; 0 turns the simulator off (default: ${DEFAULT-VALUE}).")
  double simulateRate;

  @Option(
      names = "--ingest-port",
      defaultValue = "8080",
      description = "Port of the adapters' ingest API (default: ${DEFAULT-VALUE}).")
  int ingestPort;

  @Option(
      names = "--query-port",
      defaultValue = "8081",
      description = "Port of the query and operations API (default: ${DEFAULT-VALUE}).")
  int queryPort;

  @Option(
      names = "--registry-port",
      defaultValue = "0",
      description =
          "Port of the embedded schema registry; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the broker's data here (kept across runs); default: a temporary directory deleted on exit.")
  Path dataDir;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--clock-speed",
      defaultValue = "3600",
      description =
          "Event-time seconds the simulator's clock advances per wall-clock second, so days of"
              + " customer journeys unfold in minutes (default: ${DEFAULT-VALUE}, one hour per second).")
  double clockSpeed;

  @Option(
      names = "--event-clock-start",
      paramLabel = "INSTANT",
      description =
          "Event time the simulator starts at, ISO-8601 (default: the current hour, UTC).")
  Instant eventClockStart;

  @Option(
      names = "--customers",
      defaultValue = "500",
      description = "Size of the simulated customer pool (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Simulator random seed; the same seed gives the same traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--summary-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between live summary lines (default: ${DEFAULT-VALUE}).")
  int summaryInterval;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    Instant start =
        eventClockStart != null
            ? eventClockStart
            : DemoRunner.defaultEventClockStart(Instant.now());
    SimulationProfile profile =
        SimulationProfile.defaults(seed, start).withClockSpeed(clockSpeed).withCustomers(customers);
    DemoRunner.Options options =
        new DemoRunner.Options(
            simulateRate,
            ingestPort,
            queryPort,
            registryPort,
            Optional.ofNullable(dataDir),
            partitions,
            profile,
            Duration.ofSeconds(summaryInterval),
            ConfigSources.load(
                StreamsAppConfig.CONFIG_DEF,
                Optional.ofNullable(config),
                System.getenv(),
                Map.of()),
            ConfigSources.load(
                AdaptersConfig.CONFIG_DEF, Optional.ofNullable(config), System.getenv(), Map.of()));
    PrintStream out = System.out;
    out.println("Starting Journeyline " + JourneylineCli.version() + " demo...");
    DemoRunner demo = DemoRunner.start(options, out);
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println("Stopping Journeyline demo...");
              demo.close();
              out.println("Journeyline demo stopped.");
              out.flush();
            },
            "journeyline-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    demo.awaitShutdown();
    return 0;
  }

  private void validate() {
    if (simulateRate < 0) {
      throw new org.apache.kafka.common.config.ConfigException(
          "--simulate-rate must be >= 0, got " + simulateRate);
    }
    if (partitions < 1) {
      throw new org.apache.kafka.common.config.ConfigException(
          "--partitions must be >= 1, got " + partitions);
    }
    if (!(clockSpeed > 0)) {
      throw new org.apache.kafka.common.config.ConfigException(
          "--clock-speed must be > 0, got " + clockSpeed);
    }
    if (customers < 1) {
      throw new org.apache.kafka.common.config.ConfigException(
          "--customers must be >= 1, got " + customers);
    }
    if (summaryInterval < 1) {
      throw new org.apache.kafka.common.config.ConfigException(
          "--summary-interval must be >= 1, got " + summaryInterval);
    }
  }
}

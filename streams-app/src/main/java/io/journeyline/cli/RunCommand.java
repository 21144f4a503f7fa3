package io.journeyline.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code journeyline run}: the topology and query API against an external Kafka and registry. Until
 * the topology lands it checks its configuration and connections and says so.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Kafka Streams topology and the query API against an external Kafka cluster and"
          + " schema registry, configured by a properties file and JOURNEYLINE_* environment"
          + " variables.",
      "Not available yet: the topology arrives with its issue. Today this command checks the"
          + " configuration and that Kafka and the registry answer, then exits with code 3."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (journeyline.kafka.*, journeyline.schema-registry.*, ...).")
  Path config;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long to wait for Kafka to answer (default: ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Override
  public Integer call() {
    ProductionPreflight.check(
        ProductionPreflight.load(new ConfigDef(), config), Duration.ofSeconds(connectTimeout));
    spec.commandLine()
        .getErr()
        .println(
            "journeyline run: configuration, Kafka and the schema registry are OK, but the streams"
                + " topology is not part of this build yet; nothing was started.");
    return JourneylineCli.EXIT_UNAVAILABLE;
  }
}

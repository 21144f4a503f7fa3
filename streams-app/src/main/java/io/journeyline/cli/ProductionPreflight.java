package io.journeyline.cli;

import io.journeyline.config.ConfigSources;
import io.journeyline.config.Preflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The options and start-up checks that {@code run} and {@code adapters} share (a picocli mixin):
 * load the layered configuration, then check that Kafka and the schema registry answer.
 */
final class ProductionPreflight {

  private static final Logger log = LoggerFactory.getLogger(ProductionPreflight.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (journeyline.*, journeyline.kafka.*, ...).")
  Path config;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long to wait for Kafka to answer at start-up (default: ${DEFAULT-VALUE}).")
  int connectTimeout;

  /**
   * Defaults, then the file, then {@code JOURNEYLINE_*} environment variables; settings under
   * {@code journeyline.} that {@code def} does not know are logged (almost always a typo).
   */
  Map<String, String> load(ConfigDef def) {
    Map<String, String> props =
        ConfigSources.load(def, Optional.ofNullable(config), System.getenv(), Map.of());
    Set<String> unknown = ConfigSources.unknownKeys(def, props);
    if (!unknown.isEmpty()) {
      log.warn("Ignoring settings this command does not know (typos?): {}", unknown);
    }
    return props;
  }

  /** Fails with one clear message when Kafka or the schema registry does not answer. */
  void check(Map<String, String> props) {
    Preflight.requireKafka(
        ConfigSources.withPrefix(props, ConfigSources.KAFKA_PREFIX),
        Duration.ofSeconds(connectTimeout));
    Preflight.requireSchemaRegistry(
        ConfigSources.withPrefix(props, ConfigSources.SCHEMA_REGISTRY_PREFIX));
  }
}

package io.journeyline.cli;

import io.journeyline.config.ConfigSources;
import io.journeyline.config.Preflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/** Shared by {@code run} and {@code adapters}: load the layered configuration and check it. */
final class ProductionPreflight {

  private ProductionPreflight() {}

  /** Defaults, then the file, then {@code JOURNEYLINE_*} environment variables. */
  static Map<String, String> load(ConfigDef def, Path configFile) {
    return ConfigSources.load(def, Optional.ofNullable(configFile), System.getenv(), Map.of());
  }

  /** Fails with one clear message when Kafka or the schema registry does not answer. */
  static void check(Map<String, String> props, Duration timeout) {
    Preflight.requireKafka(ConfigSources.withPrefix(props, ConfigSources.KAFKA_PREFIX), timeout);
    Preflight.requireSchemaRegistry(
        ConfigSources.withPrefix(props, ConfigSources.SCHEMA_REGISTRY_PREFIX));
  }
}

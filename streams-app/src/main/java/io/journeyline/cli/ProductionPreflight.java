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

  static Map<String, String> loadAndCheck(ConfigDef def, Path configFile, Duration timeout) {
    Map<String, String> props =
        ConfigSources.load(def, Optional.ofNullable(configFile), System.getenv(), Map.of());
    Map<String, Object> kafka = ConfigSources.withPrefix(props, ConfigSources.KAFKA_PREFIX);
    Map<String, Object> registry =
        ConfigSources.withPrefix(props, ConfigSources.SCHEMA_REGISTRY_PREFIX);
    Preflight.requireKafka(kafka, timeout);
    Preflight.requireSchemaRegistry(registry);
    return props;
  }
}

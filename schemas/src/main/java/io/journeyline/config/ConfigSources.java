package io.journeyline.config;

import io.journeyline.topics.TopicCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Layers Journeyline's configuration sources: the {@link ConfigDef} defaults, then a properties
 * file, then environment variables, then explicit overrides (command-line options).
 *
 * <p>Every property {@code journeyline.<area>.<name>} is also settable as the environment variable
 * {@code JOURNEYLINE_<AREA>_<NAME>} (upper snake case; dots and dashes become underscores). Kafka
 * client settings pass through under {@code journeyline.kafka.*} ({@code JOURNEYLINE_KAFKA_*},
 * where underscores become dots, e.g. {@code JOURNEYLINE_KAFKA_SASL_MECHANISM}), and
 * schema-registry settings under {@code journeyline.schema-registry.*} ({@code
 * JOURNEYLINE_SCHEMA_REGISTRY_*}).
 */
public final class ConfigSources {

  /** Prefix of every environment variable Journeyline reads. */
  public static final String ENV_PREFIX = "JOURNEYLINE_";

  /** Prefix of Kafka client settings passed through unchanged (after stripping the prefix). */
  public static final String KAFKA_PREFIX = "journeyline.kafka.";

  /** Prefix of schema-registry client settings passed through (after stripping the prefix). */
  public static final String SCHEMA_REGISTRY_PREFIX = "journeyline.schema-registry.";

  private static final List<String> PASS_THROUGH = List.of(KAFKA_PREFIX, SCHEMA_REGISTRY_PREFIX);

  private ConfigSources() {}

  /**
   * The environment variable of a property: {@code journeyline.a.b-c} → {@code JOURNEYLINE_A_B_C}.
   */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Loads the layered configuration.
   *
   * @param def the typed settings, whose names are looked up in the environment
   * @param file an optional properties file; a missing or unreadable file is a {@link
   *     ConfigException} naming it
   * @param env the environment (usually {@code System.getenv()})
   * @param overrides explicit settings that win over everything (command-line options)
   * @return raw settings, ready for an {@link org.apache.kafka.common.config.AbstractConfig}
   */
  public static Map<String, String> load(
      ConfigDef def, Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> props = new LinkedHashMap<>();
    file.ifPresent(path -> props.putAll(readFile(path)));
    for (String key : def.names()) {
      String value = env.get(envName(key));
      if (value != null) {
        props.put(key, value);
      }
    }
    env.forEach(
        (name, value) -> {
          passThroughKey(name).ifPresent(key -> props.put(key, value));
        });
    props.putAll(overrides);
    return props;
  }

  /**
   * Keys under {@code journeyline.} that are neither defined nor passed through: almost always a
   * typo, which the caller reports.
   */
  public static Set<String> unknownKeys(ConfigDef def, Map<String, ?> props) {
    Set<String> unknown = new TreeSet<>();
    for (String key : props.keySet()) {
      if (key.startsWith("journeyline.")
          && !def.names().contains(key)
          && PASS_THROUGH.stream().noneMatch(key::startsWith)
          && !key.startsWith(TopicCatalog.NAME_PREFIX)) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  /** The settings under a prefix, with the prefix stripped. */
  public static Map<String, Object> withPrefix(Map<String, ?> props, String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    props.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            out.put(key.substring(prefix.length()), value);
          }
        });
    return out;
  }

  private static Optional<String> passThroughKey(String envName) {
    if (envName.startsWith(ENV_PREFIX + "KAFKA_")) {
      return Optional.of(KAFKA_PREFIX + dotted(envName, ENV_PREFIX + "KAFKA_"));
    }
    if (envName.startsWith(ENV_PREFIX + "SCHEMA_REGISTRY_")) {
      return Optional.of(SCHEMA_REGISTRY_PREFIX + dotted(envName, ENV_PREFIX + "SCHEMA_REGISTRY_"));
    }
    return Optional.empty();
  }

  private static String dotted(String envName, String prefix) {
    return envName.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Configuration file " + path + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("Cannot read configuration file " + path + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> out.put(name, properties.getProperty(name)));
    return out;
  }
}

package io.journeyline.cli;

import io.journeyline.config.ConfigSources;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown table in the README, so the documentation is
 * generated from the same definitions that validate the configuration (a test keeps them equal).
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** A Markdown table: property, environment variable, type, default, description. */
  public static String markdownTable(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    out.append("| property | environment variable | type | default | description |\n");
    out.append("|---|---|---|---|---|\n");
    List<ConfigDef.ConfigKey> keys =
        def.configKeys().values().stream()
            .sorted(java.util.Comparator.comparing(k -> k.name))
            .toList();
    for (ConfigDef.ConfigKey key : keys) {
      out.append("| `")
          .append(key.name)
          .append("` | `")
          .append(ConfigSources.envName(key.name))
          .append("` | ")
          .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(defaultValue(key))
          .append(" | ")
          .append(escape(key.documentation))
          .append(validValues(key))
          .append(" |\n");
    }
    return out.toString();
  }

  /** The validator's description, when it has a readable one (lambdas have none). */
  private static String validValues(ConfigDef.ConfigKey key) {
    if (key.validator == null) {
      return "";
    }
    String text = key.validator.toString();
    if (text.isBlank() || text.contains("$$Lambda") || text.contains("$Lambda")) {
      return "";
    }
    return " Valid: " + escape(text) + ".";
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "(none)";
    }
    if (value instanceof Password) {
      return "(hidden)";
    }
    String text = ConfigDef.convertToString(value, key.type);
    return text == null || text.isEmpty() ? "(empty)" : "`" + text + "`";
  }

  private static String escape(String text) {
    return text == null
        ? ""
        : text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
  }
}

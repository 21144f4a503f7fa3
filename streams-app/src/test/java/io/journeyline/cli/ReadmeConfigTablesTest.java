package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.CurlExamples;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The reference's configuration tables (docs/ingest-api.md, docs/configuration.md) are generated
 * from the {@link ConfigDef}s, and its curl examples (docs/ingest-api.md, docs/query-api.md) from
 * {@link CurlExamples}; this test fails when they drift. Regenerate with {@code ./mvnw -pl
 * streams-app test -Dtest=ReadmeConfigTablesTest -Djourneyline.readme.update=true}.
 */
class ReadmeConfigTablesTest {

  private static final Path DOCS = Path.of("..", "docs");

  /** When the README's copy of the demo's curl examples was printed. */
  private static final Instant EXAMPLES_AT = Instant.parse("2026-11-23T12:00:00Z");

  static Map<String, ConfigDef> tables() {
    Map<String, ConfigDef> tables = new LinkedHashMap<>();
    tables.put("adapters", AdaptersConfig.CONFIG_DEF);
    tables.put("streams", StreamsAppConfig.CONFIG_DEF);
    return tables;
  }

  /** The generated sections and the reference page each lives in. */
  static Map<String, Path> sections() {
    Map<String, Path> out = new LinkedHashMap<>();
    out.put("GENERATED CONFIG: adapters", DOCS.resolve("ingest-api.md"));
    out.put("GENERATED CONFIG: streams", DOCS.resolve("configuration.md"));
    out.put("GENERATED EXAMPLES: ingest", DOCS.resolve("ingest-api.md"));
    out.put("GENERATED EXAMPLES: query", DOCS.resolve("query-api.md"));
    return out;
  }

  static String content(String section) {
    return switch (section) {
      case "GENERATED CONFIG: adapters" -> ConfigDocs.markdownTable(tables().get("adapters"));
      case "GENERATED CONFIG: streams" -> ConfigDocs.markdownTable(tables().get("streams"));
      case "GENERATED EXAMPLES: ingest" ->
          codeBlock(CurlExamples.ingest(URI.create("http://127.0.0.1:8080"), EXAMPLES_AT));
      case "GENERATED EXAMPLES: query" ->
          codeBlock(CurlExamples.query(URI.create("http://127.0.0.1:8081"), EXAMPLES_AT));
      default -> throw new IllegalArgumentException(section);
    };
  }

  @Test
  void shouldMatchTheConfigDefinitions() throws IOException {
    Map<Path, String> expected = new LinkedHashMap<>();
    for (Map.Entry<String, Path> section : sections().entrySet()) {
      Path file = section.getValue();
      String text = expected.computeIfAbsent(file, f -> readUnchecked(f));
      expected.put(file, replaceSection(text, section.getKey(), content(section.getKey())));
    }
    for (Map.Entry<Path, String> file : expected.entrySet()) {
      String actual = Files.readString(file.getKey(), StandardCharsets.UTF_8);
      if (Boolean.getBoolean("journeyline.readme.update")) {
        Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
        actual = file.getValue();
      }
      assertThat(actual)
          .as(
              file.getKey()
                  + ": configuration tables and examples (regenerate: see this test's javadoc)")
          .isEqualTo(file.getValue());
    }
  }

  private static String readUnchecked(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String codeBlock(List<CurlExamples.Example> examples) {
    StringBuilder block = new StringBuilder("```\n");
    examples.forEach(e -> block.append(e.command()).append('\n'));
    return block.append("```\n").toString();
  }

  private static String replaceSection(String text, String name, String content) {
    String begin = "<!-- BEGIN " + name + " -->\n";
    String end = "<!-- END " + name + " -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from).as("marker " + begin.strip()).isNotNegative();
    assertThat(to).as("marker " + end).isGreaterThan(from);
    return text.substring(0, from + begin.length()) + content + text.substring(to);
  }
}

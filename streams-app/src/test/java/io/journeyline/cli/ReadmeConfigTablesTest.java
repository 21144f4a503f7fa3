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
 * The README's configuration tables are generated from the {@link ConfigDef}s; this test fails when
 * they drift. Regenerate with {@code ./mvnw -pl streams-app test -Dtest=ReadmeConfigTablesTest
 * -Djourneyline.readme.update=true}.
 */
class ReadmeConfigTablesTest {

  private static final Path README = Path.of("..", "README.md");

  /** When the README's copy of the demo's curl examples was printed. */
  private static final Instant EXAMPLES_AT = Instant.parse("2026-11-23T12:00:00Z");

  static Map<String, ConfigDef> tables() {
    Map<String, ConfigDef> tables = new LinkedHashMap<>();
    tables.put("adapters", AdaptersConfig.CONFIG_DEF);
    tables.put("streams", StreamsAppConfig.CONFIG_DEF);
    return tables;
  }

  @Test
  void shouldMatchTheConfigDefinitions() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String expected = readme;
    for (Map.Entry<String, ConfigDef> table : tables().entrySet()) {
      expected =
          replaceSection(
              expected,
              "GENERATED CONFIG: " + table.getKey(),
              ConfigDocs.markdownTable(table.getValue()));
    }
    expected =
        replaceSection(
            expected,
            "GENERATED EXAMPLES: ingest",
            codeBlock(CurlExamples.ingest(URI.create("http://127.0.0.1:8080"), EXAMPLES_AT)));
    expected =
        replaceSection(
            expected,
            "GENERATED EXAMPLES: query",
            codeBlock(CurlExamples.query(URI.create("http://127.0.0.1:8081"), EXAMPLES_AT)));
    if (Boolean.getBoolean("journeyline.readme.update")) {
      Files.writeString(README, expected, StandardCharsets.UTF_8);
      readme = expected;
    }
    assertThat(readme)
        .as("README configuration tables and examples (regenerate: see this test's javadoc)")
        .isEqualTo(expected);
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
    assertThat(from).as("README marker " + begin.strip()).isNotNegative();
    assertThat(to).as("README marker " + end).isGreaterThan(from);
    return text.substring(0, from + begin.length()) + content + text.substring(to);
  }
}

package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
          replaceSection(expected, table.getKey(), ConfigDocs.markdownTable(table.getValue()));
    }
    if (Boolean.getBoolean("journeyline.readme.update")) {
      Files.writeString(README, expected, StandardCharsets.UTF_8);
      readme = expected;
    }
    assertThat(readme)
        .as("README configuration tables (regenerate: see this test's javadoc)")
        .isEqualTo(expected);
  }

  private static String replaceSection(String text, String name, String content) {
    String begin = "<!-- BEGIN GENERATED CONFIG: " + name + " -->\n";
    String end = "<!-- END GENERATED CONFIG: " + name + " -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from).as("README marker " + begin.strip()).isNotNegative();
    assertThat(to).as("README marker " + end).isGreaterThan(from);
    return text.substring(0, from + begin.length()) + content + text.substring(to);
  }

  @Test
  void shouldShowTheIngestExamplesTheDemoPrintsForItsDefaultPort() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    for (io.journeyline.demo.CurlExamples.Example example :
        io.journeyline.demo.CurlExamples.ingest(java.net.URI.create("http://127.0.0.1:8080"))) {
      assertThat(readme).as(example.title()).contains(example.command());
    }
  }
}

package io.journeyline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Every top-level schema keeps its history under {@code schemas/history/<Name>/v<N>.avsc} (fully
 * inlined), and every version can read the data written with all earlier ones (BACKWARD
 * transitive), which is what the registry's BACKWARD check enforces on deploy.
 *
 * <p>When a schema changes on purpose, run {@code ./mvnw -pl schemas test -Dtest=SchemaHistoryTest
 * -Djourneyline.schemas.snapshot=true} to append the new version, then commit it.
 */
class SchemaHistoryTest {

  private static final Path SOURCES = Path.of("src/main/avro");
  private static final Path COMMON = SOURCES.resolve("common");
  private static final Path HISTORY = Path.of("history");
  private static final SchemaFormatter PRETTY = SchemaFormatter.getInstance("json/pretty");

  @Test
  void shouldKeepEveryTopLevelSchemaInHistoryAndBackwardCompatible() throws IOException {
    Map<String, Schema> current = currentSchemas();
    boolean snapshot = Boolean.getBoolean("journeyline.schemas.snapshot");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Schema> entry : current.entrySet()) {
      String name = entry.getKey();
      Schema schema = entry.getValue();
      List<Schema> versions = history(name);
      Schema latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
      boolean changed =
          latest == null
              || SchemaNormalization.parsingFingerprint64(latest)
                  != SchemaNormalization.parsingFingerprint64(schema)
              || !latest.toString().equals(schema.toString());
      if (changed && snapshot) {
        Path file = HISTORY.resolve(name).resolve("v" + (versions.size() + 1) + ".avsc");
        Files.createDirectories(file.getParent());
        Files.writeString(file, PRETTY.format(schema) + "\n", StandardCharsets.UTF_8);
        versions.add(schema);
      } else if (changed) {
        problems.add(
            name
                + " differs from its latest version in schemas/history/"
                + name
                + ": check it is BACKWARD compatible and snapshot it (see this test's javadoc)");
      }
      for (int newer = 1; newer < versions.size(); newer++) {
        for (int older = 0; older < newer; older++) {
          SchemaCompatibility.SchemaPairCompatibility result =
              SchemaCompatibility.checkReaderWriterCompatibility(
                  versions.get(newer), versions.get(older));
          if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(
                name
                    + " v"
                    + (newer + 1)
                    + " cannot read data written with v"
                    + (older + 1)
                    + ": "
                    + result.getDescription());
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldGiveEveryFieldADoc() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (Schema schema : currentSchemas().values()) {
      collectUndocumented(schema, undocumented, new java.util.HashSet<>());
    }
    assertThat(undocumented).isEmpty();
  }

  private static void collectUndocumented(
      Schema schema, List<String> out, java.util.Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (schema.getDoc() == null || schema.getDoc().isBlank()) {
          out.add(schema.getFullName());
        }
        for (Schema.Field field : schema.getFields()) {
          if (field.doc() == null || field.doc().isBlank()) {
            out.add(schema.getFullName() + "." + field.name());
          }
          collectUndocumented(field.schema(), out, seen);
        }
      }
      case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
      case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
      case MAP -> collectUndocumented(schema.getValueType(), out, seen);
      case ENUM -> {
        if (seen.add(schema.getFullName())
            && (schema.getDoc() == null || schema.getDoc().isBlank())) {
          out.add(schema.getFullName());
        }
      }
      default -> {}
    }
  }

  /** Parses the sources the way the avro-maven-plugin does: common types first. */
  static Map<String, Schema> currentSchemas() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (Path file : avscFiles(COMMON)) {
      parser.parse(file.toFile());
    }
    Map<String, Schema> topLevel = new TreeMap<>();
    for (Path file : avscFiles(SOURCES)) {
      Schema schema = parser.parse(file.toFile());
      topLevel.put(schema.getName(), schema);
    }
    assertThat(topLevel).isNotEmpty();
    return topLevel;
  }

  private static List<Path> avscFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    }
  }

  private static List<Schema> history(String name) throws IOException {
    Path dir = HISTORY.resolve(name);
    List<Schema> versions = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
              .sorted(Comparator.comparingInt(SchemaHistoryTest::versionOf))
              .toList()) {
        versions.add(new Schema.Parser().parse(file.toFile()));
      }
    }
    return versions;
  }

  private static int versionOf(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
  }
}

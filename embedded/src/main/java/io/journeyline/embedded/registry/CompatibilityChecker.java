package io.journeyline.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Applies a {@link CompatibilityLevel} with Avro's {@link SchemaCompatibility}, and words the
 * incompatibilities the way the Confluent Schema Registry does.
 */
final class CompatibilityChecker {

  private CompatibilityChecker() {}

  /** One earlier version of a subject. */
  record Version(int version, Schema schema) {}

  /**
   * Checks {@code candidate} against {@code previous} (oldest first) under {@code level}.
   *
   * @return the incompatibility messages; empty when compatible
   */
  static List<String> check(Schema candidate, List<Version> previous, CompatibilityLevel level) {
    List<String> messages = new ArrayList<>();
    if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
      return messages;
    }
    List<Version> against =
        level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
    // Newest first, as Confluent reports the closest version first.
    for (int i = against.size() - 1; i >= 0; i--) {
      Version old = against.get(i);
      List<String> found = new ArrayList<>();
      if (level.backward()) {
        found.addAll(describe(candidate, old.schema(), "new", "old"));
      }
      if (level.forward()) {
        found.addAll(describe(old.schema(), candidate, "old", "new"));
      }
      if (!found.isEmpty()) {
        messages.addAll(found);
        messages.add("{oldSchemaVersion: " + old.version() + "}");
        messages.add("{oldSchema: '" + old.schema() + "'}");
        messages.add("{compatibility: '" + level + "'}");
        if (!level.transitive()) {
          break;
        }
      }
    }
    return messages;
  }

  private static List<String> describe(
      Schema reader, Schema writer, String readerName, String writerName) {
    SchemaCompatibility.SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    List<String> out = new ArrayList<>();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return out;
    }
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      out.add(
          "{errorType:'"
              + incompatibility.getType()
              + "', description:'The "
              + readerName
              + " schema cannot read data written with the "
              + writerName
              + " schema at path '"
              + incompatibility.getLocation()
              + "': "
              + incompatibility.getMessage()
              + "', additionalInfo:'"
              + incompatibility.getMessage()
              + "'}");
    }
    return out;
  }
}

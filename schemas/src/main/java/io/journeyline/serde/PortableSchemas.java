package io.journeyline.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The form of a schema that is written to a registry: the Avro JSON without the properties that
 * only Avro's Java code generator reads ({@code "avro.java.string"}, {@code "java-class"}, {@code
 * "java-key-class"}, {@code "java-element-class"}). A Python, Go or Flink consumer reads the same
 * data with or without them, and they are not part of the schema's parsing canonical form, so the
 * registry's fingerprint and compatibility are unchanged; they only clutter every registered
 * version with one language's detail.
 */
public final class PortableSchemas {

  /** The Java-only properties that are removed. */
  public static final Set<String> JAVA_PROPERTIES =
      Set.of("avro.java.string", "java-class", "java-key-class", "java-element-class");

  private static final ObjectMapper JSON = new ObjectMapper();

  private PortableSchemas() {}

  /** The schema's JSON without Java-only properties. */
  public static String toJson(Schema schema) {
    try {
      JsonNode tree = JSON.readTree(schema.toString());
      strip(tree);
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Avro wrote unparseable JSON for " + schema.getName(), e);
    }
  }

  /** The schema without Java-only properties. */
  public static Schema portable(Schema schema) {
    return new Schema.Parser().parse(toJson(schema));
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(JAVA_PROPERTIES);
      object.forEach(PortableSchemas::strip);
    } else if (node.isArray()) {
      node.forEach(PortableSchemas::strip);
    }
  }
}

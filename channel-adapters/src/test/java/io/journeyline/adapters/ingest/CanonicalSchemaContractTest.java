package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.journeyline.adapters.ingest.CanonicalFields.Field;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5: the published JSON Schemas say exactly what the validator enforces. Every
 * property, limit, enum, pattern and the required lists are derived here from {@link
 * CanonicalFields} (which {@link CanonicalJson} reads) and compared with the schema files keyword
 * by keyword, so a limit changed on one side only fails this test. Descriptions and defaults are
 * the only keywords not compared.
 */
class CanonicalSchemaContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String EVENT_SCHEMA = "canonical-event.schema.json";
  static final String LINK_SCHEMA = "identity-link.schema.json";
  static final String SURVEY_SCHEMA = "survey-response.schema.json";

  /** The text of a published schema, from the schemas artifact on the classpath. */
  static String schemaText(String name) {
    try (InputStream in =
        CanonicalSchemaContractTest.class.getResourceAsStream("/io/journeyline/schemas/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode schema(String name) {
    try {
      return JSON.readTree(schemaText(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void shouldListExactlyTheEventFieldsTheValidatorAccepts() {
    JsonNode schema = schema(EVENT_SCHEMA);

    assertThat(names(schema.get("properties")))
        .isEqualTo(new TreeSet<>(CanonicalFields.names(CanonicalFields.EVENT)));
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void shouldRequireExactlyTheEventFieldsTheValidatorRequires() {
    assertThat(strings(schema(EVENT_SCHEMA).get("required")))
        .containsExactlyElementsOf(required(CanonicalFields.EVENT));
  }

  @Test
  void shouldDescribeEveryEventFieldWithTheValidatorsTypeAndLimits() {
    JsonNode properties = schema(EVENT_SCHEMA).get("properties");

    for (Field field : CanonicalFields.EVENT) {
      if (field.kind() == CanonicalFields.Kind.CUSTOMER) {
        continue;
      }
      assertThat(compared(properties.get(field.name())))
          .as(field.name())
          .isEqualTo(expected(field));
    }
  }

  @Test
  void shouldNameTheChannelOfEveryChannelSpecificField() {
    JsonNode properties = schema(EVENT_SCHEMA).get("properties");

    for (Field field : CanonicalFields.EVENT) {
      String description = properties.get(field.name()).get("description").asText();
      if (field.channel() == null) {
        assertThat(description).as(field.name()).doesNotContain("Ignored on other channels");
      } else {
        assertThat(description)
            .as(field.name())
            .startsWith(field.channel() + " events: ")
            .contains("Ignored on other channels.");
      }
    }
  }

  @Test
  void shouldDescribeTheCustomerWithTheValidatorsLimitsAndAtLeastOneIdentifier() {
    JsonNode customer = schema(EVENT_SCHEMA).get("properties").get("customer");

    assertThat(customer.get("type").asText()).isEqualTo("object");
    assertThat(customer.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(customer.get("properties")))
        .isEqualTo(new TreeSet<>(CanonicalFields.names(CanonicalFields.CUSTOMER)));
    for (Field field : CanonicalFields.CUSTOMER) {
      assertThat(compared(customer.get("properties").get(field.name())))
          .as("customer." + field.name())
          .isEqualTo(expected(field));
    }
    // At least one identifier set (not null): one branch per identifier.
    ArrayNode anyOf = NODES.arrayNode();
    for (Field field : CanonicalFields.CUSTOMER) {
      ObjectNode branch = anyOf.addObject();
      branch.putArray("required").add(field.name());
      branch.putObject("properties").putObject(field.name()).put("type", "string");
    }
    assertThat(customer.get("anyOf")).isEqualTo(anyOf);
    assertThat(customer.has("required")).isFalse();
  }

  @Test
  void shouldDescribeIdentityLinksWithTheValidatorsFieldsAndPerTypeLimits() {
    JsonNode schema = schema(LINK_SCHEMA);

    assertThat(names(schema.get("properties")))
        .isEqualTo(new TreeSet<>(CanonicalFields.names(CanonicalFields.IDENTITY)));
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(strings(schema.get("required")))
        .containsExactlyElementsOf(required(CanonicalFields.IDENTITY));
    for (Field field : CanonicalFields.IDENTITY) {
      assertThat(compared(schema.get("properties").get(field.name())))
          .as(field.name())
          .isEqualTo(expected(field));
    }
    // The value's form and limit follow its type, as CanonicalJson.identities applies them.
    ArrayNode allOf = NODES.arrayNode();
    perType(allOf, "PHONE", CanonicalFields.PHONE_MAX, CanonicalFields.PHONE_PATTERN);
    perType(allOf, "EMAIL", CanonicalFields.EMAIL_MAX, emailPattern());
    perType(allOf, "CHAT_USER", CanonicalFields.ID_MAX, null);
    assertThat(schema.get("allOf")).isEqualTo(allOf);
    assertThat(CanonicalFields.LINK_TYPE.values()).containsExactly("PHONE", "EMAIL", "CHAT_USER");
  }

  @Test
  void shouldDescribeSurveyResponsesWithTheValidatorsFieldsLimitsAndAnswers() {
    JsonNode schema = schema(SURVEY_SCHEMA);
    JsonNode properties = schema.get("properties");

    assertThat(names(properties))
        .isEqualTo(new TreeSet<>(CanonicalFields.names(CanonicalFields.SURVEY)));
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(strings(schema.get("required")))
        .containsExactlyElementsOf(required(CanonicalFields.SURVEY))
        .containsExactly("surveyId", "contactId", "respondedAt");
    for (Field field : CanonicalFields.SURVEY) {
      if (field.kind() == CanonicalFields.Kind.CUSTOMER) {
        continue;
      }
      assertThat(compared(properties.get(field.name())))
          .as(field.name())
          .isEqualTo(expected(field));
    }
    // The customer is the event's object, optional here (null passes its anyOf: required and
    // properties do not apply to null).
    JsonNode customer = properties.get("customer");
    ObjectNode eventCustomer =
        compared(schema(EVENT_SCHEMA).get("properties").get("customer")).deepCopy();
    eventCustomer.putArray("type").add("object").add("null");
    ObjectNode surveyCustomer = compared(customer);
    surveyCustomer.set("properties", stripped(surveyCustomer.get("properties")));
    eventCustomer.set("properties", stripped(eventCustomer.get("properties")));
    assertThat(surveyCustomer).isEqualTo(eventCustomer);
    // At least one answer set (not null): one branch per answer.
    ArrayNode anyOf = NODES.arrayNode();
    for (Field field : CanonicalFields.SURVEY_ANSWERS) {
      ObjectNode branch = anyOf.addObject();
      branch.putArray("required").add(field.name());
      branch
          .putObject("properties")
          .putObject(field.name())
          .put("type", field.kind() == CanonicalFields.Kind.RATING ? "integer" : "boolean");
    }
    assertThat(schema.get("anyOf")).isEqualTo(anyOf);
  }

  @Test
  void shouldDescribeEverySurveyResponseAvroFieldAndNothingElse() {
    Set<String> avro = new TreeSet<>();
    io.journeyline.avro.SurveyResponse.getClassSchema()
        .getFields()
        .forEach(f -> avro.add(f.name()));

    assertThat(new TreeSet<>(CanonicalFields.names(CanonicalFields.SURVEY))).isEqualTo(avro);
    assertThat(names(schema(SURVEY_SCHEMA).get("properties"))).isEqualTo(avro);
  }

  @Test
  void shouldPublishSchemasThatAreValidDraft202012() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema meta =
        registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    for (String name : List.of(EVENT_SCHEMA, LINK_SCHEMA, SURVEY_SCHEMA)) {
      assertThat(meta.validate(schemaText(name), InputFormat.JSON)).as(name).isEmpty();
    }
  }

  private static void perType(ArrayNode allOf, String type, int maxLength, String pattern) {
    ObjectNode branch = allOf.addObject();
    ObjectNode condition = branch.putObject("if");
    condition.putObject("properties").putObject("type").put("const", type);
    condition.putArray("required").add("type");
    ObjectNode value = branch.putObject("then").putObject("properties").putObject("value");
    value.put("maxLength", maxLength);
    if (pattern != null) {
      value.put("pattern", pattern);
    }
  }

  /** What the schema must say of a field, derived from the validator's table. */
  static ObjectNode expected(Field field) {
    ObjectNode node = NODES.objectNode();
    switch (field.kind()) {
      case STRING -> {
        type(node, "string", field);
        node.put("minLength", 1);
        node.put("maxLength", field.maxLength());
        node.put("pattern", CanonicalFields.NON_BLANK_PATTERN);
      }
      case ENUM -> {
        ArrayNode values = node.putArray("enum");
        field.values().forEach(values::add);
        if (!field.required()) {
          values.addNull();
        }
      }
      case INSTANT -> {
        type(node, "string", field);
        node.put("format", "date-time");
        node.put("maxLength", field.maxLength());
      }
      case PHONE -> {
        type(node, "string", field);
        node.put("maxLength", field.maxLength());
        node.put("pattern", CanonicalFields.PHONE_PATTERN);
      }
      case EMAIL -> {
        type(node, "string", field);
        node.put("maxLength", field.maxLength());
        node.put("pattern", emailPattern());
      }
      case SCORE -> {
        type(node, "number", field);
        node.put("minimum", -1);
        node.put("maximum", 1);
      }
      case BOOLEAN -> type(node, "boolean", field);
      case RATING -> {
        type(node, "integer", field);
        node.put("minimum", field.minimum());
        node.put("maximum", field.maximum());
      }
      case COUNT -> {
        type(node, "integer", field);
        node.put("minimum", 0);
        node.put("maximum", Integer.MAX_VALUE);
      }
      case ATTRIBUTES -> {
        type(node, "object", field);
        node.put("maxProperties", CanonicalFields.ATTRIBUTES_MAX);
        ObjectNode keys = node.putObject("propertyNames");
        keys.put("minLength", 1);
        keys.put("maxLength", CanonicalFields.ATTRIBUTE_KEY_MAX);
        ObjectNode values = node.putObject("additionalProperties");
        values.put("type", "string");
        values.put("maxLength", CanonicalFields.ATTRIBUTE_VALUE_MAX);
      }
      case CUSTOMER -> throw new IllegalArgumentException("compared on its own");
    }
    return node;
  }

  private static String emailPattern() {
    return "^" + CanonicalFields.EMAIL_REGEX + "$";
  }

  /** A required field is of its type; an optional one may also be null (absent). */
  private static void type(ObjectNode node, String type, Field field) {
    if (field.required()) {
      node.put("type", type);
    } else {
      node.putArray("type").add(type).add("null");
    }
  }

  /** A property's schema without its annotations (description, default). */
  private static ObjectNode compared(JsonNode property) {
    assertThat(property).isNotNull();
    ObjectNode copy = property.deepCopy();
    copy.remove(List.of("description", "default"));
    return copy;
  }

  /** Properties without their annotations. */
  private static ObjectNode stripped(JsonNode properties) {
    ObjectNode out = NODES.objectNode();
    properties.properties().forEach(e -> out.set(e.getKey(), compared(e.getValue())));
    return out;
  }

  private static List<String> required(List<Field> fields) {
    return fields.stream().filter(Field::required).map(Field::name).toList();
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> names = new TreeSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

package io.journeyline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The published JSON Schema of the canonical ingest format agrees with the Avro events. */
class CanonicalJsonSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Avro fields the adapters set themselves; not part of the JSON contract. */
  private static final Set<String> ADAPTER_ONLY = Set.of("source");

  @Test
  void shouldDescribeEveryCommonAvroFieldAndNothingElse() throws IOException {
    JsonNode schema = load("canonical-event.schema.json");
    Set<String> jsonFields = fieldNames(schema.get("properties"));
    jsonFields.remove("channel"); // selects the Avro type and topic

    Set<String> common = commonFields();
    common.removeAll(ADAPTER_ONLY);
    assertThat(jsonFields).isEqualTo(common);
  }

  @Test
  void shouldRequireTheContractsRequiredFields() throws IOException {
    JsonNode schema = load("canonical-event.schema.json");
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    assertThat(required)
        .containsExactlyInAnyOrder(
            "eventId", "occurredAt", "channel", "type", "contactId", "customer");
  }

  @Test
  void shouldDescribeTheCustomerIdentifiersOfTheAvroCustomerRef() throws IOException {
    JsonNode customer = load("canonical-event.schema.json").get("properties").get("customer");
    Set<String> avro = new TreeSet<>();
    CustomerRef.getClassSchema().getFields().forEach(f -> avro.add(f.name()));
    assertThat(fieldNames(customer.get("properties"))).isEqualTo(avro);
  }

  @Test
  void shouldDescribeIdentityLinksWithTypeValueAndCustomer() throws IOException {
    JsonNode schema = load("identity-link.schema.json");
    assertThat(fieldNames(schema.get("properties")))
        .containsExactlyInAnyOrder("type", "value", "customerId");
  }

  /** Fields all four channel events share. */
  private static Set<String> commonFields() {
    Set<String> common = names(ChatEvent.getClassSchema());
    for (Schema other :
        List.of(
            VoiceEvent.getClassSchema(), EmailEvent.getClassSchema(), SmsEvent.getClassSchema())) {
      common.retainAll(names(other));
    }
    return common;
  }

  private static Set<String> names(Schema schema) {
    Set<String> names = new TreeSet<>();
    schema.getFields().forEach(f -> names.add(f.name()));
    return names;
  }

  private static Set<String> fieldNames(JsonNode properties) {
    Set<String> names = new TreeSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode load(String name) throws IOException {
    try (InputStream in =
        CanonicalJsonSchemaTest.class.getResourceAsStream("/io/journeyline/schemas/" + name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }
}

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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema of the canonical ingest format agrees with the Avro events: it has a
 * property for every field of the four channel events (the channel-specific ones say which channel
 * they are written for). That its limits agree with the adapters' validator is checked in
 * channel-adapters ({@code CanonicalSchemaContractTest}), where the validator is.
 */
class CanonicalJsonSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Avro fields the adapters set themselves; not part of the JSON contract. */
  private static final Set<String> ADAPTER_ONLY = Set.of("source");

  /** The Avro event of each channel. */
  private static final Map<String, Schema> EVENTS =
      Map.of(
          "CHAT", ChatEvent.getClassSchema(),
          "VOICE", VoiceEvent.getClassSchema(),
          "EMAIL", EmailEvent.getClassSchema(),
          "SMS", SmsEvent.getClassSchema());

  @Test
  void shouldDescribeEveryAvroEventFieldAndNothingElse() throws IOException {
    JsonNode schema = load("canonical-event.schema.json");
    Set<String> jsonFields = fieldNames(schema.get("properties"));
    jsonFields.remove("channel"); // selects the Avro type and topic

    Set<String> avro = new TreeSet<>();
    EVENTS.values().forEach(s -> avro.addAll(names(s)));
    avro.removeAll(ADAPTER_ONLY);
    assertThat(jsonFields).isEqualTo(avro);
  }

  @Test
  void shouldNameTheChannelOfEveryChannelSpecificField() throws IOException {
    JsonNode properties = load("canonical-event.schema.json").get("properties");
    Set<String> common = commonFields();
    EVENTS.forEach(
        (channel, avro) -> {
          for (String field : names(avro)) {
            if (!common.contains(field)) {
              assertThat(properties.get(field).get("description").asText())
                  .as(field)
                  .startsWith(channel + " events: ")
                  .contains("Ignored on other channels.");
            }
          }
        });
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
  void shouldDescribeIdentityLinksWithTypeValueCustomerAndLinkTime() throws IOException {
    JsonNode schema = load("identity-link.schema.json");
    assertThat(fieldNames(schema.get("properties")))
        .containsExactlyInAnyOrder("type", "value", "customerId", "linkedAt");
    assertThat(schema.get("required").toString()).isEqualTo("[\"type\",\"value\",\"customerId\"]");
  }

  /** Fields all four channel events share. */
  private static Set<String> commonFields() {
    Set<String> common = names(ChatEvent.getClassSchema());
    EVENTS.values().forEach(s -> common.retainAll(names(s)));
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

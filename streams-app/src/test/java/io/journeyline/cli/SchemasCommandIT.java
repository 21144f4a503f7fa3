package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.ContactSummary;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.serde.SchemaRegistryClient;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSubjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code journeyline schemas check|register} against the embedded Confluent-API registry: the
 * current schemas pass and register without Java-only properties, a compatible evolution passes,
 * and an incompatible one fails with a message that names the subject and registers nothing.
 */
@Tag("integration")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class SchemasCommandIT {

  private static final String CONTACTS_VALUE = "journeyline.contacts-value";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private EmbeddedSchemaRegistry registry;
  private SchemaRegistryClient client;

  @BeforeEach
  void startRegistry(EmbeddedKafkaCluster kafka, TestInfo test) {
    registry =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic("_schemas-" + TestNames.unique(test))
            .start();
    client = new SchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private int schemas(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of("schemas"));
    all.addAll(List.of(args));
    all.add("--registry-url");
    all.add(registry.url());
    // The runtime jar's command line: the same subcommand as the developer jar's.
    return RuntimeCli.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
  }

  @Test
  void shouldPassOnTheCurrentSchemasThenRegisterThemWithoutJavaProperties() throws Exception {
    int subjects = TopicSubjects.of(TopicCatalog.defaults(1, (short) 1)).size();

    int check = schemas("check");

    assertThat(check).as(err.toString()).isZero();
    assertThat(out.toString()).contains(subjects + " subjects").contains("NEW");
    assertThat(client.getAllSubjects()).as("check registers nothing").isEmpty();

    int register = schemas("register");

    assertThat(register).as(err.toString()).isZero();
    assertThat(out.toString()).contains(subjects + " registered, 0 already present");
    assertThat(client.getAllSubjects()).hasSize(subjects).contains(CONTACTS_VALUE);
    String stored =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            registry.url() + "/subjects/" + CONTACTS_VALUE + "/versions/latest"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(stored).contains("ContactSummary").doesNotContain("avro.java.string");

    int again = schemas("check");

    assertThat(again).isZero();
    assertThat(out.toString()).contains("REGISTERED").doesNotContain("NEW ");
  }

  @Test
  void shouldPassOnACompatibleEvolution() {
    Schema current = ContactSummary.getClassSchema();
    Schema.Field added =
        current.getFields().stream()
            .filter(Schema.Field::hasDefaultValue)
            .findFirst()
            .orElseThrow();
    client.register(CONTACTS_VALUE, without(current, added.name()));

    int check = schemas("check");

    assertThat(check).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("COMPATIBLE +" + CONTACTS_VALUE.replace(".", "\\.") + " +a new version");
  }

  @Test
  void shouldFailWithAClearMessageAndRegisterNothingOnAnIncompatibleChange() {
    // What is registered lacks fields that the current schema adds without a default: data written
    // with it cannot be read with the current schema (BACKWARD).
    Schema registered =
        Schema.createRecord(
            ContactSummary.getClassSchema().getName(),
            null,
            ContactSummary.getClassSchema().getNamespace(),
            false,
            List.of(new Schema.Field("contactId", Schema.create(Schema.Type.STRING))));
    client.register(CONTACTS_VALUE, registered);

    int register = schemas("register");

    assertThat(register).isEqualTo(SchemasCommand.EXIT_INCOMPATIBLE);
    assertThat(err.toString())
        .contains("1 of", "INCOMPATIBLE", "nothing was registered", CONTACTS_VALUE, "BACKWARD")
        .doesNotContain("\tat ");
    assertThat(client.getAllSubjects()).containsExactly(CONTACTS_VALUE);
    assertThat(client.getAllVersions(CONTACTS_VALUE)).containsExactly(1);
  }

  private static Schema without(Schema record, String field) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      if (!f.name().equals(field)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}

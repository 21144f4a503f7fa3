package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.Heartbeat;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability with independent Confluent-format code: Confluent's own registry client and
 * Flink's wire-format coder, as shaded into {@code flink-sql-avro-confluent-registry} (with their
 * own shaded Avro, so no class is shared with our serde).
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class ConfluentInteropIT {

  private static Schema shaded(org.apache.avro.Schema schema) {
    return new Schema.Parser().parse(schema.toString());
  }

  @Test
  void shouldSeeTheSameIdsFromConfluentsClientAndOurs(EmbeddedSchemaRegistry registry)
      throws Exception {
    SchemaRegistryClient ours =
        new SchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(registry.url(), 100);

    // registered by us (without Java-only properties), found by Confluent's client, which strips
    // them too with avro.remove.java.properties=true
    int chatId = ours.register("interop-chat-value", ChatEvent.getClassSchema());
    String portable = PortableSchemas.portable(ChatEvent.getClassSchema()).toString();
    assertThat(confluent.getId("interop-chat-value", new AvroSchema(portable))).isEqualTo(chatId);
    assertThat(confluent.getSchemaById(chatId).canonicalString())
        .isEqualTo(portable)
        .doesNotContain("avro.java.string");
    assertThat(confluent.getLatestSchemaMetadata("interop-chat-value").getId()).isEqualTo(chatId);

    // registered by Confluent's client (with Java-only properties), found by ours
    int heartbeatId =
        confluent.register("interop-hb-value", new AvroSchema(shaded(Heartbeat.getClassSchema())));
    assertThat(ours.getId("interop-hb-value", Heartbeat.getClassSchema())).isEqualTo(heartbeatId);
    assertThat(ours.getSchemaById(heartbeatId)).isEqualTo(Heartbeat.getClassSchema());
    // identical schemas share a global id whichever client registered them
    assertThat(
            confluent.register(
                "interop-hb-2-value", new AvroSchema(shaded(Heartbeat.getClassSchema()))))
        .isEqualTo(heartbeatId);
    assertThat(confluent.getAllSubjects()).contains("interop-chat-value", "interop-hb-value");
    assertThat(confluent.getAllVersions("interop-chat-value")).containsExactly(1);
    assertThat(
            confluent.testCompatibility(
                "interop-chat-value", new AvroSchema(shaded(Heartbeat.getClassSchema()))))
        .isFalse();
  }

  @Test
  void shouldBeDecodedByFlinksCoderAndConfluentsClient(EmbeddedSchemaRegistry registry)
      throws Exception {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of("schema.registry.url", registry.url()), false);
    ChatEvent sent = Records.chatEvent("c-ours", 4);
    byte[] bytes = serializer.serialize("interop-ours", sent);

    ConfluentSchemaRegistryCoder coder =
        new ConfluentSchemaRegistryCoder(new CachedSchemaRegistryClient(registry.url(), 100));
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    Schema writer = coder.readSchema(in);
    GenericRecord read =
        new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(in, null));

    assertThat(writer.getFullName()).isEqualTo("io.journeyline.avro.ChatEvent");
    assertThat(read.get("eventId").toString()).isEqualTo(sent.getEventId());
    assertThat(read.get("contactId").toString()).isEqualTo("c-ours");
    assertThat(read.get("occurredAt")).isEqualTo(sent.getOccurredAt().toEpochMilli());
    assertThat(read.get("type").toString()).isEqualTo("MESSAGE");
    assertThat(((GenericRecord) read.get("customer")).get("customerId").toString())
        .isEqualTo("cust-4");
    assertThat(read.get("text").toString()).isEqualTo(sent.getText());
    assertThat(read.get("sentiment")).isEqualTo(-0.25);
    assertThat(read.get("resolved")).isNull();
    assertThat(read.get("attributes").toString()).isEqualTo("{lang=en}");
    assertThat(read.get("source").toString()).isEqualTo("canonical");
  }

  @Test
  void shouldDecodeWhatFlinksCoderWrote(EmbeddedSchemaRegistry registry) throws Exception {
    // Given bytes framed by Flink's coder (it registers the schema through Confluent's client)
    Schema chat = shaded(ChatEvent.getClassSchema());
    GenericData.Record customer = new GenericData.Record(chat.getField("customer").schema());
    customer.put("customerId", "cust-9");
    customer.put("phone", "+4930123456");
    GenericData.Record record = new GenericData.Record(chat);
    record.put("eventId", "c-9-9");
    record.put("occurredAt", Records.T0.plusSeconds(9).toEpochMilli());
    record.put("type", new GenericData.EnumSymbol(chat.getField("type").schema(), "MESSAGE"));
    record.put("contactId", "c-9");
    record.put("customer", customer);
    record.put(
        "direction", new GenericData.EnumSymbol(chat.getField("direction").schema(), "INBOUND"));
    record.put("queue", "billing");
    record.put(
        "participant",
        new GenericData.EnumSymbol(
            chat.getField("participant").schema().getTypes().get(1), "CUSTOMER"));
    record.put("text", "my invoice is wrong #9");
    record.put("sentiment", -0.25);
    record.put("source", "canonical");
    record.put("attributes", Map.of("lang", "en"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder(
            "interop-theirs-value", new CachedSchemaRegistryClient(registry.url(), 100))
        .writeSchema(chat, out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(chat).write(record, encoder);
    encoder.flush();

    // When our deserializer reads them (specific reader)
    SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
    serde.configure(Map.of("schema.registry.url", registry.url()), false);
    SpecificRecord read = serde.deserializer().deserialize("interop-theirs", out.toByteArray());

    // Then it is the generated class with equal field values
    assertThat(read).isInstanceOf(ChatEvent.class).isEqualTo(Records.chatEvent("c-9", 9));
  }
}

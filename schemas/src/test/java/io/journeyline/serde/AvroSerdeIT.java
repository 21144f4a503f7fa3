package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.Heartbeat;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class AvroSerdeIT {

  static Map<String, Object> serdeConfig(EmbeddedSchemaRegistry registry) {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", registry.url());
    config.put(
        "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
    return config;
  }

  static <K, V> List<ConsumerRecord<K, V>> consume(
      EmbeddedKafkaCluster kafka,
      String topic,
      int expected,
      Deserializer<K> keys,
      Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).as("records read from " + topic).hasSize(expected);
    return out;
  }

  static byte[] avroBinary(SpecificRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void shouldRoundTripSeveralRecordTypesThroughOneTopic(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    // Given a topic that carries chat events and heartbeats (RecordNameStrategy), keys as Avro
    // strings
    String topic = "serde-it.interactions.chat";
    kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
    Map<String, Object> config = serdeConfig(registry);
    PrimitiveAvroSerde<String> keySerde = new PrimitiveAvroSerde<>();
    keySerde.configure(config, true);
    SpecificAvroSerde<SpecificRecord> valueSerde = new SpecificAvroSerde<>();
    valueSerde.configure(config, false);
    List<SpecificRecord> sent =
        List.of(
            Records.chatEvent("c-1", 1),
            Records.heartbeat(0),
            Records.chatEvent("c-2", 2),
            Records.heartbeat(0));

    // When they are produced through a real broker
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(
            kafka.clientProperties(), keySerde.serializer(), valueSerde.serializer())) {
      for (SpecificRecord record : sent) {
        String key = record instanceof ChatEvent chat ? chat.getContactId() : "heartbeat";
        producer.send(new ProducerRecord<>(topic, key, record)).get();
      }
      producer.send(new ProducerRecord<>(topic, "c-1", null)).get();
    }

    // Then each comes back as its own generated class, equal to what was sent
    List<ConsumerRecord<String, SpecificRecord>> received =
        consume(kafka, topic, 5, keySerde.deserializer(), valueSerde.deserializer());
    assertThat(received.subList(0, 4))
        .extracting(ConsumerRecord::value)
        .containsExactlyElementsOf(sent);
    assertThat(received.get(0).value()).isInstanceOf(ChatEvent.class);
    assertThat(received.get(1).value()).isInstanceOf(Heartbeat.class);
    assertThat(received)
        .extracting(ConsumerRecord::key)
        .containsExactly("c-1", "heartbeat", "c-2", "heartbeat", "c-1");
    assertThat(received.get(4).value()).isNull();

    // And the bytes are the Confluent wire format: 0, big-endian id, plain Avro binary
    SchemaRegistryClient client = new SchemaRegistryClient(config);
    assertThat(client.getAllSubjects())
        .contains(topic + "-key", "io.journeyline.avro.ChatEvent", "io.journeyline.avro.Heartbeat");
    int chatId = client.getId("io.journeyline.avro.ChatEvent", ChatEvent.getClassSchema());
    List<ConsumerRecord<byte[], byte[]>> raw =
        consume(kafka, topic, 5, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    byte[] value = raw.get(0).value();
    assertThat(value[0]).isEqualTo((byte) 0);
    assertThat(WireFormat.schemaId(value)).isEqualTo(chatId);
    assertThat(Arrays.copyOfRange(value, 5, value.length)).isEqualTo(avroBinary(sent.get(0)));
    byte[] key = raw.get(0).key();
    int keyId = client.getId(topic + "-key", Schema.create(Schema.Type.STRING));
    // "c-1" as Avro string: zig-zag length 3 -> 6, then the UTF-8 bytes
    assertThat(key)
        .containsExactly(0, keyId >>> 24, keyId >>> 16, keyId >>> 8, keyId, 6, 'c', '-', '1');
  }

  @Test
  void shouldRoundTripPrimitivesAndGenericRecords(EmbeddedSchemaRegistry registry) {
    Map<String, Object> config = serdeConfig(registry);
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(config, false);
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    deserializer.configure(config, false);
    for (Object value : List.of("text", 42, 42L, 1.5f, 2.5d, true)) {
      assertThat(deserializer.deserialize("prim", serializer.serialize("prim", value)))
          .isEqualTo(value);
    }
    assertThat(
            (byte[])
                deserializer.deserialize("prim", serializer.serialize("prim", new byte[] {1, 2})))
        .containsExactly(1, 2);

    Schema unknown =
        SchemaBuilder.record("Unknown")
            .namespace("other.ns")
            .fields()
            .requiredString("a")
            .endRecord();
    GenericRecord generic = new GenericData.Record(unknown);
    generic.put("a", "x");
    KafkaAvroDeserializer specific = new KafkaAvroDeserializer();
    Map<String, Object> specificConfig = new HashMap<>(config);
    specificConfig.put("specific.avro.reader", true);
    specific.configure(specificConfig, false);
    byte[] bytes = serializer.serialize("generic", generic);
    Object read = specific.deserialize("generic", bytes);
    assertThat(read).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) read).get("a").toString()).isEqualTo("x");
    // a generated class read without specific.avro.reader comes back generic, like Confluent's
    Object heartbeat =
        deserializer.deserialize("hb", serializer.serialize("hb", Records.heartbeat(3)));
    assertThat(heartbeat).isInstanceOf(GenericRecord.class).isNotInstanceOf(Heartbeat.class);
  }

  @Test
  void shouldReadAnEvolvedWriterSchemaIntoTheGeneratedClass(EmbeddedSchemaRegistry registry) {
    // A newer producer wrote Heartbeat with an extra field; our class ignores it
    Schema newer =
        SchemaBuilder.record("Heartbeat")
            .namespace("io.journeyline.avro")
            .fields()
            .requiredString("producerId")
            .requiredLong("watermark")
            .requiredInt("partition")
            .requiredLong("sentAt")
            .name("region")
            .type()
            .stringType()
            .stringDefault("eu")
            .endRecord();
    GenericRecord record = new GenericData.Record(newer);
    record.put("producerId", "adapter-9");
    record.put("watermark", Records.T0.toEpochMilli());
    record.put("partition", 2);
    record.put("sentAt", Records.T0.plusSeconds(1).toEpochMilli());
    record.put("region", "us");
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", registry.url());
    config.put("value.subject.name.strategy", "TopicRecordNameStrategy");
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(config, false);
    SpecificAvroSerde<Heartbeat> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);

    Heartbeat read =
        serde.deserializer().deserialize("evolved", serializer.serialize("evolved", record));

    assertThat(read.getProducerId()).isEqualTo("adapter-9");
    assertThat(read.getWatermark()).isEqualTo(Records.T0);
    assertThat(read.getPartition()).isEqualTo(2);
  }

  @Test
  void shouldReportTheRegistrysMessageForAnIncompatibleSchema(EmbeddedSchemaRegistry registry) {
    SchemaRegistryClient client =
        new SchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    Schema v1 = SchemaBuilder.record("Inc").namespace("t").fields().requiredString("a").endRecord();
    Schema v2 =
        SchemaBuilder.record("Inc")
            .namespace("t")
            .fields()
            .requiredString("a")
            .requiredInt("b")
            .endRecord();
    int id = client.register("inc-value", v1);
    assertThat(client.register("inc-value", v1)).isEqualTo(id);
    assertThat(client.testCompatibility("inc-value", v2)).isFalse();
    assertThat(client.testCompatibilityVerbose("inc-value", v2)).isNotEmpty();

    KafkaAvroSerializer serializer =
        new KafkaAvroSerializer(client, Map.of("schema.registry.url", registry.url()));
    GenericRecord record = new GenericData.Record(v2);
    record.put("a", "x");
    record.put("b", 1);
    assertThatThrownBy(() -> serializer.serialize("inc", record))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("topic 'inc'")
        .hasMessageContaining("subject 'inc-value'")
        .hasMessageContaining("Schema being registered is incompatible with an earlier schema")
        .hasMessageContaining("error_code 409")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));

    // without auto-registration an unknown schema is looked up and not found
    KafkaAvroSerializer lookupOnly =
        new KafkaAvroSerializer(
            client, Map.of("schema.registry.url", registry.url(), "auto.register.schemas", false));
    assertThatThrownBy(() -> lookupOnly.serialize("inc", record))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("error_code 40403");
    GenericRecord old = new GenericData.Record(v1);
    old.put("a", "y");
    assertThat(WireFormat.schemaId(lookupOnly.serialize("inc", old))).isEqualTo(id);

    KafkaAvroSerializer latest =
        new KafkaAvroSerializer(
            client,
            Map.of(
                "schema.registry.url", registry.url(),
                "auto.register.schemas", false,
                "use.latest.version", true));
    assertThat(WireFormat.schemaId(latest.serialize("inc", old))).isEqualTo(id);
  }

  @Test
  void shouldFailClearlyWhenTheRegistryIsDownAndFailOverToTheNextUrl(EmbeddedKafkaCluster kafka)
      throws Exception {
    int dead = SchemaRegistryClientTest.closedPort();
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + dead), false);
    assertThatThrownBy(() -> serializer.serialize("down", Records.heartbeat(0)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'down'")
        .hasMessageContaining("unreachable")
        .hasMessageContaining("http://127.0.0.1:" + dead);

    EmbeddedSchemaRegistry own =
        EmbeddedSchemaRegistry.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic("_schemas_failover")
            .start();
    KafkaAvroSerializer failover = new KafkaAvroSerializer();
    byte[] first;
    try (own) {
      failover.configure(
          Map.of("schema.registry.url", "http://127.0.0.1:" + dead + "," + own.url()), false);
      first = failover.serialize("failover", Records.heartbeat(1));
      assertThat(first[0]).isEqualTo((byte) 0);
    }
    // the id is cached: no registry call for later records, even with the registry gone
    byte[] second = failover.serialize("failover", Records.heartbeat(2));
    assertThat(WireFormat.schemaId(second)).isEqualTo(WireFormat.schemaId(first));
  }

  @Test
  void shouldSendBasicAndBearerCredentials(EmbeddedKafkaCluster kafka) {
    try (EmbeddedSchemaRegistry basic =
            EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("_schemas_basic")
                .basicAuth("svc", "pa55")
                .start();
        EmbeddedSchemaRegistry bearer =
            EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("_schemas_bearer")
                .bearerToken("tok-123")
                .start()) {
      Schema schema = Heartbeat.getClassSchema();
      SchemaRegistryClient userInfo =
          new SchemaRegistryClient(
              Map.of(
                  "schema.registry.url", basic.url(),
                  "basic.auth.credentials.source", "USER_INFO",
                  "basic.auth.user.info", "svc:pa55"));
      assertThat(userInfo.register("auth-value", schema)).isPositive();
      SchemaRegistryClient inUrl =
          new SchemaRegistryClient(
              Map.of("schema.registry.url", basic.url().replace("http://", "http://svc:pa55@")));
      assertThat(inUrl.getAllSubjects()).containsExactly("auth-value");
      SchemaRegistryClient token =
          new SchemaRegistryClient(
              Map.of(
                  "schema.registry.url", bearer.url(),
                  "bearer.auth.credentials.source", "STATIC_TOKEN",
                  "bearer.auth.token", "tok-123"));
      assertThat(token.register("auth-value", schema)).isPositive();

      SchemaRegistryClient wrong =
          new SchemaRegistryClient(
              Map.of(
                  "schema.registry.url", basic.url(),
                  "basic.auth.credentials.source", "USER_INFO",
                  "basic.auth.user.info", "svc:wrong-secret"));
      assertThatThrownBy(() -> wrong.getAllSubjects())
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining(
              "Authentication to the schema registry at " + basic.url() + " failed")
          .hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("wrong-secret");
      SchemaRegistryClient none =
          new SchemaRegistryClient(Map.of("schema.registry.url", bearer.url()));
      assertThatThrownBy(() -> none.getAllSubjects()).hasMessageContaining("Authentication");
    }
  }
}

package io.journeyline.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro data in the Confluent wire format, with the same configuration names as
 * Confluent's {@code io.confluent.kafka.serializers.KafkaAvroSerializer} (see {@link
 * AvroSerdeConfig}). Handles {@link SpecificRecord}, {@link org.apache.avro.generic.GenericRecord}
 * and other {@link GenericContainer}s, and the primitives {@code String} ({@code "string"}), {@code
 * Integer}, {@code Long}, {@code Float}, {@code Double}, {@code Boolean}, {@code byte[]} / {@code
 * ByteBuffer} ({@code "bytes"}). {@code null} is written as {@code null} (a tombstone).
 *
 * <p>The schema id is resolved once per topic and schema (registered when {@code
 * auto.register.schemas=true}, the default; else looked up) and then cached: no registry call and
 * no reflection per record. Encoders and buffers are reused per thread.
 */
public class KafkaAvroSerializer implements Serializer<Object> {
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private static final Schema INT = Schema.create(Schema.Type.INT);
  private static final Schema LONG = Schema.create(Schema.Type.LONG);
  private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
  private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
  private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
  private static final Schema BYTES = Schema.create(Schema.Type.BYTES);

  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean useLatestVersion;
  private SubjectNameStrategy strategy = new TopicNameStrategy();

  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
  private final Map<Schema, Schema> verifiedLatest = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

  private static final class Buffer {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }

  /** For configuration by Kafka: {@link #configure(Map, boolean)} creates the client. */
  public KafkaAvroSerializer() {}

  /** Uses the given client (shared; not closed by {@link #close()}). */
  public KafkaAvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** Uses the given client and configures this serializer for values. */
  public KafkaAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs) {
    this(client);
    configure(configs, false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    this.isKey = isKey;
    this.autoRegister = config.autoRegisterSchemas();
    this.useLatestVersion = config.useLatestVersion();
    this.strategy = config.subjectNameStrategy(isKey);
    if (client == null) {
      client = new SchemaRegistryClient(config);
      ownsClient = true;
    }
    ids.clear();
  }

  /** The registry client in use (null before configuration). */
  public SchemaRegistryClient client() {
    return client;
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "KafkaAvroSerializer is not configured: call configure() with schema.registry.url");
    }
    Schema schema = schemaOf(data, topic);
    int id = schemaId(topic, schema);
    Object datum = data;
    DatumWriter<Object> writer;
    if (data instanceof SpecificRecord || data instanceof Enum<?>) {
      writer = specificWriters.get(schema);
      if (writer == null) {
        writer = specificWriters.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s));
      }
    } else {
      if (data instanceof byte[] bytes) {
        datum = ByteBuffer.wrap(bytes);
      }
      writer = genericWriters.get(schema);
      if (writer == null) {
        writer = genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s));
      }
    }
    Buffer buffer = BUFFERS.get();
    try {
      buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
      buffer.out.reset();
      buffer.out.write(WireFormat.MAGIC_BYTE);
      buffer.out.write(id >>> 24);
      buffer.out.write(id >>> 16);
      buffer.out.write(id >>> 8);
      buffer.out.write(id);
      writer.write(datum, buffer.encoder);
      buffer.encoder.flush();
      return buffer.out.toByteArray();
    } catch (IOException | RuntimeException e) {
      buffer.encoder = null;
      throw new SerializationException(
          "Error serializing Avro "
              + schema.getFullName()
              + " for topic '"
              + topic
              + "' (schema id "
              + id
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static Schema schemaOf(Object data, String topic) {
    if (data instanceof GenericContainer container) {
      return container.getSchema();
    }
    if (data instanceof String || data instanceof Utf8) {
      return STRING;
    }
    if (data instanceof Integer) {
      return INT;
    }
    if (data instanceof Long) {
      return LONG;
    }
    if (data instanceof Float) {
      return FLOAT;
    }
    if (data instanceof Double) {
      return DOUBLE;
    }
    if (data instanceof Boolean) {
      return BOOLEAN;
    }
    if (data instanceof byte[] || data instanceof ByteBuffer) {
      return BYTES;
    }
    throw new SerializationException(
        "Cannot serialize a "
            + data.getClass().getName()
            + " for topic '"
            + topic
            + "': supported are Avro records (specific and generic), String, Integer, Long,"
            + " Float, Double, Boolean and byte[]");
  }

  private int schemaId(String topic, Schema schema) {
    if (useLatestVersion) {
      return latestId(topic, schema);
    }
    Map<Schema, Integer> byTopic = ids.get(topic);
    if (byTopic == null) {
      byTopic = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }
    Integer id = byTopic.get(schema);
    if (id == null) {
      String subject = strategy.subjectName(topic, isKey, schema);
      try {
        id = autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
      } catch (SchemaRegistryException e) {
        throw new SchemaRegistryException(
            (autoRegister ? "Error registering" : "Error looking up")
                + " the Avro schema "
                + schema.getFullName()
                + " for topic '"
                + topic
                + "' under subject '"
                + subject
                + "': "
                + e.getMessage(),
            e.status(),
            e.errorCode(),
            e);
      }
      byTopic.put(schema, id);
    }
    return id;
  }

  private int latestId(String topic, Schema schema) {
    String subject = strategy.subjectName(topic, isKey, schema);
    SchemaMetadata latest;
    try {
      latest = client.getLatestSchemaMetadata(subject);
    } catch (SchemaRegistryException e) {
      throw new SchemaRegistryException(
          "Error fetching the latest schema of subject '"
              + subject
              + "' for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e.status(),
          e.errorCode(),
          e);
    }
    if (verifiedLatest.get(schema) == latest.schema() || latest.schema().equals(schema)) {
      return latest.id();
    }
    if (!SchemaNormalization.toParsingForm(latest.schema())
        .equals(SchemaNormalization.toParsingForm(schema))) {
      throw new SerializationException(
          "use.latest.version: the latest schema of subject '"
              + subject
              + "' (id "
              + latest.id()
              + ", version "
              + latest.version()
              + ") differs from the record's schema "
              + schema.getFullName()
              + "; this serializer writes with the latest version only when both have the same"
              + " Parsing Canonical Form");
    }
    verifiedLatest.put(schema, latest.schema());
    return latest.id();
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}

package io.journeyline.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deserializes the Confluent wire format, with the same configuration names as Confluent's {@code
 * io.confluent.kafka.serializers.KafkaAvroDeserializer} (see {@link AvroSerdeConfig}).
 *
 * <p>The writer schema is fetched by the id in the payload (once per id, then cached). Records are
 * returned as {@link org.apache.avro.generic.GenericRecord}s unless {@code
 * specific.avro.reader=true}: then a record whose full name is a generated {@link SpecificRecord}
 * class on the classpath is read into that class with the class's schema as the reader schema (so
 * schema evolution applies), and other records fall back to {@code GenericRecord}. One topic may
 * thus carry several record types, each returned as its own class. Primitives come back as {@code
 * String}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code Boolean} and {@code
 * byte[]}. {@code null} in gives {@code null} out (tombstones).
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAvroDeserializer.class);
  private static final ThreadLocal<BinaryDecoder[]> DECODERS =
      ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean specificReader;
  private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();

  private record Reader(DatumReader<Object> reader, Schema.Type type) {}

  /** For configuration by Kafka: {@link #configure(Map, boolean)} creates the client. */
  public KafkaAvroDeserializer() {}

  /** Uses the given client (shared; not closed by {@link #close()}). */
  public KafkaAvroDeserializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** Uses the given client and configures this deserializer for values. */
  public KafkaAvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs) {
    this(client);
    configure(configs, false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    this.specificReader = config.specificAvroReader();
    if (client == null) {
      client = new SchemaRegistryClient(config);
      ownsClient = true;
    }
    readers.clear();
  }

  /** The registry client in use (null before configuration). */
  public SchemaRegistryClient client() {
    return client;
  }

  @Override
  public Object deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "KafkaAvroDeserializer is not configured: call configure() with schema.registry.url");
    }
    if (bytes.length < WireFormat.HEADER_SIZE) {
      throw new SerializationException(
          "Cannot deserialize data for topic '"
              + topic
              + "': "
              + bytes.length
              + " bytes is too short for the Confluent wire format (magic byte 0 and a 4-byte"
              + " schema id)");
    }
    if (bytes[0] != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          "Cannot deserialize data for topic '"
              + topic
              + "': unknown magic byte "
              + bytes[0]
              + " (expected 0, the Confluent wire format); was it written by another serializer?");
    }
    int id = WireFormat.schemaId(bytes);
    Reader reader = readers.get(id);
    if (reader == null) {
      reader = readers.computeIfAbsent(id, i -> readerFor(i, topic));
    }
    BinaryDecoder[] holder = DECODERS.get();
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, holder[0]);
      holder[0] = decoder;
      Object result = reader.reader().read(null, decoder);
      return switch (reader.type()) {
        case STRING -> result.toString();
        case BYTES -> toBytes((ByteBuffer) result);
        default -> result;
      };
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot deserialize Avro data for topic '" + topic + "' with schema id " + id + ": " + e,
          e);
    }
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private Reader readerFor(int id, String topic) {
    Schema writer;
    try {
      writer = client.getSchemaById(id);
    } catch (SchemaRegistryException e) {
      throw new SchemaRegistryException(
          "Cannot deserialize data for topic '"
              + topic
              + "': schema id "
              + id
              + " could not be fetched: "
              + e.getMessage(),
          e.status(),
          e.errorCode(),
          e);
    }
    if (specificReader && writer.getType() == Schema.Type.RECORD) {
      Class<?> type = SpecificData.get().getClass(writer);
      if (type != null && SpecificRecord.class.isAssignableFrom(type)) {
        Schema readerSchema = SpecificData.get().getSchema(type);
        return new Reader(new SpecificDatumReader<>(writer, readerSchema), writer.getType());
      }
      LOG.debug(
          "No generated class for {} (schema id {}); reading it as a GenericRecord",
          writer.getFullName(),
          id);
    }
    return new Reader(new GenericDatumReader<>(writer), writer.getType());
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}

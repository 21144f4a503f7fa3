package io.journeyline.serde;

/**
 * A Kafka Streams {@link org.apache.kafka.common.serialization.Serde} for primitives written as
 * Avro in the Confluent wire format, like Confluent's {@code
 * io.confluent.kafka.streams.serdes.avro.PrimitiveAvroSerde}: {@code String} as {@code "string"},
 * {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code Boolean}, {@code byte[]}.
 * Journeyline writes every key this way, so that Confluent clients that decode keys (such as
 * Python's {@code AvroConsumer}) can read them.
 *
 * @param <T> the primitive type
 */
public class PrimitiveAvroSerde<T> extends TypedAvroSerde<T> {

  /** For configuration by Kafka; {@code configure} creates the registry client. */
  public PrimitiveAvroSerde() {
    this(null);
  }

  /** Uses the given registry client. */
  public PrimitiveAvroSerde(SchemaRegistryClient client) {
    super(client, false);
  }
}

package io.journeyline.serde;

import org.apache.avro.generic.GenericRecord;

/**
 * A Kafka Streams {@link org.apache.kafka.common.serialization.Serde} for {@link GenericRecord}s in
 * the Confluent wire format, like Confluent's {@code GenericAvroSerde}.
 */
public class GenericAvroSerde extends TypedAvroSerde<GenericRecord> {

  /** For configuration by Kafka; {@code configure} creates the registry client. */
  public GenericAvroSerde() {
    this(null);
  }

  /** Uses the given registry client. */
  public GenericAvroSerde(SchemaRegistryClient client) {
    super(client, false);
  }
}

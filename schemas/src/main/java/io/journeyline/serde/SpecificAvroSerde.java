package io.journeyline.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka Streams {@link org.apache.kafka.common.serialization.Serde} for generated Avro records in
 * the Confluent wire format, like Confluent's {@code
 * io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}. Configure it with {@link
 * #configure(java.util.Map, boolean)} (see {@link AvroSerdeConfig}); it always reads records into
 * their generated classes ({@code specific.avro.reader=true}).
 *
 * <p>When a topic carries several record types (for example events and {@code Heartbeat}s
 * registered with {@link RecordNameStrategy}), each record is returned as its own class: type the
 * serde with a common supertype such as {@code SpecificRecord} there.
 *
 * @param <T> the record type
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends TypedAvroSerde<T> {

  /** For configuration by Kafka; {@code configure} creates the registry client. */
  public SpecificAvroSerde() {
    this(null);
  }

  /** Uses the given registry client (for example one shared by several serdes). */
  public SpecificAvroSerde(SchemaRegistryClient client) {
    super(client, true);
  }
}

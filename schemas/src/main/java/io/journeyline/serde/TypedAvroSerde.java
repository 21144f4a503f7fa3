package io.journeyline.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Shared plumbing of the typed serdes: one serializer and one deserializer, typed by a cast. */
abstract class TypedAvroSerde<T> implements Serde<T> {
  private final KafkaAvroSerializer serializer;
  private final KafkaAvroDeserializer deserializer;
  private final boolean specificReader;

  TypedAvroSerde(SchemaRegistryClient client, boolean specificReader) {
    this.serializer = new KafkaAvroSerializer(client);
    this.deserializer = new KafkaAvroDeserializer(client);
    this.specificReader = specificReader;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> copy = new HashMap<>(configs);
    copy.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, specificReader);
    serializer.configure(copy, isKey);
    deserializer.configure(copy, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return new Serializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        TypedAvroSerde.this.configure(configs, isKey);
      }

      @Override
      public byte[] serialize(String topic, T data) {
        return serializer.serialize(topic, data);
      }

      @Override
      public void close() {
        serializer.close();
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return new Deserializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        TypedAvroSerde.this.configure(configs, isKey);
      }

      @Override
      @SuppressWarnings("unchecked")
      public T deserialize(String topic, byte[] data) {
        return (T) deserializer.deserialize(topic, data);
      }

      @Override
      public void close() {
        deserializer.close();
      }
    };
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}

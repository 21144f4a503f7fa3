package io.journeyline.adapters.publish;

import io.journeyline.avro.Heartbeat;
import io.journeyline.serde.AvroSerdeConfig;
import io.journeyline.serde.SerdeFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How the adapters turn keys and values into bytes: keys as Avro {@code "string"} and values as the
 * Avro records, both in the Confluent wire format (subjects by TopicNameStrategy), and heartbeats
 * under RecordNameStrategy (subject {@code io.journeyline.avro.Heartbeat}) so that an interaction
 * topic's {@code -value} subject stays the event schema.
 */
public interface RecordSerializers extends AutoCloseable {

  byte[] key(String topic, String key);

  byte[] value(String topic, SpecificRecord value);

  byte[] heartbeat(String topic, Heartbeat heartbeat);

  @Override
  void close();

  /**
   * Serializers built by {@link SerdeFactory} from serde and registry settings (for example {@code
   * schema.registry.url}, {@code journeyline.schema-registry.*}, {@code
   * journeyline.serde.specific-class}); so Confluent's own serdes plug in by configuration.
   */
  static RecordSerializers fromConfig(Map<String, ?> serdeConfig) {
    SerdeFactory factory = new SerdeFactory(serdeConfig);
    Map<String, Object> heartbeatConfig = new HashMap<>(serdeConfig);
    heartbeatConfig.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        "io.confluent.kafka.serializers.subject.RecordNameStrategy");
    heartbeatConfig.remove(
        SerdeFactory.REGISTRY_PREFIX + AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    SerdeFactory heartbeatFactory = new SerdeFactory(heartbeatConfig);
    Serde<String> keySerde = factory.keySerde(String.class);
    Serde<SpecificRecord> valueSerde = factory.valueSerde(SpecificRecord.class);
    Serde<Heartbeat> heartbeatSerde = heartbeatFactory.valueSerde(Heartbeat.class);
    Serializer<String> keys = keySerde.serializer();
    Serializer<SpecificRecord> values = valueSerde.serializer();
    Serializer<Heartbeat> heartbeats = heartbeatSerde.serializer();
    return new RecordSerializers() {
      @Override
      public byte[] key(String topic, String key) {
        return keys.serialize(topic, key);
      }

      @Override
      public byte[] value(String topic, SpecificRecord value) {
        return values.serialize(topic, value);
      }

      @Override
      public byte[] heartbeat(String topic, Heartbeat heartbeat) {
        return heartbeats.serialize(topic, heartbeat);
      }

      @Override
      public void close() {
        keySerde.close();
        valueSerde.close();
        heartbeatSerde.close();
      }
    };
  }
}

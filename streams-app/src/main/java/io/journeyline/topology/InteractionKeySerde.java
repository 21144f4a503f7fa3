package io.journeyline.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The key serde of the interaction topics as stage A reads them: the adapters write keys as Avro
 * strings in the Confluent wire format, and a producer that bypasses them may write plain UTF-8
 * strings (the ecosystem's default). Both are read; both land on the same partition, because the
 * adapters partition by the key's string ({@code StringKeyPartitioner}). Stage A takes the contact
 * from the value, so the key only has to be readable.
 */
final class InteractionKeySerde {

  private InteractionKeySerde() {}

  static Serde<String> of(Serde<String> avro) {
    Deserializer<String> avroKeys = avro.deserializer();
    Deserializer<String> keys =
        new Deserializer<>() {
          @Override
          public String deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
          }

          @Override
          public String deserialize(String topic, Headers headers, byte[] data) {
            if (data == null) {
              return null;
            }
            if (data.length >= 6 && data[0] == 0) {
              try {
                return headers == null
                    ? avroKeys.deserialize(topic, data)
                    : avroKeys.deserialize(topic, headers, data);
              } catch (SerializationException e) {
                // not Avro after all: a plain string
              }
            }
            return new String(data, StandardCharsets.UTF_8);
          }
        };
    return Serdes.serdeFrom(avro.serializer(), keys);
  }
}

package io.journeyline.history;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A store serde that encodes exactly as a public topic's serde does for that topic, whatever topic
 * Kafka Streams names (a store's changelog). With a schema-registry serde and TopicNameStrategy the
 * store's bytes then carry the public topic's schema ids: no subject is registered for the
 * changelog (production runs with {@code auto.register.schemas=false}), and every stored value
 * names its writer schema, so the store reads across schema evolution like the topic does.
 */
public final class TopicBoundSerde {

  private TopicBoundSerde() {}

  /**
   * The serde {@code inner} as used for {@code topic}.
   *
   * @param inner a configured serde of the public topic
   * @param topic the public topic whose subject the bytes belong to
   */
  public static <T> Serde<T> of(Serde<T> inner, String topic) {
    Serializer<T> serializer = inner.serializer();
    Deserializer<T> deserializer = inner.deserializer();
    return Serdes.serdeFrom(
        new Serializer<T>() {
          @Override
          public byte[] serialize(String ignored, T data) {
            return serializer.serialize(topic, data);
          }
        },
        new Deserializer<T>() {
          @Override
          public T deserialize(String ignored, byte[] data) {
            return deserializer.deserialize(topic, data);
          }
        });
  }
}

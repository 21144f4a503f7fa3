package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.ChatEvent;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SerdeFactoryTest {

  @Test
  void shouldPassRegistrySettingsThroughWithPrefixStripped() {
    Map<String, Object> config =
        SerdeFactory.registryConfig(
            Map.of(
                "journeyline.schema-registry.schema.registry.url", "http://prefixed:8081",
                "schema.registry.url", "http://plain:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "journeyline.serde.specific-class", "x",
                "journeyline.adapters.port", "8080"));
    assertThat(config)
        .containsOnly(
            Map.entry("schema.registry.url", "http://prefixed:8081"),
            Map.entry("basic.auth.credentials.source", "USER_INFO"));
  }

  @Test
  void shouldBuildOurSerdesByDefault() {
    SerdeFactory factory = new SerdeFactory(Map.of("schema.registry.url", "http://127.0.0.1:9"));
    Serde<ChatEvent> values = factory.valueSerde(ChatEvent.class);
    Serde<String> keys = factory.keySerde(String.class);
    assertThat(values).isInstanceOf(SpecificAvroSerde.class);
    assertThat(keys).isInstanceOf(PrimitiveAvroSerde.class);
  }

  @Test
  void shouldInstantiateTheConfiguredClassAndNameTheKeyWhenMissing() {
    SerdeFactory generic =
        new SerdeFactory(
            Map.of(
                "schema.registry.url",
                "http://127.0.0.1:9",
                "journeyline.serde.specific-class",
                GenericAvroSerde.class.getName()));
    assertThat((Object) generic.valueSerde(ChatEvent.class)).isInstanceOf(GenericAvroSerde.class);

    SerdeFactory confluent =
        new SerdeFactory(
            Map.of(
                "schema.registry.url",
                "http://127.0.0.1:9",
                "journeyline.serde.specific-class",
                "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde"));
    assertThatThrownBy(() -> confluent.valueSerde(ChatEvent.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journeyline.serde.specific-class")
        .hasMessageContaining("io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde")
        .hasMessageContaining("classpath");
  }
}

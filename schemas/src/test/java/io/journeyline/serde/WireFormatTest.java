package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldWriteMagicByteAndBigEndianId() {
    byte[] header = new byte[5];
    WireFormat.writeHeader(header, 0x01020304);
    assertThat(header).containsExactly(0, 1, 2, 3, 4);
    WireFormat.writeHeader(header, 0xCAFEBABE);
    assertThat(header).containsExactly(0, 0xCA, 0xFE, 0xBA, 0xBE);
    assertThat(WireFormat.schemaId(header)).isEqualTo(0xCAFEBABE);
  }

  private static KafkaAvroDeserializer deserializer() {
    KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
    // Configured but never called: these inputs fail before any registry lookup.
    deserializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:9"), false);
    return deserializer;
  }

  @Test
  void shouldReturnNullForTombstones() {
    assertThat(deserializer().deserialize("contacts", null)).isNull();
    assertThat(
            new KafkaAvroSerializer(null, Map.of("schema.registry.url", "http://x"))
                .serialize("t", null))
        .isNull();
  }

  @Test
  void shouldNameTopicAndProblemForShortPayloads() {
    assertThatThrownBy(
            () -> deserializer().deserialize("journeyline.contacts", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'journeyline.contacts'")
        .hasMessageContaining("3 bytes is too short");
  }

  @Test
  void shouldNameTopicAndProblemForWrongMagicByte() {
    assertThatThrownBy(
            () ->
                deserializer()
                    .deserialize(
                        "journeyline.contacts",
                        "{\"json\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'journeyline.contacts'")
        .hasMessageContaining("unknown magic byte 123");
  }

  @Test
  void shouldRejectUnsupportedTypesWithTheirClassName() {
    KafkaAvroSerializer serializer =
        new KafkaAvroSerializer(null, Map.of("schema.registry.url", "http://127.0.0.1:9"));
    assertThatThrownBy(() -> serializer.serialize("t", new java.util.Date()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("java.util.Date")
        .hasMessageContaining("'t'");
  }
}

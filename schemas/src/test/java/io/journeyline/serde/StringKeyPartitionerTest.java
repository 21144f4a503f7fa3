package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class StringKeyPartitionerTest {

  /** A string key as the Confluent wire format carries it: magic, schema id, Avro string. */
  static byte[] wireFormat(int schemaId, String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
    long z = ((long) utf8.length << 1) ^ ((long) utf8.length >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    out.writeBytes(utf8);
    return out.toByteArray();
  }

  @Test
  void shouldPutAWireFormatKeyWhereAPlainStringProducerPutsIt() {
    for (int partitions : new int[] {1, 3, 6, 12}) {
      for (int i = 0; i < 500; i++) {
        String key = "contact-" + i + (i % 7 == 0 ? "-é-日本-" + "x".repeat(i) : "");
        byte[] plain = key.getBytes(StandardCharsets.UTF_8);
        int expected = Utils.toPositive(Utils.murmur2(plain)) % partitions;
        // whatever the schema id the registry gave the key subject
        assertThat(StringKeyPartitioner.partition(wireFormat(1, key), partitions))
            .isEqualTo(expected);
        assertThat(StringKeyPartitioner.partition(wireFormat(70_000, key), partitions))
            .isEqualTo(expected);
        assertThat(StringKeyPartitioner.partition(plain, partitions)).isEqualTo(expected);
      }
    }
  }

  @Test
  void shouldHashBytesThatAreNotAWireFormatStringAsTheyAre() {
    byte[] truncated = wireFormat(3, "contact-1");
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 2);
    assertThat(StringKeyPartitioner.stringBytes(cut)).isEqualTo(cut);
    byte[] empty = new byte[0];
    assertThat(StringKeyPartitioner.stringBytes(empty)).isEqualTo(empty);
    assertThat(StringKeyPartitioner.stringBytes(wireFormat(3, ""))).isEqualTo(new byte[0]);
  }
}

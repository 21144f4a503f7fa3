package io.journeyline.serde;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions by the key's string, not by its serialized bytes: {@code murmur2(UTF-8 of the key) %
 * partitions}, exactly what Kafka's default partitioner does for a producer with plain {@code
 * StringSerializer} keys.
 *
 * <p>Journeyline writes keys as Avro strings in the Confluent wire format (magic byte, 4-byte
 * schema id, then the Avro string), so that Confluent-format consumers decode them. Hashing those
 * bytes would put a contact's records on a partition that depends on the registry's schema id, and
 * a producer that bypasses the adapters with plain string keys (the ecosystem's default) would land
 * on another partition than the adapters for the same contact. With this partitioner both land on
 * the same one. Keys that are not in the wire format are hashed as they are (they are the plain
 * string already).
 */
public final class StringKeyPartitioner implements Partitioner {

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (keyBytes == null) {
      return ThreadLocalRandom.current().nextInt(partitions);
    }
    return partition(keyBytes, partitions);
  }

  /** The partition of a key, given as Avro wire-format bytes or as a plain UTF-8 string. */
  public static int partition(byte[] keyBytes, int partitions) {
    return Utils.toPositive(Utils.murmur2(stringBytes(keyBytes))) % partitions;
  }

  /**
   * The UTF-8 bytes of the string a key holds: the Avro string after the wire-format header, or the
   * bytes themselves when they are not in the wire format.
   */
  static byte[] stringBytes(byte[] keyBytes) {
    if (keyBytes.length < 6 || keyBytes[0] != WireFormat.MAGIC_BYTE) {
      return keyBytes;
    }
    // Avro string: zig-zag varint length, then the UTF-8 bytes
    int pos = 5;
    long z = 0;
    int shift = 0;
    while (pos < keyBytes.length && shift < 35) {
      int b = keyBytes[pos++] & 0xFF;
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        long length = (z >>> 1) ^ -(z & 1);
        if (length >= 0 && pos + length == keyBytes.length) {
          byte[] out = new byte[(int) length];
          System.arraycopy(keyBytes, pos, out, 0, (int) length);
          return out;
        }
        return keyBytes;
      }
      shift += 7;
    }
    return keyBytes;
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}

package io.journeyline.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * Compresses the blocks of every RocksDB state store. Kafka Streams opens its stores with {@code
 * NO_COMPRESSION} ({@code RocksDBStore}); the stores here hold a customer's events and contact
 * summaries, encoded compactly per record but full of values that repeat across records (customer
 * and conversation ids, queues, agents), which a block compressor removes.
 *
 * <p>The codec is {@link StreamsAppConfig#STATE_COMPRESSION_CONFIG}, passed to Kafka Streams among
 * its properties; Kafka Streams hands every property to {@link #setConfig}. A store written with
 * one codec is read with any other: RocksDB records each block's codec in the block.
 */
public final class StateCompression implements RocksDBConfigSetter {

  /** The codecs offered, by the name the setting takes. */
  public enum Codec {
    NONE(CompressionType.NO_COMPRESSION),
    LZ4(CompressionType.LZ4_COMPRESSION),
    ZSTD(CompressionType.ZSTD_COMPRESSION);

    private final CompressionType rocksDb;

    Codec(CompressionType rocksDb) {
      this.rocksDb = rocksDb;
    }

    /** RocksDB's compression type for this codec. */
    public CompressionType rocksDb() {
      return rocksDb;
    }

    /** The name {@link StreamsAppConfig#STATE_COMPRESSION_CONFIG} gives this codec. */
    public String setting() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The codec a setting names, case-insensitively. */
    public static Codec named(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** The names the setting takes. */
    public static String[] settings() {
      return Arrays.stream(values()).map(Codec::setting).toArray(String[]::new);
    }
  }

  /** The codec when nothing is set. */
  public static final Codec DEFAULT = Codec.ZSTD;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object name = configs.get(StreamsAppConfig.STATE_COMPRESSION_CONFIG);
    Codec codec = name == null ? DEFAULT : Codec.named(name.toString());
    options.setCompressionType(codec.rocksDb());
  }

  @Override
  public void close(String storeName, Options options) {
    // nothing was allocated: the compression type is an enum value
  }
}

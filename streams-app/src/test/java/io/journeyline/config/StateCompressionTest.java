package io.journeyline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state stores compress their blocks as {@code journeyline.streams.state-compression} says,
 * through the properties the app gives Kafka Streams, measured on the SST files of a real RocksDB
 * store that Kafka Streams opened.
 */
class StateCompressionTest {

  @TempDir Path dir;

  @Test
  void theDefaultIsZstdAndTheSettingIsValidated() {
    Properties props = new StreamsAppConfig(Map.of()).streamsProperties();
    assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(StateCompression.class);
    assertThat(props.get(StreamsAppConfig.STATE_COMPRESSION_CONFIG)).isEqualTo("zstd");
    assertThatThrownBy(
            () -> new StreamsAppConfig(Map.of(StreamsAppConfig.STATE_COMPRESSION_CONFIG, "brotli")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.STATE_COMPRESSION_CONFIG)
        .hasMessageContaining("brotli");
  }

  @Test
  void lz4AndZstdStoreTheSameRecordsInFarFewerBytesThanNone() throws IOException {
    long none = sstBytesAfterWriting("none");
    long lz4 = sstBytesAfterWriting("lz4");
    long zstd = sstBytesAfterWriting("zstd");
    // 5,000 values of ~170 bytes that repeat customer, queue and agent ids, as the stores' do
    assertThat(none).isGreaterThan(5_000L * 100);
    assertThat(lz4).isLessThan(none / 3);
    assertThat(zstd).isLessThan(none / 3);
  }

  /** Writes the same records into a store of an app with this codec; the SST bytes it left. */
  private long sstBytesAfterWriting(String codec) throws IOException {
    Path stateDir = dir.resolve(codec);
    Map<String, String> settings =
        Map.of(
            StreamsAppConfig.STATE_COMPRESSION_CONFIG,
            codec,
            StreamsAppConfig.STATE_DIR_CONFIG,
            stateDir.toString(),
            "journeyline.kafka.bootstrap.servers",
            "unused:9092",
            // an at-least-once commit flushes RocksDB's memtable to an SST file
            StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.AT_LEAST_ONCE);
    Properties props = new StreamsAppConfig(settings).streamsProperties();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("compressed"), Serdes.String(), Serdes.String())
            .withCachingDisabled()
            .withLoggingDisabled());
    builder.stream(
            "in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
        .process(Writer::new, org.apache.kafka.streams.kstream.Named.as("writer"), "compressed");
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      for (int i = 0; i < 5_000; i++) {
        in.pipeInput(
            "C-%06d".formatted(i),
            ("{\"customerId\":\"C-%06d\",\"channel\":\"VOICE\",\"queue\":\"billing-queue-%d\","
                    + "\"agentId\":\"agent-%03d\",\"issue\":\"invoice-dispute\","
                    + "\"contactId\":\"CA-%06d-2026-12-05T10:00:00Z\",\"direction\":\"INBOUND\"}")
                .formatted(i, i % 7, i % 40, i));
      }
      return sst(stateDir);
    }
  }

  private static long sst(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".sst"))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static final class Writer implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore("compressed");
    }

    @Override
    public void process(Record<String, String> record) {
      store.put(record.key(), record.value());
    }
  }
}

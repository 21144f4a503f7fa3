package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topology.JourneylineSerdes;
import io.journeyline.topology.TopologyNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * A crash does not keep the app from starting: after an unclean stop the local state is deleted and
 * restored from the changelogs, and a global identity store left open is read again. Under
 * exactly-once, Kafka Streams 4.3 refuses to open a RocksDB store whose status says it was never
 * closed (it may hold uncommitted data), and for the global stores it neither wipes nor restores
 * them (KAFKA-21034), so every restart failed the same way: the fault suite's 5M-event kill -9 run
 * of 2026-12-04 ended in that loop after its 7th kill. The store is set to that state here exactly
 * as the crash left it (RocksDB's {@code status} = 1 in the {@code offsets} column family).
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(EmbeddedKafkaExtension.class)
class GlobalStoreRecoveryIT {

  @Test
  void shouldReadTheGlobalStoreAgainWhenACrashLeftItOpen(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 1);
    Path stateDir = Files.createTempDirectory("journeyline-global-");
    props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsAppConfig config = new StreamsAppConfig(props);
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    AvroTopics io = new AvroTopics(kafka, registry);

    // Given an app that resolved a customer (its answer is in the global store) and stopped
    Set<String> answers;
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      produceOneChat(config, io);
      Await.until(
          Duration.ofSeconds(60),
          "the identity answers in the global store",
          () -> globalKeys(app).size() >= 2);
      answers = globalKeys(app);
    }
    // and a crash left the global store open, with no running marker (as after an upgrade from a
    // version that did not write it)
    Path store =
        stateDir
            .resolve(name)
            .resolve("global")
            .resolve("rocksdb")
            .resolve(TopologyNames.IDENTITY_RESOLUTION_STORE);
    markOpen(store);

    // When the app starts again
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      // Then it runs, with the global store read again from its topic
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      Await.until(
          Duration.ofSeconds(60),
          "the same identity answers in the global store",
          () -> globalKeys(app).equals(answers));
    }
  }

  @Test
  void shouldRestoreTheLocalStateWhenTheLastRunDidNotStopCleanly(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 1);
    Path stateDir = Files.createTempDirectory("journeyline-unclean-");
    props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsAppConfig config = new StreamsAppConfig(props);
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    Path marker = stateDir.resolve(name).resolve(JourneylineStreams.RUNNING_MARKER);

    // Given an app that resolved a customer, marked as running while it ran, and stopped cleanly
    Set<String> answers;
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(marker).exists();
      produceOneChat(config, new AvroTopics(kafka, registry));
      Await.until(
          Duration.ofSeconds(60),
          "the identity answers in the global store",
          () -> globalKeys(app).size() >= 2);
      answers = globalKeys(app);
    }
    assertThat(marker).doesNotExist();
    List<Path> taskDirs = taskDirs(stateDir.resolve(name));
    assertThat(taskDirs).isNotEmpty();
    Path kept = Files.writeString(taskDirs.get(0).resolve("kept-after-a-clean-stop"), "x");

    // When it starts again after that clean stop, its local state is used as it is
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(kept).exists();
    }

    // Given then a crash: the marker still there, a task's and the global store left open
    Files.writeString(marker, "1\n");
    Path sentinel = Files.writeString(taskDirs.get(0).resolve("left-by-the-crash"), "x");
    markOpen(
        stateDir
            .resolve(name)
            .resolve("global")
            .resolve("rocksdb")
            .resolve(TopologyNames.IDENTITY_RESOLUTION_STORE));

    // When the app starts again
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      // Then it deleted the local state first, runs, and reads the same answers again
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(sentinel).doesNotExist();
      Await.until(
          Duration.ofSeconds(60),
          "the same identity answers in the global store",
          () -> globalKeys(app).equals(answers));
    }
  }

  private static void produceOneChat(StreamsAppConfig config, AvroTopics io) {
    io.produce(
        List.of(
            AvroTopics.record(
                config.topicCatalog().name(JourneylineTopic.INTERACTIONS_CHAT),
                "chat-1",
                ChatEvent.newBuilder()
                    .setEventId("e-1")
                    .setOccurredAt(Instant.parse("2025-03-03T09:00:00Z"))
                    .setType(EventType.CONTACT_STARTED)
                    .setContactId("chat-1")
                    .setCustomer(
                        CustomerRef.newBuilder()
                            .setCustomerId("cust-1")
                            .setEmail("ada@example.com")
                            .build())
                    .build())));
  }

  /** The task directories ({@code 0_0}, {@code 1_0}, ...) of the app's state directory. */
  private static List<Path> taskDirs(Path appStateDir) throws Exception {
    try (var dirs = Files.list(appStateDir)) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+_\\d+")).sorted().toList();
    }
  }

  private static Set<String> globalKeys(JourneylineStreams app) {
    ReadOnlyKeyValueStore<String, Object> store =
        app.kafkaStreams()
            .store(
                StoreQueryParameters.fromNameAndType(
                    TopologyNames.IDENTITY_RESOLUTION_STORE, QueryableStoreTypes.keyValueStore()));
    Set<String> keys = new TreeSet<>();
    try (KeyValueIterator<String, Object> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Object> entry = it.next();
        keys.add(entry.key);
      }
    }
    return keys;
  }

  /** Sets the store's status to open (1), as a process killed after the store flushed leaves it. */
  private static void markOpen(Path store) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] family : RocksDB.listColumnFamilies(options, store.toString())) {
        families.add(new ColumnFamilyDescriptor(family));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, store.toString(), families, handles)) {
      ColumnFamilyHandle offsets = null;
      for (int i = 0; i < families.size(); i++) {
        if (new String(families.get(i).getName(), StandardCharsets.UTF_8).equals("offsets")) {
          offsets = handles.get(i);
        }
      }
      assertThat(offsets).as("the store's offsets column family (Kafka Streams 4.3)").isNotNull();
      db.put(
          offsets,
          "status".getBytes(StandardCharsets.UTF_8),
          ByteBuffer.allocate(Long.BYTES).putLong(1L).array());
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}

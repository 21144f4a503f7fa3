package io.journeyline.ops;

import io.journeyline.config.KafkaAccess;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.sentiment.VaderScorer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import io.journeyline.topology.JourneylineTopology;
import io.journeyline.topology.TopologyListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams app: verifies its topics, builds the topology, creates {@link KafkaStreams}
 * with a state listener, the dead-letter handlers and the {@link FailurePolicy} for failed threads,
 * and exposes {@link LiveCounters} for a live summary.
 *
 * <pre>{@code
 * StreamsAppConfig config = new StreamsAppConfig(props);   // journeyline.kafka.bootstrap.servers, ...
 * JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
 * try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   LiveCounters.Snapshot now = app.counters().snapshot();
 * }
 * }</pre>
 */
public final class JourneylineStreams implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JourneylineStreams.class);

  /**
   * A file in the app's state directory while the app runs; deleted when it stops cleanly, so found
   * at start after a crash.
   */
  static final String RUNNING_MARKER = "journeyline-running";

  private final StreamsAppConfig config;
  private final LiveCounters counters;
  private final Topology topology;
  private final KafkaStreams streams;
  private final Path globalStateDir;
  private final Path runningMarker;
  private final boolean exactlyOnce;
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

  private JourneylineStreams(
      StreamsAppConfig config, JourneylineSerdes serdes, LiveCounters counters) {
    this.config = config;
    this.counters = counters;
    this.topology =
        JourneylineTopology.build(config, serdes, VaderScorer.contactCenter(), counters);
    Properties props = properties(config, counters);
    // Kafka Streams' layout: <state.dir>/<application.id>/global holds the global stores
    Path appStateDir =
        Path.of(
            props.getProperty(StreamsConfig.STATE_DIR_CONFIG),
            props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    this.globalStateDir = appStateDir.resolve("global");
    this.runningMarker = appStateDir.resolve(RUNNING_MARKER);
    this.exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(
            props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    this.streams = new KafkaStreams(topology, props);
    streams.setStateListener(
        (newState, oldState) -> {
          state = newState;
          log.info("Kafka Streams state {} -> {}", oldState, newState);
        });
    streams.setUncaughtExceptionHandler(
        new FailurePolicy(config.threadRestarts(), config.threadRestartWindow()));
  }

  /**
   * The Kafka Streams properties of the app: {@link StreamsAppConfig#streamsProperties()} plus the
   * dead-letter handlers, the DLQ topic and the listener they report to.
   */
  public static Properties properties(StreamsAppConfig config, TopologyListener listener) {
    Properties props = config.streamsProperties();
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class);
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Production.class);
    props.put(
        DeadLetterHandlers.DLQ_TOPIC_CONFIG, config.topicCatalog().name(JourneylineTopic.DLQ));
    props.put(DeadLetterHandlers.LISTENER_CONFIG, listener);
    return props;
  }

  /**
   * Creates the topics if configured ({@code journeyline.streams.create-topics}), checks that the
   * Kafka principal holds the permissions the app needs ({@link KafkaAccess}), verifies that every
   * topic fits the app ({@link TopicVerifier}), then starts the app. Returns at once; see {@link
   * #awaitRunning(Duration)}.
   *
   * @throws KafkaAccess.AccessDeniedException naming every permission the principal lacks
   * @throws TopicVerifier.TopicMismatchException when a topic is missing or does not fit
   */
  public static JourneylineStreams start(StreamsAppConfig config, JourneylineSerdes serdes) {
    LiveCounters counters =
        new LiveCounters(config.windows().get(config.windows().size() - 1).label());
    try (Admin admin = Admin.create(Map.copyOf(config.kafkaProperties()))) {
      if (config.createTopics()) {
        createTopics(admin, config);
      }
      KafkaAccess.require(admin, config.kafkaProperties(), KafkaAccess.streamsApp(config));
      TopicVerifier.verify(admin, config);
    }
    JourneylineStreams app = new JourneylineStreams(config, serdes, counters);
    log.info("Starting Journeyline streams app {}", config.applicationId());
    if (config.textCrypto().isEmpty()) {
      log.warn(
          "{} is not set: encrypted message text cannot be read (it is not scored), and an"
              + " erasure cannot make text already in the interaction topics unreadable",
          StreamsAppConfig.MASTER_KEY_CONFIG);
    }
    try {
      app.launch();
    } catch (RuntimeException e) {
      if (!globalStoreLeftOpen(e)) {
        throw e;
      }
      // Under exactly-once, RocksDB stores a process crash left open are refused as possibly
      // holding uncommitted data. Kafka Streams wipes and restores such a task's stores itself, but
      // not the global stores (KAFKA-21034): every restart would fail the same way. A global store
      // is a copy of its topic, so it is deleted and read again from the topic.
      log.warn(
          "The global stores in {} were left open by a crash, and Kafka Streams refuses to open"
              + " them under exactly-once ({}); deleting them and starting again: they are read"
              + " again from their topics",
          app.globalStateDir,
          e.getMessage());
      app.close(Duration.ofSeconds(30));
      deleteRecursively(app.globalStateDir);
      app = new JourneylineStreams(config, serdes, counters);
      app.launch();
    }
    return app;
  }

  /**
   * Starts Kafka Streams, first deleting the local state when the last run did not stop cleanly
   * under exactly-once. Kafka Streams refuses, as possibly holding uncommitted writes, every
   * RocksDB store such a stop left open, and wipes and restores it (in practice every stateful
   * task: the fault suite's kill -9 runs saw all of them refused after each kill). Two of its paths
   * through that refusal fail instead: the global stores are never wiped (KAFKA-21034), and a
   * segmented store refused after some of its segments were opened cannot be opened again in the
   * same process ("lock hold by current process"), which stops the app. Deleting the state first
   * ({@link KafkaStreams#cleanUp()}) restores the same stores from the same changelogs, without
   * either path.
   */
  private void launch() {
    if (exactlyOnce && Files.exists(runningMarker)) {
      log.warn(
          "The last run did not stop cleanly ({} is still there: a crash, kill -9 or lost power)."
              + " Under exactly-once its stores may hold uncommitted writes: deleting the local"
              + " state so that every store is restored from its changelog",
          runningMarker);
      streams.cleanUp();
    }
    try {
      Files.createDirectories(runningMarker.getParent());
      Files.writeString(runningMarker, ProcessHandle.current().pid() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + runningMarker, e);
    }
    streams.start();
  }

  /** True when a start failed on a global store's state (the global task, {@code -1_-1}). */
  static boolean globalStoreLeftOpen(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TaskCorruptedException corrupted
          && corrupted.corruptedTasks().stream().anyMatch(task -> task.subtopology() < 0)) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the global state directory " + dir, e);
    }
  }

  private static void createTopics(Admin admin, StreamsAppConfig config) {
    List<NewTopic> topics =
        config.topicCatalog().all().stream().map(TopicSpec::toNewTopic).toList();
    try {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics", e);
    }
  }

  /** Waits until the app is RUNNING; false on timeout or when it failed. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State now = state;
      if (now == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        return false;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** The current Kafka Streams state. */
  public KafkaStreams.State state() {
    return state;
  }

  /** True when the app is RUNNING (readiness). */
  public boolean isRunning() {
    return state == KafkaStreams.State.RUNNING;
  }

  /** The live figures. */
  public LiveCounters counters() {
    return counters;
  }

  /** The topology in use. */
  public Topology topology() {
    return topology;
  }

  /** The underlying Kafka Streams, for interactive queries and metrics. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /** The settings in use. */
  public StreamsAppConfig config() {
    return config;
  }

  /**
   * Stops within {@code timeout} and leaves the consumer group, so that the remaining instances
   * rebalance at once instead of after the session timeout; true when it stopped cleanly.
   */
  public boolean close(Duration timeout) {
    boolean closed =
        streams.close(
            CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (closed) {
      // Every store is closed (or, after a fatal error, wiped by Kafka Streams): nothing left open
      try {
        Files.deleteIfExists(runningMarker);
      } catch (IOException e) {
        log.warn("Cannot delete {}: the next start restores the state", runningMarker, e);
      }
    }
    return closed;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}

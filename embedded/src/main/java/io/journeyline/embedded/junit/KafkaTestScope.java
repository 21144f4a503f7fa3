package io.journeyline.embedded.junit;

import io.journeyline.embedded.kafka.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka resources of one test: a unique name prefix derived from the test's class and method
 * names, topic names and a Kafka Streams application id built on it, and a state directory.
 *
 * <p>Injected by {@link EmbeddedKafkaExtension} into {@code @Test}, {@code @BeforeEach} and {@code
 * AfterEach} methods; the same instance serves all three for one test. After the test (and after
 * its {@code @AfterEach} methods) every topic whose name starts with the prefix is deleted, which
 * includes the Streams application's internal repartition and changelog topics, and the state
 * directory is removed. Close any {@code KafkaStreams} instance in the test or in {@code
 * AfterEach}.
 */
public final class KafkaTestScope implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaTestScope.class);

  private final EmbeddedKafkaCluster cluster;
  private final String prefix;
  private Path stateDirectory;

  KafkaTestScope(EmbeddedKafkaCluster cluster, String prefix) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /**
   * The broker of the test class.
   *
   * @return the running cluster
   */
  public EmbeddedKafkaCluster cluster() {
    return cluster;
  }

  /**
   * The unique prefix of this test's resources, for example {@code
   * contact-topology-it-should-close-contact-7}.
   *
   * @return the prefix, in kebab case
   */
  public String prefix() {
    return prefix;
  }

  /**
   * A Kafka Streams {@code application.id} for this test. It equals {@link #prefix()}, so that the
   * application's internal topics are cleaned up with the test's own.
   *
   * @return the application id
   */
  public String applicationId() {
    return prefix;
  }

  /**
   * A consumer group id for this test.
   *
   * @return {@code <prefix>-group}
   */
  public String groupId() {
    return prefix + "-group";
  }

  /**
   * The name of a topic of this test, without creating it.
   *
   * @param name the topic's short name, for example {@code interactions-chat}; characters Kafka
   *     does not allow in topic names are replaced by {@code -}
   * @return {@code <prefix>-<name>}
   */
  public String topic(String name) {
    return TestNames.topic(prefix, name);
  }

  /**
   * Creates a one-partition topic of this test and waits until it is usable.
   *
   * @param name the topic's short name
   * @return the full topic name
   */
  public String createTopic(String name) {
    return createTopic(name, 1, Map.of());
  }

  /**
   * Creates a topic of this test and waits until it is usable.
   *
   * @param name the topic's short name
   * @param partitions the number of partitions
   * @return the full topic name
   */
  public String createTopic(String name, int partitions) {
    return createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic of this test with topic configuration and waits until it is usable.
   *
   * @param name the topic's short name
   * @param partitions the number of partitions
   * @param configs topic configuration, for example {@code cleanup.policy=compact}
   * @return the full topic name
   */
  public String createTopic(String name, int partitions, Map<String, String> configs) {
    String topic = topic(name);
    cluster.createTopic(topic, partitions, configs);
    return topic;
  }

  /**
   * A directory for this test's Kafka Streams {@code state.dir}, created on first use and deleted
   * after the test.
   *
   * @return an existing, initially empty directory
   */
  public synchronized Path stateDirectory() {
    if (stateDirectory == null) {
      try {
        stateDirectory = Files.createTempDirectory(prefix + "-state-");
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create a state directory for " + prefix, e);
      }
    }
    return stateDirectory;
  }

  /** Deletes this test's topics and state directory. Failures are logged, not thrown. */
  @Override
  public synchronized void close() {
    if (cluster.isRunning()) {
      try {
        Set<String> deleted = cluster.deleteTopicsWithPrefix(prefix + "-");
        log.debug("Deleted {} topics of {}", deleted.size(), prefix);
      } catch (RuntimeException e) {
        log.warn("Could not delete the topics of test {}", prefix, e);
      }
    }
    if (stateDirectory != null) {
      try (Stream<Path> paths = Files.walk(stateDirectory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException | UncheckedIOException e) {
        log.warn("Could not delete the state directory {} of test {}", stateDirectory, prefix, e);
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaTestScope{" + prefix + "}";
  }
}

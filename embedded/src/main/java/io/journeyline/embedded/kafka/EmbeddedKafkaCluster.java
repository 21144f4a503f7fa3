package io.journeyline.embedded.kafka;

import io.journeyline.embedded.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one combined KRaft broker and controller,
 * without ZooKeeper, Docker or an external process.
 *
 * <p>It is built on Kafka's own {@link KafkaClusterTestKit} and configured like a small production
 * cluster rather than like Kafka's internal tests: the production metadata version and feature
 * levels, unstable API and feature versions off, replication factor 1 and min ISR 1 for the
 * offsets, transaction-state and share-state topics (so that consumer groups and {@code
 * exactly_once_v2} work on one node), no initial rebalance delay, and no automatic topic creation
 * (every topic is created explicitly, as in production). The log timestamp tolerance is widened so
 * that records with fixed historical or future event times are accepted whatever the wall clock.
 *
 * <p>Used by integration tests (through {@code EmbeddedKafkaExtension}) and by the embedded demo
 * launcher. Development and test only: data lives in a fresh directory that is deleted on {@link
 * #close()} by default, and every start formats a new cluster.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
 *   kafka.createTopic("journeyline.interactions.chat", 3);
 *   Properties props = new Properties();
 *   props.putAll(kafka.producerProperties());
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: topic, produce and consume helpers may be called from parallel tests.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  /** How long {@link Builder#start()} waits for the broker to be ready, unless configured. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** How long admin, produce and consume helpers wait for the broker, unless told otherwise. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);

  /** The name of the extra listener opened when a fixed client port is requested. */
  static final String HOST_LISTENER_NAME = "HOST";

  private final KafkaClusterTestKit kit;
  private final Admin admin;
  private final String bootstrapServers;
  private final Path dataDirectory;
  private final MetadataVersion metadataVersion;
  private final Map<String, Object> brokerConfig;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaCluster(
      KafkaClusterTestKit kit,
      String bootstrapServers,
      Path dataDirectory,
      MetadataVersion metadataVersion,
      Map<String, Object> brokerConfig) {
    this.kit = kit;
    this.bootstrapServers = bootstrapServers;
    this.dataDirectory = dataDirectory;
    this.metadataVersion = metadataVersion;
    this.brokerConfig = Map.copyOf(brokerConfig);
    this.admin =
        Admin.create(
            Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                CommonClientConfigs.CLIENT_ID_CONFIG,
                "embedded-kafka-admin"));
  }

  /**
   * Returns a builder for a single-node cluster.
   *
   * @return a new builder with the defaults described on this class
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The broker settings this class applies before the builder's own overrides.
   *
   * @return an ordered, unmodifiable map of broker property names to values
   */
  public static Map<String, Object> defaultBrokerConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    // A production-like broker: no unstable protocol or feature versions.
    config.put("unstable.api.versions.enable", "false");
    config.put("unstable.feature.versions.enable", "false");
    // One node: every internal topic must make do with one replica.
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "5");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "5");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("share.coordinator.state.topic.num.partitions", "1");
    config.put("default.replication.factor", "1");
    config.put("min.insync.replicas", "1");
    config.put("num.partitions", "1");
    // Fast group formation: tests and the demo start consumers and Streams apps one at a time.
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("group.streams.initial.rebalance.delay.ms", "0");
    // Every topic is created explicitly, as in production; a missing topic is a bug to surface.
    config.put("auto.create.topics.enable", "false");
    // Event times are fixed instants in tests and historical in backfills: accept any timestamp.
    config.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
    config.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
    return Collections.unmodifiableMap(config);
  }

  /**
   * The bootstrap address for clients.
   *
   * @return {@code host:port} of the broker's client listener
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The cluster id the broker was formatted with.
   *
   * @return the KRaft cluster id
   */
  public String clusterId() {
    return kit.nodes().clusterId();
  }

  /**
   * The metadata version the cluster was formatted with: the latest production version of this
   * Kafka release.
   *
   * @return the bootstrap metadata version
   */
  public MetadataVersion metadataVersion() {
    return metadataVersion;
  }

  /**
   * The directory holding the broker's metadata and log directories.
   *
   * @return the data directory
   */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * The broker properties applied on top of the test kit's own: {@link #defaultBrokerConfig()}, the
   * fixed-port listener if any, then the builder's overrides.
   *
   * @return an unmodifiable map of broker property names to values
   */
  public Map<String, Object> brokerConfig() {
    return brokerConfig;
  }

  /**
   * Whether the broker has been started and not yet closed.
   *
   * @return {@code true} until {@link #close()} is called
   */
  public boolean isRunning() {
    return !closed.get();
  }

  /**
   * The first fatal fault the broker or controller reported, if any. A real broker would exit on
   * such a fault; the embedded one records it so that its owner can report it.
   *
   * @return the first fatal fault, or empty while the broker is healthy
   */
  public Optional<Throwable> fatalFault() {
    return Optional.ofNullable(kit.fatalFaultHandler().firstException());
  }

  /**
   * Base properties for any Kafka client (producer, consumer, admin, Kafka Streams).
   *
   * @return a new mutable map holding {@code bootstrap.servers}
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /**
   * Producer properties: {@link #clientProperties()} plus {@code acks=all}, idempotence on and no
   * linger, so that a test's records are sent at once and acknowledged durably.
   *
   * @return a new mutable map; add serializers or pass them to the producer's constructor
   */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return props;
  }

  /**
   * Consumer properties: {@link #clientProperties()} plus the group id, reading from the earliest
   * offset, no auto-commit, and {@code read_committed} isolation so that aborted or open
   * transactions of an {@code exactly_once_v2} application are never observed.
   *
   * @param groupId the consumer group id
   * @return a new mutable map; add deserializers or pass them to the consumer's constructor
   */
  public Map<String, Object> consumerProperties(String groupId) {
    Objects.requireNonNull(groupId, "groupId");
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /**
   * Creates a new admin client for this cluster. The caller owns and closes it. For topic
   * operations prefer the helpers on this class, which wait for completion and report failures.
   *
   * @return a new admin client
   */
  public Admin createAdmin() {
    return Admin.create(clientProperties());
  }

  /**
   * Creates a topic with one partition and waits until it is usable.
   *
   * @param name the topic name
   * @throws EmbeddedKafkaException if the topic exists already or is not created in time
   */
  public void createTopic(String name) {
    createTopic(name, 1);
  }

  /**
   * Creates a topic and waits until every partition has a leader.
   *
   * @param name the topic name
   * @param partitions the number of partitions
   * @throws EmbeddedKafkaException if the topic exists already or is not created in time
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with topic-level configuration (for example {@code cleanup.policy=compact}) and
   * waits until every partition has a leader.
   *
   * @param name the topic name
   * @param partitions the number of partitions
   * @param configs topic configuration overrides
   * @throws EmbeddedKafkaException if the topic exists already or is not created in time
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
  }

  /**
   * Creates topics and waits until every partition of each has a leader that the broker's metadata
   * shows, so that a producer started right after never sees an unknown topic.
   *
   * @param topics the topics; a replication factor, if given, must be 1
   * @throws EmbeddedKafkaException naming the topic if one exists already or cannot be created
   */
  public void createTopics(Collection<NewTopic> topics) {
    Objects.requireNonNull(topics, "topics");
    if (topics.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      await(result.getValue(), "create topic " + result.getKey(), DEFAULT_OPERATION_TIMEOUT);
    }
    Set<String> names = new TreeSet<>(results.keySet());
    Await.until(
        DEFAULT_OPERATION_TIMEOUT,
        "a leader for every partition of " + names,
        () -> allPartitionsHaveLeaders(names));
    log.debug("Created topics {}", names);
  }

  /**
   * Deletes topics and waits for the deletion to complete. Topics that do not exist are ignored, so
   * that cleanup can be repeated.
   *
   * @param names the topic names
   * @throws EmbeddedKafkaException if a deletion fails for another reason or times out
   */
  public void deleteTopics(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    if (names.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> results = admin.deleteTopics(names).topicNameValues();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        await(result.getValue(), "delete topic " + result.getKey(), DEFAULT_OPERATION_TIMEOUT);
      } catch (EmbeddedKafkaException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    log.debug("Deleted topics {}", new TreeSet<>(names));
  }

  /**
   * Deletes every topic whose name starts with {@code prefix}, including Kafka Streams internal
   * topics of an application id that starts with it.
   *
   * @param prefix the name prefix; must not be empty
   * @return the names of the topics deleted
   */
  public Set<String> deleteTopicsWithPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty: that would delete every topic");
    }
    Set<String> matching =
        topicNames().stream()
            .filter(name -> name.startsWith(prefix))
            .collect(Collectors.toCollection(TreeSet::new));
    deleteTopics(matching);
    return matching;
  }

  /**
   * The names of all non-internal topics.
   *
   * @return a sorted set of topic names
   */
  public Set<String> topicNames() {
    return new TreeSet<>(
        await(admin.listTopics().names(), "list topics", DEFAULT_OPERATION_TIMEOUT));
  }

  /**
   * The number of partitions of a topic.
   *
   * @param topic the topic name
   * @return its partition count
   * @throws EmbeddedKafkaException if the topic does not exist
   */
  public int partitionCount(String topic) {
    TopicDescription description =
        await(
                admin.describeTopics(List.of(topic)).allTopicNames(),
                "describe topic " + topic,
                DEFAULT_OPERATION_TIMEOUT)
            .get(topic);
    return description.partitions().size();
  }

  /**
   * Sends records with an idempotent {@code acks=all} producer and waits until every one is
   * acknowledged. The serializers stay owned by the caller (they are not closed).
   *
   * @param keySerializer serializer for the keys
   * @param valueSerializer serializer for the values
   * @param records the records, sent in order; give each a timestamp for event-time tests
   * @param <K> key type
   * @param <V> value type
   * @return the metadata of each record, in the order given
   * @throws EmbeddedKafkaException naming the topic if a record is not acknowledged in time
   */
  public <K, V> List<RecordMetadata> produce(
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer,
      List<ProducerRecord<K, V>> records) {
    Objects.requireNonNull(records, "records");
    Map<String, Object> props = producerProperties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "embedded-kafka-writer");
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(
            props,
            new NonClosingSerializer<>(keySerializer),
            new NonClosingSerializer<>(valueSerializer))) {
      List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
      for (ProducerRecord<K, V> record : records) {
        futures.add(producer.send(record));
      }
      producer.flush();
      List<RecordMetadata> metadata = new ArrayList<>(futures.size());
      for (int i = 0; i < futures.size(); i++) {
        metadata.add(
            await(
                futures.get(i),
                "produce record " + i + " to topic " + records.get(i).topic(),
                DEFAULT_OPERATION_TIMEOUT));
      }
      return metadata;
    }
  }

  /**
   * Reads a topic from the beginning until at least {@code minRecords} committed records have
   * arrived, polling up to {@code timeout}. Uses no consumer group and commits nothing.
   *
   * @param topic the topic
   * @param keyDeserializer deserializer for the keys (not closed)
   * @param valueDeserializer deserializer for the values (not closed)
   * @param minRecords how many records to wait for
   * @param timeout how long to wait at most
   * @param <K> key type
   * @param <V> value type
   * @return every record read, in partition order, at least {@code minRecords} of them
   * @throws AssertionError if fewer records arrive in time; the message says how many did
   * @throws EmbeddedKafkaException if the topic does not exist
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      int minRecords,
      Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = assignedReader(topic, keyDeserializer, valueDeserializer)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < minRecords) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
          throw new AssertionError(
              "Expected at least "
                  + minRecords
                  + " committed records on topic "
                  + topic
                  + " within "
                  + timeout
                  + ", got "
                  + records.size());
        }
        consumer.poll(Duration.ofMillis(Math.min(remainingMs, 100))).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * Reads every committed record of a topic, from the beginning up to the end offsets (the last
   * stable offsets) observed when the call starts. Use it to check that no unexpected record was
   * written, after waiting for the expected ones with {@link #consume}.
   *
   * @param topic the topic
   * @param keyDeserializer deserializer for the keys (not closed)
   * @param valueDeserializer deserializer for the values (not closed)
   * @param timeout how long to wait at most for the records up to the end offsets
   * @param <K> key type
   * @param <V> value type
   * @return every record up to the end offsets, in partition order
   * @throws AssertionError if the end offsets are not reached in time
   */
  public <K, V> List<ConsumerRecord<K, V>> readToEnd(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = assignedReader(topic, keyDeserializer, valueDeserializer)) {
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(consumer.assignment(), timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, endOffsets)) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
          throw new AssertionError(
              "Did not read topic "
                  + topic
                  + " up to its end offsets "
                  + new TreeMap<>(
                      endOffsets.entrySet().stream()
                          .collect(
                              Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue())))
                  + " within "
                  + timeout
                  + "; read "
                  + records.size()
                  + " records");
        }
        consumer.poll(Duration.ofMillis(Math.min(remainingMs, 100))).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * Stops the broker and, unless configured otherwise, deletes its data directory. Idempotent. A
   * fault the broker recorded while running or stopping is logged, not thrown; check {@link
   * #fatalFault()} before closing to fail on it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    try {
      admin.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("Closing the embedded Kafka admin client failed", e);
    }
    try {
      kit.close();
    } catch (Exception e) {
      log.warn(
          "The embedded Kafka broker at {} reported a fault while stopping", bootstrapServers, e);
    }
    log.info(
        "Embedded Kafka at {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaCluster{bootstrapServers="
        + bootstrapServers
        + ", clusterId="
        + clusterId()
        + ", running="
        + isRunning()
        + "}";
  }

  private boolean allPartitionsHaveLeaders(Set<String> names) {
    Map<String, TopicDescription> descriptions;
    try {
      descriptions =
          admin
              .describeTopics(names)
              .allTopicNames()
              .get(DEFAULT_OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new EmbeddedKafkaException("Failed to describe topics " + names, e.getCause());
    } catch (TimeoutException e) {
      throw new EmbeddedKafkaException("Timed out describing topics " + names, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while describing topics " + names, e);
    }
    return descriptions.values().stream()
        .flatMap(description -> description.partitions().stream())
        .map(TopicPartitionInfo::leader)
        .allMatch(leader -> leader != null && !leader.isEmpty());
  }

  private <K, V> KafkaConsumer<K, V> assignedReader(
      String topic, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    Objects.requireNonNull(topic, "topic");
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "embedded-kafka-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(
            props,
            new NonClosingDeserializer<>(keyDeserializer),
            new NonClosingDeserializer<>(valueDeserializer));
    try {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, DEFAULT_OPERATION_TIMEOUT);
      if (partitions == null || partitions.isEmpty()) {
        throw new EmbeddedKafkaException("Cannot read topic " + topic + ": it does not exist");
      }
      List<TopicPartition> assignment =
          partitions.stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      consumer.assign(assignment);
      consumer.seekToBeginning(assignment);
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private static <T> T await(Future<T> future, String operation, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new EmbeddedKafkaException(
          "Failed to "
              + operation
              + ": "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage(),
          cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new EmbeddedKafkaException("Timed out after " + timeout + " trying to " + operation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while trying to " + operation, e);
    }
  }

  /** Builds and starts an {@link EmbeddedKafkaCluster}. Not thread-safe; use once. */
  public static final class Builder {

    private final Map<String, Object> brokerOverrides = new LinkedHashMap<>();
    private Path dataDirectory;
    private boolean deleteDataOnClose = true;
    private int port;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private String clusterId;

    private Builder() {}

    /**
     * Sets one broker property, applied after {@link EmbeddedKafkaCluster#defaultBrokerConfig()}.
     *
     * @param name the broker property name, for example {@code log.retention.ms}
     * @param value its value
     * @return this builder
     */
    public Builder brokerProperty(String name, Object value) {
      brokerOverrides.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /**
     * Sets broker properties, applied after {@link EmbeddedKafkaCluster#defaultBrokerConfig()}.
     *
     * @param properties broker property names to values
     * @return this builder
     */
    public Builder brokerProperties(Map<String, ?> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /**
     * Opens the client listener on a fixed port of {@code localhost} (for example 9092, so that
     * command-line tools can reach the demo). By default, and with 0, an ephemeral port is used,
     * which parallel test runs need.
     *
     * @param port a TCP port in 1..65535, or 0 for an ephemeral port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Keeps the broker's data in this directory instead of a new temporary one. The directory must
     * be absent or empty: every start formats a new cluster.
     *
     * @param directory the data directory
     * @return this builder
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Whether {@link EmbeddedKafkaCluster#close()} deletes the data directory (default true).
     *
     * @param delete false to keep the logs for inspection after the broker stopped
     * @return this builder
     */
    public Builder deleteDataOnClose(boolean delete) {
      this.deleteDataOnClose = delete;
      return this;
    }

    /**
     * How long {@link #start()} waits for the broker to be ready (default 60 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startup timeout must be positive, got " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Formats the cluster with this id instead of a random one.
     *
     * @param clusterId a Kafka cluster id (a base64 UUID, see {@link Uuid#toString()})
     * @return this builder
     */
    public Builder clusterId(String clusterId) {
      Uuid.fromString(Objects.requireNonNull(clusterId, "clusterId"));
      this.clusterId = clusterId;
      return this;
    }

    /**
     * Formats and starts the broker and waits until it is registered, unfenced and serving
     * metadata.
     *
     * @return the running cluster; close it when done
     * @throws EmbeddedKafkaException if the broker does not start in time, the fixed port is taken,
     *     or the data directory is not empty
     */
    public EmbeddedKafkaCluster start() {
      long started = System.nanoTime();
      if (port > 0) {
        requirePortFree(port);
      }
      Path directory = prepareDataDirectory();
      MetadataVersion metadataVersion = MetadataVersion.latestProduction();
      TestKitNodes nodes =
          new TestKitNodes.Builder(productionBootstrapMetadata(metadataVersion))
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(directory)
              .setClusterId(clusterId == null ? Uuid.randomUuid().toString() : clusterId)
              .build();
      Map<String, Object> config = effectiveBrokerConfig(nodes);
      KafkaClusterTestKit kit = null;
      try {
        KafkaClusterTestKit.Builder kitBuilder =
            new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(deleteDataOnClose);
        config.forEach(kitBuilder::setConfigProp);
        kit = kitBuilder.build();
        kit.format();
        startAndAwaitReady(kit, startupTimeout);
        String bootstrap = port > 0 ? "localhost:" + port : kit.bootstrapServers();
        EmbeddedKafkaCluster cluster =
            new EmbeddedKafkaCluster(kit, bootstrap, directory, metadataVersion, config);
        log.info(
            "Embedded Kafka {} (KRaft, metadata version {}) ready at {} in {} ms",
            AppInfoParser.getVersion(),
            metadataVersion.version(),
            bootstrap,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        log.debug("Embedded Kafka data directory: {}", directory);
        return cluster;
      } catch (Exception e) {
        closeAfterFailedStart(kit, directory);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw e instanceof EmbeddedKafkaException eke
            ? eke
            : new EmbeddedKafkaException(
                "Embedded Kafka broker failed to start: " + e.getMessage(), e);
      }
    }

    private Map<String, Object> effectiveBrokerConfig(TestKitNodes nodes) {
      Map<String, Object> config = new LinkedHashMap<>(defaultBrokerConfig());
      if (port > 0) {
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        // The kit binds its own listeners to ephemeral ports; a third listener takes the fixed one.
        config.put(
            "listeners",
            String.format(
                "%s://localhost:0,%s://localhost:0,%s://localhost:%d",
                broker, controller, HOST_LISTENER_NAME, port));
        config.put(
            "listener.security.protocol.map",
            String.format(
                "%s:%s,%s:%s,%s:PLAINTEXT",
                broker,
                nodes.brokerListenerProtocol().name,
                controller,
                nodes.controllerListenerProtocol().name,
                HOST_LISTENER_NAME));
      }
      config.putAll(brokerOverrides);
      return config;
    }

    private Path prepareDataDirectory() {
      try {
        if (dataDirectory == null) {
          return Files.createTempDirectory("journeyline-kafka-");
        }
        if (Files.isDirectory(dataDirectory)) {
          try (Stream<Path> entries = Files.list(dataDirectory)) {
            if (entries.findAny().isPresent()) {
              throw new EmbeddedKafkaException(
                  "Embedded Kafka data directory "
                      + dataDirectory
                      + " is not empty; every start formats a new cluster, so remove it or"
                      + " choose another directory");
            }
          }
        }
        return Files.createDirectories(dataDirectory);
      } catch (IOException e) {
        throw new EmbeddedKafkaException(
            "Cannot create the embedded Kafka data directory "
                + (dataDirectory == null ? "in the temporary directory" : dataDirectory)
                + ": "
                + e.getMessage(),
            e);
      }
    }

    private void closeAfterFailedStart(KafkaClusterTestKit kit, Path directory) {
      if (kit != null) {
        try {
          kit.close();
        } catch (Exception closeFailure) {
          log.debug("Closing the embedded Kafka broker after a failed start failed", closeFailure);
        }
      } else if (deleteDataOnClose) {
        try (Stream<Path> paths = Files.walk(directory)) {
          paths
              .sorted((a, b) -> b.getNameCount() - a.getNameCount())
              .forEach(path -> path.toFile().delete());
        } catch (IOException cleanupFailure) {
          log.debug("Cannot delete {} after a failed start", directory, cleanupFailure);
        }
      }
    }
  }

  static BootstrapMetadata productionBootstrapMetadata(MetadataVersion metadataVersion) {
    Map<String, Short> features = new TreeMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(metadataVersion));
    }
    return BootstrapMetadata.fromVersions(metadataVersion, features, "journeyline-embedded");
  }

  private static void startAndAwaitReady(KafkaClusterTestKit kit, Duration timeout)
      throws Exception {
    ExecutorService starter =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "embedded-kafka-startup");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<?> ready =
          starter.submit(
              () -> {
                kit.startup();
                kit.waitForReadyBrokers();
                return null;
              });
      try {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        ready.cancel(true);
        throw new EmbeddedKafkaException(
            "Embedded Kafka broker was not ready within "
                + timeout
                + Optional.ofNullable(kit.fatalFaultHandler().firstException())
                    .map(fault -> "; first fatal fault: " + fault.getMessage())
                    .orElse(""),
            e);
      } catch (ExecutionException e) {
        throw new EmbeddedKafkaException(
            "Embedded Kafka broker failed to start: " + e.getCause().getMessage(), e.getCause());
      }
    } finally {
      starter.shutdownNow();
    }
  }

  private static void requirePortFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Cannot start the embedded Kafka broker on port "
              + port
              + ": the port is already in use (choose another port, or 0 for an ephemeral one)",
          e);
    }
  }

  /** Delegates to a caller-owned serializer without closing it when the producer closes. */
  private static final class NonClosingSerializer<T> implements Serializer<T> {
    private final Serializer<T> delegate;

    NonClosingSerializer(Serializer<T> delegate) {
      this.delegate = Objects.requireNonNull(delegate, "serializer");
    }

    @Override
    public byte[] serialize(String topic, T data) {
      return delegate.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
      return delegate.serialize(topic, headers, data);
    }

    @Override
    public void close() {}
  }

  /** Delegates to a caller-owned deserializer without closing it when the consumer closes. */
  private static final class NonClosingDeserializer<T> implements Deserializer<T> {
    private final Deserializer<T> delegate;

    NonClosingDeserializer(Deserializer<T> delegate) {
      this.delegate = Objects.requireNonNull(delegate, "deserializer");
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      return delegate.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
      return delegate.deserialize(topic, headers, data);
    }

    @Override
    public void close() {}
  }
}

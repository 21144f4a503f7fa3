package io.journeyline.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka cluster (one combined KRaft broker + controller) running in this
 * JVM, for integration tests and the embedded demo. Nothing is mocked: it is the broker code of
 * Kafka 4.3.1 started through {@link KafkaClusterTestKit}.
 *
 * <p>The node runs the latest <em>production</em> metadata version and feature levels, with
 * unstable APIs and feature versions off, so clients see what a released broker offers.
 * Transactions ({@code exactly_once_v2}) and consumer groups work on it: the internal topics use
 * replication factor 1 and min ISR 1. Topics are never auto-created.
 *
 * <p>Clients connect through a dedicated {@code CLIENT} listener bound to {@code 127.0.0.1}
 * (ephemeral port unless {@link Builder#brokerPort(int)} fixes one); {@link #bootstrapServers()}
 * returns {@code 127.0.0.1:<port>}, reachable from other processes on this machine.
 *
 * <p>With {@link Builder#dataDir(Path)} the data survives a restart: a new cluster started on a
 * directory that already holds a formatted node keeps its cluster id, topics and records.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
 *   kafka.createTopics(List.of(new NewTopic("journeyline.surveys", 3, (short) 1)));
 *   Map<String, Object> props = new HashMap<>(kafka.clientProperties());
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  /** The listener that clients (and {@link #admin()}) use; bound to the loopback address. */
  static final String CLIENT_LISTENER = "CLIENT";

  private static final String INTERNAL_LISTENER = "INTERNAL";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaClusterTestKit kit;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final String bootstrapServers;
  private final SaslSsl security;
  private final Admin admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaCluster(
      KafkaClusterTestKit kit,
      Path dataDir,
      boolean deleteDataDirOnClose,
      int clientPort,
      SaslSsl security) {
    this.kit = kit;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
    this.bootstrapServers = "127.0.0.1:" + clientPort;
    this.security = security;
    this.admin = Admin.create(clientProperties());
  }

  /**
   * Returns a builder for a cluster with the defaults described on this class.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a cluster with the defaults: a temporary data directory deleted by {@link #close()}, an
   * ephemeral client port.
   *
   * @return the started, ready cluster
   * @throws EmbeddedKafkaException if the broker fails to start
   */
  public static EmbeddedKafkaCluster start() {
    return builder().start();
  }

  /**
   * Returns the bootstrap servers of the client listener, {@code 127.0.0.1:<port>}.
   *
   * @return the bootstrap servers string for any Kafka client on this machine
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Returns the minimal client configuration to reach this cluster: {@code bootstrap.servers}, and
   * on a {@linkplain Builder#saslSsl() SASL_SSL} cluster the settings of the test administrator, a
   * super user (SCRAM-SHA-512 over TLS, trusting the cluster's test CA).
   *
   * @return an immutable map; copy it to add client settings
   */
  public Map<String, Object> clientProperties() {
    if (security == null) {
      return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    return security.clientProperties(bootstrapServers, SaslSsl.ADMIN, security.adminPassword);
  }

  /**
   * Whether clients must authenticate: SASL_SSL with SCRAM-SHA-512 and ACLs ({@link
   * Builder#saslSsl()}).
   *
   * @return true on a SASL_SSL cluster
   */
  public boolean secured() {
    return security != null;
  }

  /**
   * Returns the CA that issued the broker's certificate, on a SASL_SSL cluster.
   *
   * @return the test CA (its trust store is in every client configuration of this cluster)
   * @throws IllegalStateException on a plaintext cluster
   */
  public TestCertificates certificates() {
    return requireSecured().ca;
  }

  /**
   * Creates a principal {@code User:<name>} with a random SCRAM-SHA-512 password (made now, never
   * written anywhere but the returned map) and waits until the broker accepts it. The principal has
   * no ACL: grant what it needs through {@link #admin()}.
   *
   * @param name the user name
   * @return the client settings of that user: bootstrap servers, SASL_SSL, SCRAM-SHA-512, its JAAS
   *     configuration and the CA's trust store
   * @throws IllegalStateException on a plaintext cluster
   * @throws EmbeddedKafkaException when the credential cannot be created or is not accepted in time
   */
  public Map<String, Object> createUser(String name) {
    SaslSsl sasl = requireSecured();
    String password = SaslSsl.randomSecret();
    try {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new EmbeddedKafkaException("Could not create the SCRAM user '" + name + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while creating the user '" + name + "'", e);
    }
    Map<String, Object> props = sasl.clientProperties(bootstrapServers, name, password);
    SaslSsl.awaitAccepted(props, name);
    return props;
  }

  private SaslSsl requireSecured() {
    if (security == null) {
      throw new IllegalStateException(
          "This embedded cluster speaks PLAINTEXT; build it with EmbeddedKafkaCluster.builder()"
              + ".saslSsl()");
    }
    return security;
  }

  /**
   * Returns the directory under which the broker keeps its metadata and log directories.
   *
   * @return the data directory (a temporary one unless {@link Builder#dataDir(Path)} was set)
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Returns an {@link Admin} client shared by all callers; {@link #close()} closes it, callers must
   * not.
   *
   * @return the shared admin client
   */
  public Admin admin() {
    return admin;
  }

  /**
   * Creates the topics and waits until the broker has created them. Topics that already exist are
   * accepted, so the call is idempotent (the existing topic's configuration is left as it is).
   *
   * @param topics the topics to create
   * @throws EmbeddedKafkaException naming the topic and the cause if a topic cannot be created
   */
  public void createTopics(Collection<NewTopic> topics) {
    Objects.requireNonNull(topics, "topics");
    if (topics.isEmpty()) {
      return;
    }
    CreateTopicsResult result = admin.createTopics(topics);
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
      String topic = entry.getKey();
      try {
        entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("Created topic {}", topic);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          log.debug("Topic {} already exists", topic);
        } else {
          throw new EmbeddedKafkaException(
              "Could not create topic '" + topic + "': " + e.getCause(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new EmbeddedKafkaException(
            "Timed out after " + ADMIN_TIMEOUT + " creating topic '" + topic + "'", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedKafkaException("Interrupted while creating topic '" + topic + "'", e);
      }
    }
  }

  /**
   * Creates the topics, see {@link #createTopics(Collection)}.
   *
   * @param topics the topics to create
   */
  public void createTopics(NewTopic... topics) {
    createTopics(List.of(topics));
  }

  /**
   * Stops the admin client and the broker and, for a temporary data directory, deletes it.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    admin.close(Duration.ofSeconds(10));
    try {
      kit.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while stopping the embedded Kafka broker", e);
    } catch (Exception e) {
      throw new EmbeddedKafkaException("Embedded Kafka broker did not stop cleanly: " + e, e);
    } finally {
      if (deleteDataDirOnClose) {
        deleteRecursively(dataDir);
      }
    }
    log.info(
        "Embedded Kafka at {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaCluster{bootstrapServers="
        + bootstrapServers
        + ", dataDir="
        + dataDir
        + "}";
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the embedded Kafka data directory {}: {}", dir, e.toString());
    }
  }

  /** Configures and starts an {@link EmbeddedKafkaCluster}. */
  public static final class Builder {

    private Path dataDir;
    private int brokerPort;
    private boolean saslSsl;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Keeps the broker's metadata and log directories under {@code dir} (created if missing) and
     * does not delete them on close. A directory that already holds a node formatted by an earlier
     * cluster is reused as is: topics, records and committed offsets survive. Without this setting
     * a temporary directory is used and deleted by {@link EmbeddedKafkaCluster#close()}.
     *
     * @param dir the data directory
     * @return this builder
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
      return this;
    }

    /**
     * Fixes the port of the client listener (bound to {@code 127.0.0.1}); 0, the default, picks a
     * free ephemeral port.
     *
     * @param port a TCP port in [0, 65535]
     * @return this builder
     */
    public Builder brokerPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("brokerPort must be in [0, 65535], was " + port);
      }
      this.brokerPort = port;
      return this;
    }

    /**
     * Secures the cluster as a production cluster is: the client listener speaks SASL_SSL with
     * SCRAM-SHA-512 only, its certificate issued by a CA made now ({@link TestCertificates}, in the
     * data directory), and {@code StandardAuthorizer} refuses whatever no ACL allows ({@code
     * allow.everyone.if.no.acl.found=false}). The broker's own listeners (inter-broker and
     * controller, on the loopback address) authenticate the broker with SASL PLAIN and a random
     * password; the broker and the test administrator that {@link #clientProperties()} and {@link
     * #admin()} use are the only super users. {@link #createUser(String)} adds principals.
     *
     * @return this builder
     */
    public Builder saslSsl() {
      this.saslSsl = true;
      return this;
    }

    /**
     * Sets a broker configuration property, overriding the defaults of this class (for example
     * {@code log.retention.ms} or {@code num.partitions}).
     *
     * @param key a Kafka broker configuration name
     * @param value its value
     * @return this builder
     */
    public Builder brokerProperty(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Formats (unless the data directory already holds a formatted node), starts the node and waits
     * until the broker is registered, unfenced and has the metadata.
     *
     * @return the started cluster
     * @throws EmbeddedKafkaException with the cause if the broker cannot start
     */
    public EmbeddedKafkaCluster start() {
      long startNanos = System.nanoTime();
      if (brokerPort != 0) {
        checkPortFree(brokerPort);
      }
      boolean temporary = dataDir == null;
      Path dir;
      try {
        dir =
            temporary
                ? Files.createTempDirectory("journeyline-kafka-")
                : Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new EmbeddedKafkaException("Cannot create the Kafka data directory: " + e, e);
      }

      KafkaClusterTestKit kit = null;
      try {
        TestKitNodes nodes = nodes(dir, null);
        Path metaProperties = Path.of(onlyNode(nodes).metadataDirectory(), META_PROPERTIES);
        boolean formatted = Files.exists(metaProperties);
        if (formatted) {
          // Restart on an existing directory: keep its cluster id and do not format again
          // (formatting refuses a formatted directory, and would wipe the metadata log).
          nodes = nodes(dir, readClusterId(metaProperties));
        }
        KafkaClusterTestKit.Builder kitBuilder =
            new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
        SaslSsl security = saslSsl ? SaslSsl.create(dir.resolve("tls")) : null;
        brokerConfig(security).forEach(kitBuilder::setConfigProp);
        kit = buildAndFormatQuietly(kitBuilder, !formatted);
        kit.startup();
        kit.waitForReadyBrokers();

        BrokerServer broker = kit.brokers().values().iterator().next();
        int clientPort = broker.boundPort(ListenerName.normalised(CLIENT_LISTENER));
        if (security != null) {
          security.bootstrapAdmin(
              "localhost:" + broker.boundPort(ListenerName.normalised(INTERNAL_LISTENER)),
              "127.0.0.1:" + clientPort);
        }
        EmbeddedKafkaCluster cluster =
            new EmbeddedKafkaCluster(kit, dir, temporary, clientPort, security);
        log.info(
            "Embedded Kafka {} started at {} ({}) in {} ms (cluster id {}, metadata version {},"
                + " data {}{})",
            AppInfoParser.getVersion(),
            cluster.bootstrapServers(),
            security == null ? "PLAINTEXT" : "SASL_SSL, SCRAM-SHA-512, ACLs",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
            nodes.clusterId(),
            nodes.bootstrapMetadata().metadataVersion(),
            dir,
            formatted ? ", restarted on existing data" : "");
        return cluster;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (kit != null) {
          try {
            kit.close();
          } catch (Exception closeError) {
            e.addSuppressed(closeError);
          }
        }
        if (temporary) {
          deleteRecursively(dir);
        }
        throw new EmbeddedKafkaException(
            "Embedded Kafka broker failed to start (data directory "
                + dir
                + ", client port "
                + (brokerPort == 0 ? "ephemeral" : brokerPort)
                + "): "
                + e,
            e);
      }
    }

    /** Fails fast, without broker stack traces, when a fixed client port is already taken. */
    private static void checkPortFree(int port) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        throw new EmbeddedKafkaException(
            "Embedded Kafka broker failed to start: client port 127.0.0.1:"
                + port
                + " is not available ("
                + e.getMessage()
                + ")",
            e);
      }
    }

    /**
     * The kit's storage formatter prints its progress straight to {@code System.out}, which would
     * land in the middle of a command-line program's output; silence it for the few milliseconds
     * formatting takes. Nothing else writes to {@code System.out} during start-up.
     */
    private static KafkaClusterTestKit buildAndFormatQuietly(
        KafkaClusterTestKit.Builder kitBuilder, boolean format) throws Exception {
      // The formatter takes System.out when the kit is built and prints when it formats.
      PrintStream original = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      try {
        KafkaClusterTestKit built = kitBuilder.build();
        if (format) {
          built.format();
        }
        return built;
      } finally {
        System.setOut(original);
      }
    }

    private static TestKitNodes nodes(Path dir, String clusterId) {
      MetadataVersion version = MetadataVersion.latestProduction();
      Map<String, Short> features = new TreeMap<>();
      for (Feature feature : Feature.PRODUCTION_FEATURES) {
        features.put(feature.featureName(), feature.defaultLevel(version));
      }
      TestKitNodes.Builder builder =
          new TestKitNodes.Builder(
                  BootstrapMetadata.fromVersions(version, features, "journeyline-embedded"))
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(dir)
              .setBrokerListenerName(ListenerName.normalised(INTERNAL_LISTENER))
              .setControllerListenerName(ListenerName.normalised(CONTROLLER_LISTENER));
      if (clusterId != null) {
        builder.setClusterId(clusterId);
      }
      return builder.build();
    }

    private static TestKitNode onlyNode(TestKitNodes nodes) {
      return nodes.controllerNodes().values().iterator().next();
    }

    private static String readClusterId(Path metaProperties) throws IOException {
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(metaProperties)) {
        props.load(in);
      }
      String clusterId = props.getProperty("cluster.id");
      if (clusterId == null || clusterId.isBlank()) {
        throw new IOException("No cluster.id in " + metaProperties);
      }
      return clusterId;
    }

    private Map<String, String> brokerConfig(SaslSsl security) {
      Map<String, String> config = new LinkedHashMap<>();
      // Listeners: the kit pre-binds INTERNAL (inter-broker) and CONTROLLER on ephemeral ports;
      // CLIENT is ours, on the loopback address and the requested port.
      config.put(
          "listeners",
          INTERNAL_LISTENER
              + "://localhost:0,"
              + CONTROLLER_LISTENER
              + "://localhost:0,"
              + CLIENT_LISTENER
              + "://127.0.0.1:"
              + brokerPort);
      config.put(
          "listener.security.protocol.map",
          INTERNAL_LISTENER
              + ":PLAINTEXT,"
              + CONTROLLER_LISTENER
              + ":PLAINTEXT,"
              + CLIENT_LISTENER
              + ":PLAINTEXT");
      // What a released broker offers, not the test kit's defaults.
      config.put("unstable.api.versions.enable", "false");
      config.put("unstable.feature.versions.enable", "false");
      // One node: internal topics with replication factor 1.
      config.put("offsets.topic.replication.factor", "1");
      config.put("offsets.topic.num.partitions", "5");
      config.put("transaction.state.log.replication.factor", "1");
      config.put("transaction.state.log.min.isr", "1");
      config.put("transaction.state.log.num.partitions", "5");
      config.put("share.coordinator.state.topic.replication.factor", "1");
      config.put("share.coordinator.state.topic.min.isr", "1");
      config.put("min.insync.replicas", "1");
      config.put("default.replication.factor", "1");
      config.put("group.initial.rebalance.delay.ms", "0");
      config.put("auto.create.topics.enable", "false");
      // The broker's timestamp guards stay at their defaults: records carry the ingest time as
      // their timestamp (event time travels in the payload), so a backfill is not refused.
      // A small footprint on a shared machine.
      config.put("num.network.threads", "2");
      config.put("num.io.threads", "4");
      config.put("background.threads", "4");
      config.put("num.recovery.threads.per.data.dir", "1");
      config.put("log.cleaner.dedupe.buffer.size", "2097152");
      if (security != null) {
        config.putAll(
            security.brokerConfig(INTERNAL_LISTENER, CONTROLLER_LISTENER, CLIENT_LISTENER));
      }
      config.putAll(overrides);
      return config;
    }
  }
}

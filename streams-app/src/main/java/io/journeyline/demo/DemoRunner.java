package io.journeyline.demo;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.Channel;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.query.QueryServer;
import io.journeyline.simulator.HttpEventSink;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.Simulator;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code journeyline demo}: everything in one JVM for a first look and for development. An embedded
 * KRaft broker, an embedded Confluent-API schema registry, the topics, and a traffic simulator;
 * prints where each part listens and a live summary; {@link #close()} (called on Ctrl-C / SIGTERM)
 * shuts it all down in reverse order.
 */
public final class DemoRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

  /**
   * What the user asked for.
   *
   * @param simulateRate simulator events per second; 0 turns it off
   * @param ingestPort port of the adapters' HTTP API
   * @param queryPort port of the query and operations API
   * @param registryPort port of the embedded schema registry (0 = any free port)
   * @param dataDir where the broker keeps its data; empty = a temporary directory deleted on exit
   * @param partitions partitions of every topic
   * @param profile the simulator's traffic mix and event clock
   * @param summaryInterval how often the live summary is printed
   */
  public record Options(
      double simulateRate,
      int ingestPort,
      int queryPort,
      int registryPort,
      Optional<Path> dataDir,
      int partitions,
      SimulationProfile profile,
      Duration summaryInterval,
      Map<String, String> streamsConfig,
      Map<String, String> adaptersConfig) {

    public Options {
      streamsConfig = Map.copyOf(streamsConfig);
      adaptersConfig = Map.copyOf(adaptersConfig);
    }

    /** Options without configuration from a file or the environment. */
    public Options(
        double simulateRate,
        int ingestPort,
        int queryPort,
        int registryPort,
        Optional<Path> dataDir,
        int partitions,
        SimulationProfile profile,
        Duration summaryInterval) {
      this(
          simulateRate,
          ingestPort,
          queryPort,
          registryPort,
          dataDir,
          partitions,
          profile,
          summaryInterval,
          Map.of(),
          Map.of());
    }
  }

  private final Options options;
  private final PrintStream out;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Path temporaryDir;
  private EmbeddedKafkaCluster kafka;
  private EmbeddedSchemaRegistry registry;
  private AdaptersServer adapters;
  private JourneylineStreams streams;
  private QueryServer query;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Simulator simulator;

  /**
   * The text encryption's master key: the configured one, else one made for this run (text the demo
   * wrote in an earlier run with {@code --data-dir} then cannot be read, which only leaves it
   * unscored).
   */
  private String masterKey;

  private LiveSummary summary;
  private ScheduledExecutorService summaryTimer;

  private DemoRunner(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Starts the demo and prints where everything listens.
   *
   * @throws DemoException with a message for the user when something cannot start
   */
  public static DemoRunner start(Options options, PrintStream out) {
    DemoRunner demo = new DemoRunner(options, out);
    try {
      demo.startAll();
      return demo;
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void startAll() {
    Ports.requireFree(options.ingestPort(), "--ingest-port");
    Ports.requireFree(options.queryPort(), "--query-port");
    Ports.requireFree(options.registryPort(), "--registry-port");
    if (options.ingestPort() != 0 && options.ingestPort() == options.queryPort()) {
      throw new DemoException("--ingest-port and --query-port must differ");
    }
    long t0 = System.nanoTime();
    Path dataDir = options.dataDir().orElseGet(this::createTemporaryDir);

    kafka = startKafka(dataDir.resolve("kafka"));
    resources.add(kafka);
    registry = startRegistry();
    resources.add(registry);

    TopicCatalog catalog = TopicCatalog.defaults(options.partitions(), (short) 1);
    kafka.createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList());
    SchemaBootstrap.registerAll(registry.url(), catalog);

    streams = startStreams(dataDir);
    resources.add(streams);
    query.attach(streams);
    adapters = startAdapters(catalog);
    resources.add(adapters);

    if (options.simulateRate() > 0) {
      simulator =
          new Simulator(
                  options.profile(),
                  options.simulateRate(),
                  new HttpEventSink(adapters.baseUri(), Optional.empty()))
              .start();
      resources.add(simulator);
    }
    summary = new LiveSummary(simulator, streams.counters(), out);
    printBanner(dataDir, catalog, Duration.ofNanos(System.nanoTime() - t0));
    summaryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "journeyline-summary");
              thread.setDaemon(true);
              return thread;
            });
    long every = options.summaryInterval().toMillis();
    summaryTimer.scheduleAtFixedRate(summary::print, every, every, TimeUnit.MILLISECONDS);
  }

  private EmbeddedKafkaCluster startKafka(Path dir) {
    try {
      return EmbeddedKafkaCluster.builder().dataDir(dir).start();
    } catch (RuntimeException e) {
      throw new DemoException("The embedded Kafka broker could not start: " + rootMessage(e), e);
    }
  }

  private JourneylineStreams startStreams(Path dataDir) {
    // The same sources as `journeyline run` (file, then JOURNEYLINE_* variables), with the demo's
    // development overrides on top.
    Map<String, Object> settings = new HashMap<>(withoutClientSettings(options.streamsConfig()));
    settings.put(StreamsAppConfig.APPLICATION_ID_CONFIG, "journeyline-demo");
    settings.put(StreamsAppConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
    settings.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, options.partitions());
    settings.put(StreamsAppConfig.TOPIC_REPLICATION_CONFIG, (short) 1);
    settings.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, false);
    // Event time runs fast in the demo: refresh completeUpTo every simulated minute, and accept the
    // simulator's event clock, which runs ahead of the wall clock (as the demo's adapters do).
    settings.put(StreamsAppConfig.WATERMARK_INTERVAL_MS_CONFIG, 60_000L);
    settings.put(StreamsAppConfig.MAX_CLOCK_SKEW_MS_CONFIG, Duration.ofDays(3650).toMillis());
    settings.put(ConfigSources.KAFKA_PREFIX + "bootstrap.servers", kafka.bootstrapServers());
    settings.put(ConfigSources.SCHEMA_REGISTRY_PREFIX + "schema.registry.url", registry.url());
    settings.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    settings.put(StreamsAppConfig.QUERY_PORT_CONFIG, options.queryPort());
    settings.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    // Development only: the query API answers without keys, as the ingest API does (the banner
    // says so). TLS settings from the file or the environment are kept.
    settings.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
    settings.put(StreamsAppConfig.MASTER_KEY_CONFIG, masterKey());
    StreamsAppConfig config = new StreamsAppConfig(settings);
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    try {
      query = QueryServer.start(config, serdes.key().serializer(), meters);
    } catch (RuntimeException e) {
      throw new DemoException("The query API could not start: " + rootMessage(e), e);
    }
    resources.add(query);
    JourneylineStreams started;
    try {
      started =
          JourneylineStreams.start(config.withApplicationServer(query.applicationServer()), serdes);
    } catch (RuntimeException e) {
      throw new DemoException("The streams topology could not start: " + rootMessage(e), e);
    }
    try {
      if (!started.awaitRunning(Duration.ofSeconds(90))) {
        started.close();
        throw new DemoException(
            "The streams topology did not reach RUNNING (state " + started.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.close();
      throw new DemoException("Interrupted while starting the streams topology", e);
    }
    return started;
  }

  private AdaptersServer startAdapters(TopicCatalog catalog) {
    // The same sources as `journeyline adapters`, with the demo's development overrides on top:
    // authentication off, local ports. A Twilio token from the file or the environment is kept,
    // so the signature is verified in the demo too.
    Map<String, Object> settings = new HashMap<>(withoutClientSettings(options.adaptersConfig()));
    settings.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    settings.put(AdaptersConfig.PORT_CONFIG, options.ingestPort());
    settings.put(AdaptersConfig.AUTH_ENABLED_CONFIG, false);
    // The simulator's event clock runs ahead of the wall clock; accept its future event times.
    settings.put(AdaptersConfig.MAX_FUTURE_SKEW_CONFIG, "3650d");
    settings.put(AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "1s");
    settings.put(AdaptersConfig.INSTANCE_ID_CONFIG, "demo");
    settings.put(AdaptersConfig.MASTER_KEY_CONFIG, masterKey());
    try {
      return AdaptersServer.builder(new AdaptersConfig(settings))
          .kafka(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))
          .serdeConfig(Map.of("schema.registry.url", registry.url()))
          .topics(catalog)
          .meterRegistry(meters)
          .metricsScrape(meters::scrape)
          .start();
    } catch (RuntimeException e) {
      throw new DemoException("The channel adapters could not start: " + rootMessage(e), e);
    }
  }

  private synchronized String masterKey() {
    if (masterKey == null) {
      String configured = options.streamsConfig().get(StreamsAppConfig.MASTER_KEY_CONFIG);
      masterKey =
          configured == null || configured.isBlank() ? TextCrypto.generateMasterKey() : configured;
    }
    return masterKey;
  }

  /** Kafka and registry client settings belong to the embedded broker and registry here. */
  private static Map<String, String> withoutClientSettings(Map<String, String> config) {
    Map<String, String> kept = new HashMap<>();
    config.forEach(
        (k, v) -> {
          if (!k.startsWith(ConfigSources.KAFKA_PREFIX)
              && !k.startsWith(ConfigSources.SCHEMA_REGISTRY_PREFIX)) {
            kept.put(k, v);
          }
        });
    return kept;
  }

  private boolean twilioTokenConfigured() {
    String token = options.adaptersConfig().get(AdaptersConfig.TWILIO_AUTH_TOKEN_CONFIG);
    return token != null && !token.isEmpty();
  }

  private EmbeddedSchemaRegistry startRegistry() {
    try {
      return EmbeddedSchemaRegistry.builder()
          .bootstrapServers(kafka.bootstrapServers())
          .port(options.registryPort())
          .start();
    } catch (RuntimeException e) {
      throw new DemoException("The embedded schema registry could not start: " + rootMessage(e), e);
    }
  }

  private void printBanner(Path dataDir, TopicCatalog catalog, Duration startup) {
    out.println();
    out.println(
        "Journeyline demo (development only: authentication is OFF on the ingest and the query"
            + " API)");
    if (adapters != null && twilioTokenConfigured()) {
      out.println(
          "  Twilio signature  verified: journeyline.adapters.twilio.auth-token is configured");
    }
    out.printf("  Kafka broker      %s%n", kafka.bootstrapServers());
    out.printf("  Schema registry   %s  (try: curl %s/subjects)%n", registry.url(), registry.url());
    out.printf(
        "  Data directory    %s%s%n", dataDir, temporaryDir != null ? " (deleted on exit)" : "");
    out.printf(
        "  Topics            %d, %d partitions each, e.g. %s%n",
        catalog.all().size(),
        options.partitions(),
        catalog.name(io.journeyline.topics.JourneylineTopic.INTERACTIONS_CHAT));
    if (simulator != null) {
      out.printf(
          "  Simulator         %.0f events/s; event clock starts %s and runs %.0fx faster than"
              + " the wall clock%n",
          options.simulateRate(),
          options.profile().eventClockStart(),
          options.profile().clockSpeed());
    } else {
      out.println("  Simulator         off (--simulate-rate 0)");
    }
    out.printf(
        "  Adapters API      %s  (POST /v1/events, /v1/surveys, /v1/identities, /v1/channels/...;"
            + " GET /metrics)%n",
        adapters.baseUri());
    out.printf(
        "  Streams topology  %s, %s (application id %s)%n",
        streams.state(),
        streams.config().getString(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG),
        streams.config().applicationId());
    out.printf(
        "  Query API         %s  (GET /v1/contacts/..., /v1/customers/.../journey,"
            + " /v1/identities/..., /v1/metrics/...; /health/ready; /metrics; /openapi.json;"
            + " authentication OFF)%n",
        query.baseUri());
    out.println();
    Instant now = Instant.now();
    out.println(
        simulator == null
            ? "Try the ingest API (authentication is off in the demo):"
            : "Try the ingest API (authentication is off in the demo). With the simulator on, the"
                + " stream's event time runs ahead, so these hand-made events arrive late and go"
                + " to the DLQ; start with --simulate-rate 0 to drive the demo by hand:");
    for (CurlExamples.Example example : CurlExamples.ingest(adapters.baseUri(), now)) {
      out.println("  # " + example.title());
      out.println("  " + example.command());
    }
    out.println();
    out.println("Then query it (the examples above feed these):");
    for (CurlExamples.Example example : CurlExamples.query(query.baseUri(), now)) {
      out.println("  # " + example.title());
      out.println("  " + example.command());
    }
    out.println();
    out.printf("Started in %.1f s. Press Ctrl-C to stop.%n%n", startup.toMillis() / 1000.0);
    out.flush();
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (summaryTimer != null) {
      summaryTimer.shutdownNow();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      AutoCloseable resource = resources.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Error while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
    if (temporaryDir != null) {
      deleteRecursively(temporaryDir);
    }
    stopped.countDown();
  }

  /** Counts of what the simulator produced, for tests and the summary. */
  public Optional<Map<Channel, Long>> produced() {
    return Optional.ofNullable(simulator).map(Simulator::sentByChannel);
  }

  /** Survey answers the simulator posted to {@code POST /v1/surveys}, for tests. */
  public Optional<Long> surveysProduced() {
    return Optional.ofNullable(simulator).map(Simulator::surveysSent);
  }

  /** The broker's bootstrap address. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The adapters' base URI. */
  public java.net.URI ingestUri() {
    return adapters.baseUri();
  }

  /** The query API's base URI. */
  public java.net.URI queryUri() {
    return query.baseUri();
  }

  /** The schema registry's URL. */
  public String registryUrl() {
    return registry.url();
  }

  private Path createTemporaryDir() {
    try {
      temporaryDir = Files.createTempDirectory("journeyline-demo-");
      return temporaryDir;
    } catch (IOException e) {
      throw new DemoException("Cannot create a temporary data directory: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  log.debug("Could not delete {}", path);
                }
              });
    } catch (IOException e) {
      log.warn("Could not delete the temporary data directory {}: {}", dir, e.toString());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /**
   * The event-clock start used when none is given: the current hour. The simulated clock then runs
   * ahead of the wall clock, so that events posted by hand (stamped with the present or the past)
   * never make the simulator's traffic late.
   */
  public static Instant defaultEventClockStart(Instant now) {
    return now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
  }
}

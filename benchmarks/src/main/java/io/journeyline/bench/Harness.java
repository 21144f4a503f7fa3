package io.journeyline.bench;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.SchemaBootstrap;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Starts the in-process broker and registry, writes the workload once, and measures each {@link
 * RunKind} on that same input: a warm-up pass of every kind first, then the repetitions.
 */
final class Harness implements AutoCloseable {

  private static final Duration RUN_TIMEOUT =
      Duration.ofSeconds(Long.getLong("journeyline.bench.run-timeout-s", 300));
  static final List<JourneylineTopic> INPUTS =
      List.of(
          JourneylineTopic.INTERACTIONS_CHAT,
          JourneylineTopic.INTERACTIONS_VOICE,
          JourneylineTopic.INTERACTIONS_EMAIL,
          JourneylineTopic.INTERACTIONS_SMS);

  /**
   * The settings of one harness run.
   *
   * @param customers customer pool size
   * @param events input events (duplicates included)
   * @param duplicateFraction share of re-sent duplicates
   * @param repetitions measured repetitions per run kind (after one warm-up)
   * @param seed generator seed
   * @param partitions partitions per topic
   * @param commitIntervalMs Streams commit interval (and the transactional copy's)
   * @param kinds the runs to make
   * @param latencySeconds duration of the paced latency run (its first seconds are a warm-up); 0
   *     leaves it out
   * @param latencyRate the paced rate in events/s, or 0 for half the median (c) rate
   * @param scalingPools the customer pools of the steady-state scaling sweep (empty leaves it out)
   * @param scalingRepetitions measured tails per scaling point
   * @param httpClients concurrent HTTP clients of (e)
   * @param httpBatch events per request of (e)
   * @param sustainableSteps probes of the sustainable-rate search (0 leaves it out)
   * @param sustainableSeconds paced duration of each probe, warm-up included
   * @param sustainableStart the first probe's rate, or 0 for half the median (c) rate
   * @param scalingContactsPerWeek new contacts per customer per week of the scaling workload
   * @param scalingDays event time of the scaling workload's population, in days
   * @param scalingTailEvents events of each measured tail of a scaling point
   * @param configOverrides settings of the topology runs on top of the harness's own
   */
  record Settings(
      int customers,
      int events,
      double duplicateFraction,
      int repetitions,
      long seed,
      int partitions,
      long commitIntervalMs,
      List<RunKind> kinds,
      int latencySeconds,
      double latencyRate,
      List<Integer> scalingPools,
      int scalingRepetitions,
      int httpClients,
      int httpBatch,
      int sustainableSteps,
      int sustainableSeconds,
      double sustainableStart,
      double scalingContactsPerWeek,
      int scalingDays,
      int scalingTailEvents,
      Map<String, String> configOverrides) {

    /** The first third of a probe, not counted: a fresh app's start-up backlog. */
    int sustainableWarmupSeconds() {
      return Math.max(1, sustainableSeconds / 3);
    }
  }

  /**
   * Pre-loaded input of the throughput runs: the interaction topics of {@code catalog} hold the
   * {@code workload}.
   */
  record Input(TopicCatalog catalog, Workload workload) {}

  private final Settings settings;
  private final PrintStream log;
  private final Path workDir;
  private EmbeddedKafkaCluster kafka;
  private EmbeddedSchemaRegistry registry;
  private Admin admin;
  private TopicCatalog inputCatalog;
  private Workload workload;
  private Input mainInput;
  private HttpIngest http;
  private int runCounter;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  Harness(Settings settings, PrintStream log) throws IOException {
    this.settings = settings;
    this.log = log;
    this.workDir = Files.createTempDirectory("journeyline-bench");
  }

  Workload workload() {
    return workload;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  EmbeddedKafkaCluster kafka() {
    return kafka;
  }

  /** Starts the broker and registry, creates the topics and writes the workload. */
  void prepare() throws Exception {
    long t0 = System.nanoTime();
    kafka = EmbeddedKafkaCluster.builder().dataDir(workDir.resolve("kafka")).start();
    registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
    admin = kafka.admin();
    inputCatalog = TopicCatalog.defaults(settings.partitions(), (short) 1);
    kafka.createTopics(inputCatalog.all().stream().map(TopicSpec::toNewTopic).toList());
    SchemaBootstrap.registerAll(registry.url(), inputCatalog);
    log.printf(
        "Broker and registry up in %.1f s; generating %,d events over %,d customers...%n",
        (System.nanoTime() - t0) / 1e9, settings.events(), settings.customers());
    long t1 = System.nanoTime();
    workload =
        Workload.generate(
            settings.seed(), settings.customers(), settings.events(), settings.duplicateFraction());
    workload.writeTo(kafka.bootstrapServers(), registry.url(), inputCatalog);
    mainInput = new Input(inputCatalog, workload);
    log.printf(
        "Wrote %,d events (%,d duplicates, %,d active customers, event time %s .. %s) in %.1f s%n",
        workload.size(),
        workload.duplicates(),
        workload.presence().activeCustomers(),
        workload.firstEventTime(),
        workload.lastEventTime(),
        (System.nanoTime() - t1) / 1e9);
  }

  /**
   * One warm-up pass of every kind, then the repetitions (interleaved, so drift hits all). A kind
   * that runs the same code as an earlier selected kind ((d) after (c)) shares its warm-up.
   */
  List<RunResult> runAll() throws Exception {
    List<RunResult> results = new ArrayList<>();
    for (RunKind kind : settings.kinds()) {
      if (kind.warmedBy() != kind && settings.kinds().contains(kind.warmedBy())) {
        log.printf("  warm-up %-3s (warmed by (%s))%n", kind.label(), kind.warmedBy().label());
        continue;
      }
      RunResult warm = measureOrNull(kind, 0, mainInput);
      if (warm != null) {
        log.printf("  warm-up %-3s %,10.0f events/s%n", kind.label(), warm.acceptedPerSecond());
      }
    }
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      for (RunKind kind : settings.kinds()) {
        RunResult result = measureOrNull(kind, rep, mainInput);
        if (result == null) {
          continue;
        }
        results.add(result);
        log.printf(
            "  rep %d   %-3s %,10.0f events/s  %.1f s%n",
            rep, kind.label(), result.acceptedPerSecond(), result.elapsedNanos() / 1e9);
      }
    }
    return results;
  }

  /**
   * The paced latency run at {@code rate} events/s (see {@link LatencyRun}), or null when it failed
   * (the failure is recorded).
   */
  LatencyRun.Result latency(double rate) throws InterruptedException {
    int seconds = settings.latencySeconds();
    return latency(rate, seconds, LatencyRun.defaultWarmupSeconds(seconds), "latency run");
  }

  /**
   * A paced latency run at {@code rate} events/s for {@code seconds}, the first {@code
   * warmupSeconds} not counted; null when it failed (the failure is recorded under {@code what}).
   */
  LatencyRun.Result latency(double rate, int seconds, int warmupSeconds, String what)
      throws InterruptedException {
    try {
      String runId = "bench-" + (++runCounter) + "-latency";
      return new LatencyRun(this, settings, log).run(runId, rate, seconds, warmupSeconds);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      failures.add(what + ": " + e.getMessage());
      log.printf("  %s FAILED: %s%n", what, e.getMessage());
      return null;
    }
  }

  /**
   * (c) on the steady-state workload (see {@link SteadyWorkload}) of each customer pool of the
   * sweep: the population first, then the measured tails on the same app.
   */
  List<ScalingPoint> scaling() throws InterruptedException {
    List<ScalingPoint> points = new ArrayList<>();
    for (int pool : settings.scalingPools()) {
      try {
        points.add(scalingPoint(pool));
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failures.add("scaling point " + pool + ": " + e.getMessage());
        log.printf("  scaling %,9d customers FAILED: %s%n", pool, e.getMessage());
      }
    }
    return points;
  }

  private ScalingPoint scalingPoint(int pool) throws Exception {
    long t0 = System.nanoTime();
    Map<JourneylineTopic, String> inputNames = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      inputNames.put(topic, "steady-" + pool + "." + topic.defaultName());
    }
    TopicCatalog catalog =
        TopicCatalog.of(inputNames, settings.partitions(), (short) 1, Duration.ofDays(7));
    List<String> inputs = INPUTS.stream().map(catalog::name).toList();
    kafka.createTopics(INPUTS.stream().map(t -> catalog.spec(t).toNewTopic()).toList());
    SchemaBootstrap.registerAll(registry.url(), catalog);
    SteadyWorkload load =
        new SteadyWorkload(
            settings.seed(), pool, settings.scalingContactsPerWeek(), settings.scalingDays());
    load.writePopulation(kafka.bootstrapServers(), registry.url(), catalog);
    log.printf(
        "  scaling %,9d customers: population of %,d events (%,d customers named, %.1f days of"
            + " event time) generated and written in %.1f s%n",
        pool,
        load.populationEvents(),
        load.customersNamed(),
        load.eventTimeSpan().toHours() / 24.0,
        (System.nanoTime() - t0) / 1e9);
    String runId = "bench-" + (++runCounter) + "-steady-" + pool;
    StreamsAppConfig config = journeylineConfig(runId, StreamsConfig.EXACTLY_ONCE_V2, catalog);
    Path stateDir = stateDir(runId);
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    List<Measured> tails = new ArrayList<>();
    double populationSeconds;
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      awaitRunning(runId, app::state);
      Failed failed = () -> app.state() == KafkaStreams.State.ERROR;
      long p0 = System.nanoTime();
      // At least 500 events/s, or the run is not worth waiting for.
      awaitConsumed(runId, inputs, failed, RUN_TIMEOUT.plusSeconds(load.populationEvents() / 500));
      populationSeconds = (System.nanoTime() - p0) / 1e9;
      log.printf(
          "  scaling %,9d customers: population processed in %.1f s (%,.0f events/s)%n",
          pool, populationSeconds, load.populationEvents() / populationSeconds);
      for (int rep = 1; rep <= settings.scalingRepetitions(); rep++) {
        // Paused while the tail is written, so that the whole tail is timed from its start.
        app.kafkaStreams().pause();
        load.writeTail(
            kafka.bootstrapServers(), registry.url(), catalog, settings.scalingTailEvents());
        Measured m = new Measured();
        Clock clock = new Clock();
        app.kafkaStreams().resume();
        awaitConsumed(runId, inputs, failed);
        clock.stop(m);
        m.stateBytes = stateBytes(app.kafkaStreams(), stateDir);
        m.dlqRecords = dlqRecords(config);
        m.bytesByTopic = byRunTopicName(runId, m.bytesByTopic);
        tails.add(m);
        log.printf(
            "  scaling %,9d customers tail %d: %,10.0f events/s  %.1f CPU-s / M events%n",
            pool,
            rep,
            settings.scalingTailEvents() / (m.elapsedNanos / 1e9),
            (m.cpuNanos / 1e9) / (settings.scalingTailEvents() / 1e6));
      }
      if (!app.close(Duration.ofSeconds(60))) {
        log.printf("  %s did not close cleanly in 60 s: state after close is approximate%n", runId);
      }
    }
    long closed = sstBytes(stateDir);
    long closedDir = directorySize(stateDir);
    List<RunResult> runs = new ArrayList<>();
    for (Measured m : tails) {
      m.closedStateBytes = closed;
      m.closedStateDirBytes = closedDir;
      runs.add(result(RunKind.JOURNEYLINE_EOS, runs.size() + 1, settings.scalingTailEvents(), m));
    }
    deleteTopicsOf(runId, inputs);
    deleteRecursively(stateDir);
    return new ScalingPoint(
        pool,
        load.populationEvents(),
        populationSeconds,
        load.customersNamed(),
        load.eventTimeSpan().toHours() / 24.0,
        runs);
  }

  /** Deletes {@code inputs} and every topic of the run (its outputs and internal topics). */
  private void deleteTopicsOf(String runId, List<String> inputs) throws Exception {
    List<String> doomed = new ArrayList<>(inputs);
    admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
        .filter(t -> t.startsWith(runId + ".") || t.startsWith(runId + "-"))
        .forEach(doomed::add);
    admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
  }

  /** Runs that failed or timed out, by kind and repetition; they are reported, not measured. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  private final List<String> failures = new ArrayList<>();

  private RunResult measureOrNull(RunKind kind, int repetition, Input input)
      throws InterruptedException {
    try {
      return measure(kind, repetition, input);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      String what =
          "(" + kind.label() + ") " + (repetition == 0 ? "warm-up" : "repetition " + repetition);
      failures.add(what + ": " + e.getMessage());
      log.printf("  %s FAILED: %s%n", what, e.getMessage());
      return null;
    }
  }

  private RunResult measure(RunKind kind, int repetition, Input input) throws Exception {
    return result(kind, repetition, input.workload().size(), measured(kind, input));
  }

  private Measured measured(RunKind kind, Input input) throws Exception {
    String runId = "bench-" + (++runCounter) + "-" + kind.name().toLowerCase().replace('_', '-');
    Measured m =
        switch (kind) {
          case COPY_ALOS -> copy(runId, false);
          case COPY_TX -> copy(runId, true);
          case BARE_AGGREGATE -> bareAggregate(runId);
          case JOURNEYLINE_EOS -> journeyline(runId, StreamsConfig.EXACTLY_ONCE_V2, input);
          case JOURNEYLINE_ALOS -> journeyline(runId, StreamsConfig.AT_LEAST_ONCE, input);
          case HTTP_INGEST -> httpIngest();
        };
    m.bytesByTopic = byRunTopicName(runId, m.bytesByTopic);
    return m;
  }

  /**
   * {@code bytes} with the topics of run {@code runId} renamed: its own topics ({@code
   * <runId>.<topic id>}) by the topic's default name, {@code journeyline.contacts}, its internal
   * topics ({@code <runId>-<name>}) without the application id, {@code journey-store-changelog};
   * any other topic ({@code __consumer_offsets}, the inputs) keeps its name.
   */
  static Map<String, Long> byRunTopicName(String runId, Map<String, Long> bytes) {
    Map<String, Long> out = new HashMap<>();
    bytes.forEach((topic, size) -> out.merge(runTopicName(runId, topic), size, Long::sum));
    return out;
  }

  private static String runTopicName(String runId, String topic) {
    if (topic.startsWith(runId + "-")) {
      return topic.substring(runId.length() + 1);
    }
    if (topic.startsWith(runId + ".")) {
      String id = topic.substring(runId.length() + 1);
      for (JourneylineTopic t : JourneylineTopic.values()) {
        if (t.id().equals(id)) {
          return t.defaultName();
        }
      }
      return id;
    }
    return topic;
  }

  /**
   * The profiled run of (c): one more run on the main input, not among the repetitions, under a
   * Java Flight Recorder recording (the JDK's {@code default} settings, execution samples every 10
   * ms), dumped to {@code file} and summarized over the stream threads' samples of its timed
   * interval; null when it failed (the failure is recorded).
   *
   * @param run the profiled run's figures (the recording's overhead included)
   * @param summary the hot spots
   */
  record Profile(RunResult run, JfrSummary.Summary summary) {}

  Profile profile(Path file) throws InterruptedException {
    try {
      Measured m;
      // The JDK's "default" settings (about 1 % overhead) with execution samples every 10 ms as in
      // "profile", whose other events made (c) several times slower here.
      try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
        recording.setName("journeyline-bench (c)");
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
        m = measured(RunKind.JOURNEYLINE_EOS, mainInput);
        recording.stop();
        Files.createDirectories(file.toAbsolutePath().getParent());
        recording.dump(file);
      }
      JfrSummary.Summary summary =
          JfrSummary.read(
              file,
              name -> name.contains("-StreamThread-"),
              "io.journeyline.",
              PROFILE_LINES,
              m.from,
              m.to);
      RunResult run = result(RunKind.JOURNEYLINE_EOS, 0, mainInput.workload().size(), m);
      log.printf(
          "  profiled (c): %,.0f events/s, %,d stream-thread samples, written to %s%n",
          run.eventsPerSecond(), summary.samples(), file);
      return new Profile(run, summary);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      failures.add("profiled (c) run: " + e.getMessage());
      log.printf("  profiled (c) run FAILED: %s%n", e.getMessage());
      return null;
    }
  }

  /** Lines per tally of the profile summary. */
  static final int PROFILE_LINES = 15;

  private static RunResult result(RunKind kind, int repetition, long events, Measured m) {
    return new RunResult(
        kind,
        repetition,
        events,
        m.elapsedNanos,
        m.cpuNanos,
        m.bytesWritten,
        m.bytesByTopic,
        m.stateBytes,
        m.closedStateBytes,
        m.closedStateDirBytes,
        m.dlqRecords,
        m.rejected);
  }

  /** What one run measured. */
  private static final class Measured {
    long elapsedNanos;
    long cpuNanos;
    long bytesWritten;
    Map<String, Long> bytesByTopic = Map.of();
    long stateBytes;
    long closedStateBytes;
    long closedStateDirBytes;
    long dlqRecords = -1;
    long rejected = -1;
    Instant from;
    Instant to;
  }

  /** Marks the start of the timed interval. */
  private final class Clock {
    final long wall = System.nanoTime();
    final long cpu = os.getProcessCpuTime();
    final Instant from = Instant.now();
    final Map<String, Long> bytes;

    Clock() throws Exception {
      bytes = logBytesByTopic();
    }

    void stop(Measured m) throws Exception {
      m.from = from;
      m.to = Instant.now();
      m.elapsedNanos = System.nanoTime() - wall;
      m.cpuNanos = os.getProcessCpuTime() - cpu;
      m.bytesByTopic = growth(bytes, logBytesByTopic());
      m.bytesWritten = m.bytesByTopic.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  // ---------------------------------------------------------------- (a), (a') raw copy

  private Measured copy(String runId, boolean transactional) throws Exception {
    String output = runId + ".out";
    kafka.createTopics(new NewTopic(output, settings.partitions(), (short) 1));
    List<TopicPartition> partitions = partitionsOf(inputTopics());
    Map<TopicPartition, Long> ends = endOffsets(partitions);
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, runId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 100);
    if (transactional) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, runId);
    }
    Measured m = new Measured();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      if (transactional) {
        producer.initTransactions();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Clock clock = new Clock();
      Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
      long txStart = 0;
      boolean inTx = false;
      while (!reached(consumer, ends)) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        if (transactional && !inTx) {
          producer.beginTransaction();
          inTx = true;
          txStart = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          producer.send(
              new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value(), r.headers()));
          pending.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (transactional) {
          if (System.nanoTime() - txStart >= settings.commitIntervalMs() * 1_000_000L) {
            producer.sendOffsetsToTransaction(Map.copyOf(pending), consumer.groupMetadata());
            producer.commitTransaction();
            inTx = false;
          }
        } else {
          consumer.commitAsync(Map.copyOf(pending), null);
        }
      }
      if (transactional) {
        if (inTx) {
          producer.sendOffsetsToTransaction(Map.copyOf(pending), consumer.groupMetadata());
          producer.commitTransaction();
        }
      } else {
        producer.flush();
        consumer.commitSync(Map.copyOf(pending));
      }
      clock.stop(m);
    }
    return m;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- (b) bare aggregate

  private Measured bareAggregate(String runId) throws Exception {
    String output = runId + ".out";
    kafka.createTopics(new NewTopic(output, settings.partitions(), (short) 1));
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputTopics(), Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
        .filter((k, v) -> k != null)
        .groupByKey(Grouped.with("by-key", Serdes.Bytes(), Serdes.ByteArray()))
        .aggregate(
            () -> 0L,
            (Bytes k, byte[] v, Long agg) -> agg + v.length,
            Materialized
                .<Bytes, Long, org.apache.kafka.streams.state.KeyValueStore<Bytes, byte[]>>as(
                    "bytes-by-key")
                .withKeySerde(Serdes.Bytes())
                .withValueSerde(Serdes.Long()))
        .toStream()
        .to(output, Produced.with(Serdes.Bytes(), Serdes.Long()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, runId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    Path stateDir = workDir.resolve("state").resolve(runId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Measured m = new Measured();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
      streams.setStateListener((now, before) -> state.set(now));
      streams.start();
      awaitRunning(runId, state::get);
      Clock clock = new Clock();
      awaitConsumed(runId, inputTopics(), () -> state.get() == KafkaStreams.State.ERROR);
      clock.stop(m);
      m.stateBytes = stateBytes(streams, stateDir);
      streams.close(Duration.ofSeconds(30));
    }
    m.closedStateBytes = sstBytes(stateDir);
    m.closedStateDirBytes = directorySize(stateDir);
    return m;
  }

  // ---------------------------------------------------------------- (c), (d) Journeyline

  /**
   * The settings of a topology run whose inputs are the interaction topics of {@code inputs}
   * (surveys: the main catalog's, empty); all else is the run's. Registers the run's schemas.
   */
  private StreamsAppConfig journeylineConfig(String runId, String guarantee, TopicCatalog inputs) {
    Map<JourneylineTopic, String> names = runTopicNames(runId);
    for (JourneylineTopic topic : INPUTS) {
      names.put(topic, inputs.name(topic));
    }
    names.put(JourneylineTopic.SURVEYS, inputCatalog.name(JourneylineTopic.SURVEYS));
    StreamsAppConfig config = appConfig(runId, guarantee, stateDir(runId), names);
    SchemaBootstrap.registerAll(registry.url(), config.topicCatalog());
    return config;
  }

  private Measured journeyline(String runId, String guarantee, Input input) throws Exception {
    Path stateDir = stateDir(runId);
    StreamsAppConfig config = journeylineConfig(runId, guarantee, input.catalog());
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    List<String> inputs = INPUTS.stream().map(input.catalog()::name).toList();
    Measured m = new Measured();
    try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
      awaitRunning(runId, app::state);
      Clock clock = new Clock();
      awaitConsumed(runId, inputs, () -> app.state() == KafkaStreams.State.ERROR);
      clock.stop(m);
      m.stateBytes = stateBytes(app.kafkaStreams(), stateDir);
      m.dlqRecords = dlqRecords(config);
      if (!app.close(Duration.ofSeconds(30))) {
        log.printf("  %s did not close cleanly in 30 s: state after close is approximate%n", runId);
      }
    }
    m.closedStateBytes = sstBytes(stateDir);
    m.closedStateDirBytes = directorySize(stateDir);
    return m;
  }

  /** Every topic named {@code <runId>.<topic id>}. */
  static Map<JourneylineTopic, String> runTopicNames(String runId) {
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      names.put(topic, runId + "." + topic.id());
    }
    return names;
  }

  Path stateDir(String runId) {
    return workDir.resolve("state").resolve(runId);
  }

  /** The settings of one topology run: its own application id, state directory and topics. */
  StreamsAppConfig appConfig(
      String runId, String guarantee, Path stateDir, Map<JourneylineTopic, String> names) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, runId);
    props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, settings.partitions());
    props.put(StreamsAppConfig.TOPIC_REPLICATION_CONFIG, (short) 1);
    props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, true);
    props.put(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
    props.put(StreamsAppConfig.QUERY_ENABLED_CONFIG, false);
    props.put("journeyline.kafka.bootstrap.servers", kafka.bootstrapServers());
    props.put("journeyline.schema-registry.schema.registry.url", registry.url());
    names.forEach((topic, name) -> props.put(TopicCatalog.NAME_PREFIX + topic.id(), name));
    props.putAll(settings.configOverrides());
    return new StreamsAppConfig(props);
  }

  /** End offsets of the run's dead-letter topic (a sanity check: 0 when nothing went there). */
  long dlqRecords(StreamsAppConfig config) throws Exception {
    return endOffsets(partitionsOf(List.of(config.topicCatalog().name(JourneylineTopic.DLQ))))
        .values()
        .stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  // ---------------------------------------------------------------- (e) HTTP ingest

  private Measured httpIngest() throws Exception {
    if (http == null) {
      Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
      for (JourneylineTopic topic : JourneylineTopic.values()) {
        names.put(topic, "bench-http." + topic.defaultName());
      }
      TopicCatalog catalog =
          TopicCatalog.of(names, settings.partitions(), (short) 1, Duration.ofDays(7));
      kafka.createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList());
      SchemaBootstrap.registerAll(registry.url(), catalog);
      http =
          HttpIngest.start(
              kafka.bootstrapServers(),
              registry.url(),
              catalog,
              workload.events(),
              settings.httpBatch(),
              settings.httpClients());
    }
    Measured m = new Measured();
    Clock clock = new Clock();
    HttpIngest.Pass pass = http.pass();
    clock.stop(m);
    m.elapsedNanos = pass.elapsedNanos();
    m.rejected = pass.rejected();
    if (pass.rejected() > 0) {
      log.printf(
          "  (e) %,d events in %,d requests not accepted; first answer: %s%n",
          pass.rejected(), pass.rejectedRequests(), pass.firstProblem());
    }
    return m;
  }

  // ---------------------------------------------------------------- helpers

  interface StateSource {
    KafkaStreams.State get();
  }

  interface Failed {
    boolean now();
  }

  static void awaitRunning(String runId, StateSource state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (state.get() != KafkaStreams.State.RUNNING) {
      if (state.get() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
        throw new IllegalStateException(runId + " did not reach RUNNING: " + state.get());
      }
      Thread.sleep(10);
    }
  }

  /**
   * Waits until the group's committed offsets reach the end offsets of the input topics and of the
   * run's repartition topics.
   */
  void awaitConsumed(String groupId, List<String> inputTopics, Failed failed) throws Exception {
    awaitConsumed(groupId, inputTopics, failed, RUN_TIMEOUT);
  }

  /** {@link #awaitConsumed(String, List, Failed)} with another timeout. */
  void awaitConsumed(String groupId, List<String> inputTopics, Failed failed, Duration timeout)
      throws Exception {
    List<TopicPartition> inputs = partitionsOf(inputTopics);
    Map<TopicPartition, Long> inputEnds = endOffsets(inputs);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (failed.now()) {
        throw new IllegalStateException(groupId + " failed");
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      if (System.nanoTime() > deadline) {
        List<String> repartitions = repartitionTopics(groupId);
        Map<TopicPartition, Long> ends = new HashMap<>(inputEnds);
        if (!repartitions.isEmpty()) {
          ends.putAll(endOffsets(partitionsOf(repartitions)));
        }
        StringBuilder lag = new StringBuilder();
        ends.forEach(
            (tp, end) -> {
              OffsetAndMetadata c = committed.get(tp);
              if (end > 0 && (c == null || c.offset() < end)) {
                lag.append(' ')
                    .append(tp)
                    .append(" committed ")
                    .append(c == null ? "none" : c.offset())
                    .append(" end ")
                    .append(end);
              }
            });
        throw new IllegalStateException(
            groupId + " did not consume its input in " + timeout + ":" + lag);
      }
      if (caughtUp(committed, inputEnds)) {
        List<String> repartitions = repartitionTopics(groupId);
        if (repartitions.isEmpty() || caughtUp(committed, endOffsets(partitionsOf(repartitions)))) {
          return;
        }
      }
      Thread.sleep(20);
    }
  }

  private List<String> repartitionTopics(String groupId) throws Exception {
    return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
        .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition"))
        .toList();
  }

  private static boolean caughtUp(
      Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      OffsetAndMetadata c = committed.get(e.getKey());
      if (c == null || c.offset() < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private List<String> inputTopics() {
    return INPUTS.stream().map(inputCatalog::name).toList();
  }

  List<TopicPartition> partitionsOf(Collection<String> topics) throws Exception {
    return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .toList();
  }

  Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> ends = new HashMap<>();
    infos.forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Size of every topic's partition logs on the broker, summed by topic, internal ones included.
   */
  private Map<String, Long> logBytesByTopic() throws Exception {
    List<Integer> brokers =
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
    Map<String, Long> bytes = new HashMap<>();
    for (Map<String, LogDirDescription> dirs :
        admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
      for (LogDirDescription dir : dirs.values()) {
        for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
          bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
        }
      }
    }
    return bytes;
  }

  /**
   * Growth of each topic from {@code before} to {@code after} (a topic absent from one counts 0
   * there), the topics that did not change left out; the values sum to the growth of the total.
   */
  static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new HashMap<>();
    after.forEach((topic, size) -> out.put(topic, size - before.getOrDefault(topic, 0L)));
    before.forEach((topic, size) -> out.putIfAbsent(topic, -size));
    out.values().removeIf(d -> d == 0);
    return out;
  }

  /**
   * RocksDB's own size figures summed over every store (SST files plus memtables: most state is
   * still in memtables after a short run), or the state directory's size on disk if larger.
   */
  private static long stateBytes(KafkaStreams streams, Path stateDir) {
    double rocks = 0;
    for (var e : streams.metrics().entrySet()) {
      String name = e.getKey().name();
      if (name.equals("total-sst-files-size") || name.equals("size-all-mem-tables")) {
        Object v = e.getValue().metricValue();
        if (v instanceof Number n) {
          rocks += n.doubleValue();
        }
      }
    }
    return Math.max((long) rocks, directorySize(stateDir));
  }

  /** Bytes of the RocksDB SST files under {@code dir} (the stores' data once closed). */
  static long sstBytes(Path dir) {
    return directorySize(dir, f -> f.getFileName().toString().endsWith(".sst"));
  }

  static long directorySize(Path dir) {
    return directorySize(dir, f -> true);
  }

  private static long directorySize(Path dir, java.util.function.Predicate<Path> which) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(which)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // a RocksDB file removed while we walk
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException e) {
      return 0;
    }
  }

  private void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      log.println("Could not delete " + dir + ": " + e);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    deleteRecursively(workDir);
  }
}

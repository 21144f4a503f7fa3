package io.journeyline.bench;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.SchemaBootstrap;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulatedSurvey;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fault suite: a seeded workload written once, processed cleanly by {@code journeyline run} in
 * a child JVM (the reference), then again under each kind of fault, every run's outputs compared
 * record by record with the reference's (see {@link OutputSnapshot}). The broker and the schema
 * registry run in this JVM on a fixed data directory and port, so that the broker can be stopped
 * and started again on the same data.
 */
final class FaultSuite implements AutoCloseable {

  /**
   * Every instance of every run: the group notices a member killed without leaving after 10 s
   * (Kafka's default is 45 s, which would add 35 s to every recovery after a SIGKILL and make the
   * quick run too long; the recovery figures are for this setting).
   */
  static final Map<String, String> SESSION =
      Map.of(
          "journeyline.kafka.session.timeout.ms", "10000",
          "journeyline.kafka.heartbeat.interval.ms", "2000");

  /** The kinds of run, in the order they are made. */
  static final List<String> KINDS =
      List.of(
          "control",
          "kill9",
          "broker-restart",
          "rebalance",
          "zombie",
          "state-loss",
          "adapters",
          "soak");

  /**
   * The suite's settings.
   *
   * @param events input events, duplicates included (poison pills and late moves come on top)
   * @param customers customer pool
   * @param seed the workload's seed
   * @param partitions partitions of every topic
   * @param kills SIGKILLs of the kill9 run
   * @param brokerRestarts broker restarts of the broker-restart run
   * @param rebalanceCycles join-and-leave cycles of the 2nd and 3rd instance
   * @param zombies SIGSTOP/SIGCONT cycles of the zombie run
   * @param stateLosses state directory losses
   * @param pills poison pills in the input
   * @param lateFraction share of events delivered hours late (beyond grace, within lateness)
   * @param crmLinks whether each run gets CRM links on its identities topic
   * @param adapterEvents distinct events posted through the adapters
   * @param adapterOutages broker outages during the adapters run
   * @param soakSeconds duration of the soak
   * @param soakRate paced input rate of the soak, events/s
   * @param soakCustomers customer pool of the soak
   * @param soakSampleSeconds sample interval of the soak
   * @param heapMb heap of each streams JVM
   * @param kinds the kinds to run
   * @param runTimeout bound on one run
   */
  record Settings(
      int events,
      int customers,
      long seed,
      int partitions,
      int kills,
      int brokerRestarts,
      int rebalanceCycles,
      int zombies,
      int stateLosses,
      int pills,
      double lateFraction,
      boolean crmLinks,
      int adapterEvents,
      int adapterOutages,
      int soakSeconds,
      double soakRate,
      int soakCustomers,
      int soakSampleSeconds,
      int heapMb,
      List<String> kinds,
      Duration runTimeout) {}

  /** What one kind of run measured. */
  static final class KindResult {
    String kind;
    String description;
    long events;
    int faults;
    int unexpectedExits;
    long compared;
    long mismatches = -1;
    long duplicates = -1;
    long losses = -1;
    Map<String, Long> perTopic = new LinkedHashMap<>();
    List<String> examples = new ArrayList<>();
    List<String> mismatchDetails = new ArrayList<>();
    List<Long> recoveryMillis = new ArrayList<>();
    List<Long> readyMillis = new ArrayList<>();
    List<long[]> restores = new ArrayList<>(); // {state bytes, millis to ready}
    long deadLetters = -1;
    Map<String, Long> alertRecords = Map.of();
    Boolean deadLettersMatchInjected;
    long elapsedMillis;
    String error;
    final List<String> notes = new ArrayList<>();

    boolean exact() {
      return error == null && mismatches == 0 && duplicates == 0 && losses == 0;
    }
  }

  /** One poison pill: where it was written and why it must be dead-lettered. */
  record Pill(String reason, String topic, int partition, long offset) {
    String source() {
      return reason + " " + topic + "/" + partition + "@" + offset;
    }
  }

  private final Settings settings;
  private final PrintStream log;
  private final Path workDir;
  private final int brokerPort;
  private final SplittableRandom random;
  private EmbeddedKafkaCluster kafka;
  private EmbeddedSchemaRegistry registry;
  private TopicCatalog inputs;

  /** The topics every run reads: the interaction topics and the survey answers. */
  static final List<JourneylineTopic> INPUTS =
      java.util.stream.Stream.concat(
              Harness.INPUTS.stream(), java.util.stream.Stream.of(JourneylineTopic.SURVEYS))
          .toList();

  private Workload workload;
  private List<SimulatedEvent> writeOrder;
  private final List<Pill> pills = new ArrayList<>();
  private final List<IdentityLink> crmLinks = new ArrayList<>();
  private long inputRecords;
  private int lateEvents;
  private OutputSnapshot reference;
  private long referenceMillis;
  final List<KindResult> results = new ArrayList<>();
  SoakRun.Result soak;
  AdaptersFaultRun.Result adapters;
  private final long started = System.nanoTime();
  private boolean keepWorkDir;

  FaultSuite(Settings settings, PrintStream log) throws IOException {
    this.settings = settings;
    this.log = log;
    this.workDir = Files.createTempDirectory("journeyline-faults");
    this.brokerPort = freePort();
    this.random = new SplittableRandom(settings.seed() * 31 + 7);
  }

  Settings settings() {
    return settings;
  }

  Workload workload() {
    return workload;
  }

  List<Pill> pills() {
    return pills;
  }

  int lateEvents() {
    return lateEvents;
  }

  int crmLinks() {
    return crmLinks.size();
  }

  long inputRecords() {
    return inputRecords;
  }

  long referenceMillis() {
    return referenceMillis;
  }

  OutputSnapshot reference() {
    return reference;
  }

  Path workDir() {
    return workDir;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  Admin admin() {
    return kafka.admin();
  }

  void progress(String format, Object... args) {
    long s = (System.nanoTime() - started) / 1_000_000_000L;
    log.printf(
        "[%02d:%02d:%02d] %s%n", s / 3600, (s / 60) % 60, s % 60, String.format(format, args));
    log.flush();
  }

  // ------------------------------------------------------------------ broker

  void startBroker() {
    kafka =
        EmbeddedKafkaCluster.builder()
            .dataDir(workDir.resolve("kafka"))
            .brokerPort(brokerPort)
            .brokerProperty("transaction.state.log.min.isr", "1")
            .start();
  }

  /** Stops the broker (a clean shutdown of its process, its data kept) for {@code downtime}. */
  long restartBroker(Duration downtime) throws InterruptedException {
    long t0 = System.nanoTime();
    kafka.close();
    Thread.sleep(downtime.toMillis());
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        startBroker();
        break;
      } catch (RuntimeException e) {
        // The port can stay in use for a moment after the close.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  // ------------------------------------------------------------------ input

  /** Starts broker and registry, generates the workload and writes it with its poison pills. */
  void prepare() throws Exception {
    long t0 = System.nanoTime();
    startBroker();
    registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      names.put(topic, "faults." + topic.id());
    }
    inputs = TopicCatalog.of(names, settings.partitions(), (short) 1, Duration.ofDays(3650));
    kafka.createTopics(INPUTS.stream().map(t -> inputs.spec(t).toNewTopic()).toList());
    SchemaBootstrap.registerAll(registry.url(), inputs);
    progress(
        "Broker (127.0.0.1:%d, data %s) and registry up in %.1f s; generating %,d events over %,d"
            + " customers (seed %d)",
        brokerPort,
        workDir.resolve("kafka"),
        (System.nanoTime() - t0) / 1e9,
        settings.events(),
        settings.customers(),
        settings.seed());
    workload = Workload.generate(settings.seed(), settings.customers(), settings.events(), 0.01);
    writeOrder = withLateEvents(workload.events());
    if (settings.crmLinks()) {
      crmLinks.addAll(crmLinks(workload.events()));
    }
    long t1 = System.nanoTime();
    writeInput();
    progress(
        "Wrote %,d input records (%,d events of which %,d duplicates and %,d delivered late,"
            + " %,d survey answers, %d poison pills, heartbeats) in %.1f s; %,d CRM links per run",
        inputRecords,
        workload.size(),
        workload.duplicates(),
        lateEvents,
        workload.surveys().size(),
        pills.size(),
        (System.nanoTime() - t1) / 1e9,
        crmLinks.size());
  }

  /**
   * The delivery order: the generator's, except that a share of events arrive late, by half their
   * channel's grace in event time (an SMS 7.5 minutes, a call or chat about 2 hours, an email 3
   * hours), as a vendor's late contact record would. Within grace the design promises the same
   * final outputs whatever the arrival order, so the reference is a function of the input; an event
   * later than grace is a counted correction whose effect depends on when the watermark passed, so
   * none is sent.
   */
  private List<SimulatedEvent> withLateEvents(List<SimulatedEvent> events) {
    StreamsAppConfig defaults = new StreamsAppConfig(Map.of());
    SplittableRandom r = new SplittableRandom(settings.seed() ^ 0x1A7EL);
    List<SimulatedEvent> order = new ArrayList<>(events.size());
    Map<Integer, List<SimulatedEvent>> delayed = new HashMap<>();
    int late = 0;
    for (int i = 0; i < events.size(); i++) {
      List<SimulatedEvent> due = delayed.remove(i);
      if (due != null) {
        order.addAll(due);
      }
      SimulatedEvent e = events.get(i);
      if (i > 100 && r.nextDouble() < settings.lateFraction()) {
        Instant until = e.occurredAt().plus(defaults.grace(e.channel()).dividedBy(2));
        int j = i + 1;
        while (j < events.size() && events.get(j).occurredAt().isBefore(until)) {
          j++;
        }
        if (j < events.size()) {
          delayed.computeIfAbsent(j, k -> new ArrayList<>()).add(e);
          late++;
          continue;
        }
      }
      order.add(e);
    }
    delayed.values().forEach(order::addAll);
    lateEvents = late;
    return order;
  }

  /** CRM links: every second email address seen goes to the customer's CRM id. */
  private static List<IdentityLink> crmLinks(List<SimulatedEvent> events) {
    Set<String> emails = new TreeSet<>();
    for (SimulatedEvent e : events) {
      if (e.event() instanceof EmailEvent email && email.getCustomer().getEmail() != null) {
        emails.add(email.getCustomer().getEmail());
      }
    }
    List<IdentityLink> links = new ArrayList<>();
    int i = 0;
    for (String email : emails) {
      String local = email.substring(0, email.indexOf('@'));
      int d = local.length();
      while (d > 0 && Character.isDigit(local.charAt(d - 1))) {
        d--;
      }
      if (d == local.length() || i++ % 2 == 1) {
        continue;
      }
      links.add(
          IdentityLink.newBuilder()
              .setIdentifierType(IdentifierType.EMAIL)
              .setIdentifier(email)
              .setCustomerId(String.format("C-%06d", Long.parseLong(local.substring(d))))
              .setSource(LinkSource.CRM)
              .setLinkedAt(Workload.EVENT_CLOCK_START.minus(Duration.ofDays(1)))
              .build());
    }
    return links;
  }

  private void writeInput() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    int every = Math.max(1, writeOrder.size() / (settings.pills() + 1));
    List<Future<RecordMetadata>> pillSends = new ArrayList<>();
    List<String> pillReasons = new ArrayList<>();
    long n = 0;
    try (RecordSerializers serializers =
            RecordSerializers.fromConfig(Map.of("schema.registry.url", registry.url()));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      ChatEvent template = null;
      for (int i = 0; i < writeOrder.size(); i++) {
        SimulatedEvent event = writeOrder.get(i);
        String topic = inputs.name(JourneylineTopic.interactions(event.channel()));
        producer.send(
            new ProducerRecord<>(
                topic,
                serializers.key(topic, event.key()),
                serializers.value(topic, event.event())));
        n++;
        if (template == null && event.event() instanceof ChatEvent chat) {
          template = chat;
        }
        if (template != null && i % every == every - 1 && pillSends.size() < settings.pills()) {
          String chatTopic = inputs.name(JourneylineTopic.INTERACTIONS_CHAT);
          int kind = pillSends.size() % 3;
          byte[] key = serializers.key(chatTopic, "poison-" + pillSends.size());
          byte[] value;
          String reason;
          if (kind == 0) {
            // Not Avro in the Confluent wire format at all.
            value = ("{\"not\":\"avro\",\"pill\":" + pillSends.size() + "}").getBytes();
            reason = "deserialization";
          } else if (kind == 1) {
            value =
                serializers.value(
                    chatTopic,
                    ChatEvent.newBuilder(template)
                        .setOccurredAt(event.occurredAt())
                        .setEventId("")
                        .setContactId("poison-" + pillSends.size())
                        .build());
            reason = "invalid";
          } else {
            value =
                serializers.value(
                    chatTopic,
                    ChatEvent.newBuilder(template)
                        .setOccurredAt(event.occurredAt())
                        .setEventId("poison-" + pillSends.size())
                        .setContactId("poison-" + pillSends.size())
                        .setCustomer(CustomerRef.newBuilder().build())
                        .build());
            reason = "invalid";
          }
          pillSends.add(producer.send(new ProducerRecord<>(chatTopic, key, value)));
          pillReasons.add(reason);
          n++;
        }
      }
      String surveyTopic = inputs.name(JourneylineTopic.SURVEYS);
      for (SimulatedSurvey survey : workload.surveys()) {
        producer.send(
            new ProducerRecord<>(
                surveyTopic,
                serializers.key(surveyTopic, survey.contactId()),
                serializers.value(surveyTopic, survey.response())));
        n++;
      }
      Instant watermark = workload.lastEventTime().plus(Duration.ofDays(1));
      for (ProducerRecord<byte[], byte[]> record :
          EventWriter.heartbeatRound(producer, serializers, inputs, "faults", watermark)) {
        producer.send(record);
        n++;
      }
      producer.flush();
      for (int i = 0; i < pillSends.size(); i++) {
        RecordMetadata m = pillSends.get(i).get();
        pills.add(new Pill(pillReasons.get(i), m.topic(), m.partition(), m.offset()));
      }
    }
    inputRecords = n;
  }

  // ------------------------------------------------------------------ runs

  /** Topic names of a run: the shared interaction topics, everything else its own. */
  TopicCatalog runCatalog(String runId) {
    Map<JourneylineTopic, String> names = Harness.runTopicNames(runId);
    for (JourneylineTopic topic : INPUTS) {
      names.put(topic, inputs.name(topic));
    }
    return TopicCatalog.of(names, settings.partitions(), (short) 1, Duration.ofDays(3650));
  }

  /** A run of the topology: its topics, its CRM links, and up to three instances. */
  final class Run {
    final String id;
    final TopicCatalog catalog;
    final Map<String, String> extra;
    final List<StreamsProcess> instances = new ArrayList<>();
    final KindResult result;
    long startNanos;
    private long lastReportNanos = System.nanoTime();
    private long lastReportCommitted;

    Run(String id, KindResult result, Map<String, String> extra) throws Exception {
      this.id = id;
      this.result = result;
      this.extra = extra;
      this.catalog = runCatalog(id);
      kafka.createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList());
      SchemaBootstrap.registerAll(registry.url(), catalog);
      Map<String, Object> props = new HashMap<>();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      String topic = catalog.name(JourneylineTopic.IDENTITIES);
      long timestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
      try (RecordSerializers serializers =
              RecordSerializers.fromConfig(Map.of("schema.registry.url", registry.url()));
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (IdentityLink link : crmLinks) {
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  timestamp,
                  serializers.key(topic, link.getIdentifierType() + ":" + link.getIdentifier()),
                  serializers.value(topic, link)));
        }
        producer.flush();
      }
    }

    Path stateDir(int instance) {
      return workDir.resolve("state").resolve(id).resolve("i" + instance);
    }

    StreamsProcess instance(int i) throws IOException {
      while (instances.size() <= i) {
        int n = instances.size();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("journeyline.kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("journeyline.schema-registry.schema.registry.url", registry.url());
        props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, id);
        props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir(n).toString());
        props.put(
            StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, Integer.toString(settings.partitions()));
        props.put(StreamsAppConfig.TOPIC_REPLICATION_CONFIG, "1");
        props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, "true");
        props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
        props.put(StreamsAppConfig.QUERY_PORT_CONFIG, "0");
        props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
        for (JourneylineTopic topic : JourneylineTopic.values()) {
          props.put(TopicCatalog.NAME_PREFIX + topic.id(), catalog.name(topic));
        }
        props.putAll(SESSION);
        props.putAll(extra);
        Path config =
            StreamsProcess.writeConfig(
                workDir.resolve("config").resolve(id + "-i" + n + ".properties"), props);
        instances.add(
            new StreamsProcess(
                id + "/i" + n,
                config,
                workDir.resolve("logs").resolve(id + "-i" + n + ".log"),
                settings.heapMb()));
      }
      return instances.get(i);
    }

    /** Starts instance {@code i} and returns the milliseconds until it is ready (or -1). */
    long startAndAwaitReady(int i) throws Exception {
      StreamsProcess p = instance(i);
      long t0 = System.nanoTime();
      p.start();
      long ms = awaitReady(p, Duration.ofMinutes(5));
      if (ms >= 0) {
        result.readyMillis.add((System.nanoTime() - t0) / 1_000_000);
      }
      return ms < 0 ? -1 : (System.nanoTime() - t0) / 1_000_000;
    }

    long awaitReady(StreamsProcess p, Duration timeout) throws InterruptedException, IOException {
      long t0 = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (p.ready()) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
        if (!p.alive()) {
          supervise();
        }
        Thread.sleep(100);
      }
      return -1;
    }

    /** Restarts an instance that exited without the suite asking, as an orchestrator would. */
    void supervise() throws IOException {
      for (StreamsProcess p : instances) {
        if (p.exitedOnItsOwn()) {
          result.unexpectedExits++;
          String tail = p.tail(15);
          progress(
              "  %s exited on its own with status %d; restarting it. Log tail:%n%s",
              p.name(), p.exitCode(), tail);
          result.notes.add(p.name() + " exited on its own (status " + p.exitCode() + ")");
          p.start();
        }
      }
    }

    /** Committed input records over all input records, 0..1. */
    double progressFraction() throws Exception {
      return committedInput() / (double) inputRecords;
    }

    long committedInput() throws Exception {
      return committedInput(committed());
    }

    private long committedInput(Map<TopicPartition, OffsetAndMetadata> committed) {
      long sum = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() != null && e.getKey().topic().startsWith("faults.")) {
          sum += e.getValue().offset();
        }
      }
      reportProgress(sum);
      return sum;
    }

    /** A line on the suite's log once a minute while the run consumes its input. */
    private void reportProgress(long committed) {
      long now = System.nanoTime();
      long elapsed = now - lastReportNanos;
      if (elapsed < TimeUnit.MINUTES.toNanos(1)) {
        return;
      }
      progress(
          "  %s: %,d of %,d input records committed (%.0f %%), %,.0f records/s in the last minute",
          id,
          committed,
          inputRecords,
          100.0 * committed / inputRecords,
          (committed - lastReportCommitted) * 1e9 / elapsed);
      lastReportNanos = now;
      lastReportCommitted = committed;
    }

    Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
      return kafka
          .admin()
          .listConsumerGroupOffsets(id)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
    }

    /** Waits until the committed input progress reaches {@code fraction} (or the run is done). */
    void awaitProgress(double fraction) throws Exception {
      long deadline = System.nanoTime() + settings.runTimeout().toNanos();
      while (progressFraction() < fraction) {
        supervise();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + ": no progress to " + fraction);
        }
        Thread.sleep(100);
      }
    }

    /**
     * Milliseconds from {@code since} (a fault) until the committed input offsets pass {@code
     * before} again, or the input is all committed.
     */
    long awaitRecovery(long since, long before) throws Exception {
      long deadline = System.nanoTime() + settings.runTimeout().toNanos();
      while (true) {
        long now = committedInput();
        if (now > before || now >= inputRecords) {
          long ms = (System.nanoTime() - since) / 1_000_000;
          result.recoveryMillis.add(ms);
          return ms;
        }
        supervise();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + ": did not recover from the fault");
        }
        Thread.sleep(50);
      }
    }

    /** Waits until every input, repartition and feedback record is committed, twice in a row. */
    void awaitDone() throws Exception {
      long deadline = System.nanoTime() + settings.runTimeout().toNanos();
      int stable = 0;
      Map<TopicPartition, Long> lastEnds = Map.of();
      while (true) {
        supervise();
        Map<TopicPartition, Long> ends = ends();
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        committedInput(committed);
        boolean done = true;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
            done = false;
            break;
          }
        }
        stable = done && ends.equals(lastEnds) ? stable + 1 : done ? 1 : 0;
        lastEnds = ends;
        if (stable >= 3) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              id
                  + " did not process its input within "
                  + settings.runTimeout()
                  + ": committed "
                  + committed
                  + " ends "
                  + ends);
        }
        Thread.sleep(1000);
      }
    }

    private Map<TopicPartition, Long> ends() throws Exception {
      Admin admin = kafka.admin();
      List<String> topics = new ArrayList<>();
      for (JourneylineTopic t : INPUTS) {
        topics.add(inputs.name(t));
      }
      topics.add(catalog.name(JourneylineTopic.JOURNEY_TRANSFERS));
      topics.add(catalog.name(JourneylineTopic.IDENTITIES));
      // read back by the contact history and the survey join: the contacts finalized at the end
      // of the input must reach them too, or a survey answer still waits for its contact
      topics.add(catalog.name(JourneylineTopic.CONTACTS));
      admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(id + "-") && t.endsWith("-repartition"))
          .forEach(topics::add);
      List<TopicPartition> partitions =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
              .flatMap(
                  d ->
                      d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
              .toList();
      Map<TopicPartition, OffsetSpec> request =
          partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }

    void stopAll() throws InterruptedException {
      for (StreamsProcess p : instances) {
        p.stop(Duration.ofSeconds(60));
      }
    }

    /** Stops the instances, reads the outputs, compares them with the reference. */
    OutputSnapshot finish() throws InterruptedException {
      stopAll();
      OutputSnapshot snapshot =
          OutputSnapshot.read(kafka.bootstrapServers(), registry.url(), catalog::name);
      checkDeadLetters(snapshot, result);
      return snapshot;
    }
  }

  private void checkDeadLetters(OutputSnapshot snapshot, KindResult result) {
    result.deadLetters = snapshot.deadLetterSources.size();
    Set<String> expected =
        pills.stream().map(Pill::source).collect(Collectors.toCollection(TreeSet::new));
    result.deadLettersMatchInjected =
        snapshot.deadLetterSources.size() == pills.size()
            && new TreeSet<>(snapshot.deadLetterSources).equals(expected);
    if (!result.deadLettersMatchInjected) {
      result.notes.add("dead letters " + snapshot.deadLetterSources + " != injected " + expected);
      progress("  dead letters %s != injected %s", snapshot.deadLetterSources, expected);
    }
  }

  private KindResult newResult(String kind, String description) {
    KindResult r = new KindResult();
    r.kind = kind;
    r.description = description;
    r.events = inputRecords;
    return r;
  }

  private void compare(KindResult r, OutputSnapshot run, TopicCatalog catalog) {
    OutputSnapshot.Diff diff = run.compareWith(reference, r.perTopic);
    explainMismatches(r, run, catalog);
    r.compared = diff.compared();
    r.mismatches = diff.mismatches();
    r.losses = diff.losses();
    r.duplicates = diff.duplicates();
    r.alertRecords = run.alertRecords;
    r.examples.addAll(diff.examples());
    progress(
        "  %s: %,d compared, %d mismatches, %d duplicates, %d losses%s",
        r.kind,
        r.compared,
        r.mismatches,
        r.duplicates,
        r.losses,
        diff.examples().isEmpty() ? "" : " e.g. " + diff.examples());
  }

  /**
   * For a few mismatched keys per topic: the fields whose values differ between the reference and
   * the run (both values decoded through the registry).
   */
  private void explainMismatches(KindResult r, OutputSnapshot run, TopicCatalog catalog) {
    if (!run.differingAlerts.isEmpty()) {
      explainAlerts(r, run, catalog);
    }
    if (run.mismatchedKeys.isEmpty()) {
      return;
    }
    TopicCatalog ref = runCatalog("faults-reference");
    try (io.journeyline.serde.KafkaAvroDeserializer values =
        new io.journeyline.serde.KafkaAvroDeserializer()) {
      values.configure(Map.of("schema.registry.url", registry.url()), false);
      run.mismatchedKeys.forEach(
          (topic, keys) -> {
            Map<String, byte[]> expected =
                OutputSnapshot.lastValues(kafka.bootstrapServers(), ref.name(topic), keys);
            Map<String, byte[]> actual =
                OutputSnapshot.lastValues(kafka.bootstrapServers(), catalog.name(topic), keys);
            for (String key : keys) {
              Object e = values.deserialize(ref.name(topic), expected.get(key));
              Object a = values.deserialize(catalog.name(topic), actual.get(key));
              String line =
                  topic.id() + " " + OutputSnapshot.readable(key) + ": " + fieldDifferences(e, a);
              r.mismatchDetails.add(line);
              progress("    %s", line);
            }
          });
    } catch (RuntimeException e) {
      r.mismatchDetails.add("could not decode the mismatches: " + e);
    }
  }

  /**
   * For an alert standing in one run and not the other: its contact's final summary in both runs
   * (the customer, and whether its sentiment says it alerted).
   */
  private void explainAlerts(KindResult r, OutputSnapshot run, TopicCatalog catalog) {
    TopicCatalog ref = runCatalog("faults-reference");
    Map<String, String> keys = new LinkedHashMap<>();
    for (String alertId : run.differingAlerts) {
      keys.put(OutputSnapshot.stringKey(alertId.substring(alertId.indexOf(':') + 1)), alertId);
    }
    try (io.journeyline.serde.KafkaAvroDeserializer values =
        new io.journeyline.serde.KafkaAvroDeserializer()) {
      values.configure(Map.of("schema.registry.url", registry.url()), false);
      String topic = JourneylineTopic.CONTACTS.defaultName();
      Map<String, byte[]> expected =
          OutputSnapshot.lastValues(
              kafka.bootstrapServers(), ref.name(JourneylineTopic.CONTACTS), keys.keySet());
      Map<String, byte[]> actual =
          OutputSnapshot.lastValues(
              kafka.bootstrapServers(), catalog.name(JourneylineTopic.CONTACTS), keys.keySet());
      keys.forEach(
          (key, alertId) -> {
            String line =
                "alert "
                    + alertId
                    + " (standing in the reference: "
                    + standing(reference, alertId)
                    + ", in the run: "
                    + standing(run, alertId)
                    + "); its contact in the reference: "
                    + contactFacts(values.deserialize(topic, expected.get(key)))
                    + "; in the run: "
                    + contactFacts(values.deserialize(topic, actual.get(key)));
            r.mismatchDetails.add(line);
            progress("    %s", line);
          });
    } catch (RuntimeException e) {
      r.mismatchDetails.add("could not look up the alerts' contacts: " + e);
    }
  }

  private static boolean standing(OutputSnapshot snapshot, String alertId) {
    return snapshot
        .tables
        .get(JourneylineTopic.ALERTS)
        .containsKey(
            java.util.Base64.getEncoder()
                .encodeToString(alertId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String contactFacts(Object contact) {
    if (!(contact instanceof org.apache.avro.generic.GenericRecord c)) {
      return "none";
    }
    return "customer "
        + c.get("customerId")
        + ", revision "
        + c.get("revision")
        + ", sentiment "
        + c.get("sentiment");
  }

  private static String fieldDifferences(Object expected, Object actual) {
    if (!(expected instanceof org.apache.avro.generic.GenericRecord e)
        || !(actual instanceof org.apache.avro.generic.GenericRecord a)) {
      return "reference " + expected + " run " + actual;
    }
    List<String> out = new ArrayList<>();
    for (org.apache.avro.Schema.Field f : e.getSchema().getFields()) {
      if (OutputSnapshot.PROCESSING_FIELDS.contains(f.name())) {
        continue;
      }
      StringBuilder x = new StringBuilder();
      OutputSnapshot.canonical(e.get(f.name()), x);
      StringBuilder y = new StringBuilder();
      OutputSnapshot.canonical(a.get(f.name()), y);
      if (!x.toString().equals(y.toString())) {
        out.add(f.name() + ": reference " + abbreviate(x) + " run " + abbreviate(y));
      }
    }
    return out.isEmpty() ? "no field differs (encoding only)" : String.join("; ", out);
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }

  /** The clean run whose outputs are the truth. */
  void referenceRun() throws Exception {
    KindResult r = newResult("reference", "one clean run, one instance: its outputs are the truth");
    long t0 = System.nanoTime();
    Run run = new Run("faults-reference", r, Map.of());
    run.startAndAwaitReady(0);
    long ready = System.nanoTime();
    run.awaitDone();
    referenceMillis = (System.nanoTime() - ready) / 1_000_000;
    reference = run.finish();
    r.elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    r.compared = reference.sizes().values().stream().mapToLong(Long::longValue).sum();
    r.alertRecords = reference.alertRecords;
    r.mismatches = 0;
    r.losses = 0;
    r.duplicates = 0;
    results.add(r);
    progress(
        "Reference: %,d input records in %.1f s after ready (%,.0f records/s); outputs %s; dead"
            + " letters %d (injected %d, sources match: %s)",
        inputRecords,
        referenceMillis / 1000.0,
        referenceRate(),
        reference.sizes(),
        r.deadLetters,
        pills.size(),
        r.deadLettersMatchInjected);
    if (r.unexpectedExits > 0) {
      r.notes.add("the reference run itself had unexpected exits");
    }
  }

  double referenceRate() {
    return inputRecords / Math.max(0.001, referenceMillis / 1000.0);
  }

  /** Runs one kind, catching its failure into the result. */
  void run(String kind) throws InterruptedException {
    KindResult r =
        switch (kind) {
          case "control" -> newResult(kind, "a second clean run: the outputs are deterministic");
          case "kill9" ->
              newResult(kind, "SIGKILL of the streams JVM at random points, restarted each time");
          case "broker-restart" ->
              newResult(
                  kind,
                  "the broker stopped mid-stream and started again on the same data directory");
          case "rebalance" ->
              newResult(kind, "a 2nd and 3rd instance join and leave (SIGTERM) repeatedly");
          case "zombie" ->
              newResult(
                  kind,
                  "one of two instances SIGSTOPped past max.poll.interval.ms and session timeout, then SIGCONT");
          case "state-loss" ->
              newResult(
                  kind,
                  "SIGKILL, local state directory deleted, restart restores from the changelogs");
          default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    progress("Run %s: %s", kind, r.description);
    long t0 = System.nanoTime();
    Run run = null;
    try {
      Map<String, String> extra = new HashMap<>();
      if (kind.equals("zombie")) {
        extra.put("journeyline.kafka.max.poll.interval.ms", "10000");
      }
      run = new Run("faults-" + kind, r, extra);
      switch (kind) {
        case "control" -> run.startAndAwaitReady(0);
        case "kill9" -> kills(run, settings.kills(), false);
        case "state-loss" -> kills(run, settings.stateLosses(), true);
        case "broker-restart" -> brokerRestarts(run);
        case "rebalance" -> rebalances(run);
        case "zombie" -> zombies(run);
        default -> throw new IllegalArgumentException(kind);
      }
      run.awaitDone();
      OutputSnapshot snapshot = run.finish();
      compare(r, snapshot, run.catalog);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      r.error = e.toString();
      progress("  %s FAILED: %s", kind, e);
      if (run != null) {
        for (StreamsProcess p : run.instances) {
          progress("  %s log tail:%n%s", p.name(), p.tail(20));
        }
        run.stopAll();
      }
    }
    r.elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    results.add(r);
  }

  /** Fault points: {@code n} sorted random fractions of the input in [0.05, 0.9]. */
  private List<Double> points(int n) {
    List<Double> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(0.05 + 0.85 * random.nextDouble());
    }
    points.sort(Comparator.naturalOrder());
    return points;
  }

  private void kills(Run run, int n, boolean loseState) throws Exception {
    run.startAndAwaitReady(0);
    StreamsProcess p = run.instance(0);
    for (double point : points(n)) {
      run.awaitProgress(point);
      Thread.sleep(random.nextInt(500));
      if (run.progressFraction() >= 0.999) {
        run.result.notes.add("input consumed before all faults");
        break;
      }
      long before = run.committedInput();
      long t0 = System.nanoTime();
      p.kill9();
      run.result.faults++;
      long stateBytes = 0;
      if (loseState) {
        stateBytes = directorySize(run.stateDir(0));
        deleteRecursively(run.stateDir(0));
      }
      long restart = System.nanoTime();
      p.start();
      long ready = run.awaitReady(p, Duration.ofMinutes(10));
      long readyMs = ready < 0 ? -1 : (System.nanoTime() - restart) / 1_000_000;
      if (readyMs >= 0) {
        run.result.readyMillis.add(readyMs);
      }
      if (loseState) {
        run.result.restores.add(new long[] {stateBytes, readyMs});
      }
      long rec = run.awaitRecovery(t0, before);
      progress(
          "  %s %d/%d at %.0f%% of the input: ready again in %.1f s, processing again after %.1f s%s",
          loseState ? "state loss" : "SIGKILL",
          run.result.faults,
          n,
          point * 100,
          readyMs / 1000.0,
          rec / 1000.0,
          loseState ? String.format(" (state was %,d bytes)", stateBytes) : "");
    }
  }

  private void brokerRestarts(Run run) throws Exception {
    run.startAndAwaitReady(0);
    for (double point : points(settings.brokerRestarts())) {
      run.awaitProgress(point);
      long before = run.committedInput();
      long t0 = System.nanoTime();
      long down = restartBroker(Duration.ofSeconds(5));
      run.result.faults++;
      long rec = run.awaitRecovery(t0, before);
      progress(
          "  broker restart %d at %.0f%%: broker back after %.1f s, processing again after %.1f s",
          run.result.faults, point * 100, down / 1000.0, rec / 1000.0);
    }
  }

  private void rebalances(Run run) throws Exception {
    run.startAndAwaitReady(0);
    List<Double> points = points(settings.rebalanceCycles());
    for (int c = 0; c < points.size(); c++) {
      run.awaitProgress(points.get(c));
      List<Integer> joiners = c % 2 == 0 ? List.of(1, 2) : List.of(1);
      long before = run.committedInput();
      long t0 = System.nanoTime();
      for (int i : joiners) {
        run.instance(i).start();
      }
      run.result.faults += joiners.size();
      for (int i : joiners) {
        run.awaitReady(run.instance(i), Duration.ofMinutes(5));
      }
      long rec = run.awaitRecovery(t0, before);
      Thread.sleep(1000 + random.nextInt(3000));
      before = run.committedInput();
      long t1 = System.nanoTime();
      for (int i : joiners) {
        run.instance(i).stop(Duration.ofSeconds(60));
      }
      run.result.faults += joiners.size();
      long rec2 = run.awaitRecovery(t1, before);
      progress(
          "  cycle %d at %.0f%%: %d joined (processing after %.1f s) and left (processing after"
              + " %.1f s)",
          c + 1, points.get(c) * 100, joiners.size(), rec / 1000.0, rec2 / 1000.0);
    }
  }

  private void zombies(Run run) throws Exception {
    run.startAndAwaitReady(0);
    run.startAndAwaitReady(1);
    for (double point : points(settings.zombies())) {
      run.awaitProgress(point);
      StreamsProcess zombie = run.instance(random.nextInt(2));
      long before = run.committedInput();
      long t0 = System.nanoTime();
      zombie.signal("STOP");
      Thread.sleep(Duration.ofSeconds(18).toMillis());
      long recovered = run.committedInput();
      zombie.signal("CONT");
      run.result.faults++;
      long rec = run.awaitRecovery(t0, before);
      run.awaitReady(zombie, Duration.ofMinutes(5));
      progress(
          "  zombie %d at %.0f%%: %s frozen 18 s (the other went on: %s), processing again after"
              + " %.1f s, the zombie ready again",
          run.result.faults,
          point * 100,
          zombie.name(),
          recovered > before ? "yes" : "not yet",
          rec / 1000.0);
    }
  }

  // ------------------------------------------------------------------ whole suite

  /** Runs the suite's kinds after the reference. */
  void runAll() throws Exception {
    referenceRun();
    for (String kind : settings.kinds()) {
      switch (kind) {
        case "adapters" -> {
          progress(
              "Run adapters: clients post through the ingest API while the broker goes down and comes back; they retry on 503");
          adapters = new AdaptersFaultRun(this).run();
        }
        case "soak" -> {
          progress(
              "Soak: %d s at %.0f events/s, paced live",
              settings.soakSeconds(), settings.soakRate());
          soak = new SoakRun(this).run(settings.soakRate());
        }
        default -> run(kind);
      }
    }
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  static long directorySize(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Event ids of the workload, each once, in order (for the adapters run). */
  List<SimulatedEvent> distinctEvents(int limit) {
    Set<String> seen = new LinkedHashSet<>();
    List<SimulatedEvent> out = new ArrayList<>();
    for (SimulatedEvent e : workload.events()) {
      String id =
          String.valueOf(((org.apache.avro.generic.GenericRecord) e.event()).get("eventId"));
      if (seen.add(id)) {
        out.add(e);
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Copies the instances' logs out of the work directory, which {@link #close()} deletes: the
   * evidence of a run that was not exact.
   */
  void copyLogs(Path target) throws IOException {
    Path logs = workDir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Keeps the work directory (the broker's data with every topic, internal ones included, the
   * instances' state and logs) when the suite closes, for reading a run's records afterwards.
   */
  void keepWorkDir() {
    keepWorkDir = true;
  }

  @Override
  public void close() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (keepWorkDir) {
      log.printf("Kept the work directory %s (broker data in kafka/, logs in logs/)%n", workDir);
      return;
    }
    try {
      deleteRecursively(workDir);
    } catch (IOException e) {
      log.printf("Could not delete %s: %s%n", workDir, e);
    }
  }
}

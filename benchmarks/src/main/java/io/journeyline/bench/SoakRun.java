package io.journeyline.bench;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.SchemaBootstrap;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.TrafficGenerator;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bounded soak: one streams instance (a child JVM) fed live at a fixed rate by the seeded
 * simulator, on topics of its own, sampled at a fixed interval: the child's heap after its own
 * accounting ({@code /metrics}), its open files and live threads, the RocksDB state on disk, and
 * the consumer lag of its input.
 *
 * <p>The heap is sampled twice. <em>Heap used</em> is what the child reports between collections:
 * with the serial collector the old generation fills with promoted garbage until a full collection,
 * so it rises and falls with the collector's rhythm and says little about a leak. <em>Live
 * heap</em> is read right after the suite asks the child for a full collection ({@code jcmd <pid>
 * GC.run}, one a sample, some tens of milliseconds on this heap): what the instance really holds.
 *
 * <p>RocksDB holds its newest writes in memtables (at most three of 16 MiB per store, Kafka
 * Streams' defaults, each counted with the overwritten versions it still holds) and the rest in
 * files; both are sampled, the memtables from the child's {@code /metrics}. The files are reported
 * in two parts. The <em>working state</em> (every store but the contact history) is bounded in
 * event time: dedup (2 days), the contacts' identities and the journeys (the 30-day horizon and a
 * little more), the identity graph (the customer pool), and the aggregate buckets (their retention,
 * which the soak sets to the journey horizon, the shortest allowed, instead of 395 days). The
 * soak's event time runs far faster than the wall clock (a small customer pool, {@code
 * --soak-customers}), so it passes all of these and the working state must level off. The
 * <em>contact history</em> ({@code contact-history-store} and its index) keeps every contact for
 * 395 days of <em>wall clock</em>, by design, so within a 30-minute soak it grows by the bytes of
 * each new contact; it is reported beside the working state, not hidden in it.
 */
final class SoakRun {

  /** One sample. */
  record Sample(
      long second,
      long produced,
      long eventTimeMs,
      long lag,
      long heapUsedBytes,
      long liveHeapBytes,
      long workingStateBytes,
      long historyBytes,
      long memtableBytes,
      long openFiles,
      long liveThreads) {}

  /**
   * The soak's outcome.
   *
   * @param rate paced input rate, events/s
   * @param seconds duration
   * @param produced events produced
   * @param samples one per interval
   * @param unexpectedExits exits of the instance the suite did not cause
   * @param error why it failed, or null
   */
  record Result(
      double rate,
      int seconds,
      long produced,
      List<Sample> samples,
      int unexpectedExits,
      String error) {}

  private final FaultSuite suite;

  SoakRun(FaultSuite suite) {
    this.suite = suite;
  }

  Result run(double rate) throws InterruptedException {
    FaultSuite.Settings settings = suite.settings();
    String id = "faults-soak";
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      names.put(topic, id + "." + topic.id());
    }
    TopicCatalog catalog =
        TopicCatalog.of(names, settings.partitions(), (short) 1, Duration.ofDays(3650));
    List<Sample> samples = new ArrayList<>();
    AtomicLong produced = new AtomicLong();
    AtomicLong eventTime = new AtomicLong(Workload.EVENT_CLOCK_START.toEpochMilli());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Exception> feederError = new AtomicReference<>();
    StreamsProcess p = null;
    Thread feeder = null;
    int exits = 0;
    try {
      suite
          .admin()
          .createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList())
          .all()
          .get(60, TimeUnit.SECONDS);
      SchemaBootstrap.registerAll(suite.registryUrl(), catalog);
      Path stateDir = suite.workDir().resolve("state").resolve(id);
      Map<String, String> props = new LinkedHashMap<>();
      props.put("journeyline.kafka.bootstrap.servers", suite.bootstrapServers());
      props.put("journeyline.schema-registry.schema.registry.url", suite.registryUrl());
      props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, id);
      props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, Integer.toString(settings.partitions()));
      props.put(StreamsAppConfig.TOPIC_REPLICATION_CONFIG, "1");
      props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, "true");
      props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
      props.put(StreamsAppConfig.QUERY_PORT_CONFIG, "0");
      props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
      props.putAll(FaultSuite.SESSION);
      // The shortest metric retention allowed (the default journey horizon): the soak's months of
      // event time pass it, so the aggregate store must level off too.
      props.put(
          StreamsAppConfig.METRICS_RETENTION_MS_CONFIG,
          Long.toString(Duration.ofDays(30).toMillis()));
      for (JourneylineTopic topic : JourneylineTopic.values()) {
        props.put(TopicCatalog.NAME_PREFIX + topic.id(), catalog.name(topic));
      }
      p =
          new StreamsProcess(
              id,
              StreamsProcess.writeConfig(
                  suite.workDir().resolve("config").resolve(id + ".properties"), props),
              suite.workDir().resolve("logs").resolve(id + ".log"),
              settings.heapMb());
      p.start();
      long t0 = System.nanoTime();
      while (!p.ready()) {
        if (!p.alive() || System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
          throw new IllegalStateException("soak instance did not start:\n" + p.tail(20));
        }
        Thread.sleep(100);
      }
      feeder =
          new Thread(
              () -> {
                try {
                  feed(catalog, rate, produced, eventTime, stop);
                } catch (Exception e) {
                  feederError.set(e);
                }
              },
              "soak-feeder");
      feeder.start();
      long start = System.nanoTime();
      long end = start + Duration.ofSeconds(settings.soakSeconds()).toNanos();
      long nextSample = start + Duration.ofSeconds(settings.soakSampleSeconds()).toNanos();
      while (System.nanoTime() < end) {
        if (feederError.get() != null) {
          throw feederError.get();
        }
        if (p.exitedOnItsOwn()) {
          exits++;
          suite.progress("  soak instance exited (status %d); restarting it", p.exitCode());
          p.start();
        }
        if (System.nanoTime() >= nextSample) {
          nextSample += Duration.ofSeconds(settings.soakSampleSeconds()).toNanos();
          Sample s =
              sample(
                  p,
                  catalog,
                  stateDir,
                  (System.nanoTime() - start) / 1_000_000_000L,
                  produced.get(),
                  eventTime.get());
          samples.add(s);
          suite.progress(
              "  soak %4d s: produced %,d (event time day %.1f), lag %,d, heap %.0f MiB (live %s),"
                  + " working state %.1f MiB, contact history %.1f MiB, memtables %.0f MiB,"
                  + " files %d, threads %d",
              s.second(),
              s.produced(),
              eventDays(s),
              s.lag(),
              s.heapUsedBytes() / 1048576.0,
              s.liveHeapBytes() < 0
                  ? "unknown"
                  : String.format("%.0f MiB", s.liveHeapBytes() / 1048576.0),
              s.workingStateBytes() / 1048576.0,
              s.historyBytes() / 1048576.0,
              s.memtableBytes() / 1048576.0,
              s.openFiles(),
              s.liveThreads());
        }
        Thread.sleep(200);
      }
      return new Result(rate, settings.soakSeconds(), produced.get(), samples, exits, null);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      suite.progress("  soak FAILED: %s", e);
      return new Result(rate, settings.soakSeconds(), produced.get(), samples, exits, e.toString());
    } finally {
      stop.set(true);
      if (feeder != null) {
        feeder.join(30_000);
      }
      if (p != null) {
        p.stop(Duration.ofSeconds(60));
      }
    }
  }

  /** Days of event time the feeder had covered at the sample. */
  static double eventDays(Sample s) {
    return (s.eventTimeMs() - Workload.EVENT_CLOCK_START.toEpochMilli()) / 86_400_000.0;
  }

  private Sample sample(
      StreamsProcess p,
      TopicCatalog catalog,
      Path stateDir,
      long second,
      long produced,
      long eventTimeMs)
      throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (JourneylineTopic t : Harness.INPUTS) {
      suite
          .admin()
          .describeTopics(List.of(catalog.name(t)))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(pi -> partitions.add(new TopicPartition(d.name(), pi.partition()))));
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> committed =
        suite
            .admin()
            .listConsumerGroupOffsets("faults-soak")
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long lag = 0;
    for (var e : suite.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    String metrics = p.get("/metrics", 200);
    long heap = 0;
    long memtables = 0;
    long files = -1;
    long threads = -1;
    if (metrics != null) {
      heap = heapUsed(metrics);
      for (String line : metrics.split("\n")) {
        if (line.startsWith("kafka_stream_state_size_all_mem_tables{")) {
          memtables += (long) value(line);
        } else if (line.startsWith("process_files_open_files ")) {
          files = (long) value(line);
        } else if (line.startsWith("jvm_threads_live_threads ")) {
          threads = (long) value(line);
        }
      }
    }
    long live = liveHeap(p);
    long total = FaultSuite.directorySize(stateDir);
    long history = historySize(stateDir);
    return new Sample(
        second,
        produced,
        eventTimeMs,
        lag,
        heap,
        live,
        total - history,
        history,
        memtables,
        files,
        threads);
  }

  /**
   * The child's heap right after a full collection it was asked for ({@code jcmd <pid> GC.run}, the
   * JDK's own tool next to this JVM), or -1 when that is not possible (no jcmd, no answer).
   */
  private static long liveHeap(StreamsProcess p) throws InterruptedException, IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    Process gc =
        new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      gc.destroyForcibly();
      return -1;
    }
    String metrics = p.get("/metrics", 200);
    return metrics == null ? -1 : heapUsed(metrics);
  }

  /**
   * The heap used over all heap pools, from a Prometheus scrape of the child's {@code /metrics}.
   */
  private static long heapUsed(String metrics) {
    long heap = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += (long) value(line);
      }
    }
    return heap;
  }

  /** Bytes under the contact history's store directories ({@code contact-history-*}). */
  static long historySize(Path stateDir) {
    if (!Files.exists(stateDir)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.walk(stateDir)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().startsWith("contact-history-"))
          .mapToLong(FaultSuite::directorySize)
          .sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static double value(String line) {
    String[] parts = line.trim().split(" ");
    return Double.parseDouble(parts[parts.length - 1]);
  }

  /**
   * Produces the simulator's events at {@code rate}, with a heartbeat per partition every second.
   */
  private void feed(
      TopicCatalog catalog,
      double rate,
      AtomicLong produced,
      AtomicLong eventTime,
      AtomicBoolean stop)
      throws Exception {
    FaultSuite.Settings settings = suite.settings();
    Instant start = Workload.EVENT_CLOCK_START;
    TrafficGenerator generator =
        new TrafficGenerator(
            SimulationProfile.defaults(settings.seed() + 1, start)
                .withCustomers(settings.soakCustomers()));
    double arrivalsPerHour = Math.max(10.0, settings.soakCustomers() / 48.0);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (RecordSerializers serializers =
            RecordSerializers.fromConfig(Map.of("schema.registry.url", suite.registryUrl()));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      long nextHeartbeat = t0;
      Instant clock = start;
      Instant last = start;
      while (!stop.get()) {
        clock = clock.plus(Duration.ofMinutes(1));
        for (SimulatedEvent event : generator.advanceTo(clock, arrivalsPerHour)) {
          String topic = catalog.name(JourneylineTopic.interactions(event.channel()));
          producer.send(
              new ProducerRecord<>(
                  topic,
                  serializers.key(topic, event.key()),
                  serializers.value(topic, event.event())));
          last = event.occurredAt();
          eventTime.set(last.toEpochMilli());
          long n = produced.incrementAndGet();
          long due = t0 + (long) (n / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 2_000_000) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          if (stop.get()) {
            break;
          }
        }
        if (System.nanoTime() >= nextHeartbeat) {
          nextHeartbeat = System.nanoTime() + 1_000_000_000L;
          for (ProducerRecord<byte[], byte[]> record :
              EventWriter.heartbeatRound(producer, serializers, catalog, "soak", last)) {
            producer.send(record);
          }
        }
      }
      producer.flush();
    }
  }
}

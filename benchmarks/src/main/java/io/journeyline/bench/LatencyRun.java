package io.journeyline.bench;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.avro.ContactSummary;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.demo.SchemaBootstrap;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.TrafficGenerator;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end latency of the full topology ({@code exactly_once_v2}) under a paced load.
 *
 * <p>A fresh app gets its own interaction topics and its own {@code journeyline.contacts}, all
 * created with {@code message.timestamp.type=LogAppendTime}, so every record's timestamp is the
 * broker's append time (the topology takes event time from the payload's {@code occurredAt}, so the
 * input timestamps do not matter to it). Once it runs, a producer writes new events of the seeded
 * simulator (another seed than the pre-loaded input: fresh event ids and contacts) at a constant
 * rate. Their event times start now and advance about as fast as the wall clock (the contact
 * arrival rate is calibrated for it), so nothing is late.
 *
 * <p>An input event is "out" at the first {@code ContactSummary} of its conversation (the input
 * key) whose {@code lastEventAt} reaches the event's {@code occurredAt}: the first output that
 * folded it. That works for sessionized SMS and email conversations too, whose later contacts get
 * other contact ids and restart their event counts. Latency is that output's append time minus the
 * input's; a second figure takes the time a {@code read_committed} consumer in the same process
 * received it instead (what a downstream reader sees: it adds the wait for the transaction's
 * commit). The first seconds are a warm-up and are not counted.
 */
final class LatencyRun {

  /** Contacts already under way when the window opens: the generator runs this long first. */
  private static final Duration PREROLL = Duration.ofMinutes(2);

  /** Contact arrivals per second above which the events come from several generators. */
  private static final double MAX_ARRIVALS_PER_SECOND = 100;

  /** p99 target at half load, in milliseconds. */
  static final double TARGET_P99_MS = 300;

  /**
   * What the latency run measured.
   *
   * @param rate the paced rate, events/s
   * @param sentRate the rate the producer achieved over the whole run
   * @param warmupSeconds the first seconds, not counted
   * @param seconds the whole paced duration, warm-up included
   * @param sent events sent
   * @param measured events sent after the warm-up
   * @param matched of those, events whose output was found
   * @param dlqRecords end offsets of the run's DLQ (0 when no event was late or invalid)
   * @param p50Ms append-to-append latency, median
   * @param p95Ms append-to-append latency, 95th percentile
   * @param p99Ms append-to-append latency, 99th percentile
   * @param maxMs append-to-append latency, maximum
   * @param visibleP50Ms input append to receipt by a read_committed consumer, median
   * @param visibleP95Ms the same, 95th percentile
   * @param visibleP99Ms the same, 99th percentile
   * @param visibleMaxMs the same, maximum
   * @param eventSecondsPerSecond event time the sent events span per wall-clock second of sending
   * @param firstQuarterP50Ms append-to-append median of the first quarter of the measured events
   * @param lastQuarterP50Ms the same of the last quarter: well above the first when the app falls
   *     behind the paced rate
   * @param p99BySecondMs append-to-append p99 of the events sent in each second of the measured
   *     window, in order (shows whether the tail comes from periodic stalls)
   */
  record Result(
      double rate,
      double sentRate,
      int warmupSeconds,
      int seconds,
      long sent,
      long measured,
      long matched,
      long dlqRecords,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      double visibleP50Ms,
      double visibleP95Ms,
      double visibleP99Ms,
      double visibleMaxMs,
      double eventSecondsPerSecond,
      double firstQuarterP50Ms,
      double lastQuarterP50Ms,
      List<Double> p99BySecondMs) {

    boolean met() {
      return matched > 0 && p99Ms <= TARGET_P99_MS;
    }
  }

  private final Harness harness;
  private final Harness.Settings settings;
  private final PrintStream log;

  LatencyRun(Harness harness, Harness.Settings settings, PrintStream log) {
    this.harness = harness;
    this.settings = settings;
    this.log = log;
  }

  /**
   * The warm-up of a latency run of {@code seconds}: a quarter of it, at most 10 s (the p99 of the
   * first seconds after a fresh start is still well above the steady one).
   */
  static int defaultWarmupSeconds(int seconds) {
    return Math.max(1, Math.min(10, seconds / 4));
  }

  /**
   * Paces new events at {@code rate} events/s for {@code seconds} into a fresh app; the events sent
   * in the first {@code warmupSeconds} are not counted.
   */
  Result run(String runId, double rate, int seconds, int warmupSeconds) throws Exception {
    StreamsAppConfig config =
        harness.appConfig(
            runId,
            StreamsConfig.EXACTLY_ONCE_V2,
            harness.stateDir(runId),
            Harness.runTopicNames(runId));
    TopicCatalog catalog = config.topicCatalog();
    SchemaBootstrap.registerAll(harness.registryUrl(), catalog);
    List<JourneylineTopic> timed = new ArrayList<>(Harness.INPUTS);
    timed.add(JourneylineTopic.CONTACTS);
    harness.kafka().createTopics(timed.stream().map(t -> appendTimed(catalog.spec(t))).toList());
    List<String> inputs = Harness.INPUTS.stream().map(catalog::name).toList();
    String contacts = catalog.name(JourneylineTopic.CONTACTS);
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());

    List<SimulatedEvent> events;
    Sent sent;
    long dlq;
    List<Output> outputs;
    try (ContactsReader reader = new ContactsReader(harness.bootstrapServers(), contacts)) {
      reader.awaitAssigned();
      try (JourneylineStreams app = JourneylineStreams.start(config, serdes)) {
        Harness.awaitRunning(runId, app::state);
        int count = (int) Math.round(rate * seconds);
        long t0 = System.nanoTime();
        events = events(settings.seed() + 1, settings.customers(), rate, count, Instant.now());
        log.printf(
            "  latency: %,d new events generated in %.1f s; pacing them at %,.0f events/s for %d s"
                + " (the first %d s a warm-up)%n",
            events.size(), (System.nanoTime() - t0) / 1e9, rate, seconds, warmupSeconds);
        sent = send(catalog, events, rate);
        harness.awaitConsumed(runId, inputs, () -> app.state() == KafkaStreams.State.ERROR);
        reader.awaitPositions(
            harness.endOffsets(harness.partitionsOf(List.of(contacts))), Duration.ofSeconds(60));
        dlq = harness.dlqRecords(config);
        app.close(Duration.ofSeconds(30));
      }
      outputs = reader.stop();
    }

    Map<String, List<long[]>> byConversation = new HashMap<>();
    try (Deserializer<ContactSummary> values = serdes.contact().deserializer()) {
      for (Output out : outputs) {
        ContactSummary summary = values.deserialize(contacts, out.value());
        if (summary == null) {
          continue;
        }
        byConversation
            .computeIfAbsent(summary.getConversationKey(), k -> new ArrayList<>())
            .add(
                new long[] {summary.getLastEventAt().toEpochMilli(), out.appendMs(), out.seenMs()});
      }
    }
    byConversation.values().forEach(l -> l.sort(Comparator.comparingLong(o -> o[1])));
    int first = (int) Math.min(events.size(), Math.round(rate * warmupSeconds));
    // Per measured event (in send order): append-to-append and append-to-receipt, -1 if unmatched.
    long[] appendToAppend = new long[events.size() - first];
    long[] appendToSeen = new long[events.size() - first];
    Arrays.fill(appendToAppend, -1);
    int matched = 0;
    for (int k = first; k < events.size(); k++) {
      long in = sent.appendMs().get(k);
      List<long[]> candidates = byConversation.get(events.get(k).key());
      if (in <= 0 || candidates == null) {
        continue;
      }
      long occurred = events.get(k).occurredAt().toEpochMilli();
      for (long[] out : candidates) {
        if (out[0] >= occurred && out[1] >= in) {
          appendToAppend[k - first] = out[1] - in;
          appendToSeen[k - first] = out[2] - in;
          matched++;
          break;
        }
      }
    }
    int quarter = appendToAppend.length / 4;
    long[] firstQuarter = matchedSorted(appendToAppend, appendToAppend, 0, quarter);
    long[] lastQuarter =
        matchedSorted(
            appendToAppend, appendToAppend, appendToAppend.length - quarter, appendToAppend.length);
    List<Double> p99BySecond = new ArrayList<>();
    int perSecond = (int) Math.max(1, Math.round(rate));
    for (int from = 0; from < appendToAppend.length; from += perSecond) {
      int to = Math.min(appendToAppend.length, from + perSecond);
      p99BySecond.add(percentile(matchedSorted(appendToAppend, appendToAppend, from, to), 0.99));
    }
    long[] v = matchedSorted(appendToAppend, appendToSeen, 0, appendToAppend.length);
    long[] a = matchedSorted(appendToAppend, appendToAppend, 0, appendToAppend.length);
    double span =
        events.isEmpty()
            ? 0
            : Duration.between(
                        events.get(0).occurredAt(), events.get(events.size() - 1).occurredAt())
                    .toMillis()
                / 1000.0;
    Result result =
        new Result(
            rate,
            events.size() / (sent.nanos() / 1e9),
            warmupSeconds,
            seconds,
            events.size(),
            events.size() - first,
            matched,
            dlq,
            percentile(a, 0.50),
            percentile(a, 0.95),
            percentile(a, 0.99),
            percentile(a, 1.0),
            percentile(v, 0.50),
            percentile(v, 0.95),
            percentile(v, 0.99),
            percentile(v, 1.0),
            span / (events.size() / rate),
            percentile(firstQuarter, 0.5),
            percentile(lastQuarter, 0.5),
            List.copyOf(p99BySecond));
    log.printf(
        "  latency: sent %,.0f events/s, matched %,d of %,d; p50 %.0f ms, p95 %.0f ms, p99 %.0f"
            + " ms, max %.0f ms (read_committed receipt: p99 %.0f ms)%n",
        result.sentRate(),
        matched,
        result.measured(),
        result.p50Ms(),
        result.p95Ms(),
        result.p99Ms(),
        result.maxMs(),
        result.visibleP99Ms());
    return result;
  }

  /** The {@code values} in {@code [from, to)} whose event was matched, sorted. */
  private static long[] matchedSorted(long[] matched, long[] values, int from, int to) {
    long[] out = new long[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (matched[i] >= 0) {
        out[n++] = values[i];
      }
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  /** Nearest rank; NaN when empty. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static NewTopic appendTimed(TopicSpec spec) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    return new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(configs);
  }

  // ---------------------------------------------------------------- the paced events

  /**
   * {@code count} events of the simulator from {@code windowStart} on, with a contact arrival rate
   * such that they span about {@code count / rate} seconds of event time: sent at {@code rate}
   * events/s, their event time then moves about as fast as the wall clock, and none is later than
   * {@code windowStart} plus its due time. The generator runs {@link #PREROLL} before the window
   * and its events are dropped, so that the window opens with contacts under way rather than only
   * with first events.
   */
  static List<SimulatedEvent> events(
      long seed, int customers, double rate, int count, Instant windowStart) {
    double wallSeconds = count / rate;
    double arrivalsPerHour = rate * 3600 / TrafficGenerator.MEAN_EVENTS_PER_CONTACT;
    List<SimulatedEvent> events = window(seed, customers, arrivalsPerHour, count, windowStart);
    // The realized event rate is not quite proportional to the arrival rate (contacts spread their
    // events over minutes to hours): correct it a few times until event time keeps pace.
    for (int pass = 0; pass < 4 && events.size() > 1; pass++) {
      double span = span(events);
      if (span <= 0 || Math.abs(span / wallSeconds - 1) <= 0.05) {
        break;
      }
      arrivalsPerHour *= span / wallSeconds;
      events = window(seed, customers, arrivalsPerHour, count, windowStart);
    }
    // Event time still runs a little ahead of or behind the wall clock: move the window back (the
    // seed fixes the sequence relative to its start) so that no event is stamped later than the
    // moment it is due to be sent.
    long leadMs = 0;
    for (int k = 0; k < events.size(); k++) {
      long due = windowStart.toEpochMilli() + (long) (k * 1000 / rate);
      leadMs = Math.max(leadMs, events.get(k).occurredAt().toEpochMilli() - due);
    }
    if (leadMs > 0) {
      events = window(seed, customers, arrivalsPerHour, count, windowStart.minusMillis(leadMs));
    }
    return events;
  }

  /** Event time from the first to the last event, in seconds. */
  private static double span(List<SimulatedEvent> events) {
    return Duration.between(events.get(0).occurredAt(), events.get(events.size() - 1).occurredAt())
            .toMillis()
        / 1000.0;
  }

  private static List<SimulatedEvent> window(
      long seed, int customers, double arrivalsPerHour, int count, Instant windowStart) {
    // One generator draws arrival gaps in whole milliseconds, which distorts its rate at hundreds
    // of contacts per second: above MAX_ARRIVALS_PER_SECOND, several generators (seeds seed,
    // seed + 1, ...) share the rate and their events are merged in event-time order.
    int generatorCount =
        Math.max(1, (int) Math.ceil(arrivalsPerHour / 3600 / MAX_ARRIVALS_PER_SECOND));
    double share = arrivalsPerHour / generatorCount;
    List<TrafficGenerator> generators = new ArrayList<>(generatorCount);
    for (int i = 0; i < generatorCount; i++) {
      TrafficGenerator generator =
          new TrafficGenerator(
              SimulationProfile.defaults(seed + i, windowStart.minus(PREROLL))
                  .withCustomers(customers));
      generator.advanceTo(windowStart.minusMillis(1), share);
      generators.add(generator);
    }
    List<SimulatedEvent> out = new ArrayList<>(count);
    Instant clock = windowStart;
    while (out.size() < count) {
      clock = clock.plusSeconds(1);
      List<SimulatedEvent> step = new ArrayList<>();
      for (TrafficGenerator generator : generators) {
        step.addAll(generator.advanceTo(clock, share));
      }
      step.sort(Comparator.comparing(SimulatedEvent::occurredAt));
      for (SimulatedEvent event : step) {
        if (out.size() < count) {
          out.add(event);
        }
      }
    }
    return out;
  }

  /** What the producer did: each event's input append time (0 if not sent) and the duration. */
  private record Sent(AtomicLongArray appendMs, long nanos) {}

  /** Serializes every event first, then sends them at {@code rate} events/s. */
  private Sent send(TopicCatalog catalog, List<SimulatedEvent> events, double rate)
      throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
    try (RecordSerializers serializers =
        RecordSerializers.fromConfig(Map.of("schema.registry.url", harness.registryUrl()))) {
      for (SimulatedEvent event : events) {
        String topic = catalog.name(JourneylineTopic.interactions(event.channel()));
        records.add(
            new ProducerRecord<>(
                topic,
                serializers.key(topic, event.key()),
                serializers.value(topic, event.event())));
      }
    }
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    AtomicLongArray appendMs = new AtomicLongArray(records.size());
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    long start;
    long end;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      start = System.nanoTime();
      double nanosPerEvent = 1e9 / rate;
      for (int k = 0; k < records.size(); k++) {
        long due = start + (long) (k * nanosPerEvent);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(Math.min(wait, 1_000_000L));
        }
        int index = k;
        producer.send(
            records.get(k),
            (metadata, exception) -> {
              if (exception == null) {
                // LogAppendTime topics: the broker's append time.
                appendMs.set(index, metadata.timestamp());
              } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
              }
            });
      }
      end = System.nanoTime();
      producer.flush();
    }
    if (failed.get() > 0) {
      log.printf(
          "  latency: %,d events not sent: %s%n", failed.get(), firstFailure.get().getMessage());
    }
    return new Sent(appendMs, end - start);
  }

  // ---------------------------------------------------------------- the output reader

  /** One contacts record: its append time, when the reader received it, and its value bytes. */
  private record Output(long appendMs, long seenMs, byte[] value) {}

  /**
   * Reads the run's contacts topic from the beginning on its own thread ({@code read_committed}),
   * keeping the raw values: they are decoded after the run, so as not to compete with it.
   */
  private static final class ContactsReader implements AutoCloseable {

    private final Thread thread;
    private final List<Output> outputs = new ArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stop;

    ContactsReader(String bootstrapServers, String topic) {
      Map<String, Object> props = new HashMap<>();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      thread =
          new Thread(
              () -> {
                try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                  List<TopicPartition> partitions =
                      consumer.partitionsFor(topic).stream()
                          .map(p -> new TopicPartition(topic, p.partition()))
                          .toList();
                  consumer.assign(partitions);
                  consumer.seekToBeginning(partitions);
                  partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
                  assigned.countDown();
                  while (!stop) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                      if (r.value() != null) {
                        outputs.add(new Output(r.timestamp(), now, r.value()));
                      }
                    }
                    partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
                  }
                } catch (Exception e) {
                  failure.set(e);
                  assigned.countDown();
                }
              },
              "bench-latency-reader");
      thread.setDaemon(true);
      thread.start();
    }

    void awaitAssigned() throws InterruptedException {
      if (!assigned.await(30, TimeUnit.SECONDS) || failure.get() != null) {
        throw new IllegalStateException("contacts reader did not start", failure.get());
      }
    }

    /** Waits until the reader has read up to {@code ends}. */
    void awaitPositions(Map<TopicPartition, Long> ends, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (ends.entrySet().stream()
          .anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
        if (failure.get() != null) {
          throw new IllegalStateException("contacts reader failed", failure.get());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "contacts reader did not reach " + ends + " in " + timeout + ": " + positions);
        }
        Thread.sleep(10);
      }
    }

    /** Stops the reader and returns what it read. */
    List<Output> stop() throws InterruptedException {
      stop = true;
      thread.join(30_000);
      return outputs;
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package io.journeyline.bench;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.client.AdaptersClient;
import io.journeyline.demo.SchemaBootstrap;
import io.journeyline.serde.KafkaAvroDeserializer;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.RecordTypeHeader;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The adapters under a broker outage: two HTTP clients post the workload's distinct events in
 * batches to {@code POST /v1/events} and retry a batch until it is answered 202 (a 503 or a broken
 * connection is retried, as the contract tells callers to); meanwhile the broker is stopped and
 * started again. Afterwards every event id must be on the interaction topics exactly once ({@code
 * read_committed}).
 */
final class AdaptersFaultRun {

  private static final String API_KEY = "faults-key";
  private static final int BATCH = 50;

  /**
   * What the run measured.
   *
   * @param events distinct events posted
   * @param batches batches posted
   * @param status503 answers 503
   * @param otherFailures other non-202 answers and I/O errors
   * @param outages broker outages
   * @param outageMillis broker down to back up, per outage
   * @param recoveryMillis broker stop to the next 202, per outage
   * @param records interaction records read back (heartbeats left out)
   * @param losses event ids posted and not found
   * @param duplicates records beyond one per event id
   * @param error why the run failed, or null
   */
  record Result(
      int events,
      int batches,
      long status503,
      long otherFailures,
      int outages,
      List<Long> outageMillis,
      List<Long> recoveryMillis,
      long records,
      long losses,
      long duplicates,
      String error) {}

  private final FaultSuite suite;

  AdaptersFaultRun(FaultSuite suite) {
    this.suite = suite;
  }

  Result run() throws InterruptedException {
    List<SimulatedEvent> events = suite.distinctEvents(suite.settings().adapterEvents());
    List<List<SpecificRecord>> batches = new ArrayList<>();
    for (int i = 0; i < events.size(); i += BATCH) {
      batches.add(
          events.subList(i, Math.min(events.size(), i + BATCH)).stream()
              .map(SimulatedEvent::event)
              .toList());
    }
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      names.put(topic, "adapters." + topic.id());
    }
    TopicCatalog catalog =
        TopicCatalog.of(names, suite.settings().partitions(), (short) 1, Duration.ofDays(3650));
    AtomicLong status503 = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger acceptedBatches = new AtomicInteger();
    AtomicLong lastAccepted = new AtomicLong();
    List<Long> outageMillis = new ArrayList<>();
    List<Long> recoveryMillis = new ArrayList<>();
    AdaptersServer server = null;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      suiteKafkaCreate(catalog);
      SchemaBootstrap.registerAll(suite.registryUrl(), catalog);
      Map<String, String> props = new HashMap<>();
      props.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
      props.put(AdaptersConfig.PORT_CONFIG, "0");
      props.put(AdaptersConfig.AUTH_ENABLED_CONFIG, "true");
      props.put(AdaptersConfig.API_KEYS_CONFIG, API_KEY);
      props.put(AdaptersConfig.INSTANCE_ID_CONFIG, "faults");
      props.put(AdaptersConfig.PUBLISH_TIMEOUT_CONFIG, "5s");
      server =
          AdaptersServer.builder(new AdaptersConfig(props))
              .kafka(Map.of("bootstrap.servers", suite.bootstrapServers()))
              .serdeConfig(Map.of("schema.registry.url", suite.registryUrl()))
              .topics(catalog)
              .start();
      AdaptersServer s = server;
      List<Future<Void>> workers = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        workers.add(
            pool.submit(
                () -> {
                  AdaptersClient client =
                      new AdaptersClient(s.baseUri(), Optional.of(API_KEY), Duration.ofSeconds(60));
                  for (int i = next.getAndIncrement();
                      i < batches.size();
                      i = next.getAndIncrement()) {
                    while (true) {
                      try {
                        AdaptersClient.Result r = client.send(batches.get(i));
                        if (r.accepted()) {
                          acceptedBatches.incrementAndGet();
                          lastAccepted.set(System.nanoTime());
                          break;
                        }
                        if (r.status() == 503) {
                          status503.incrementAndGet();
                        } else {
                          other.incrementAndGet();
                        }
                      } catch (IOException e) {
                        other.incrementAndGet();
                      }
                      Thread.sleep(200);
                    }
                  }
                  return null;
                }));
      }
      int outages = suite.settings().adapterOutages();
      for (int o = 1; o <= outages; o++) {
        int at = batches.size() * o / (outages + 1);
        while (acceptedBatches.get() < at && !allDone(workers)) {
          Thread.sleep(20);
        }
        if (allDone(workers)) {
          break;
        }
        long t0 = System.nanoTime();
        outageMillis.add(suite.restartBroker(Duration.ofSeconds(8)));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (lastAccepted.get() < t0 + outageMillis.get(o - 1) * 1_000_000L
            && !allDone(workers)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        recoveryMillis.add((lastAccepted.get() - t0) / 1_000_000);
        suite.progress(
            "  outage %d after %d of %d batches: broker back after %.1f s, a batch accepted again"
                + " %.1f s after the broker stopped",
            o,
            at,
            batches.size(),
            outageMillis.get(o - 1) / 1000.0,
            recoveryMillis.get(o - 1) / 1000.0);
      }
      for (Future<Void> w : workers) {
        w.get(suite.settings().runTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      Map<String, Integer> counts = readBack(catalog);
      long records = counts.values().stream().mapToLong(Integer::longValue).sum();
      long losses = 0;
      long duplicates = 0;
      for (SimulatedEvent e : events) {
        int n = counts.getOrDefault(eventId(e), 0);
        if (n == 0) {
          losses++;
        } else {
          duplicates += n - 1;
        }
      }
      Result result =
          new Result(
              events.size(),
              batches.size(),
              status503.get(),
              other.get(),
              outageMillis.size(),
              outageMillis,
              recoveryMillis,
              records,
              losses,
              duplicates,
              null);
      suite.progress(
          "  adapters: %,d events in %,d batches, %d answers 503, %d other failures, all retried;"
              + " %,d records read back: %d losses, %d duplicates",
          events.size(), batches.size(), status503.get(), other.get(), records, losses, duplicates);
      return result;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      suite.progress("  adapters FAILED: %s", e);
      return new Result(
          events.size(),
          batches.size(),
          status503.get(),
          other.get(),
          outageMillis.size(),
          outageMillis,
          recoveryMillis,
          -1,
          -1,
          -1,
          e.toString());
    } finally {
      pool.shutdownNow();
      if (server != null) {
        server.close();
      }
    }
  }

  private void suiteKafkaCreate(TopicCatalog catalog) throws Exception {
    suite
        .admin()
        .createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList())
        .all()
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static boolean allDone(List<Future<Void>> workers) {
    return workers.stream().allMatch(Future::isDone);
  }

  private static String eventId(SimulatedEvent e) {
    return String.valueOf(((GenericRecord) e.event()).get("eventId"));
  }

  private Map<String, Integer> readBack(TopicCatalog catalog) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      values.configure(Map.of("schema.registry.url", suite.registryUrl()), false);
      List<TopicPartition> partitions = new ArrayList<>();
      for (JourneylineTopic t : Harness.INPUTS) {
        for (PartitionInfo p : consumer.partitionsFor(catalog.name(t), Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read the adapters' topics to the end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.headers().lastHeader(RecordTypeHeader.KEY) != null || r.value() == null) {
            continue; // a heartbeat
          }
          Object value = values.deserialize(r.topic(), r.value());
          if (value instanceof GenericRecord g && g.getSchema().getField("eventId") != null) {
            counts.merge(String.valueOf(g.get("eventId")), 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }
}

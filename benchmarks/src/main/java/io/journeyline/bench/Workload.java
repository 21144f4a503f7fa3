package io.journeyline.bench;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Heartbeat;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.TrafficGenerator;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark input: {@code events} events of the seeded {@link TrafficGenerator} over a pool of
 * {@code customers}, with a fraction of exact duplicates (same event id, as a producer retry would
 * send), written once as Avro to the interaction topics, then one heartbeat per partition so that
 * stream time passes the last event.
 */
final class Workload {

  /**
   * Event time of the first simulated instant: UTC midnight three days ago. Recent on purpose: the
   * topics keep 7 days, and the broker's retention would delete input stamped further back in the
   * middle of a run. The seed fixes the sequence relative to this start.
   */
  static final Instant EVENT_CLOCK_START =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(3));

  private final List<SimulatedEvent> events;
  private final int duplicates;
  private final Instant lastEventTime;

  private Workload(List<SimulatedEvent> events, int duplicates, Instant lastEventTime) {
    this.events = events;
    this.duplicates = duplicates;
    this.lastEventTime = lastEventTime;
  }

  /**
   * Generates the input.
   *
   * @param seed the generator's seed
   * @param customers size of the customer pool
   * @param total number of events to write, duplicates included
   * @param duplicateFraction share of the events that are re-sent duplicates
   */
  static Workload generate(long seed, int customers, int total, double duplicateFraction) {
    SimulationProfile profile =
        SimulationProfile.defaults(seed, EVENT_CLOCK_START).withCustomers(customers);
    TrafficGenerator generator = new TrafficGenerator(profile);
    // About one contact per customer every two days.
    double arrivalsPerHour = Math.max(10.0, customers / 48.0);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<SimulatedEvent> out = new ArrayList<>(total);
    int dups = 0;
    Instant clock = EVENT_CLOCK_START;
    Instant last = EVENT_CLOCK_START;
    while (out.size() < total) {
      clock = clock.plus(Duration.ofMinutes(10));
      for (SimulatedEvent event : generator.advanceTo(clock, arrivalsPerHour)) {
        if (out.size() >= total) {
          break;
        }
        out.add(event);
        last = event.occurredAt();
        if (out.size() < total && random.nextDouble() < duplicateFraction) {
          out.add(event);
          dups++;
        }
      }
    }
    return new Workload(List.copyOf(out), dups, last);
  }

  int size() {
    return events.size();
  }

  int duplicates() {
    return duplicates;
  }

  List<SimulatedEvent> events() {
    return events;
  }

  Instant lastEventTime() {
    return lastEventTime;
  }

  Instant firstEventTime() {
    return events.isEmpty() ? EVENT_CLOCK_START : events.get(0).occurredAt();
  }

  /** Writes every event, then a heartbeat a day past the last event to every input partition. */
  void writeTo(String bootstrapServers, String registryUrl, TopicCatalog catalog)
      throws InterruptedException, ExecutionException {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (RecordSerializers serializers =
            RecordSerializers.fromConfig(Map.of("schema.registry.url", registryUrl));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      Future<RecordMetadata> lastSend = null;
      for (SimulatedEvent event : events) {
        String topic = catalog.name(JourneylineTopic.interactions(event.channel()));
        lastSend =
            producer.send(
                new ProducerRecord<>(
                    topic,
                    null,
                    event.occurredAt().toEpochMilli(),
                    serializers.key(topic, event.key()),
                    serializers.value(topic, event.event())));
      }
      Instant watermark = lastEventTime.plus(Duration.ofDays(1));
      for (Channel channel : Channel.values()) {
        String topic = catalog.name(JourneylineTopic.interactions(channel));
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
          Heartbeat hb =
              Heartbeat.newBuilder()
                  .setProducerId("bench")
                  .setWatermark(watermark)
                  .setPartition(partition.partition())
                  .setSentAt(Instant.now())
                  .build();
          lastSend =
              producer.send(
                  new ProducerRecord<>(
                      topic,
                      partition.partition(),
                      watermark.toEpochMilli(),
                      null,
                      serializers.heartbeat(topic, hb)));
        }
      }
      producer.flush();
      if (lastSend != null) {
        lastSend.get();
      }
    }
  }
}

package io.journeyline.bench;

import io.journeyline.avro.CustomerRef;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.TrafficGenerator;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.avro.generic.GenericRecord;

/**
 * The steady-state scaling workload: a pool of {@code customers} who ALL have contacts in the
 * journey state at once, then a fixed-size tail measured on top of it.
 *
 * <p>The population is {@code days} of event time at {@code contactsPerWeek} new contacts per
 * customer per week (plus the simulator's returns), the customers picked in rounds ({@link
 * TrafficGenerator.CustomerOrder#ROUNDS}): every customer has {@code contactsPerWeek * days / 7}
 * contacts (rounded down) or one more when it is written, all within the journey horizon as long as
 * {@code days} plus the tail's span is shorter. It is generated and written in steps of event time,
 * never held in memory (a million customers are about 13.5 million events per contact each).
 *
 * <p>The tail continues the same generator at the same rate: {@code tailEvents} more events, whose
 * new contacts go to customers of the next round, who all have the same number of contacts already.
 * So a tail event costs the same work at every pool size, as long as the tail's contacts are fewer
 * than the pool ({@link #maxTailEvents}); what differs is the number of customers in the stores.
 *
 * <p>The population carries heartbeats as the adapters send them, one to every input partition per
 * hour of event time with the time written up to, so that the journey stage's time moves through
 * the population as it does live: contacts close, become final, are sealed and leave the horizon on
 * the way. The tail carries none: once the partitions are known, the events move the watermark, so
 * no timer fires for a jump of event time inside the measured tail.
 */
final class SteadyWorkload {

  /** Event-time step of the generation. */
  private static final Duration STEP = Duration.ofMinutes(10);

  /** Event time between two heartbeat rounds of the population. */
  private static final Duration HEARTBEAT_EVERY = Duration.ofHours(1);

  private final int customers;
  private final double arrivalsPerHour;
  private final Instant populationEnd;
  private final TrafficGenerator generator;
  private final BitSet named = new BitSet();
  private Instant clock = Workload.EVENT_CLOCK_START;
  private Instant lastEventTime = Workload.EVENT_CLOCK_START;
  private long populationEvents;
  private long tailEvents;

  SteadyWorkload(long seed, int customers, double contactsPerWeek, int days) {
    this.customers = customers;
    this.arrivalsPerHour = customers * contactsPerWeek / (7 * 24);
    this.populationEnd = Workload.EVENT_CLOCK_START.plus(Duration.ofDays(days));
    this.generator =
        new TrafficGenerator(
            SimulationProfile.defaults(seed, Workload.EVENT_CLOCK_START).withCustomers(customers),
            TrafficGenerator.CustomerOrder.ROUNDS);
  }

  /**
   * The most tail events (over all tails) whose new contacts stay within one round of a pool of
   * {@code customers}: half the pool's contacts, at the simulator's mean events per contact.
   */
  static long maxTailEvents(int customers) {
    return (long) (customers / 2 * TrafficGenerator.MEAN_EVENTS_PER_CONTACT);
  }

  /** Event time a tail of {@code events} spans at this rate, in days. */
  static double tailDays(int customers, double contactsPerWeek, long events) {
    double contacts = events / TrafficGenerator.MEAN_EVENTS_PER_CONTACT;
    return contacts / (customers * contactsPerWeek / 7);
  }

  /** Generates and writes the population: every event up to {@code days} of event time. */
  void writePopulation(String bootstrapServers, String registryUrl, TopicCatalog catalog)
      throws InterruptedException, ExecutionException {
    try (EventWriter writer = new EventWriter(bootstrapServers, registryUrl, catalog)) {
      Instant heartbeat = clock;
      while (clock.isBefore(populationEnd)) {
        clock = clock.plus(STEP);
        for (SimulatedEvent event : generator.advanceTo(clock, arrivalsPerHour)) {
          writer.send(event);
          note(event);
          populationEvents++;
        }
        // every event up to the clock is written: the adapters' watermark
        if (!clock.isBefore(heartbeat.plus(HEARTBEAT_EVERY)) || !clock.isBefore(populationEnd)) {
          writer.heartbeats(clock);
          heartbeat = clock;
        }
      }
      writer.flush();
    }
  }

  /** Generates and writes the next {@code count} events (a tail). */
  void writeTail(String bootstrapServers, String registryUrl, TopicCatalog catalog, int count)
      throws InterruptedException, ExecutionException {
    List<SimulatedEvent> tail = new ArrayList<>(count);
    while (tail.size() < count) {
      clock = clock.plus(STEP);
      for (SimulatedEvent event : generator.advanceTo(clock, arrivalsPerHour)) {
        if (tail.size() < count) {
          tail.add(event);
        }
      }
    }
    try (EventWriter writer = new EventWriter(bootstrapServers, registryUrl, catalog)) {
      writer.sendAll(tail);
      writer.flush();
    }
    tail.forEach(this::note);
    tailEvents += count;
  }

  private void note(SimulatedEvent event) {
    CustomerRef ref = (CustomerRef) ((GenericRecord) event.event()).get("customer");
    String n = Workload.Presence.customerNumber(ref);
    if (n != null) {
      named.set(Integer.parseInt(n.substring(1)));
    }
    if (event.occurredAt().isAfter(lastEventTime)) {
      lastEventTime = event.occurredAt();
    }
  }

  int customers() {
    return customers;
  }

  long populationEvents() {
    return populationEvents;
  }

  long tailEvents() {
    return tailEvents;
  }

  /**
   * Distinct customers named by a CRM id, email or chat user id in the events written so far (a
   * customer whose contacts were all SMS is known only by a phone number and not counted).
   */
  long customersNamed() {
    return named.cardinality();
  }

  /** Event time from the first simulated instant to the last event written. */
  Duration eventTimeSpan() {
    return Duration.between(Workload.EVENT_CLOCK_START, lastEventTime);
  }
}

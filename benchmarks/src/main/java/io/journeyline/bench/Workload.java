package io.journeyline.bench;

import io.journeyline.avro.CustomerRef;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulatedSurvey;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.TrafficGenerator;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import org.apache.avro.generic.GenericRecord;

/**
 * The benchmark input: {@code events} events of the seeded {@link TrafficGenerator} over a pool of
 * {@code customers}, with a fraction of exact duplicates (same event id, as a producer retry would
 * send), written once as Avro to the interaction topics, then one heartbeat per partition so that
 * stream time passes the last event.
 */
final class Workload {

  /**
   * Event time of the first simulated instant: UTC midnight a year ago, so that the whole history
   * and the final heartbeat (a day past the last event) lie before the clock, which the topology
   * caps watermarks at. Record timestamps are ingest times, so retention never deletes the input
   * mid-run. The seed fixes the sequence relative to this start.
   */
  static final Instant EVENT_CLOCK_START =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(365));

  private final int customers;
  private final List<SimulatedEvent> events;
  private final List<SimulatedSurvey> surveys;
  private final int duplicates;
  private final Instant lastEventTime;
  private final Presence presence;

  private Workload(
      int customers,
      List<SimulatedEvent> events,
      List<SimulatedSurvey> surveys,
      int duplicates,
      Instant lastEventTime) {
    this.customers = customers;
    this.events = events;
    this.surveys = surveys;
    this.duplicates = duplicates;
    this.lastEventTime = lastEventTime;
    this.presence = Presence.of(events);
  }

  /**
   * Who appears in a list of events.
   *
   * @param activeCustomers distinct customers that appear: a contact (conversation key) belongs to
   *     the customer that the CRM id, email or chat user id of any of its events names (the
   *     simulator derives all three from the customer's number, which is what is compared); a
   *     contact whose events carry nothing but a phone number counts once per distinct number
   * @param phoneOnlyContacts contacts whose events carry nothing but a phone number (all SMS, some
   *     voice)
   * @param distinctPhones distinct phone numbers in the events
   */
  record Presence(long activeCustomers, long phoneOnlyContacts, long distinctPhones) {

    static Presence of(List<SimulatedEvent> events) {
      Map<String, String> customerByContact = new HashMap<>();
      Set<String> phones = new HashSet<>();
      for (SimulatedEvent event : events) {
        CustomerRef ref = (CustomerRef) ((GenericRecord) event.event()).get("customer");
        if (ref.getPhone() != null) {
          phones.add(ref.getPhone());
        }
        String named = customerNumber(ref);
        String current = customerByContact.get(event.key());
        if (named != null) {
          if (current == null || current.startsWith("phone:")) {
            customerByContact.put(event.key(), named);
          }
        } else if (current == null) {
          customerByContact.put(event.key(), "phone:" + ref.getPhone());
        }
      }
      long phoneOnly =
          customerByContact.values().stream().filter(c -> c.startsWith("phone:")).count();
      return new Presence(
          new HashSet<>(customerByContact.values()).size(), phoneOnly, phones.size());
    }

    /** "#n" for the simulator's customer n named by the CRM id, email or chat user id; or null. */
    static String customerNumber(CustomerRef ref) {
      String n = trailingDigits(ref.getCustomerId());
      if (n == null && ref.getEmail() != null && ref.getEmail().indexOf('@') > 0) {
        n = trailingDigits(ref.getEmail().substring(0, ref.getEmail().indexOf('@')));
      }
      if (n == null) {
        n = trailingDigits(ref.getChatUserId());
      }
      return n == null ? null : "#" + Long.parseLong(n);
    }

    private static String trailingDigits(String s) {
      if (s == null) {
        return null;
      }
      int i = s.length();
      while (i > 0 && Character.isDigit(s.charAt(i - 1))) {
        i--;
      }
      return i == s.length() ? null : s.substring(i);
    }
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
    List<SimulatedSurvey> surveys = new ArrayList<>();
    int dups = 0;
    Instant clock = EVENT_CLOCK_START;
    Instant last = EVENT_CLOCK_START;
    while (out.size() < total) {
      clock = clock.plus(Duration.ofMinutes(10));
      TrafficGenerator.Tick tick = generator.advance(clock, arrivalsPerHour);
      if (out.size() + tick.events().size() < total) {
        // the answers of a tick cut short could be about a contact whose events were cut
        surveys.addAll(tick.surveys());
      }
      for (SimulatedEvent event : tick.events()) {
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
    return new Workload(customers, List.copyOf(out), List.copyOf(surveys), dups, last);
  }

  /** The configured customer pool. */
  int customers() {
    return customers;
  }

  /** Who appears in the events. */
  Presence presence() {
    return presence;
  }

  /** Event time from the first to the last event. */
  Duration eventTimeSpan() {
    return Duration.between(firstEventTime(), lastEventTime);
  }

  int size() {
    return events.size();
  }

  /** The survey answers the simulator gave about the contacts of the events (not counted). */
  List<SimulatedSurvey> surveys() {
    return surveys;
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
    try (EventWriter writer = new EventWriter(bootstrapServers, registryUrl, catalog)) {
      writer.sendAll(events);
      writer.heartbeats(lastEventTime.plus(Duration.ofDays(1)));
      writer.flush();
    }
  }
}

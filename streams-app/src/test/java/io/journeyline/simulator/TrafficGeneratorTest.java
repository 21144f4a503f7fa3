package io.journeyline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final Duration SPAN = Duration.ofDays(60);
  private static final double ARRIVALS_PER_HOUR = 10;

  private static List<SimulatedEvent> events;
  private static Map<String, Integer> customerIndex;

  @BeforeAll
  static void generateTwoMonthsOfTraffic() {
    TrafficGenerator generator = new TrafficGenerator(SimulationProfile.defaults(7, START));
    events = new ArrayList<>();
    for (Instant t = START; t.isBefore(START.plus(SPAN)); t = t.plus(Duration.ofHours(1))) {
      events.addAll(generator.advanceTo(t, ARRIVALS_PER_HOUR));
    }
    customerIndex = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      TrafficGenerator.Customer c = TrafficGenerator.Customer.create(i);
      for (String id : List.of(c.customerId(), c.phone(), c.email(), c.chatUserId())) {
        customerIndex.put(id, i);
      }
    }
  }

  @Test
  void shouldProduceTheSameEventsForTheSameSeed() {
    TrafficGenerator a = new TrafficGenerator(SimulationProfile.defaults(99, START));
    TrafficGenerator b = new TrafficGenerator(SimulationProfile.defaults(99, START));
    Instant until = START.plus(Duration.ofDays(3));

    assertThat(a.advanceTo(until, 20)).isEqualTo(b.advanceTo(until, 20)).isNotEmpty();
  }

  @Test
  void shouldEmitEventsInEventTimeOrderWithUniqueIds() {
    assertThat(events).isSortedAccordingTo(Comparator.comparing(SimulatedEvent::occurredAt));
    assertThat(events.stream().map(e -> eventId(e.event())).distinct().count())
        .isEqualTo(events.size());
  }

  @Test
  void shouldProduceAboutTheMeanEventsPerContactItAdvertises() {
    double hours = SPAN.toHours();
    double perContact = events.size() / (ARRIVALS_PER_HOUR * hours);

    assertThat(perContact)
        .isCloseTo(
            TrafficGenerator.MEAN_EVENTS_PER_CONTACT,
            org.assertj.core.data.Percentage.withPercentage(15));
  }

  @Test
  void shouldCoverEveryChannelTypeDirectionAndOutcome() {
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    Set<Direction> directions = EnumSet.noneOf(Direction.class);
    boolean unresolvedDisposition = false;
    boolean vendorSentiment = false;
    for (SimulatedEvent e : events) {
      channels.add(e.channel());
      types.add((EventType) e.event().get(field(e.event(), "type")));
      directions.add((Direction) e.event().get(field(e.event(), "direction")));
      unresolvedDisposition |= Boolean.FALSE.equals(e.event().get(field(e.event(), "resolved")));
      vendorSentiment |= e.event().get(field(e.event(), "sentiment")) != null;
    }
    assertThat(channels).containsExactlyInAnyOrder(Channel.values());
    assertThat(types).containsExactlyInAnyOrder(EventType.values());
    assertThat(directions).containsExactlyInAnyOrder(Direction.values());
    assertThat(unresolvedDisposition).isTrue();
    assertThat(vendorSentiment).isTrue();
  }

  @Test
  void shouldMatchEachEventTypeToItsChannelsRecord() {
    for (SimulatedEvent e : events) {
      Class<?> expected =
          switch (e.channel()) {
            case CHAT -> ChatEvent.class;
            case VOICE -> VoiceEvent.class;
            case EMAIL -> EmailEvent.class;
            case SMS -> SmsEvent.class;
          };
      assertThat(e.event()).isInstanceOf(expected);
      assertThat(e.event().get(field(e.event(), "contactId"))).isEqualTo(e.key());
    }
  }

  @Test
  void shouldBringCustomersBackOnAnotherChannelWithinAWeek() {
    // First event of each contact, grouped by customer.
    Map<Integer, TreeMap<Instant, Channel>> startsByCustomer = new HashMap<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (SimulatedEvent e : events) {
      String contact = e.channel() + "/" + e.key();
      if (seen.putIfAbsent(contact, true) == null) {
        startsByCustomer
            .computeIfAbsent(customerOf(e), k -> new TreeMap<>())
            .put(e.occurredAt(), e.channel());
      }
    }
    long hopsWithinWeek = 0;
    for (TreeMap<Instant, Channel> starts : startsByCustomer.values()) {
      Map.Entry<Instant, Channel> previous = null;
      for (Map.Entry<Instant, Channel> start : starts.entrySet()) {
        if (previous != null
            && Duration.between(previous.getKey(), start.getKey()).compareTo(Duration.ofDays(7)) < 0
            && previous.getValue() != start.getValue()) {
          hopsWithinWeek++;
        }
        previous = start;
      }
    }
    assertThat(hopsWithinWeek).isGreaterThan(50);
  }

  @Test
  void shouldCarrySeveralIdentifiersForSomeEventsSoTheyLink() {
    long linking =
        events.stream()
            .map(e -> (CustomerRef) e.event().get(field(e.event(), "customer")))
            .filter(
                ref ->
                    ref.getCustomerId() != null
                        && (ref.getPhone() != null || ref.getChatUserId() != null))
            .count();
    assertThat(linking).isGreaterThan(events.size() / 20);
  }

  private static int customerOf(SimulatedEvent e) {
    CustomerRef ref = (CustomerRef) e.event().get(field(e.event(), "customer"));
    for (String id :
        new String[] {ref.getCustomerId(), ref.getPhone(), ref.getEmail(), ref.getChatUserId()}) {
      if (id != null) {
        return customerIndex.get(id);
      }
    }
    throw new AssertionError("event without identifier: " + e);
  }

  private static int field(SpecificRecord record, String name) {
    return record.getSchema().getField(name).pos();
  }

  private static String eventId(SpecificRecord record) {
    return (String) record.get(field(record, "eventId"));
  }
}

package io.journeyline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.identity.IdentifierNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final Duration SPAN = Duration.ofDays(60);
  private static final double ARRIVALS_PER_HOUR = 10;

  private static List<SimulatedEvent> events;
  private static List<SimulatedSurvey> surveys;

  /** The events of each contact (channel/key), in event-time order; SMS keys not split. */
  private static Map<String, List<SimulatedEvent>> byContact;

  private static Map<String, Integer> customerIndex;

  @BeforeAll
  static void generateTwoMonthsOfTraffic() {
    TrafficGenerator generator = new TrafficGenerator(SimulationProfile.defaults(7, START));
    events = new ArrayList<>();
    surveys = new ArrayList<>();
    for (Instant t = START; t.isBefore(START.plus(SPAN)); t = t.plus(Duration.ofHours(1))) {
      TrafficGenerator.Tick tick = generator.advance(t, ARRIVALS_PER_HOUR);
      events.addAll(tick.events());
      surveys.addAll(tick.surveys());
    }
    byContact = new LinkedHashMap<>();
    for (SimulatedEvent e : events) {
      byContact.computeIfAbsent(e.channel() + "/" + e.key(), k -> new ArrayList<>()).add(e);
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
  void shouldGiveEveryCustomerTheirOwnPhoneButHouseholds() {
    java.util.Map<String, List<Integer>> byPhone = new HashMap<>();
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      byPhone
          .computeIfAbsent(TrafficGenerator.Customer.create(i).phone(), p -> new ArrayList<>())
          .add(i);
    }
    // one customer in 40 shares the number of the customer before: 25,000 households of two
    assertThat(byPhone).hasSize(n - n / TrafficGenerator.HOUSEHOLD_EVERY);
    assertThat(byPhone.values()).allSatisfy(owners -> assertThat(owners.size()).isLessThan(3));
    assertThat(byPhone.get(TrafficGenerator.Customer.create(39).phone())).containsExactly(38, 39);
    IdentifierNormalizer phones = new IdentifierNormalizer("US");
    assertThat(phones.phone(TrafficGenerator.Customer.create(999_999).phone()))
        .isEqualTo(TrafficGenerator.Customer.create(999_999).phone());
  }

  @Test
  void shouldProduceTheSameEventsForTheSameSeed() {
    TrafficGenerator a = new TrafficGenerator(SimulationProfile.defaults(99, START));
    TrafficGenerator b = new TrafficGenerator(SimulationProfile.defaults(99, START));
    Instant until = START.plus(Duration.ofDays(3));

    assertThat(a.advanceTo(until, 20)).isEqualTo(b.advanceTo(until, 20)).isNotEmpty();
  }

  @Test
  void shouldGiveEveryCustomerAContactWhenPickingThemInRounds() {
    // Given a pool of 200 and about three rounds of arrivals
    SimulationProfile profile = SimulationProfile.defaults(11, START).withCustomers(200);
    TrafficGenerator rounds = new TrafficGenerator(profile, TrafficGenerator.CustomerOrder.ROUNDS);

    // When every event of those contacts is due
    List<SimulatedEvent> out = new ArrayList<>(rounds.advanceTo(START.plusSeconds(3 * 3600), 200));
    out.addAll(rounds.advanceTo(START.plus(Duration.ofDays(20)), 0));

    // Then every customer of the pool appears
    assertThat(out.stream().map(TrafficGeneratorTest::customerOf).distinct().count())
        .isEqualTo(200);
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

  @Test
  void shouldAnswerTheConfiguredShareOfTheHandledInboundContactsWithASurvey() {
    // Calls, chats and emails (one contact per key); those that ended well before the end.
    Instant cutoff = START.plus(SPAN).minus(Duration.ofDays(5));
    Set<String> handled = new HashSet<>();
    for (Map.Entry<String, List<SimulatedEvent>> contact : byContact.entrySet()) {
      List<SimulatedEvent> es = contact.getValue();
      SimulatedEvent first = es.get(0);
      SimulatedEvent last = es.get(es.size() - 1);
      boolean inbound = get(first, "direction") == Direction.INBOUND;
      boolean abandoned = es.stream().anyMatch(e -> type(e) == EventType.ABANDONED);
      boolean ended =
          first.channel() == Channel.EMAIL
              || es.stream().anyMatch(e -> type(e) == EventType.CONTACT_ENDED);
      if (first.channel() != Channel.SMS
          && inbound
          && !abandoned
          && ended
          && last.occurredAt().isBefore(cutoff)) {
        handled.add(contact.getKey());
      }
    }
    Set<String> surveyed = new HashSet<>();
    for (SimulatedSurvey s : surveys) {
      String contact = s.contactChannel() + "/" + s.contactId();
      if (s.contactChannel() != Channel.SMS) {
        assertThat(byContact).as("the survey's contact exists: " + contact).containsKey(contact);
        assertThat(surveyed.add(contact)).as("one survey per contact: " + contact).isTrue();
        List<SimulatedEvent> es = byContact.get(contact);
        assertThat(get(es.get(0), "direction")).isEqualTo(Direction.INBOUND);
        assertThat(es).noneMatch(e -> type(e) == EventType.ABANDONED);
      }
    }
    surveyed.retainAll(handled);

    assertThat(handled).hasSizeGreaterThan(5000);
    assertThat((double) surveyed.size() / handled.size()).isCloseTo(0.30, within(0.03));
    assertThat(surveys).extracting(SimulatedSurvey::contactChannel).contains(Channel.values());
  }

  @Test
  void shouldAnswerNoSurveyWhenTheShareIsZero() {
    TrafficGenerator generator =
        new TrafficGenerator(SimulationProfile.defaults(7, START).withSurveyShare(0));
    TrafficGenerator.Tick tick = generator.advance(START.plus(Duration.ofDays(10)), 20);

    assertThat(tick.events()).isNotEmpty();
    assertThat(tick.surveys()).isEmpty();
  }

  @Test
  void shouldNameEachSurveysContactAsTheTopologyDoesAndAnswerAfterItEnded() {
    // The SMS contacts of a key: split by the inactivity gap; the first keeps the key.
    Map<String, Instant> smsContactEnds = new HashMap<>();
    for (List<SimulatedEvent> es : byContact.values()) {
      if (es.get(0).channel() != Channel.SMS) {
        continue;
      }
      String key = es.get(0).key();
      Instant first = es.get(0).occurredAt();
      Instant last = first;
      String id = key;
      for (SimulatedEvent e : es) {
        if (Duration.between(last, e.occurredAt()).compareTo(TrafficGenerator.SMS_INACTIVITY_GAP)
            > 0) {
          smsContactEnds.put(id, last);
          id = key + "@" + e.occurredAt();
        }
        last = e.occurredAt();
      }
      smsContactEnds.put(id, last);
    }
    long laterSmsContacts = 0;
    for (SimulatedSurvey s : surveys) {
      SurveyResponse r = s.response();
      assertThat(r.getContactId()).isEqualTo(s.contactId());
      assertThat(r.getRespondedAt()).isEqualTo(s.respondedAt());
      assertThat(r.getChannel()).isEqualTo(s.contactChannel());
      Instant ended;
      if (s.contactChannel() == Channel.SMS) {
        assertThat(smsContactEnds).as("an SMS contact").containsKey(s.contactId());
        ended = smsContactEnds.get(s.contactId());
        laterSmsContacts += s.contactId().contains("@") ? 1 : 0;
      } else {
        List<SimulatedEvent> es = byContact.get(s.contactChannel() + "/" + s.contactId());
        ended = es.get(es.size() - 1).occurredAt();
      }
      // A later SMS story of the same key may extend the contact past its survey.
      if (s.contactChannel() != Channel.SMS) {
        assertThat(Duration.between(ended, s.respondedAt()))
            .as(s.contactId())
            .isBetween(Duration.ofMinutes(2), Duration.ofDays(4).plusMinutes(1));
      }
    }
    assertThat(laterSmsContacts).as("surveys about a later SMS contact of a key").isPositive();
    assertThat(surveys).isSortedAccordingTo(Comparator.comparing(SimulatedSurvey::respondedAt));
  }

  @Test
  void shouldAnswerWithScoresInTheirRangesAndAtLeastOneAnswer() {
    for (SimulatedSurvey s : surveys) {
      SurveyResponse r = s.response();
      assertThat(
              r.getCsat() != null
                  || r.getNps() != null
                  || r.getCes() != null
                  || r.getResolved() != null)
          .as(r.getSurveyId())
          .isTrue();
      if (r.getCsat() != null) {
        assertThat(r.getCsat()).isBetween(1, 5);
      }
      if (r.getNps() != null) {
        assertThat(r.getNps()).isBetween(0, 10);
      }
      if (r.getCes() != null) {
        assertThat(r.getCes()).isBetween(1, 7);
      }
      assertThat(r.getCustomer()).isNotNull();
    }
    assertThat(surveys).anyMatch(s -> s.response().getNps() == null);
    assertThat(surveys).anyMatch(s -> s.response().getComment() != null);
    assertThat(surveys).anyMatch(s -> Boolean.FALSE.equals(s.response().getResolved()));
    // Every score is used, including both ends.
    assertThat(surveys.stream().map(s -> s.response().getCsat()).distinct())
        .contains(1, 2, 3, 4, 5);
    assertThat(surveys.stream().map(s -> s.response().getNps()).distinct()).contains(0, 10);
  }

  @Test
  void shouldScoreLowerAfterAnUnresolvedDispositionOrAnUpsetCustomer() {
    List<SurveyResponse> resolved = new ArrayList<>();
    List<SurveyResponse> unresolved = new ArrayList<>();
    List<SurveyResponse> calm = new ArrayList<>();
    List<SurveyResponse> upset = new ArrayList<>();
    for (SimulatedSurvey s : surveys) {
      if (s.contactChannel() != Channel.CHAT && s.contactChannel() != Channel.VOICE) {
        continue; // only calls and chats carry a disposition
      }
      List<SimulatedEvent> es = byContact.get(s.contactChannel() + "/" + s.contactId());
      boolean disposition =
          es.stream()
              .filter(e -> type(e) == EventType.CONTACT_ENDED)
              .map(e -> (Boolean) get(e, "resolved"))
              .reduce((a, b) -> b)
              .orElseThrow();
      boolean negative =
          es.stream()
              .map(e -> (String) get(e, "text"))
              .anyMatch(text -> text != null && Phrases.CUSTOMER_NEGATIVE.contains(text));
      (disposition ? resolved : unresolved).add(s.response());
      (negative ? upset : calm).add(s.response());
    }
    assertThat(unresolved).hasSizeGreaterThan(50);
    assertThat(upset).hasSizeGreaterThan(100);

    assertThat(mean(resolved, SurveyResponse::getCsat))
        .isGreaterThan(mean(unresolved, SurveyResponse::getCsat) + 0.8);
    assertThat(mean(resolved, SurveyResponse::getNps))
        .isGreaterThan(mean(unresolved, SurveyResponse::getNps) + 2);
    assertThat(mean(resolved, SurveyResponse::getCes))
        .isLessThan(mean(unresolved, SurveyResponse::getCes) - 1);
    assertThat(mean(calm, SurveyResponse::getCsat))
        .isGreaterThan(mean(upset, SurveyResponse::getCsat) + 0.8);
    assertThat(mean(calm, SurveyResponse::getNps))
        .isGreaterThan(mean(upset, SurveyResponse::getNps) + 2);
    // Calm customers whose issue was resolved are mostly satisfied (CSAT 4-5).
    assertThat(share(resolved, r -> r.getCsat() != null && r.getCsat() >= 4)).isGreaterThan(0.6);
    assertThat(share(unresolved, r -> Boolean.TRUE.equals(r.getResolved())))
        .isLessThan(share(resolved, r -> Boolean.TRUE.equals(r.getResolved())));
  }

  @Test
  void shouldDeriveSurveyIdsFromTheSeed() {
    SimulationProfile profile = SimulationProfile.defaults(99, START);
    Instant until = START.plus(Duration.ofDays(5));
    TrafficGenerator.Tick a = new TrafficGenerator(profile).advance(until, 20);
    TrafficGenerator.Tick b = new TrafficGenerator(profile).advance(until, 20);
    TrafficGenerator.Tick other =
        new TrafficGenerator(SimulationProfile.defaults(100, START)).advance(until, 20);

    assertThat(a.surveys()).isNotEmpty().isEqualTo(b.surveys());
    assertThat(a.events()).isEqualTo(b.events());
    assertThat(a.surveys()).allMatch(s -> s.response().getSurveyId().startsWith("survey-99-"));
    assertThat(other.surveys()).allMatch(s -> s.response().getSurveyId().startsWith("survey-100-"));
    assertThat(surveys.stream().map(s -> s.response().getSurveyId()).distinct().count())
        .isEqualTo(surveys.size());
  }

  @Test
  void shouldPutSomeInboundCallsOnHoldSometimesBeyondTheTarget() {
    long answeredInboundCalls = 0;
    long held = 0;
    long beyondTarget = 0;
    for (List<SimulatedEvent> es : byContact.values()) {
      Integer holdSoFar = null;
      for (SimulatedEvent e : es) {
        if (e.channel() != Channel.VOICE) {
          break;
        }
        Integer hold = (Integer) get(e, "holdSeconds");
        if (holdSoFar != null) {
          assertThat(hold).as("the hold so far, once reported").isEqualTo(holdSoFar);
        }
        holdSoFar = hold;
      }
      SimulatedEvent first = es.get(0);
      if (first.channel() != Channel.VOICE
          || get(first, "direction") != Direction.INBOUND
          || es.stream().noneMatch(e -> type(e) == EventType.ANSWERED)) {
        continue;
      }
      answeredInboundCalls++;
      if (holdSoFar != null) {
        held++;
        assertThat(holdSoFar).isPositive();
        beyondTarget += holdSoFar > 157 ? 1 : 0;
        SimulatedEvent last = es.get(es.size() - 1);
        assertThat(get(last, "holdSeconds"))
            .as("the wrap-up reports the hold")
            .isEqualTo(holdSoFar);
      }
    }
    assertThat((double) held / answeredInboundCalls).isCloseTo(0.3, within(0.05));
    assertThat((double) beyondTarget / held).isBetween(0.1, 0.3);
    assertThat(events)
        .filteredOn(e -> e.channel() != Channel.VOICE || get(e, "direction") != Direction.INBOUND)
        .allMatch(
            e ->
                e.event().getSchema().getField("holdSeconds") == null
                    || get(e, "holdSeconds") == null);
  }

  @Test
  void shouldEndEveryAnsweredCallWithAWrapUpAfterTheCallsEnd() {
    long calls = 0;
    Instant cutoff = START.plus(SPAN).minus(Duration.ofHours(2));
    for (List<SimulatedEvent> es : byContact.values()) {
      SimulatedEvent first = es.get(0);
      if (first.occurredAt().isAfter(cutoff)) {
        continue; // may still be going on when the generated span ends
      }
      List<SimulatedEvent> ends =
          es.stream().filter(e -> type(e) == EventType.CONTACT_ENDED).toList();
      boolean answered = es.stream().anyMatch(e -> type(e) == EventType.ANSWERED);
      if (first.channel() == Channel.CHAT) {
        assertThat(ends).hasSize(answered ? 1 : 0);
      }
      if (first.channel() != Channel.VOICE || !answered) {
        continue;
      }
      calls++;
      assertThat(ends).as(first.key()).hasSize(2);
      assertThat(es.get(es.size() - 1)).as("the wrap-up is the last event").isSameAs(ends.get(1));
      assertThat(Duration.between(ends.get(0).occurredAt(), ends.get(1).occurredAt()))
          .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(180));
      assertThat(get(ends.get(1), "resolved")).isNotNull().isEqualTo(get(ends.get(0), "resolved"));
      assertThat(get(ends.get(1), "issue")).isNotNull().isEqualTo(get(ends.get(0), "issue"));
    }
    assertThat(calls).isGreaterThan(3000);
  }

  private static double mean(
      List<SurveyResponse> answers, Function<SurveyResponse, Integer> score) {
    return answers.stream()
        .map(score)
        .filter(java.util.Objects::nonNull)
        .mapToInt(Integer::intValue)
        .average()
        .orElseThrow();
  }

  private static double share(List<SurveyResponse> answers, Predicate<SurveyResponse> test) {
    return (double) answers.stream().filter(test).count() / answers.size();
  }

  private static Object get(SimulatedEvent e, String name) {
    return e.event().get(field(e.event(), name));
  }

  private static EventType type(SimulatedEvent e) {
    return (EventType) get(e, "type");
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

package io.journeyline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CloseReason;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrStatus;
import io.journeyline.fcr.FcrRules;
import io.journeyline.fcr.IssueMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JourneyAggregatorTest {

  static final long M = 60_000L;
  static final JourneyAggregator AGG =
      new JourneyAggregator(
          new FcrRules(Duration.ofDays(7), Duration.ofMinutes(5), IssueMatching.LENIENT),
          Map.of(
              Channel.CHAT, Duration.ofMinutes(30),
              Channel.VOICE, Duration.ofHours(2),
              Channel.EMAIL, Duration.ofHours(24),
              Channel.SMS, Duration.ofHours(1)),
          Duration.ofHours(12),
          Duration.ofDays(30));

  static ContactEvent ev(
      String id, Channel ch, EventType type, String key, long at, Long score, String issue) {
    return new ContactEvent(
        id, ch, type, key, "c", at, Direction.INBOUND, null, null, issue, score, null, null, null);
  }

  @Test
  void shouldSplitSmsConversationsByInactivityAndNameLaterContactsByStart() {
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.SMS, EventType.MESSAGE, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.SMS, EventType.MESSAGE, "k", 10 * M, null, "x"));
    AGG.add(s, ev("3", Channel.SMS, EventType.MESSAGE, "k", 180 * M, null, null));
    List<ContactView> views = AGG.derive(s, 180 * M);
    assertThat(views)
        .extracting(
            ContactView::contactId, ContactView::end, ContactView::closedBy, ContactView::issue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("k", 10 * M, CloseReason.INACTIVITY, "x"),
            org.assertj.core.groups.Tuple.tuple("k@1970-01-01T03:00:00Z", null, null, null));
  }

  @Test
  void shouldStartANewContactAfterAnExplicitEnd() {
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.CHAT, EventType.CONTACT_STARTED, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.CHAT, EventType.CONTACT_ENDED, "k", 5 * M, null, null));
    // a customer message after the end opens a new contact
    AGG.add(s, ev("3", Channel.CHAT, EventType.MESSAGE, "k", 6 * M, 100_000L, null));
    assertThat(AGG.derive(s, 6 * M))
        .extracting(ContactView::contactId)
        .containsExactly("k", "k@1970-01-01T00:06:00Z");
  }

  @Test
  void shouldLetABotMessageAfterTheEndAmendTheEndedContact() {
    // Given a chat that ended at 5 min
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.CHAT, EventType.CONTACT_STARTED, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.CHAT, EventType.CONTACT_ENDED, "k", 5 * M, null, null));
    // When the bot sends its goodbye a few seconds later, and a survey link two hours later
    AGG.add(s, ev("3", Channel.CHAT, EventType.MESSAGE, "k", 5 * M + 4_000, null, null));
    AGG.add(s, ev("4", Channel.CHAT, EventType.MESSAGE, "k", 125 * M, null, null));
    // Then they belong to the ended contact, which still ended at 5 min
    assertThat(AGG.derive(s, 200 * M))
        .extracting(ContactView::contactId, ContactView::end, ContactView::events)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("k", 5 * M, 4));
  }

  @Test
  void shouldKeepAContactWithAnExplicitStartOpenThroughALongQueueWait() {
    // Given a chat that starts, waits 45 minutes in queue (the chat gap is 30), then talks and ends
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.CHAT, EventType.CONTACT_STARTED, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.CHAT, EventType.MESSAGE, "k", 45 * M, 100_000L, null));
    AGG.add(s, ev("3", Channel.CHAT, EventType.CONTACT_ENDED, "k", 50 * M, null, null));
    // Then it is one contact from 0 to 50 min
    assertThat(AGG.derive(s, 60 * M))
        .extracting(ContactView::contactId, ContactView::start, ContactView::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("k", 0L, 50 * M));
  }

  @Test
  void shouldCloseAStartedContactWithoutEndOnlyAfterTheLifecycleTimeout() {
    // Given a call that starts and goes silent (its end event is lost)
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.VOICE, EventType.CONTACT_STARTED, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.VOICE, EventType.TRANSFERRED, "k", 3 * 60 * M, null, null));
    // Then it is open well past the voice gap (2 h), and closes after 12 h of silence
    List<ContactView> at14h = AGG.derive(s, 14 * 60 * M);
    assertThat(at14h).extracting(ContactView::end).containsExactly((Long) null);
    assertThat(AGG.nextDeadline(at14h, 14 * 60 * M)).isEqualTo(15 * 60 * M);
    assertThat(AGG.derive(s, 15 * 60 * M + 1))
        .extracting(ContactView::end, ContactView::closedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3 * 60 * M, CloseReason.INACTIVITY));
  }

  @Test
  void shouldTreatAWrapUpEndAfterTheEndAsAnAmendmentOfTheEndedContact() {
    // Given a call that ends, then the agent's after-call work ends with the wrap-up code
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.VOICE, EventType.CONTACT_STARTED, "k", 0, null, null));
    AGG.add(s, ev("2", Channel.VOICE, EventType.CONTACT_ENDED, "k", 5 * M, null, null));
    AGG.add(s, ev("3", Channel.VOICE, EventType.CONTACT_ENDED, "k", 9 * M, null, "billing"));

    // Then it is one contact, ended when the customer left, with the wrap-up's issue
    assertThat(AGG.derive(s, 10 * M))
        .extracting(
            ContactView::contactId, ContactView::end, ContactView::closedBy, ContactView::issue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("k", 5 * M, CloseReason.ENDED, "billing"));
  }

  @Test
  void shouldDeriveTheSameContactsWhateverTheArrivalOrder() {
    List<ContactEvent> events = new ArrayList<>();
    events.add(ev("1", Channel.SMS, EventType.MESSAGE, "k", 0, -300_000L, null));
    events.add(ev("2", Channel.SMS, EventType.MESSAGE, "k", 20 * M, 500_000L, "x"));
    events.add(ev("3", Channel.SMS, EventType.MESSAGE, "k", 50 * M, -700_000L, "y"));
    events.add(ev("4", Channel.CHAT, EventType.CONTACT_STARTED, "c1", 5 * M, null, null));
    events.add(ev("5", Channel.CHAT, EventType.CONTACT_ENDED, "c1", 9 * M, null, "x"));
    JourneyState ordered = new JourneyState("c");
    events.forEach(e -> AGG.add(ordered, e));
    List<ContactView> expected = AGG.derive(ordered, 10 * 60 * M);
    Random random = new Random(3);
    for (int i = 0; i < 20; i++) {
      List<ContactEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      JourneyState s = new JourneyState("c");
      shuffled.forEach(e -> AGG.add(s, e));
      assertThat(AGG.derive(s, 10 * 60 * M)).isEqualTo(expected);
    }
    assertThat(expected.get(0).issue()).isEqualTo("y");
    assertThat(expected.get(0).sentiment().first()).isEqualTo(-0.3);
  }

  @Test
  void shouldEvictOldContactsButKeepTheRepeatVerdictOfSurvivors() {
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.CHAT, EventType.CONTACT_STARTED, "a", 0, null, null));
    AGG.add(s, ev("2", Channel.CHAT, EventType.CONTACT_ENDED, "a", M, null, null));
    long day = 24 * 60 * M;
    AGG.add(s, ev("3", Channel.VOICE, EventType.CONTACT_STARTED, "b", 6 * day, null, null));
    long now = 31 * day;
    AGG.add(s, ev("4", Channel.VOICE, EventType.MESSAGE, "b", now, null, null));
    assertThat(AGG.evict(s, now)).containsExactly("a");
    ContactView b = AGG.derive(s, now).get(0);
    assertThat(b.repeatOf()).isEqualTo("a");
    assertThat(b.channelHop()).isTrue();
    assertThat(b.fcr()).isEqualTo(FcrStatus.RESOLVED);
  }

  @Test
  void shouldReportTheNextDeadline() {
    JourneyState s = new JourneyState("c");
    AGG.add(s, ev("1", Channel.SMS, EventType.MESSAGE, "k", 0, null, null));
    assertThat(AGG.nextDeadline(AGG.derive(s, 0), 0)).isEqualTo(60 * M);
    List<ContactView> closed = AGG.derive(s, 60 * M + 1);
    assertThat(AGG.nextDeadline(closed, 60 * M + 1))
        .isEqualTo(Duration.ofDays(7).plusMinutes(5).toMillis());
  }

  /**
   * Folding again only the conversation an event touched (and reusing the others' contacts while
   * time changes none of them) gives exactly the full derivation, step by step, whatever the
   * events, their arrival order and how far time moves between them: closes by inactivity and
   * lifecycle timeout, late events, a key on two channels, FCR windows and response-time breaches.
   */
  @Test
  void shouldDeriveIncrementallyExactlyWhatAFullDerivationDerives() {
    Random random = new Random(12);
    int reused = 0;
    for (int round = 0; round < 300; round++) {
      // a coarse grid over three weeks: gaps, timeouts and FCR windows are crossed
      List<ContactEvent> events =
          randomEvents(random, 1 + random.nextInt(5), 1 + random.nextInt(40), 500);
      JourneyState s = new JourneyState("c");
      long time = 0;
      JourneyAggregator.Derived previous = AGG.derived(s, time, null, null);
      for (ContactEvent event : events) {
        AGG.add(s, event);
        time +=
            switch (random.nextInt(3)) {
              case 0 -> 0;
              case 1 -> random.nextInt(120) * M;
              default -> random.nextInt(30) * 24 * 60 * M;
            };
        JourneyAggregator.Derived step =
            AGG.derived(s, time, previous, java.util.Set.of(event.conversationKey()));
        assertThat(step.views())
            .as("round %d, after %s", round, event)
            .isEqualTo(AGG.derive(s, time));
        for (Map.Entry<JourneyAggregator.Conversation, JourneyAggregator.Folded> f :
            previous.folded().entrySet()) {
          if (!f.getKey().key().equals(event.conversationKey())
              && time <= f.getValue().validUntil()) {
            reused++;
          }
        }
        // time alone (a deadline reached, or not yet)
        time += random.nextInt(3) == 0 ? random.nextInt(48) * 60 * M : 0;
        JourneyAggregator.Derived touched = AGG.derived(s, time, step, java.util.Set.of());
        assertThat(touched.views())
            .as("round %d, at %d", round, time)
            .isEqualTo(AGG.derive(s, time));
        previous = touched;
      }
    }
    // the reuse was exercised, not skipped
    assertThat(reused).isGreaterThan(1_000);
  }

  /**
   * Sealing is invisible: a customer whose contacts are sealed as the time passes derives, at every
   * step, exactly the contacts of a customer that keeps every event, when the events arrive out of
   * order as stage A lets them (none older than the watermark minus the allowed lateness), with
   * amendments after ends (agent messages, answers, wrap-up ends) days later, sessions on every
   * channel, timeouts and the FCR window crossed; and the sealed state reads back from its
   * serialized form to the same contacts, and evicts the same contacts.
   */
  @Test
  void shouldDeriveFromSealedContactsExactlyWhatTheEventsDerive() {
    long lateness = 24 * 60 * M;
    Random random = new Random(21);
    org.apache.kafka.common.serialization.Serde<JourneyState> serde =
        io.journeyline.topology.InternalSerdes.journeyState();
    int sealed = 0;
    int amended = 0;
    for (int round = 0; round < 300; round++) {
      // a coarse grid over five weeks: gaps, timeouts, the lateness and N are crossed
      List<ContactEvent> events =
          randomEvents(random, 1 + random.nextInt(4), 1 + random.nextInt(60), 840);
      // arrival: up to the allowed lateness behind the latest event time seen (stage A's rule)
      Map<ContactEvent, Long> arrival = new java.util.HashMap<>();
      for (ContactEvent e : events) {
        arrival.put(e, e.occurredAt() + (long) (random.nextDouble() * lateness));
      }
      events.sort(java.util.Comparator.comparingLong(arrival::get));
      JourneyState raw = new JourneyState("c");
      JourneyState folded = new JourneyState("c");
      long watermark = 0;
      for (ContactEvent event : events) {
        assertThat(event.occurredAt()).isGreaterThanOrEqualTo(watermark - lateness);
        if (!folded.sealed().isEmpty() && AGG.beforeSealed(folded, event)) {
          throw new AssertionError("an accepted event before a sealed contact: " + event);
        }
        boolean amends =
            folded.sealed().stream()
                .anyMatch(c -> c.conversationKey().equals(event.conversationKey()));
        AGG.add(raw, event);
        AGG.add(folded, event);
        watermark = Math.max(watermark, event.occurredAt());
        // the stage's time lags stage A's now and then
        long time = watermark - (random.nextBoolean() ? 0 : random.nextInt(600) * M);
        sealed += AGG.seal(folded, time - lateness);
        List<ContactView> expected = AGG.derive(raw, time);
        assertThat(AGG.derive(folded, time))
            .as("round %d, after %s", round, event)
            .isEqualTo(expected);
        if (amends) {
          amended++;
        }
        if (random.nextInt(5) == 0) {
          JourneyState back =
              serde.deserializer().deserialize("t", serde.serializer().serialize("t", folded));
          assertThat(back.sealed()).isEqualTo(folded.sealed());
          assertThat(AGG.derive(back, time)).isEqualTo(expected);
        }
        if (random.nextInt(10) == 0) {
          long later = time + random.nextInt(40) * 24 * 60 * M;
          assertThat(AGG.evict(folded, later))
              .as("round %d, evicted at %d", round, later)
              .isEqualTo(AGG.evict(raw, later));
          assertThat(AGG.derive(folded, later)).isEqualTo(AGG.derive(raw, later));
          assertThat(folded.firstStartByKey()).isEqualTo(raw.firstStartByKey());
          assertThat(folded.pinned()).isEqualTo(raw.pinned());
        }
      }
      long end = watermark + 20 * 24 * 60 * M;
      assertThat(AGG.derive(folded, end)).isEqualTo(AGG.derive(raw, end));
    }
    // sealing and amendments to sealed contacts were exercised, not skipped
    assertThat(sealed).isGreaterThan(1_000);
    assertThat(amended).isGreaterThan(500);
  }

  /**
   * Random events of one customer on {@code keys} conversation keys (now and then a key on a second
   * channel), of every type, participant and direction, at whole hours of a grid of {@code hours}.
   */
  private static List<ContactEvent> randomEvents(Random random, int keys, int n, int hours) {
    Channel[] channels = {Channel.CHAT, Channel.VOICE, Channel.SMS, Channel.EMAIL};
    EventType[] types = EventType.values();
    String[] issues = {null, "billing", "login"};
    String[] queues = {null, "q1", "q2"};
    io.journeyline.avro.Participant[] participants = {
      null, io.journeyline.avro.Participant.AGENT, io.journeyline.avro.Participant.CUSTOMER
    };
    List<ContactEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int key = random.nextInt(keys);
      Channel channel = channels[(key + (random.nextInt(8) == 0 ? 1 : 0)) % channels.length];
      EventType type = types[random.nextInt(types.length)];
      Long score =
          type == EventType.MESSAGE && random.nextBoolean()
              ? (long) (random.nextInt(2_000_001) - 1_000_000)
              : null;
      events.add(
          new ContactEvent(
              "e" + i,
              channel,
              type,
              "k" + key,
              "c",
              random.nextInt(hours) * 60 * M,
              random.nextInt(4) == 0 ? Direction.OUTBOUND : Direction.INBOUND,
              queues[random.nextInt(queues.length)],
              random.nextInt(3) == 0 ? "a" + random.nextInt(3) : null,
              issues[random.nextInt(issues.length)],
              score,
              random.nextInt(6) == 0 ? random.nextBoolean() : null,
              participants[random.nextInt(participants.length)],
              random.nextInt(10) == 0 ? random.nextInt(400) : null));
    }
    return events;
  }
}

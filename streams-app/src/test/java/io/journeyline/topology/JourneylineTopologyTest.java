package io.journeyline.topology;

import static io.journeyline.avro.EventType.ABANDONED;
import static io.journeyline.avro.EventType.CONTACT_ENDED;
import static io.journeyline.avro.EventType.CONTACT_STARTED;
import static io.journeyline.avro.EventType.MESSAGE;
import static io.journeyline.topology.TopologyHarness.key;
import static io.journeyline.topology.TopologyHarness.latest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertStatus;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.CloseReason;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.FcrStatus;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.JourneyContact;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One TopologyTestDriver test per rule, with hand-computed expectations. Settings: N = 7 days,
 * grace 5 min on every channel, windows 1h and 1d, LENIENT unless said otherwise.
 */
class JourneylineTopologyTest {

  /** Monday 2025-03-03 09:00 UTC. */
  static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  static final Instant DAY_0 = Instant.parse("2025-03-03T00:00:00Z");
  static final Instant DAY_1 = Instant.parse("2025-03-04T00:00:00Z");
  static final Instant DAY_2 = Instant.parse("2025-03-05T00:00:00Z");

  private TopologyHarness harness;

  private TopologyHarness start(Map<String, Object> overrides) {
    harness = new TopologyHarness(overrides);
    return harness;
  }

  private TopologyHarness start() {
    return start(Map.of());
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  static Instant at(Duration offset) {
    return T0.plus(offset);
  }

  /** A two-event contact: start at {@code start}, end 10 minutes later with the issue. */
  static List<Ev> contact(
      Channel channel, String contactId, String customer, Instant start, String issue) {
    return List.of(
        Ev.of(channel, contactId + "-s", contactId, CONTACT_STARTED, start).customer(customer),
        Ev.of(
                channel,
                contactId + "-e",
                contactId,
                CONTACT_ENDED,
                start.plus(Duration.ofMinutes(10)))
            .customer(customer)
            .issue(issue));
  }

  static List<Object> fcrCounts(FcrAggregate a) {
    return List.of(a.getContacts(), a.getResolved(), a.getNotResolved(), a.getPending());
  }

  @Test
  void shouldMarkEarlierContactUnresolvedWhenCustomerReturnsOnAnotherChannelWithinSevenDays() {
    TopologyHarness h = start();
    // Given a chat about billing on day 0
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    // When the customer calls about billing two days later
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", at(Duration.ofDays(2)), "billing"));

    // Then the chat is NOT_RESOLVED and the call repeats it on another channel
    Map<String, ContactSummary> contacts = h.latestContacts();
    assertThat(contacts.values())
        .extracting(
            ContactSummary::getContactId,
            ContactSummary::getFcr,
            ContactSummary::getRepeatOf,
            ContactSummary::getChannelHop)
        .containsExactly(
            tuple("chat-1", FcrStatus.NOT_RESOLVED, null, false),
            tuple("call-1", FcrStatus.PENDING, "chat-1", true));
    Map<MetricKey, FcrAggregate> fcr = latest(h.fcr);
    assertThat(fcrCounts(fcr.get(key(Dimension.ALL, "all", "1d", DAY_0))))
        .containsExactly(1L, 0L, 1L, 0L);
    assertThat(fcr.get(key(Dimension.ALL, "all", "1d", DAY_0)).getRate()).isEqualTo(0.0);
    assertThat(fcrCounts(fcr.get(key(Dimension.ALL, "all", "1d", DAY_2))))
        .containsExactly(1L, 0L, 0L, 1L);
    assertThat(fcr.get(key(Dimension.ALL, "all", "1d", DAY_2)).getRate()).isNull();
    assertThat(fcrCounts(fcr.get(key(Dimension.CHANNEL, "CHAT", "1h", T0))))
        .containsExactly(1L, 0L, 1L, 0L);
    Map<MetricKey, RepeatContactAggregate> repeat = latest(h.repeat);
    RepeatContactAggregate day2 = repeat.get(key(Dimension.ALL, "all", "1d", DAY_2));
    assertThat(List.of(day2.getContacts(), day2.getRepeats(), day2.getChannelHops()))
        .containsExactly(1L, 1L, 1L);
    assertThat(day2.getRate()).isEqualTo(1.0);
    RepeatContactAggregate day0 = repeat.get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(List.of(day0.getContacts(), day0.getRepeats(), day0.getChannelHops()))
        .containsExactly(1L, 0L, 0L);
  }

  @Test
  void shouldSendOneFlushIntervalsChangesOnceEachContactAndBucket() {
    TopologyHarness h = start();
    // Given three customers' chats on day 0 (a start and an end each), within one flush
    // interval of wall-clock time
    for (int i = 0; i < 3; i++) {
      for (Ev e : contact(Channel.CHAT, "chat-" + i, "cust-" + i, at(Duration.ofMinutes(i)), "x")) {
        h.sendWithinOneFlushInterval(e);
      }
    }
    // Then nothing is out yet: neither the contacts nor the metrics
    assertThat(h.contacts.isEmpty()).isTrue();
    assertThat(h.fcr.isEmpty()).isTrue();

    // When the interval passes
    h.flush();

    // Then each contact is sent once, in its latest revision (one per change: two events)
    List<KeyValue<String, ContactSummary>> contacts = h.contacts.readKeyValuesToList();
    assertThat(contacts)
        .extracting(kv -> kv.key + " r" + kv.value.getRevision() + " " + kv.value.getClosedBy())
        .containsExactlyInAnyOrder("chat-0 r2 ENDED", "chat-1 r2 ENDED", "chat-2 r2 ENDED");
    // and each customer's journey once
    assertThat(h.journeys.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrder("cust-0", "cust-1", "cust-2");

    // Then each bucket's record is written once, with the three contacts summed
    List<KeyValue<MetricKey, FcrAggregate>> records = h.fcr.readKeyValuesToList();
    MetricKey day = key(Dimension.ALL, "all", "1d", DAY_0);
    assertThat(records).filteredOn(kv -> kv.key.equals(day)).hasSize(1);
    assertThat(fcrCounts(records.stream().filter(kv -> kv.key.equals(day)).findFirst().get().value))
        .containsExactly(3L, 0L, 0L, 3L);
    // and one record per bucket: all, channel, queue, agent, issue, for 1h and 1d
    assertThat(records).hasSize(10);
  }

  @Test
  void shouldResolveWhenCustomerReturnsAfterSevenDays() {
    TopologyHarness h = start();
    h.heartbeat(T0);
    // Given a chat that ended at T0 + 10 min
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    // When the customer calls 7 days and 1 minute after the chat ended
    h.sendAll(
        contact(
            Channel.VOICE, "call-1", "cust-1", at(Duration.ofDays(7).plusMinutes(11)), "billing"));
    // and stream time passes end + N + grace = T0 + 7 d + 15 min
    h.heartbeat(at(Duration.ofDays(7).plusMinutes(16)));

    // Then the chat is RESOLVED and the call is no repeat
    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId, ContactSummary::getFcr, ContactSummary::getRepeatOf)
        .containsExactly(
            tuple("chat-1", FcrStatus.RESOLVED, null), tuple("call-1", FcrStatus.PENDING, null));
    FcrAggregate day0 = latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(fcrCounts(day0)).containsExactly(1L, 1L, 0L, 0L);
    assertThat(day0.getRate()).isEqualTo(1.0);
    assertThat(day0.getProvisionalRate()).isEqualTo(1.0);
    // completeUpTo = the last watermark before this record (T0: the events alone do not move the
    // low watermark while email and SMS have only passed T0) - N - max grace; the final
    // heartbeat's watermark follows the finalization it vouches for
    assertThat(day0.getCompleteUpTo())
        .isEqualTo(T0.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(5)));
  }

  @Test
  void shouldResolveUnderStrictWhenTheReturnHasNoIssue() {
    TopologyHarness h = start(Map.of(StreamsAppConfig.ISSUE_MATCHING_CONFIG, "STRICT"));
    // Given a chat about billing, and a call without an issue code a day later
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", at(Duration.ofDays(1)), null));
    // When stream time passes the chat's end + N + grace
    h.heartbeat(at(Duration.ofDays(8)));

    // Then under STRICT the call matches nothing: the chat is RESOLVED
    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId, ContactSummary::getFcr, ContactSummary::getRepeatOf)
        .containsExactly(
            // the call ended at T0 + 1 d + 10 min: still PENDING at T0 + 8 d
            tuple("chat-1", FcrStatus.RESOLVED, null), tuple("call-1", FcrStatus.PENDING, null));
  }

  @Test
  void shouldNotResolveUnderLenientWhenTheReturnHasNoIssue() {
    TopologyHarness h = start();
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", at(Duration.ofDays(1)), null));
    h.heartbeat(at(Duration.ofDays(8)));

    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId, ContactSummary::getFcr, ContactSummary::getRepeatOf)
        .containsExactly(
            tuple("chat-1", FcrStatus.NOT_RESOLVED, null),
            tuple("call-1", FcrStatus.PENDING, "chat-1"));
  }

  @Test
  void shouldRetractWhenALateWrapUpIssueFlipsTheStatusBack() {
    TopologyHarness h = start();
    // Given a billing chat and a call a day later that starts with issue billing
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    Instant callStart = at(Duration.ofDays(1));
    h.send(
        Ev.of(Channel.VOICE, "call-1-s", "call-1", CONTACT_STARTED, callStart)
            .customer("cust-1")
            .issue("billing"));
    // When the call's wrap-up arrives with another issue code
    h.send(
        Ev.of(Channel.VOICE, "call-1-e", "call-1", CONTACT_ENDED, callStart.plusSeconds(600))
            .customer("cust-1")
            .issue("outage"));

    // Then the chat went PENDING -> NOT_RESOLVED -> PENDING, each change replacing the last
    MetricKey chatDay = key(Dimension.ALL, "all", "1d", DAY_0);
    List<List<Object>> chatDayHistory =
        h.fcr.readKeyValuesToList().stream()
            .filter(kv -> kv.key.equals(chatDay))
            .map(kv -> fcrCounts(kv.value))
            .toList();
    assertThat(chatDayHistory)
        .containsExactly(
            List.of(1L, 0L, 0L, 1L), // chat started (its end changes no count: no record)
            List.of(1L, 0L, 1L, 0L), // call with billing: chat NOT_RESOLVED
            List.of(1L, 0L, 0L, 1L)); // wrap-up 'outage': retracted, PENDING again
  }

  @Test
  void shouldMoveTheCallBetweenIssueBucketsWhenItsWrapUpArrives() {
    TopologyHarness h = start();
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    Instant callStart = at(Duration.ofDays(1));
    h.send(
        Ev.of(Channel.VOICE, "call-1-s", "call-1", CONTACT_STARTED, callStart)
            .customer("cust-1")
            .issue("billing"));
    h.send(
        Ev.of(Channel.VOICE, "call-1-e", "call-1", CONTACT_ENDED, callStart.plusSeconds(600))
            .customer("cust-1")
            .issue("outage"));

    Map<MetricKey, FcrAggregate> fcr = latest(h.fcr);
    assertThat(fcrCounts(fcr.get(key(Dimension.ISSUE, "billing", "1d", DAY_1))))
        .containsExactly(0L, 0L, 0L, 0L);
    assertThat(fcrCounts(fcr.get(key(Dimension.ISSUE, "outage", "1d", DAY_1))))
        .containsExactly(1L, 0L, 0L, 1L);
    assertThat(fcrCounts(fcr.get(key(Dimension.ISSUE, "billing", "1d", DAY_0))))
        .containsExactly(1L, 0L, 0L, 1L);
    RepeatContactAggregate callDay = latest(h.repeat).get(key(Dimension.ALL, "all", "1d", DAY_1));
    assertThat(List.of(callDay.getContacts(), callDay.getRepeats(), callDay.getChannelHops()))
        .containsExactly(1L, 0L, 0L);
    assertThat(h.latestContacts().get("call-1").getRepeatOf()).isNull();
  }

  @Test
  void shouldMarkAbandonedContactNotResolved() {
    TopologyHarness h = start();
    h.send(Ev.of(Channel.VOICE, "v-s", "call-1", CONTACT_STARTED, T0).customer("cust-1"));
    h.send(
        Ev.of(Channel.VOICE, "v-a", "call-1", ABANDONED, at(Duration.ofMinutes(2)))
            .customer("cust-1"));

    ContactSummary call = h.latestContacts().get("call-1");
    assertThat(call.getFcr()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(call.getAbandoned()).isTrue();
    assertThat(call.getClosedBy()).isEqualTo(CloseReason.ABANDONED);
    assertThat(call.getEndedAt()).isEqualTo(at(Duration.ofMinutes(2)));
    assertThat(fcrCounts(latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0))))
        .containsExactly(1L, 0L, 1L, 0L);
  }

  @Test
  void shouldMarkContactNotResolvedWhenTheDispositionSaysSo() {
    TopologyHarness h = start();
    h.send(Ev.of(Channel.CHAT, "c-s", "chat-1", CONTACT_STARTED, T0).customer("cust-1"));
    h.send(
        Ev.of(Channel.CHAT, "c-e", "chat-1", CONTACT_ENDED, at(Duration.ofMinutes(5)))
            .customer("cust-1")
            .resolved(false));

    ContactSummary chat = h.latestContacts().get("chat-1");
    assertThat(chat.getFcr()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(chat.getResolvedDisposition()).isFalse();
    FcrAggregate day = latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(fcrCounts(day)).containsExactly(1L, 0L, 1L, 0L);
    assertThat(day.getRate()).isEqualTo(0.0);
  }

  @Test
  void shouldExcludeOutboundContactsFromFcrAndRepeatButCountTheirSentiment() {
    TopologyHarness h = start();
    // Given an inbound chat, then an outbound call about the same issue a day later
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    Instant callStart = at(Duration.ofDays(1));
    h.send(
        Ev.of(Channel.VOICE, "o-s", "call-out", CONTACT_STARTED, callStart)
            .customer("cust-1")
            .issue("billing")
            .outbound());
    h.send(
        Ev.of(Channel.VOICE, "o-m", "call-out", MESSAGE, callStart.plusSeconds(60))
            .customer("cust-1")
            .outbound()
            .customerSays(0.4));
    h.send(
        Ev.of(Channel.VOICE, "o-e", "call-out", CONTACT_ENDED, callStart.plusSeconds(120))
            .customer("cust-1")
            .outbound());
    h.heartbeat(at(Duration.ofDays(8)));

    // Then the outbound call is NOT_APPLICABLE and does not make the chat NOT_RESOLVED
    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId, ContactSummary::getFcr, ContactSummary::getRepeatOf)
        .containsExactly(
            tuple("chat-1", FcrStatus.RESOLVED, null),
            tuple("call-out", FcrStatus.NOT_APPLICABLE, null));
    assertThat(latest(h.fcr)).doesNotContainKey(key(Dimension.ALL, "all", "1d", DAY_1));
    assertThat(latest(h.repeat)).doesNotContainKey(key(Dimension.ALL, "all", "1d", DAY_1));
    SentimentAggregate sentiment = latest(h.sentiment).get(key(Dimension.ALL, "all", "1d", DAY_1));
    assertThat(List.of(sentiment.getContacts(), sentiment.getMessages())).containsExactly(1L, 1L);
    assertThat(sentiment.getMean()).isEqualTo(0.4);
  }

  @Test
  void shouldCountADuplicateEventOnce() {
    TopologyHarness h = start();
    Ev message =
        Ev.of(Channel.CHAT, "m-1", "chat-1", MESSAGE, at(Duration.ofMinutes(1)))
            .customer("cust-1")
            .customerSays(-0.3);
    h.send(Ev.of(Channel.CHAT, "s-1", "chat-1", CONTACT_STARTED, T0).customer("cust-1"));
    h.send(message);
    h.send(message);

    ContactSummary chat = h.latestContacts().get("chat-1");
    assertThat(chat.getEvents()).isEqualTo(2);
    assertThat(chat.getSentiment().getMessages()).isEqualTo(1);
    assertThat(h.counters.snapshot().duplicates()).isEqualTo(1);
    assertThat(h.counters.snapshot().eventsAccepted()).isEqualTo(2);
    SentimentAggregate all = latest(h.sentiment).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(List.of(all.getContacts(), all.getMessages(), all.getNegativeMessages()))
        .containsExactly(1L, 1L, 1L);
  }

  /** A multi-customer scenario used in order and shuffled. */
  static List<Ev> scenario() {
    List<Ev> events = new ArrayList<>();
    events.addAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    events.add(
        Ev.of(Channel.CHAT, "chat-1-m", "chat-1", MESSAGE, at(Duration.ofMinutes(3)))
            .customer("cust-1")
            .customerSays(-0.6));
    events.addAll(
        contact(Channel.VOICE, "call-1", "cust-1", at(Duration.ofMinutes(30)), "billing"));
    events.addAll(contact(Channel.EMAIL, "mail-2", "cust-2", at(Duration.ofMinutes(12)), "outage"));
    events.add(
        Ev.of(Channel.SMS, "sms-3-a", "sms-3", MESSAGE, at(Duration.ofMinutes(20)))
            .phone("+14155550100")
            .customerSays(0.5));
    events.add(
        Ev.of(Channel.SMS, "sms-3-b", "sms-3", MESSAGE, at(Duration.ofMinutes(24)))
            .phone("+14155550100")
            .customerSays(-0.1)
            .issue("delivery"));
    return events;
  }

  @Test
  void shouldGiveTheSameFinalNumbersOutOfOrderWithinGraceAsInOrder() {
    // Given the scenario in event-time order
    List<Ev> inOrder = new ArrayList<>(scenario());
    inOrder.sort((a, b) -> a.at.compareTo(b.at));
    TopologyHarness ordered = start();
    ordered.sendAll(inOrder);
    ordered.heartbeat(at(Duration.ofDays(8)));
    var fcrInOrder = counts(latest(ordered.fcr));
    var sentimentInOrder = counts(latest(ordered.sentiment));
    var repeatInOrder = counts(latest(ordered.repeat));
    var contactsInOrder = withoutRevision(ordered.latestContacts());
    ordered.close();

    // When the same events arrive out of order, each within 5 min of grace
    List<Ev> shuffled = new ArrayList<>();
    int[] order = {1, 0, 3, 2, 5, 4, 6, 7, 8};
    List<Ev> base = inOrder;
    for (int i : order) {
      if (i < base.size()) {
        shuffled.add(base.get(i));
      }
    }
    assertThat(shuffled).hasSameSizeAs(base);
    harness = new TopologyHarness(Map.of());
    harness.sendAll(shuffled);
    harness.heartbeat(at(Duration.ofDays(8)));

    // Then nothing went to the DLQ and every final number is the same
    assertThat(harness.dlq.isEmpty()).isTrue();
    assertThat(counts(latest(harness.fcr))).isEqualTo(fcrInOrder);
    assertThat(counts(latest(harness.sentiment))).isEqualTo(sentimentInOrder);
    assertThat(counts(latest(harness.repeat))).isEqualTo(repeatInOrder);
    assertThat(withoutRevision(harness.latestContacts())).isEqualTo(contactsInOrder);
    FcrAggregate all = fcrInOrder.get(key(Dimension.ALL, "all", "1d", DAY_0));
    // chat-1 NOT_RESOLVED (call-1 returns), call-1 RESOLVED, mail-2 RESOLVED, sms-3 RESOLVED
    assertThat(fcrCounts(all)).containsExactly(4L, 3L, 1L, 0L);
  }

  /**
   * The aggregates without completeUpTo, which records the watermark known when each record was
   * emitted and so depends on arrival order; every count and rate must not.
   */
  static <V extends org.apache.avro.specific.SpecificRecord> Map<MetricKey, V> counts(
      Map<MetricKey, V> in) {
    return in.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> {
                  V copy =
                      org.apache.avro.specific.SpecificData.get()
                          .deepCopy(e.getValue().getSchema(), e.getValue());
                  copy.put(copy.getSchema().getField("completeUpTo").pos(), Instant.EPOCH);
                  return copy;
                }));
  }

  private static Map<String, ContactSummary> withoutRevision(Map<String, ContactSummary> in) {
    return in.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> ContactSummary.newBuilder(e.getValue()).setRevision(0).build()));
  }

  @Test
  void shouldSendAnEventBeyondTheAllowedLatenessToTheDlq() {
    TopologyHarness h = start();
    // Given every input partition has passed T0 + 2 days (offset 0 of each topic)
    h.heartbeat(at(Duration.ofDays(2)));
    // When an event comes 1 day and 1 minute behind (allowed lateness 1 day), then one 23 h behind
    h.send(
        Ev.of(Channel.CHAT, "b", "chat-2", CONTACT_STARTED, at(Duration.ofDays(1).minusMinutes(1)))
            .customer("c"));
    h.send(
        Ev.of(Channel.CHAT, "a", "chat-1", CONTACT_STARTED, at(Duration.ofHours(25)))
            .customer("c"));

    // Then the first goes to the DLQ as late, naming the low watermark; the second is applied
    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "reason")).isEqualTo("late");
    assertThat(header(dead.get(0), "source.topic")).isEqualTo("journeyline.interactions.chat");
    assertThat(header(dead.get(0), "source.offset")).isEqualTo("1");
    assertThat(header(dead.get(0), "exception"))
        .startsWith(DeadLetterException.class.getName())
        .contains("allowed lateness", "2025-03-05T09:00:00Z");
    assertThat(dead.get(0).value()).isNotEmpty();
    assertThat(h.latestContacts()).containsOnlyKeys("chat-1");
    assertThat(h.counters.snapshot().late()).isEqualTo(1);
    assertThat(h.counters.snapshot().lateApplied()).isEqualTo(1);
  }

  @Test
  void shouldApplyAnEventLaterThanGraceAsACorrectionAfterFinal() {
    TopologyHarness h = start();
    // Given a chat about billing that ended at T0 + 10 min and became RESOLVED once every input
    // partition passed end + N + grace = T0 + 7 d + 15 min
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.heartbeat(at(Duration.ofDays(7).plusMinutes(16)));
    ContactSummary resolved = h.latestContacts().get("chat-1");
    assertThat(resolved.getFcr()).isEqualTo(FcrStatus.RESOLVED);
    assertThat(resolved.getLateCorrections()).isZero();
    FcrAggregate before = latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(fcrCounts(before)).containsExactly(1L, 1L, 0L, 0L);
    assertThat(before.getCorrections()).isZero();

    // When a call about billing that started at T0 + 7 d (within N of the chat's end) arrives 16
    // minutes behind the watermark: later than the 5-minute grace, within the allowed day
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", at(Duration.ofDays(7)), "billing"));

    // Then it is applied: the chat is corrected to NOT_RESOLVED, visibly after final
    assertThat(h.dlq.isEmpty()).isTrue();
    Map<String, ContactSummary> contacts = h.latestContacts();
    ContactSummary chat = contacts.get("chat-1");
    assertThat(chat.getFcr()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(chat.getLateCorrections()).isEqualTo(1);
    assertThat(chat.getRevision()).isEqualTo(resolved.getRevision() + 1);
    assertThat(contacts.get("call-1").getRepeatOf()).isEqualTo("chat-1");
    assertThat(contacts.get("call-1").getLateCorrections()).isZero();
    // and its buckets retract RESOLVED, add NOT_RESOLVED, and count one correction
    Map<MetricKey, FcrAggregate> fcr = latest(h.fcr);
    FcrAggregate day0 = fcr.get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(fcrCounts(day0)).containsExactly(1L, 0L, 1L, 0L);
    assertThat(day0.getCorrections()).isEqualTo(1);
    assertThat(fcr.get(key(Dimension.CHANNEL, "CHAT", "1h", T0)).getCorrections()).isEqualTo(1);
    FcrAggregate day7 = fcr.get(key(Dimension.ALL, "all", "1d", DAY_0.plus(Duration.ofDays(7))));
    assertThat(fcrCounts(day7)).containsExactly(1L, 0L, 0L, 1L);
    assertThat(day7.getCorrections()).isZero();
    assertThat(latest(h.repeat).get(key(Dimension.ALL, "all", "1d", DAY_0)).getCorrections())
        .isEqualTo(1);
    // and both of the call's events were counted as late, the chat's change as a correction
    assertThat(h.counters.snapshot().lateApplied()).isEqualTo(2);
    assertThat(h.counters.snapshot().correctionsAfterFinal()).isEqualTo(1);
    assertThat(h.counters.snapshot().late()).isZero();
  }

  @Test
  void shouldKeepAChatThatWaitedLongerThanTheGapInQueueOneContact() {
    TopologyHarness h = start();
    // Given a chat that starts, waits 45 minutes in queue (chat gap 30 min), then talks and ends
    h.send(Ev.of(Channel.CHAT, "q-s", "chat-q", CONTACT_STARTED, T0).customer("cust-1"));
    h.send(
        Ev.of(Channel.CHAT, "q-m", "chat-q", MESSAGE, at(Duration.ofMinutes(45)))
            .customer("cust-1")
            .customerSays(0.3));
    h.send(
        Ev.of(Channel.CHAT, "q-e", "chat-q", CONTACT_ENDED, at(Duration.ofMinutes(50)))
            .customer("cust-1")
            .issue("billing"));
    h.heartbeat(at(Duration.ofDays(8)));

    // Then it is one RESOLVED contact, not a contact plus a repeat of it
    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId,
            ContactSummary::getFcr,
            ContactSummary::getRepeatOf,
            ContactSummary::getEvents)
        .containsExactly(tuple("chat-q", FcrStatus.RESOLVED, null, 3));
    assertThat(fcrCounts(latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0))))
        .containsExactly(1L, 1L, 0L, 0L);
    RepeatContactAggregate repeat = latest(h.repeat).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(List.of(repeat.getContacts(), repeat.getRepeats())).containsExactly(1L, 0L);
  }

  @Test
  void shouldLetABotMessageAfterTheEndChangeNoFcrStatus() {
    TopologyHarness h = start();
    // Given a chat that ended at T0 + 10 min, and the bot's goodbye 5 seconds later
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    Ev bye =
        Ev.of(Channel.CHAT, "bye", "chat-1", MESSAGE, at(Duration.ofMinutes(10).plusSeconds(5)))
            .customer("cust-1");
    bye.participant = io.journeyline.avro.Participant.BOT;
    h.send(bye);
    h.heartbeat(at(Duration.ofDays(8)));

    // Then the goodbye amends the chat, which stays one contact and RESOLVED
    assertThat(h.latestContacts().values())
        .extracting(
            ContactSummary::getContactId,
            ContactSummary::getFcr,
            ContactSummary::getEndedAt,
            ContactSummary::getEvents)
        .containsExactly(tuple("chat-1", FcrStatus.RESOLVED, at(Duration.ofMinutes(10)), 3));
    assertThat(fcrCounts(latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0))))
        .containsExactly(1L, 1L, 0L, 0L);
  }

  @Test
  void shouldRefuseEventTimesOutsideTheClockBoundsAndCapAHeartbeatFromTheFuture() {
    TopologyHarness h = start();
    h.heartbeat(T0);
    // When an event is dated beyond the driver's clock plus the 5-minute skew, one before 1970,
    // and a heartbeat on every topic claims the year 9999
    Instant future = TopologyHarness.WALL_CLOCK_START.plus(Duration.ofMinutes(6));
    h.send(Ev.of(Channel.CHAT, "f", "chat-f", CONTACT_STARTED, future).customer("c"));
    h.send(
        Ev.of(Channel.VOICE, "p", "call-p", CONTACT_STARTED, Instant.parse("1969-12-31T23:59:59Z"))
            .customer("c"));
    h.heartbeat(Instant.parse("9999-01-01T00:00:00Z"));

    // Then both events are invalid, naming occurredAt
    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).extracting(r -> header(r, "reason")).containsExactly("invalid", "invalid");
    assertThat(header(dead.get(0), "exception")).contains("occurredAt", "beyond the clock");
    assertThat(header(dead.get(1), "exception")).contains("occurredAt", "before 1970");
    // and the watermark went no further than the clock plus the skew: a contact of an hour ago
    // (by the driver's clock) is applied (late by the 5-minute grace, well within the allowed day;
    // a 9999 watermark would have sent it to the DLQ) and is still PENDING
    Instant recent = TopologyHarness.WALL_CLOCK_START.minus(Duration.ofHours(1));
    h.sendAll(contact(Channel.CHAT, "chat-r", "c", recent, "billing"));
    assertThat(h.dlq.isEmpty()).isTrue();
    assertThat(h.latestContacts().get("chat-r").getFcr()).isEqualTo(FcrStatus.PENDING);
    assertThat(h.counters.snapshot().lateApplied()).isEqualTo(2);
    assertThat(h.counters.snapshot().late()).isZero();
  }

  @Test
  void shouldSendPoisonBytesToTheDlqAndKeepGoing() {
    // TopologyTestDriver drops the deserialization handler's DLQ records under exactly_once_v2
    // (it does not capture sends made outside record processing); the IT checks EOS on a broker.
    TopologyHarness h =
        start(Map.of(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"));
    byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);
    h.sendRaw(Channel.VOICE, null, poison, T0);
    h.send(Ev.of(Channel.VOICE, "a", "call-1", CONTACT_STARTED, T0).customer("c"));

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "reason")).isEqualTo("deserialization");
    assertThat(header(dead.get(0), "source.topic")).isEqualTo("journeyline.interactions.voice");
    assertThat(dead.get(0).value()).isEqualTo(poison);
    assertThat(h.latestContacts()).containsOnlyKeys("call-1");
    assertThat(h.counters.snapshot().deserializationErrors()).isEqualTo(1);
  }

  @Test
  void shouldSendAnEventWithoutCustomerIdentifiersToTheDlq() {
    TopologyHarness h = start();
    h.send(Ev.of(Channel.CHAT, "a", "chat-1", CONTACT_STARTED, T0).phone("not a phone"));

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).extracting(r -> header(r, "reason")).containsExactly("invalid");
    assertThat(h.latestContacts()).isEmpty();
  }

  @Test
  void shouldSessionizeSmsByInactivity() {
    TopologyHarness h = start();
    String key = "+14155550100|+18005550199";
    // Given two messages 10 minutes apart, then one 3 hours later (gap 1 h)
    h.send(Ev.of(Channel.SMS, "s1", key, MESSAGE, T0).phone("+14155550100").customerSays(0.2));
    h.send(
        Ev.of(Channel.SMS, "s2", key, MESSAGE, at(Duration.ofMinutes(10)))
            .phone("+14155550100")
            .customerSays(0.4));
    h.send(
        Ev.of(Channel.SMS, "s3", key, MESSAGE, at(Duration.ofHours(3)))
            .phone("+14155550100")
            .customerSays(-0.2));
    // and the watermark passes the third message
    h.heartbeat(at(Duration.ofHours(3)));

    // Then the first conversation closed at its last event and a new contact opened
    Map<String, ContactSummary> contacts = h.latestContacts();
    assertThat(contacts.values())
        .extracting(
            ContactSummary::getContactId,
            ContactSummary::getConversationKey,
            ContactSummary::getCustomerId,
            ContactSummary::getEndedAt,
            ContactSummary::getClosedBy,
            ContactSummary::getEvents)
        .containsExactly(
            tuple(
                key,
                key,
                "prov:PHONE:+14155550100",
                at(Duration.ofMinutes(10)),
                CloseReason.INACTIVITY,
                2),
            tuple(key + "@2025-03-03T12:00:00Z", key, "prov:PHONE:+14155550100", null, null, 1));
  }

  @Test
  void shouldAdvanceTimeWithHeartbeatsWithoutCountingThemAsEvents() {
    TopologyHarness h = start();
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, null));
    // When only heartbeats arrive: first just before end + N + grace, then just after
    h.heartbeat(at(Duration.ofDays(7).plusMinutes(15)));
    assertThat(h.latestContacts().get("chat-1").getFcr()).isEqualTo(FcrStatus.PENDING);
    h.heartbeat(at(Duration.ofDays(7).plusMinutes(15).plusMillis(1)));

    ContactSummary chat = h.latestContacts().get("chat-1");
    assertThat(chat.getFcr()).isEqualTo(FcrStatus.RESOLVED);
    assertThat(chat.getEvents()).isEqualTo(2);
    assertThat(h.counters.snapshot().eventsAccepted()).isEqualTo(2);
    // two rounds, one heartbeat on each of the four interaction topics
    assertThat(h.counters.snapshot().heartbeats()).isEqualTo(8);
    assertThat(fcrCounts(latest(h.fcr).get(key(Dimension.ALL, "all", "1d", DAY_0))))
        .containsExactly(1L, 1L, 0L, 0L);
  }

  @Test
  void shouldComputeSentimentStatsAndAlertOnce() {
    TopologyHarness h = start();
    h.send(Ev.of(Channel.CHAT, "s", "chat-1", CONTACT_STARTED, T0).customer("cust-1"));
    double[] scores = {-0.2, -0.6, -0.7, -0.8};
    for (int i = 0; i < scores.length; i++) {
      h.send(
          Ev.of(Channel.CHAT, "m" + i, "chat-1", MESSAGE, at(Duration.ofMinutes(i + 1)))
              .customer("cust-1")
              .customerSays(scores[i]));
      h.send(
          Ev.of(
                  Channel.CHAT,
                  "a" + i,
                  "chat-1",
                  MESSAGE,
                  at(Duration.ofMinutes(i + 1).plusSeconds(30)))
              .customer("cust-1")
              .agentSays("I am sorry to hear that"));
    }

    ContactSummary chat = h.latestContacts().get("chat-1");
    var s = chat.getSentiment();
    assertThat(s.getMessages()).isEqualTo(4);
    assertThat(s.getMean()).isCloseTo(-0.575, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.getMin()).isEqualTo(-0.8);
    assertThat(s.getFirst()).isEqualTo(-0.2);
    assertThat(s.getLast()).isEqualTo(-0.8);
    assertThat(s.getTrend()).isCloseTo(-0.6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.getNegativeShare()).isEqualTo(1.0);
    assertThat(s.getAlerted()).isTrue();
    List<Alert> alerts = h.alerts.readValuesToList();
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.getAlertId()).isEqualTo("NEGATIVE_SENTIMENT:chat-1");
    assertThat(alert.getType()).isEqualTo(AlertType.NEGATIVE_SENTIMENT);
    assertThat(alert.getCustomerId()).isEqualTo("cust-1");
    assertThat(alert.getRaisedAt()).isEqualTo(at(Duration.ofMinutes(3)));
    assertThat(alert.getRecentScores()).containsExactly(-0.2, -0.6, -0.7);
    assertThat(alert.getRecentMean()).isCloseTo(-0.5, org.assertj.core.data.Offset.offset(1e-12));
    SentimentAggregate all = latest(h.sentiment).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(
            List.of(
                all.getContacts(), all.getMessages(), all.getNegativeMessages(), all.getAlerts()))
        .containsExactly(1L, 4L, 4L, 1L);
    assertThat(all.getScoreSum()).isEqualTo(-2.3);
    assertThat(all.getMean()).isEqualTo(-0.575);
    assertThat(all.getNegativeShare()).isEqualTo(1.0);
  }

  @Test
  void shouldSendTheJourneyWhenItsContactsChangeAndBoundIt() {
    TopologyHarness h = start(Map.of(StreamsAppConfig.JOURNEY_MAX_CONTACTS_CONFIG, 2));
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    // one record: the chat was added; its end changed the contact, not the list
    List<CustomerJourney> sent = h.journeys.readValuesToList();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getContactRefs())
        .extracting(JourneyContact::getContactId, JourneyContact::getStartedAt)
        .containsExactly(tuple("chat-1", T0));
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", T0.plus(Duration.ofHours(1)), "billing"));
    h.sendAll(contact(Channel.EMAIL, "mail-1", "cust-1", T0.plus(Duration.ofHours(2)), "billing"));
    sent = h.journeys.readValuesToList();
    assertThat(sent).hasSize(2);
    // bounded to the latest 2 of 3 contacts, in start order
    CustomerJourney last = sent.get(1);
    assertThat(last.getContactRefs())
        .extracting(JourneyContact::getContactId, JourneyContact::getChannel)
        .containsExactly(tuple("call-1", Channel.VOICE), tuple("mail-1", Channel.EMAIL));
    assertThat(last.getContactCount()).isEqualTo(3);
    // the contacts' own records carry the rest, every change of it: each start and end, and the
    // chat and the call again (in start order, before the new contact) when the next contact on
    // billing made them NOT_RESOLVED
    assertThat(h.contacts.readValuesToList())
        .extracting(ContactSummary::getContactId)
        .containsExactly(
            "chat-1", "chat-1", "chat-1", "call-1", "call-1", "call-1", "mail-1", "mail-1");
  }

  @Test
  void shouldListOnlyTheContactsWithinTheHorizonInTheJourney() {
    TopologyHarness h = start();
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-1", T0.plus(Duration.ofDays(20)), "other"));
    h.journeys.readValuesToList();
    // the watermark passes the chat's end + 30 days (the horizon): the journey lists the call alone
    h.heartbeat(T0.plus(Duration.ofDays(31)));
    List<CustomerJourney> sent = h.journeys.readValuesToList();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getContactRefs())
        .extracting(JourneyContact::getContactId)
        .containsExactly("call-1");
    assertThat(sent.get(0).getContactCount()).isEqualTo(1);
    // once the call has left too, the journey is tombstoned
    h.heartbeat(T0.plus(Duration.ofDays(52)));
    assertThat(h.journeys.readKeyValuesToList())
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key).isEqualTo("cust-1");
              assertThat(kv.value).isNull();
            });
  }

  @Test
  void shouldWithdrawASentimentAlertThatALateMessageUndoes() {
    TopologyHarness h = start();
    h.send(Ev.of(Channel.CHAT, "s", "chat-1", CONTACT_STARTED, T0).customer("cust-1"));
    double[] scores = {-0.6, -0.7, -0.8};
    for (int i = 0; i < scores.length; i++) {
      h.send(
          Ev.of(Channel.CHAT, "m" + i, "chat-1", MESSAGE, at(Duration.ofMinutes(i + 1)))
              .customer("cust-1")
              .customerSays(scores[i]));
    }
    // the last 3 average -0.7: raised
    assertThat(h.alerts.readValuesToList())
        .extracting(Alert::getAlertId, Alert::getStatus)
        .containsExactly(tuple("NEGATIVE_SENTIMENT:chat-1", AlertStatus.RAISED));
    // a message of 02:30 arrives late: in event-time order -0.6, -0.7, +0.9, -0.8, whose windows
    // of 3 average -0.133 and -0.2, so no prefix meets the rule
    h.send(
        Ev.of(Channel.CHAT, "m-late", "chat-1", MESSAGE, at(Duration.ofSeconds(150)))
            .customer("cust-1")
            .customerSays(0.9));
    assertThat(h.alerts.readValuesToList())
        .extracting(Alert::getAlertId, Alert::getStatus)
        .containsExactly(tuple("NEGATIVE_SENTIMENT:chat-1", AlertStatus.WITHDRAWN));
    assertThat(h.latestContacts().get("chat-1").getSentiment().getAlerted()).isFalse();
    SentimentAggregate all = latest(h.sentiment).get(key(Dimension.ALL, "all", "1d", DAY_0));
    assertThat(List.of(all.getContacts(), all.getMessages(), all.getAlerts()))
        .containsExactly(1L, 4L, 0L);
  }

  @Test
  void shouldResolveCustomersByLinkEventAndProvisionalId() {
    TopologyHarness h = start();
    // Given a CRM link for an email
    h.identities.pipeInput(
        "EMAIL:ann@example.com",
        IdentityLink.newBuilder()
            .setIdentifierType(IdentifierType.EMAIL)
            .setIdentifier("ann@example.com")
            .setCustomerId("crm-ann")
            .setLinkedAt(T0)
            .build());
    // When an email arrives with an upper-case address, and a chat with customerId and phone,
    // and an SMS from an unknown local number
    h.send(Ev.of(Channel.EMAIL, "e1", "mail-1", MESSAGE, T0).email("Ann@Example.COM"));
    h.send(
        Ev.of(Channel.CHAT, "c1", "chat-1", MESSAGE, T0)
            .customer("crm-bob")
            .phone("(415) 555-0101"));
    h.send(Ev.of(Channel.SMS, "s1", "sms-1", MESSAGE, T0).phone("415-555-0102"));

    assertThat(h.latestContacts().values())
        .extracting(ContactSummary::getContactId, ContactSummary::getCustomerId)
        .containsExactlyInAnyOrder(
            tuple("mail-1", "crm-ann"),
            tuple("chat-1", "crm-bob"),
            tuple("sms-1", "prov:PHONE:+14155550102"));
    Map<String, String> resolved = new HashMap<>();
    h.resolutions
        .readKeyValuesToList()
        .forEach(kv -> resolved.put(kv.key, kv.value.getCustomerId()));
    assertThat(resolved)
        .containsEntry("PHONE:+14155550101", "crm-bob")
        .containsEntry("EMAIL:ann@example.com", "crm-ann")
        .containsEntry("PHONE:+14155550102", "prov:PHONE:+14155550102");
  }

  @Test
  void shouldNameEveryProcessorStoreAndTopicExplicitly() {
    TopologyHarness h = start();
    String description = h.topology.describe().toString();
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description)
        .contains(
            TopologyNames.VALIDATE_DEDUP_RESOLVE,
            TopologyNames.JOURNEY,
            TopologyNames.AGGREGATE,
            TopologyNames.BY_CUSTOMER + "-repartition",
            TopologyNames.BY_BUCKET + "-repartition",
            TopologyNames.JOURNEY_STORE,
            TopologyNames.AGGREGATE_STORE,
            TopologyNames.DEDUP_STORE,
            TopologyNames.TIMER_INDEX_STORE);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

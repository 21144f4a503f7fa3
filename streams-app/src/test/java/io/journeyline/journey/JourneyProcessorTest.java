package io.journeyline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CloseReason;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.erasure.ErasureKeys;
import io.journeyline.erasure.ErasureOutput;
import io.journeyline.erasure.JourneyErasureProcessor;
import io.journeyline.fcr.FcrRules;
import io.journeyline.fcr.IssueMatching;
import io.journeyline.journey.JourneyOutput.Kind;
import io.journeyline.metrics.BucketKey;
import io.journeyline.metrics.Contributions;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.metrics.MetricWindow;
import io.journeyline.topology.InternalSerdes;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journey stage's time and announced transfers, on the processor alone (the topology test
 * driver hands every transfer over at once, so it cannot show a transfer that is slow to come).
 */
class JourneyProcessorTest {

  private static final long MINUTE = 60_000L;
  private static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

  /** Stage A's default: no event older than the watermark minus it reaches the stage. */
  private static final Duration ALLOWED_LATENESS = Duration.ofDays(1);

  private MockProcessorContext<String, JourneyOutput> context;
  private JourneyProcessor processor;

  @BeforeEach
  void setUp() {
    context = newContext();
    Map<Channel, Duration> gaps = new EnumMap<>(Channel.class);
    Map<Channel, Duration> grace = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      gaps.put(channel, Duration.ofMinutes(30));
      grace.put(channel, Duration.ofMinutes(5));
    }
    aggregator =
        new JourneyAggregator(
            new FcrRules(Duration.ofDays(7), Duration.ofMinutes(5), IssueMatching.LENIENT),
            gaps,
            Duration.ofHours(2),
            Duration.ofDays(30));
    this.grace = grace;
    restart();
  }

  private JourneyAggregator aggregator;
  private Map<Channel, Duration> grace;
  private Duration allowedLateness = ALLOWED_LATENESS;

  /** A new processor on the same stores, as after a crash: what it held in memory is gone. */
  private void restart() {
    // the old processor is gone: its punctuation with it
    context.scheduledPunctuators().forEach(p -> p.cancel());
    processor = newProcessor();
    context.resetForwards();
    processor.init(context);
  }

  private JourneyProcessor newProcessor() {
    return new JourneyProcessor(
        aggregator,
        new Contributions(List.of(MetricWindow.parse("1h"))),
        grace,
        allowedLateness,
        Duration.ofMillis(100),
        2,
        100,
        JourneyProcessor.DEFAULT_COPY_EVENTS,
        new TopologyListener() {});
  }

  /** A context with the stage's stores, empty. */
  private static MockProcessorContext<String, JourneyOutput> newContext() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "journey-processor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    MockProcessorContext<String, JourneyOutput> context = new MockProcessorContext<>(props);
    context.setCurrentSystemTimeMs(1_000_000L);
    addStore(context, TopologyNames.JOURNEY_STORE, InternalSerdes.journeyState());
    addStore(context, TopologyNames.TIMER_INDEX_STORE, Serdes.String());
    addStore(context, TopologyNames.SOURCE_WATERMARK_STORE, Serdes.Long());
    addStore(context, TopologyNames.DELTA_OUTBOX_STORE, InternalSerdes.metricDelta());
    addStore(context, TopologyNames.OUTPUT_OUTBOX_STORE, Serdes.String());
    return context;
  }

  private static <V> void addStore(
      MockProcessorContext<String, JourneyOutput> context, String name, Serde<V> serde) {
    StateStore store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  /**
   * Another task of the stage, on its own stores: a second journey partition, whose time goes on by
   * its own ticks.
   */
  private final class Task {
    final MockProcessorContext<String, JourneyOutput> context = newContext();
    final JourneyProcessor processor = newProcessor();

    Task() {
      processor.init(context);
    }

    void send(String key, Routed value) {
      processor.process(new Record<>(key, value, 0L));
    }

    void tick(long watermark) {
      send("tick", Routed.tick(0, 1, watermark));
      send("tick", Routed.graphTick(0, 1, watermark));
    }

    /** The transfers it sent since the last call, in order. */
    List<Handover> transfers() {
      List<Handover> sent =
          context.forwarded().stream()
              .map(f -> f.record().value())
              .filter(v -> v.kind() == JourneyOutput.Kind.TRANSFER)
              .map(JourneyOutput::transfer)
              .toList();
      context.resetForwards();
      return sent;
    }

    /** The latest summary it sent of a contact, after a flush. */
    ContactSummary latest(String contactId) {
      context
          .scheduledPunctuators()
          .forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
      ContactSummary last = null;
      for (var f : context.forwarded()) {
        JourneyOutput v = f.record().value();
        if (v.kind() == JourneyOutput.Kind.CONTACT
            && v.contact() != null
            && v.contact().getContactId().equals(contactId)) {
          last = v.contact();
        }
      }
      return last;
    }
  }

  private void send(String key, Routed value) {
    processor.process(new Record<>(key, value, 0L));
  }

  /** Both ticks (from stage A and passed on by the graph) of the only source partition. */
  private void tick(long watermark) {
    send("tick", Routed.tick(0, 1, watermark));
    send("tick", Routed.graphTick(0, 1, watermark));
  }

  private static ContactEvent chat(String id, EventType type, long at) {
    return chat("C-1", "chat-1", id, type, at);
  }

  private static ContactEvent chat(
      String customer, String key, String id, EventType type, long at) {
    return new ContactEvent(
        id,
        Channel.CHAT,
        type,
        key,
        customer,
        at,
        Direction.INBOUND,
        null,
        null,
        null,
        null,
        null,
        type == EventType.MESSAGE ? Participant.CUSTOMER : null,
        null);
  }

  /** The contact summaries sent, after the punctuation that sends what waits has run. */
  private List<ContactSummary> contactsForwarded() {
    flush();
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v.kind() == JourneyOutput.Kind.CONTACT && v.contact() != null)
        .map(JourneyOutput::contact)
        .toList();
  }

  private void flush() {
    context.scheduledPunctuators().stream()
        .filter(p -> !p.cancelled())
        .forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
  }

  @Test
  void timeWaitsForAnAnnouncedTransferHoweverLongItTakes() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 2 * MINUTE)));
    send("C-1", Routed.of(Handover.expect("sms:+15550100:+18005550100", 7)));
    flush();
    context.resetForwards();

    // Event time passes the chat's lifecycle timeout (2 h) and ten minutes pass on the wall clock:
    // the transfer has not come, so the stage's time does not move and the chat stays open.
    tick(T0 + 5 * 60 * MINUTE);
    context.setCurrentSystemTimeMs(1_000_000L + 10 * MINUTE);
    context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(1_000_000L));
    tick(T0 + 6 * 60 * MINUTE);
    assertThat(contactsForwarded()).isEmpty();

    // The transfer (here an empty one: the old customer held nothing of the contact) lets it go.
    send("C-1", Routed.of(Handover.events("sms:+15550100:+18005550100", "C-1", 7, 0, List.of())));
    assertThat(contactsForwarded())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getContactId()).isEqualTo("chat-1");
              assertThat(c.getClosedBy()).isEqualTo(CloseReason.INACTIVITY);
            });
  }

  private List<io.journeyline.avro.Alert> alertsForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v.kind() == JourneyOutput.Kind.ALERT)
        .map(JourneyOutput::alert)
        .toList();
  }

  private static ContactEvent says(String id, long at, double score) {
    return says(Channel.CHAT, "chat-1", "C-1", id, at, score);
  }

  /** A scored customer message. */
  private static ContactEvent says(
      Channel channel, String key, String customer, String id, long at, double score) {
    return new ContactEvent(
        id,
        channel,
        EventType.MESSAGE,
        key,
        customer,
        at,
        Direction.INBOUND,
        null,
        null,
        null,
        ContactEvent.toMicros(score),
        null,
        Participant.CUSTOMER,
        null);
  }

  @Test
  void aTransferReSendsAnAlertThisCustomerRaisedFromPartOfTheContact() {
    tick(T0);
    // The later messages of chat-1 were routed here before the identity graph moved the contact:
    // on those alone the customer is angry, and the alert is raised.
    send("C-1", Routed.of(says("m3", T0 + 3 * MINUTE, -0.8)));
    send("C-1", Routed.of(says("m4", T0 + 4 * MINUTE, -0.7)));
    send("C-1", Routed.of(says("m5", T0 + 5 * MINUTE, -0.9)));
    assertThat(alertsForwarded())
        .extracting(a -> a.getStatus() + " r" + a.getRevision())
        .containsExactly("RAISED r3");
    flush();
    context.resetForwards();
    // The transfer brings the start and two earlier messages from the old customer, which had
    // published the contact up to revision 10 and withdrawn its alert there (its last record:
    // WITHDRAWN, revision 10). Merged, the messages still meet the rule (-0.7, -0.9 and -0.8 at
    // the end): the alert stands, and is sent again above the old customer's revisions.
    Handover transfer =
        new Handover(
            Handover.Kind.TRANSFER,
            "chat-1",
            "C-1",
            5,
            0,
            List.of(
                chat("m0", EventType.CONTACT_STARTED, T0),
                says("m1", T0 + MINUTE, 0.5),
                says("m2", T0 + 2 * MINUTE, 0.4)),
            List.of(),
            T0,
            Map.of("chat-1", 10L),
            Map.of(),
            java.util.Set.of(),
            Map.of(),
            Map.of());
    send("C-1", Routed.of(transfer));
    assertThat(alertsForwarded())
        .extracting(a -> a.getStatus() + " r" + a.getRevision())
        .containsExactly("RAISED r11");
  }

  @Test
  void anOlderTransferDoesNotAnswerANewerAnnouncement() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-1", Routed.of(Handover.expect("sms:+15550100:+18005550100", 7)));
    send("C-1", Routed.of(Handover.events("sms:+15550100:+18005550100", "C-1", 6, 0, List.of())));
    flush();
    context.resetForwards();
    tick(T0 + 5 * 60 * MINUTE);
    assertThat(contactsForwarded()).isEmpty();
    send("C-1", Routed.of(Handover.events("sms:+15550100:+18005550100", "C-1", 7, 0, List.of())));
    assertThat(contactsForwarded())
        .extracting(ContactSummary::getClosedBy)
        .containsExactly(CloseReason.INACTIVITY);
  }

  private List<CustomerJourney> journeysForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v.kind() == JourneyOutput.Kind.JOURNEY)
        .map(JourneyOutput::journey)
        .toList();
  }

  @Test
  void aContactChangedTwiceWithinAFlushIntervalIsSentOnceInItsLatestRevision() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 2 * MINUTE)));
    assertThat(context.forwarded()).noneMatch(f -> f.record().value().kind() == Kind.CONTACT);

    assertThat(contactsForwarded())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getRevision()).isEqualTo(2L);
              assertThat(c.getEvents()).isEqualTo(2);
            });
    assertThat(journeysForwarded()).hasSize(1);
  }

  @Test
  void whatWaitedAtACrashIsDerivedAgainFromTheStateAndSentAsItWouldHaveBeen() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 2 * MINUTE)));
    send("C-2", Routed.of(chat("C-2", "chat-2", "f1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    // the control: what the flush sends without a crash
    List<ContactSummary> contacts = contactsForwarded();
    List<CustomerJourney> journeys = journeysForwarded();
    assertThat(contacts).hasSize(2);

    // the same again on fresh stores, and the processor restarted before the flush
    setUp();
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 2 * MINUTE)));
    send("C-2", Routed.of(chat("C-2", "chat-2", "f1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    restart();
    assertThat(contactsForwarded()).containsExactlyInAnyOrderElementsOf(contacts);
    assertThat(journeysForwarded()).containsExactlyInAnyOrderElementsOf(journeys);
  }

  /** The metric deltas sent by a flush, by bucket key (the watermark left out). */
  private Map<String, Counters> deltasForwarded() {
    flush();
    Map<String, Counters> out = new LinkedHashMap<>();
    context.forwarded().stream()
        .map(f -> f.record())
        .filter(r -> r.value().kind() == Kind.DELTA && !r.value().delta().isWatermark())
        .forEach(r -> assertThat(out.put(r.key(), r.value().delta().delta())).isNull());
    context.resetForwards();
    return out;
  }

  @Test
  void theDeltaOutboxSumsContactsThatShareBucketsAndSendsEachBucketOnceAcrossACrash() {
    tick(T0);
    // two customers' chats in one hour, without queue, agent or issue: the same five buckets
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    send("C-2", Routed.of(chat("C-2", "chat-2", "f1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    // an earlier version's outbox: a sum under its bucket's own key, still waiting at the crash
    KeyValueStore<String, MetricDelta> outbox =
        context.getStateStore(TopologyNames.DELTA_OUTBOX_STORE);
    String all = new BucketKey("1h", T0, Dimension.ALL, BucketKey.ALL).encode();
    outbox.put(all, MetricDelta.of(new Counters(1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0)));
    restart();

    Map<String, Counters> deltas = deltasForwarded();

    assertThat(deltas)
        .containsOnlyKeys(
            all,
            new BucketKey("1h", T0, Dimension.CHANNEL, "CHAT").encode(),
            new BucketKey("1h", T0, Dimension.QUEUE, BucketKey.UNKNOWN).encode(),
            new BucketKey("1h", T0, Dimension.AGENT, BucketKey.UNKNOWN).encode(),
            new BucketKey("1h", T0, Dimension.ISSUE, BucketKey.UNKNOWN).encode());
    // two open inbound chats (FCR pending) in each bucket, and the earlier version's resolved one
    assertThat(deltas.get(all).fcrContacts()).isEqualTo(3);
    assertThat(deltas.get(all).resolved()).isEqualTo(1);
    assertThat(deltas.get(all).pending()).isEqualTo(2);
    deltas.forEach(
        (bucket, sum) -> {
          if (!bucket.equals(all)) {
            assertThat(sum.fcrContacts()).isEqualTo(2);
            assertThat(sum.pending()).isEqualTo(2);
          }
        });
    assertThat(outbox.approximateNumEntries()).isZero();
    assertThat(deltasForwarded()).isEmpty();
  }

  @Test
  void whatWaitsForACustomerWhoseKeysTheErasureTookIsNotSent() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    // the erasure of C-1 (JourneyErasureProcessor, beside this one in the task) takes its keys
    KeyValueStore<String, String> outputs =
        context.getStateStore(TopologyNames.OUTPUT_OUTBOX_STORE);
    outputs.delete(JourneyProcessor.WAITING_CONTACT + "chat-1");
    outputs.delete(JourneyProcessor.WAITING_JOURNEY + "C-1");
    assertThat(contactsForwarded()).isEmpty();
    assertThat(journeysForwarded()).isEmpty();

    // an event after the erasure is sent again
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 2 * MINUTE)));
    assertThat(contactsForwarded()).extracting(ContactSummary::getRevision).containsExactly(2L);
  }

  private List<String> timerKeys() {
    KeyValueStore<String, String> timers = context.getStateStore(TopologyNames.TIMER_INDEX_STORE);
    List<String> keys = new java.util.ArrayList<>();
    try (var it = timers.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  private static String timerKey(long deadline) {
    return String.format("%016x", deadline) + "|C-1";
  }

  @Test
  void anEventThatMovesTheDeadlineLaterLeavesTheEarlierOneAndTheContactClosesWhenDue() {
    tick(T0);
    send("C-1", Routed.of(chat("e1", EventType.CONTACT_STARTED, T0 + MINUTE)));
    // open chat: due at its last event + the lifecycle timeout (2 h)
    long first = T0 + MINUTE + 120 * MINUTE;
    assertThat(timerKeys()).containsExactly(timerKey(first));
    send("C-1", Routed.of(chat("e2", EventType.MESSAGE, T0 + 30 * MINUTE)));
    // the deadline moved to T0 + 150 min; the registered one stays
    assertThat(timerKeys()).containsExactly(timerKey(first));

    // time passes the early deadline: the customer is touched, nothing closes, the next deadline
    tick(first + 1);
    assertThat(contactsForwarded()).extracting(ContactSummary::getEndedAt).containsOnlyNulls();
    long next = T0 + 30 * MINUTE + 120 * MINUTE;
    assertThat(timerKeys()).containsExactly(timerKey(next));
    context.resetForwards();
    tick(next + 1);
    assertThat(contactsForwarded())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getClosedBy()).isEqualTo(CloseReason.INACTIVITY);
              assertThat(c.getEndedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 30 * MINUTE));
            });
  }

  @Test
  void aWatermarkThatMakesEveryCustomerDueFinalizesThemInBoundedPassesThenSendsItOn() {
    // Given 2,500 customers, each with an open chat due 2 h after it started
    int max = JourneyProcessor.MAX_DUE_PER_PASS;
    int customers = 2 * max + 500;
    tick(T0);
    for (int i = 0; i < customers; i++) {
      send(
          "C-" + i,
          Routed.of(chat("C-" + i, "chat-" + i, "e" + i, EventType.CONTACT_STARTED, T0 + MINUTE)));
    }
    flush();
    context.resetForwards();
    long watermark = T0 + 200 * MINUTE;

    // When the watermark jumps past every deadline at once (the last heartbeats of a replay)
    tick(watermark);

    // Then the tick re-derived one pass of customers and the watermark waits for the rest
    assertThat(timerKeys().stream().filter(k -> k.compareTo(String.format("%016x", watermark)) < 0))
        .hasSize(customers - max);
    // and each flush goes on with one more pass, sending what it closed
    assertThat(closedContacts()).hasSize(2 * max);
    assertThat(watermarksForwarded()).isEmpty();
    context.resetForwards();
    assertThat(closedContacts()).hasSize(500);
    // and once none is left the watermark goes on to the metrics stage
    assertThat(watermarksForwarded()).containsExactly(watermark);
  }

  private static final String PROV = "prov:PHONE:+15550100";
  private static final String SMS = "sms:+15550100:+18005550100";

  private static SurveyScores survey(String contactId) {
    return new SurveyScores("survey-1", contactId, T0 + 60 * MINUTE, 2, 3, 5, false);
  }

  /** The transfers sent, as {@code target:key:vversion:events:surveys}. */
  private List<String> transfersForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v.kind() == JourneyOutput.Kind.TRANSFER)
        .map(JourneyOutput::transfer)
        .map(
            t ->
                t.target()
                    + ":"
                    + t.contactKey()
                    + ":v"
                    + t.version()
                    + ":"
                    + t.events().size()
                    + ":"
                    + t.surveys().keySet())
        .toList();
  }

  @Test
  void aMoveThatCameBeforeTheStageKnewItsTimePassesOnWhatArrivesAfterTimeIsKnown() {
    // A replay with no heartbeat yet: the stage's time is unknown. The identity graph's move of
    // the SMS thread reaches the provisional customer before the thread's events do.
    send(PROV, Routed.of(Handover.move(SMS, "C-1", 3)));
    assertThat(transfersForwarded()).containsExactly("C-1:" + SMS + ":v3:0:[]");
    context.resetForwards();

    // The replay's first heartbeats: a day past the thread, well within the 30-day horizon.
    tick(T0 + 24 * 60 * MINUTE);
    flush();

    // Then the thread's events and its survey answer still go to the customer it moved to (the
    // record of the move is kept a horizon from when the stage first knew its time, not from 1970)
    send(PROV, Routed.of(chat(PROV, SMS, "s1", EventType.MESSAGE, T0 + 24 * 60 * MINUTE)));
    send(PROV, Routed.of(survey(SMS)));
    assertThat(transfersForwarded())
        .containsExactly("C-1:" + SMS + ":v3:1:[]", "C-1:" + SMS + ":v3:0:[" + SMS + "]");
    assertThat(contactsForwarded()).isEmpty();
  }

  @Test
  void aSecondMoveOfAContactAlreadyMovedKeepsTheTimeOfItsEvents() {
    // The provisional customer held the thread; the graph moved it (version 3) when the phone was
    // linked to C-1. A day later the thread's next session came, and stage A, not yet reading the
    // new answer, routed it here and refreshed the thread's evidence (it does so daily): the graph
    // moved it again (version 4), with nothing left here to carry. All before the stage knew its
    // time, as in a replay whose heartbeats come at the end (finding 11 of docs/reliability.md).
    send(PROV, Routed.of(chat(PROV, SMS, "s1", EventType.MESSAGE, T0)));
    send(PROV, Routed.of(chat(PROV, SMS, "s2", EventType.MESSAGE, T0 + MINUTE)));
    send(PROV, Routed.of(Handover.move(SMS, "C-1", 3)));
    send(PROV, Routed.of(Handover.move(SMS, "C-1", 4)));
    assertThat(transfersForwarded())
        .containsExactly("C-1:" + SMS + ":v3:2:[]", "C-1:" + SMS + ":v4:0:[]");
    context.resetForwards();

    tick(T0 + 24 * 60 * MINUTE);
    flush();
    context.resetForwards();

    // The survey answer, routed here by a contact history that has not yet read the new
    // customer's record, follows the thread.
    send(PROV, Routed.of(survey(SMS)));
    assertThat(transfersForwarded()).containsExactly("C-1:" + SMS + ":v4:0:[" + SMS + "]");
  }

  private static ContactEvent sms(String customer, String id, long at, double score) {
    return says(Channel.SMS, SMS, customer, id, at, score);
  }

  @Test
  void anIdTheOldCustomerPublishedThatTheNewOneDerivesDifferentlyIsRetractedByTheNewOne() {
    tick(T0);
    // The provisional customer holds the thread's first session and three angry messages of its
    // second, ten hours later: it publishes the second session as ...@T0+10h and raises its alert.
    send(PROV, Routed.of(sms(PROV, "a1", T0, 0.3)));
    long second = T0 + 600 * MINUTE;
    send(PROV, Routed.of(sms(PROV, "b2", second, -0.8)));
    send(PROV, Routed.of(sms(PROV, "b3", second + MINUTE, -0.7)));
    send(PROV, Routed.of(sms(PROV, "b4", second + 2 * MINUTE, -0.9)));
    String provId = SMS + "@" + Instant.ofEpochMilli(second);
    assertThat(contactsForwarded()).extracting(ContactSummary::getContactId).contains(provId);
    assertThat(alertsForwarded())
        .extracting(a -> a.getContactId() + " " + a.getStatus())
        .containsExactly(provId + " RAISED");
    // The session's first message, ten minutes earlier, went to C-1 (stage A had the new answer).
    send("C-1", Routed.of(sms("C-1", "b1", second - 10 * MINUTE, 0.5)));
    flush();
    context.resetForwards();

    // When the graph moves the thread to C-1
    send(PROV, Routed.of(Handover.move(SMS, "C-1", 3)));
    Handover transfer = firstTransferForwarded();
    context.resetForwards();
    send("C-1", Routed.of(transfer));

    // Then C-1 publishes the second session under its true start, and retracts the id only the
    // provisional customer knew: a tombstone for its record, a withdrawal above its revisions
    String c1Id = SMS + "@" + Instant.ofEpochMilli(second - 10 * MINUTE);
    flush();
    List<String> records =
        context.forwarded().stream()
            .filter(f -> f.record().value().kind() == JourneyOutput.Kind.CONTACT)
            .map(
                f ->
                    f.record().key()
                        + (f.record().value().contact() == null
                            ? " tombstone"
                            : " " + f.record().value().contact().getCustomerId()))
            .toList();
    assertThat(records).contains(SMS + " C-1", c1Id + " C-1", provId + " tombstone");
    assertThat(alertsForwarded())
        .filteredOn(a -> a.getContactId().equals(provId))
        .extracting(a -> a.getStatus() + " r" + a.getRevision())
        .containsExactly("WITHDRAWN r" + (transfer.revisions().get(provId) + 1));
  }

  /**
   * Finding 14 of docs/reliability.md: the SMS thread was on its way to C-A (a move from the
   * provisional customer, version 1) when the graph moved it and everything else of C-A to C-B
   * (version 2). C-B's time waits for the transfers announced to it; if C-A handed the thread over
   * before its own transfer had come, C-B got the thread's first session later, in a transfer
   * passed on that C-B's time had not waited for: the chat it repeats had become final meanwhile,
   * and the change was counted as a correction after final. Whichever of the two comes first at
   * C-A, C-B ends the same.
   */
  @Test
  void aMoveOfAContactWhoseEarlierTransferIsStillOnItsWayWaitsForItAndHandsOverEverything() {
    assertSameRepeatOfTheThreadUncorrected(
        mergeWithTransferAndMoveIn(false), mergeWithTransferAndMoveIn(true));
  }

  /** Both orders end with the chat a channel-hop repeat of the thread, and no correction. */
  private static void assertSameRepeatOfTheThreadUncorrected(
      ContactSummary inOrder, ContactSummary outOfOrder) {
    assertThat(outOfOrder.getRepeatOf()).isEqualTo(SMS);
    assertThat(outOfOrder.getChannelHop()).isTrue();
    assertThat(outOfOrder.getLateCorrections()).isZero();
    assertThat(outOfOrder).isEqualTo(inOrder);
  }

  /**
   * The time a task held for an announced transfer goes on after the transfer is adopted, not
   * before: how far the ticks went meanwhile does not decide what the transfer's change counts as.
   */
  @Test
  void aTransferIsAdoptedAtTheTimeHeldForItThenTimeGoesOn() {
    assertSameRepeatOfTheThreadUncorrected(adoptAfterTicks(false), adoptAfterTicks(true));
  }

  private ContactSummary adoptAfterTicks(boolean ticksFirst) {
    Task b = new Task();
    b.tick(T0);
    long chatAt = T0 + 120 * MINUTE;
    b.send("C-B", Routed.of(chat("C-B", "chat-y", "y1", EventType.CONTACT_STARTED, chatAt)));
    b.send("C-B", Routed.of(chat("C-B", "chat-y", "y2", EventType.CONTACT_ENDED, chatAt + MINUTE)));
    b.send("C-B", Routed.of(Handover.expect(SMS, 3)));
    long later = T0 + 8 * 24 * 60 * MINUTE;
    if (ticksFirst) {
      b.tick(later);
    }
    b.send(
        "C-B",
        Routed.of(
            Handover.events(SMS, "C-B", 3, 0, List.of(sms(PROV, "s1", T0 + 5 * MINUTE, 0.2)))));
    b.tick(later + MINUTE);
    return b.latest("chat-y");
  }

  /** The journey-erasure processor beside a task's journey processor, on the same stores. */
  private static JourneyErasureProcessor erasureBeside(Task a) {
    addStore(a.context, TopologyNames.JOURNEY_ERASURE_STORE, Serdes.Long());
    JourneyErasureProcessor erasure =
        new JourneyErasureProcessor(new ErasureKeys(Optional.empty()));
    MockProcessorContext<String, ErasureOutput> beside = new MockProcessorContext<>();
    beside.setCurrentSystemTimeMs(1_000_000L);
    for (String store :
        List.of(
            TopologyNames.JOURNEY_STORE,
            TopologyNames.TIMER_INDEX_STORE,
            TopologyNames.OUTPUT_OUTBOX_STORE,
            TopologyNames.JOURNEY_ERASURE_STORE)) {
      beside.addStateStore(a.context.getStateStore(store));
    }
    erasure.init(beside);
    return erasure;
  }

  /**
   * A move waiting for its transfer outlives the erasure of the customer it waits at: the customer
   * it goes to holds its time until the move is made, so losing it would stop that task's time.
   */
  @Test
  void anErasureKeepsAMoveThatWaitsForItsTransfer() {
    Task a = new Task();
    JourneyErasureProcessor erasure = erasureBeside(a);
    a.tick(T0);
    a.send("C-A", Routed.of(Handover.expect(SMS, 1)));
    a.send("C-A", Routed.of(Handover.move(SMS, "C-B", 2)));
    assertThat(a.transfers()).isEmpty();

    erasure.process(new Record<>("C-A", Routed.of(Handover.erase("req-1", "ref", T0)), 0L));
    a.send("C-A", Routed.of(Handover.events(SMS, "C-A", 1, 0, List.of(sms(PROV, "s1", T0, 0.2)))));

    assertThat(a.transfers())
        .extracting(t -> t.target() + ":v" + t.version() + ":" + t.events().size())
        .containsExactly("C-B:v2:1");
  }

  /**
   * The customer's state lies in several records (a header, one per conversation): an erasure
   * removes every one of them, and a customer whose id starts with the erased one keeps its own.
   */
  @Test
  void anErasureLeavesNoRecordOfTheCustomersStateInTheStore() {
    Task a = new Task();
    JourneyErasureProcessor erasure = erasureBeside(a);
    a.tick(T0);
    for (String customer : List.of("C-A", "C-A1")) {
      for (int i = 0; i < 3; i++) {
        String key = customer + "-chat-" + i;
        long at = T0 + i * 60 * MINUTE;
        a.send(customer, Routed.of(chat(customer, key, key + "-1", EventType.CONTACT_STARTED, at)));
        a.send(
            customer,
            Routed.of(chat(customer, key, key + "-2", EventType.CONTACT_ENDED, at + MINUTE)));
      }
    }
    KeyValueStore<String, JourneyState> store =
        a.context.getStateStore(TopologyNames.JOURNEY_STORE);
    assertThat(keys(store, "C-A" + JourneyStore.PART))
        .as("premise: the header and a record per conversation")
        .hasSize(4);

    erasure.process(new Record<>("C-A", Routed.of(Handover.erase("req-1", "ref", T0)), 0L));

    assertThat(keys(store, "C-A")).allMatch(k -> k.startsWith("C-A1"));
    assertThat(new JourneyStore(store).load("C-A").state()).isNull();
    assertThat(new JourneyStore(store).load("C-A1").state().revisions()).hasSize(3);
  }

  private static List<String> keys(KeyValueStore<String, JourneyState> store, String prefix) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, JourneyState> it =
        store.prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining(e -> keys.add(e.key));
    }
    return keys;
  }

  /** The chat's last summary at C-B, the move reaching C-A before or after the earlier transfer. */
  private ContactSummary mergeWithTransferAndMoveIn(boolean moveFirst) {
    Task a = new Task();
    Task b = new Task();
    a.tick(T0);
    b.tick(T0);
    long chatAt = T0 + 120 * MINUTE;
    a.send("C-A", Routed.of(chat("C-A", "chat-x", "x1", EventType.CONTACT_STARTED, chatAt)));
    a.send("C-A", Routed.of(chat("C-A", "chat-x", "x2", EventType.MESSAGE, chatAt + MINUTE)));
    a.send(
        "C-A",
        Routed.of(chat("C-A", "chat-x", "x3", EventType.CONTACT_ENDED, chatAt + 10 * MINUTE)));
    a.send("C-A", Routed.of(Handover.expect(SMS, 1)));
    // the thread's first session, at the provisional customer, an hour and three quarters earlier
    Handover fromProvisional =
        Handover.events(
            SMS,
            "C-A",
            1,
            0,
            List.of(sms(PROV, "s1", T0 + 5 * MINUTE, 0.2), sms(PROV, "s2", T0 + 9 * MINUTE, 0.1)));
    if (!moveFirst) {
      a.send("C-A", Routed.of(fromProvisional));
    }
    a.send("C-A", Routed.of(Handover.move("chat-x", "C-B", 2)));
    a.send("C-A", Routed.of(Handover.move(SMS, "C-B", 2)));
    b.send("C-B", Routed.of(Handover.expect("chat-x", 2)));
    b.send("C-B", Routed.of(Handover.expect(SMS, 2)));
    a.transfers().forEach(t -> b.send("C-B", Routed.of(t)));
    // eight days later at C-B: past the chat's end + N (7 days) + grace
    long later = T0 + 8 * 24 * 60 * MINUTE;
    b.tick(later);
    if (moveFirst) {
      a.send("C-A", Routed.of(fromProvisional));
      a.transfers().forEach(t -> b.send("C-B", Routed.of(t)));
    }
    b.tick(later + MINUTE);
    return b.latest("chat-x");
  }

  /** The contacts sent closed, after the punctuation has run. */
  private List<ContactSummary> closedContacts() {
    return contactsForwarded().stream().filter(c -> c.getEndedAt() != null).toList();
  }

  private List<Long> watermarksForwarded() {
    return context.forwarded().stream()
        .filter(f -> TopologyNames.TICK_KEY.equals(f.record().key()))
        .map(f -> f.record().value().delta().watermark())
        .toList();
  }

  @Test
  void
      sealedContactsGiveTheSameOutputsAsTheirEventsThroughAmendmentsFinalizationAMoveAndEviction() {
    List<String> sealed = sealingScenario();
    // the same input to a stage that never seals (no event is ever older than its lateness)
    context = newContext();
    allowedLateness = Duration.ofDays(1_000);
    restart();
    List<String> kept = sealingScenario();
    assertThat(sealed).isEqualTo(kept);
    // the sealed chat took the agent's message, became NOT_RESOLVED (chat-2 repeats it), moved
    assertThat(sealed)
        .anyMatch(
            o ->
                o.startsWith("chat-1 ")
                    && o.contains("\"customerId\": \"C-2\"")
                    && o.contains("\"lastEventAt\": \"2026-11-03T11:05:00Z\"")
                    && o.contains("\"events\": 6")
                    && o.contains("NOT_RESOLVED"));
  }

  /**
   * A customer's chat is sealed a day after it ended, amended by an agent's message after that,
   * finalized, moved to another customer, and evicted there: everything the stage sends but the
   * transfers (which carry the contact's events or its sealed form), in order.
   */
  private List<String> sealingScenario() {
    List<String> out = new ArrayList<>();
    boolean seals = allowedLateness.equals(ALLOWED_LATENESS);
    long hour = 60 * MINUTE;
    tick(T0);
    send("C-1", Routed.of(chat("s0", EventType.CONTACT_STARTED, T0)));
    send("C-1", Routed.of(says("m1", T0 + MINUTE, -0.6)));
    send("C-1", Routed.of(says("m2", T0 + 2 * MINUTE, -0.8)));
    send("C-1", Routed.of(says("m3", T0 + 3 * MINUTE, -0.7)));
    send("C-1", Routed.of(chat("e0", EventType.CONTACT_ENDED, T0 + 10 * MINUTE)));
    tick(T0 + 26 * hour);
    // the customer's next chat, a day later: the first one's events are older than the lateness
    send("C-1", Routed.of(chat("C-1", "chat-2", "s1", EventType.CONTACT_STARTED, T0 + 26 * hour)));
    send("C-1", Routed.of(says(Channel.CHAT, "chat-2", "C-1", "n1", T0 + 26 * hour, -0.9)));
    JourneyState state =
        JourneyStore.read(context.getStateStore(TopologyNames.JOURNEY_STORE), "C-1");
    assertThat(state.sealed())
        .extracting(SealedContact::conversationKey)
        .containsExactly(seals ? new String[] {"chat-1"} : new String[0]);
    assertThat(state.events()).hasSize(seals ? 2 : 7);
    // an agent's message after the first chat ended amends it (its last event, its event count)
    ContactEvent agent =
        new ContactEvent(
            "a1",
            Channel.CHAT,
            EventType.MESSAGE,
            "chat-1",
            "C-1",
            T0 + 26 * hour + 5 * MINUTE,
            Direction.INBOUND,
            null,
            "agent-7",
            null,
            null,
            false,
            Participant.AGENT,
            null);
    send("C-1", Routed.of(agent));
    tick(T0 + 9 * 24 * hour);
    collect(out);
    send("C-1", Routed.of(Handover.move("chat-1", "C-2", 5)));
    Handover transfer = firstTransferForwarded();
    assertThat(transfer.events()).hasSize(seals ? 0 : 6);
    assertThat(transfer.sealed()).hasSize(seals ? 1 : 0);
    collect(out);
    send("C-2", Routed.of(transfer));
    tick(T0 + 9 * 24 * hour + MINUTE);
    collect(out);
    tick(T0 + 45 * 24 * hour);
    collect(out);
    return out;
  }

  /** The first transfer sent since the forwards were reset. */
  private Handover firstTransferForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v.kind() == JourneyOutput.Kind.TRANSFER)
        .map(JourneyOutput::transfer)
        .findFirst()
        .orElseThrow();
  }

  /** What was sent since the last call but transfers, as text, after the outbox flush. */
  private void collect(List<String> out) {
    flush();
    context.forwarded().stream()
        .map(f -> f.record())
        .filter(r -> r.value().kind() != JourneyOutput.Kind.TRANSFER)
        .forEach(r -> out.add(r.key() + " " + r.value()));
    context.resetForwards();
  }
}

package io.journeyline.topology;

import static io.journeyline.avro.EventType.ABANDONED;
import static io.journeyline.avro.EventType.ANSWERED;
import static io.journeyline.avro.EventType.CONTACT_ENDED;
import static io.journeyline.avro.EventType.CONTACT_STARTED;
import static io.journeyline.avro.EventType.MESSAGE;
import static io.journeyline.avro.EventType.TRANSFERRED;
import static io.journeyline.topology.TopologyHarness.key;
import static io.journeyline.topology.TopologyHarness.latest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertStatus;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.config.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operational metrics and the alerts beside FCR, on the TopologyTestDriver, with hand-computed
 * expectations (definitions in docs/metrics.md). Defaults: service-level threshold 20 s, short
 * abandons under 5 s excluded, first response within 30 s (chat) and 4 h (email), hold under 157 s.
 */
class ServiceMetricsTopologyTest {

  /** Monday 2025-03-03 09:00 UTC. */
  static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  static final MetricKey HOUR_ALL = key(Dimension.ALL, "all", "1h", T0);
  static final MetricKey HOUR_VOICE = key(Dimension.CHANNEL, "VOICE", "1h", T0);

  private TopologyHarness harness;

  private TopologyHarness start(Map<String, Object> overrides) {
    harness = new TopologyHarness(overrides);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  static Instant at(int minutes, int seconds) {
    return T0.plusSeconds(minutes * 60L + seconds);
  }

  static Ev ev(
      Channel channel,
      String id,
      String contact,
      io.journeyline.avro.EventType type,
      Instant at,
      String customer) {
    return Ev.of(channel, id, contact, type, at).customer(customer).queue("q1");
  }

  /**
   * Five queued INBOUND contacts and one OUTBOUND call in the 09:00 hour:
   *
   * <pre>
   * call-1  start 09:00:00, answered 09:00:15 (wait 15 s), transferred 09:03, ended 09:10, wrap-up
   *         09:12:00: handle 09:12:00 - 09:00:15 = 705 s
   * call-2  start 09:05:00, answered 09:05:45 (wait 45 s), ended 09:15:00: handle 555 s
   * call-3  start 09:20:00, abandoned 09:20:03 (wait 3 s: a short abandon)
   * chat-1  start 09:30:00, abandoned 09:31:00 (wait 60 s)
   * chat-2  start 09:40:00, customer 09:40:05, agent 09:40:20 (answered, wait 20 s; first response
   *         15 s), ended 09:50:00: handle 09:50:00 - 09:40:20 = 580 s
   * call-9  OUTBOUND, answered: in none of the figures
   * </pre>
   */
  static List<Ev> queuedHour() {
    return List.of(
        ev(Channel.VOICE, "c1-s", "call-1", CONTACT_STARTED, at(0, 0), "cust-1"),
        ev(Channel.VOICE, "c1-a", "call-1", ANSWERED, at(0, 15), "cust-1").agent("a1"),
        ev(Channel.VOICE, "c1-t", "call-1", TRANSFERRED, at(3, 0), "cust-1").agent("a2"),
        ev(Channel.VOICE, "c1-e", "call-1", CONTACT_ENDED, at(10, 0), "cust-1").agent("a2"),
        ev(Channel.VOICE, "c1-w", "call-1", CONTACT_ENDED, at(12, 0), "cust-1")
            .agent("a2")
            .issue("billing"),
        ev(Channel.VOICE, "c2-s", "call-2", CONTACT_STARTED, at(5, 0), "cust-2"),
        ev(Channel.VOICE, "c2-a", "call-2", ANSWERED, at(5, 45), "cust-2").agent("a3"),
        ev(Channel.VOICE, "c2-e", "call-2", CONTACT_ENDED, at(15, 0), "cust-2"),
        ev(Channel.VOICE, "c3-s", "call-3", CONTACT_STARTED, at(20, 0), "cust-3"),
        ev(Channel.VOICE, "c3-x", "call-3", ABANDONED, at(20, 3), "cust-3"),
        ev(Channel.CHAT, "h1-s", "chat-1", CONTACT_STARTED, at(30, 0), "cust-4"),
        ev(Channel.CHAT, "h1-x", "chat-1", ABANDONED, at(31, 0), "cust-4"),
        ev(Channel.CHAT, "h2-s", "chat-2", CONTACT_STARTED, at(40, 0), "cust-5"),
        ev(Channel.CHAT, "h2-c", "chat-2", MESSAGE, at(40, 5), "cust-5").customerSays(0.1),
        ev(Channel.CHAT, "h2-g", "chat-2", MESSAGE, at(40, 20), "cust-5")
            .agent("a4")
            .agentSays("Hello, how can I help?"),
        ev(Channel.CHAT, "h2-e", "chat-2", CONTACT_ENDED, at(50, 0), "cust-5"),
        ev(Channel.VOICE, "c9-s", "call-9", CONTACT_STARTED, at(45, 0), "cust-6").outbound(),
        ev(Channel.VOICE, "c9-a", "call-9", ANSWERED, at(45, 30), "cust-6").outbound().agent("a1"),
        ev(Channel.VOICE, "c9-e", "call-9", CONTACT_ENDED, at(50, 0), "cust-6").outbound());
  }

  static void assertQueuedHour(ServiceAggregate all, ServiceAggregate voice) {
    assertThat(
            List.of(
                all.getOffered(),
                all.getAnswered(),
                all.getAnsweredWithinThreshold(),
                all.getAbandoned(),
                all.getShortAbandons(),
                all.getWaitSumMs(),
                all.getHandled(),
                all.getHandleSumMs(),
                all.getTransferred(),
                all.getTargetContacts(),
                all.getTargetBreaches()))
        .containsExactly(5L, 3L, 2L, 2L, 1L, 80_000L, 3L, 1_840_000L, 1L, 4L, 0L);
    // 2 within the threshold / (5 offered - 1 short abandon)
    assertThat(all.getServiceLevel()).isEqualTo(0.5);
    assertThat(all.getServiceLevelFormula()).isEqualTo("SHORT_ABANDONS_EXCLUDED");
    assertThat(all.getAbandonRate()).isEqualTo(0.4);
    assertThat(all.getAverageSpeedOfAnswerMs()).isCloseTo(80_000 / 3.0, within(1e-9));
    assertThat(all.getAverageHandleMs()).isCloseTo(1_840_000 / 3.0, within(1e-9));
    assertThat(all.getTransferRate()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(all.getBreachRate()).isEqualTo(0.0);
    // voice: call-1 (15 s), call-2 (45 s), call-3 (short abandon): 1 / (3 - 1)
    assertThat(List.of(voice.getOffered(), voice.getAnswered(), voice.getAnsweredWithinThreshold()))
        .containsExactly(3L, 2L, 1L);
    assertThat(voice.getServiceLevel()).isEqualTo(0.5);
    assertThat(voice.getAbandonRate()).isCloseTo(1 / 3.0, within(1e-12));
  }

  @Test
  void shouldComputeServiceLevelAbandonmentSpeedOfAnswerHandleTimeAndTransfers() {
    TopologyHarness h = start(Map.of());
    h.sendAll(queuedHour());

    Map<MetricKey, ServiceAggregate> service = latest(h.service);
    assertQueuedHour(service.get(HOUR_ALL), service.get(HOUR_VOICE));
    Map<String, ContactSummary> contacts = h.latestContacts();
    ContactSummary call1 = contacts.get("call-1");
    assertThat(call1.getAnsweredAt()).isEqualTo(at(0, 15));
    assertThat(List.of(call1.getWaitMs(), call1.getHandleMs(), (long) call1.getTransfers()))
        .containsExactly(15_000L, 705_000L, 1L);
    ContactSummary chat2 = contacts.get("chat-2");
    assertThat(List.of(chat2.getWaitMs(), chat2.getHandleMs(), chat2.getFirstResponseMs()))
        .containsExactly(20_000L, 580_000L, 15_000L);
    assertThat(contacts.get("call-3").getWaitMs()).isEqualTo(3_000L);
    assertThat(contacts.get("call-3").getAnsweredAt()).isNull();
    assertThat(contacts.get("call-9").getWaitMs()).isNull();
  }

  @Test
  void shouldGiveTheSameFiguresForShuffledAndDuplicatedEvents() {
    TopologyHarness h = start(Map.of());
    List<Ev> events = new ArrayList<>(queuedHour());
    events.addAll(queuedHour().subList(0, 6));
    Collections.shuffle(events, new Random(7));
    h.sendAll(events);

    Map<MetricKey, ServiceAggregate> service = latest(h.service);
    assertQueuedHour(service.get(HOUR_ALL), service.get(HOUR_VOICE));
  }

  @Test
  void shouldCorrectTheWaitWhenAnEarlierAnswerArrivesLate() {
    TopologyHarness h = start(Map.of());
    h.sendAll(queuedHour());
    // chat-2 was answered at 09:40:10 (wait 10 s), before the agent's first message
    h.send(ev(Channel.CHAT, "h2-a", "chat-2", ANSWERED, at(40, 10), "cust-5").agent("a4"));

    ServiceAggregate all = latest(h.service).get(HOUR_ALL);
    // wait 80 - 20 + 10 = 70 s; handle of chat-2 09:50:00 - 09:40:10 = 590 s (+10 s)
    assertThat(List.of(all.getWaitSumMs(), all.getHandleSumMs(), all.getAnsweredWithinThreshold()))
        .containsExactly(70_000L, 1_850_000L, 2L);
    assertThat(h.latestContacts().get("chat-2").getWaitMs()).isEqualTo(10_000L);
  }

  @Test
  void shouldComputeTheServiceLevelByTheConfiguredFormula() {
    TopologyHarness h =
        start(Map.of(StreamsAppConfig.SERVICE_LEVEL_FORMULA_CONFIG, "abandons_counted"));
    h.sendAll(queuedHour());
    ServiceAggregate all = latest(h.service).get(HOUR_ALL);
    // 2 within the threshold / 5 offered
    assertThat(all.getServiceLevel()).isEqualTo(0.4);
    assertThat(all.getServiceLevelFormula()).isEqualTo("ABANDONS_COUNTED");
  }

  @Test
  void shouldCountAndAlertResponseTargetBreachesOfOpenContacts() {
    TopologyHarness h = start(Map.of());
    Instant ten = T0.plus(Duration.ofHours(1));
    // chat-3: the customer writes at 10:00:00 and no agent answers within 30 s
    h.send(ev(Channel.CHAT, "h3-s", "chat-3", CONTACT_STARTED, ten, "cust-7"));
    h.send(ev(Channel.CHAT, "h3-c", "chat-3", MESSAGE, ten, "cust-7").customerSays(-0.2));
    // email-1: the customer writes at 10:00:00, an agent replies at 12:00 (within 4 h)
    h.send(ev(Channel.EMAIL, "m1-c", "email-1", MESSAGE, ten, "cust-8").customerSays(0.0));
    h.send(
        ev(Channel.EMAIL, "m1-g", "email-1", MESSAGE, ten.plus(Duration.ofHours(2)), "cust-8")
            .agentSays("Here is your answer"));
    // call-5: 200 s on hold reported while the call is open (target 157 s)
    h.send(ev(Channel.VOICE, "c5-s", "call-5", CONTACT_STARTED, ten, "cust-9"));
    h.send(
        ev(Channel.VOICE, "c5-h", "call-5", TRANSFERRED, ten.plusSeconds(300), "cust-9").hold(200));
    assertThat(h.alerts.readValuesToList())
        .extracting(Alert::getType, Alert::getContactId, Alert::getRaisedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertType.RESPONSE_TARGET_BREACH, "call-5", ten.plusSeconds(300)));

    // the watermark passes 10:00:30 with chat-3 still open and unanswered
    h.heartbeat(ten.plusSeconds(60));
    List<Alert> alerts = h.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(Alert::getType, Alert::getContactId, Alert::getRaisedAt, Alert::getAlertId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertType.RESPONSE_TARGET_BREACH,
                "chat-3",
                ten.plusSeconds(30),
                "RESPONSE_TARGET_BREACH:chat-3"));
    // the late answer (60 s after the target) does not undo the breach, nor raise it again
    h.send(
        ev(Channel.CHAT, "h3-g", "chat-3", MESSAGE, ten.plusSeconds(90), "cust-7")
            .agent("a5")
            .agentSays("Sorry for the wait"));
    assertThat(h.alerts.readValuesToList()).isEmpty();

    ServiceAggregate hour = latest(h.service).get(key(Dimension.ALL, "all", "1h", ten));
    // targeted: chat-3, email-1, call-5; breached: chat-3, call-5
    assertThat(List.of(hour.getTargetContacts(), hour.getTargetBreaches())).containsExactly(3L, 2L);
    Map<String, ContactSummary> contacts = h.latestContacts();
    assertThat(contacts.get("chat-3").getFirstResponseMs()).isEqualTo(90_000L);
    assertThat(contacts.get("chat-3").getTargetBreached()).isTrue();
    assertThat(contacts.get("email-1").getFirstResponseMs()).isEqualTo(7_200_000L);
    assertThat(contacts.get("email-1").getTargetBreached()).isFalse();
    assertThat(contacts.get("call-5").getHoldSeconds()).isEqualTo(200);
  }

  @Test
  void shouldWithdrawABreachAlertWhenALateReplyShowsTheTargetWasMet() {
    TopologyHarness h = start(Map.of());
    Instant ten = T0.plus(Duration.ofHours(1));
    h.send(ev(Channel.CHAT, "h4-s", "chat-4", CONTACT_STARTED, ten, "cust-7"));
    h.send(ev(Channel.CHAT, "h4-c", "chat-4", MESSAGE, ten, "cust-7").customerSays(0.1));
    // the watermark passes 10:00:30 with no reply known: the breach is raised
    h.heartbeat(ten.plusSeconds(60));
    List<Alert> raised = h.alerts.readValuesToList();
    assertThat(raised)
        .extracting(Alert::getAlertId, Alert::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RESPONSE_TARGET_BREACH:chat-4", AlertStatus.RAISED));
    // the agent had replied at 10:00:20 (within 30 s); the reply arrives late (within grace)
    h.send(
        ev(Channel.CHAT, "h4-g", "chat-4", MESSAGE, ten.plusSeconds(20), "cust-7")
            .agent("a5")
            .agentSays("Hello, how can I help?"));
    List<Alert> withdrawn = h.alerts.readValuesToList();
    assertThat(withdrawn)
        .extracting(Alert::getAlertId, Alert::getStatus, Alert::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RESPONSE_TARGET_BREACH:chat-4",
                AlertStatus.WITHDRAWN,
                AlertType.RESPONSE_TARGET_BREACH));
    assertThat(withdrawn.get(0).getRevision()).isGreaterThan(raised.get(0).getRevision());
    ContactSummary chat = h.latestContacts().get("chat-4");
    assertThat(chat.getTargetBreached()).isFalse();
    assertThat(chat.getFirstResponseMs()).isEqualTo(20_000L);
    assertThat(chat.getRevision()).isEqualTo(withdrawn.get(0).getRevision());
    ServiceAggregate hour = latest(h.service).get(key(Dimension.ALL, "all", "1h", ten));
    assertThat(List.of(hour.getTargetContacts(), hour.getTargetBreaches())).containsExactly(1L, 0L);
  }

  @Test
  void shouldAlertOnTheSecondReturnOnTheSameIssueWithTheRepeatCount() {
    TopologyHarness h = start(Map.of());
    h.sendAll(JourneylineTopologyTest.contact(Channel.CHAT, "a", "cust-1", T0, "billing"));
    h.sendAll(
        JourneylineTopologyTest.contact(
            Channel.VOICE, "b", "cust-1", T0.plus(Duration.ofDays(1)), "billing"));
    assertThat(h.alerts.readValuesToList()).isEmpty();
    h.sendAll(
        JourneylineTopologyTest.contact(
            Channel.SMS, "c", "cust-1", T0.plus(Duration.ofDays(2)), "billing"));
    // another issue does not count
    h.sendAll(
        JourneylineTopologyTest.contact(
            Channel.SMS, "d", "cust-1", T0.plus(Duration.ofDays(3)), "delivery"));

    List<Alert> alerts = h.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(Alert::getType, Alert::getContactId, Alert::getRepeatCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.REPEAT_CONTACT, "c", 2));
    assertThat(alerts.get(0).getRaisedAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    Map<String, ContactSummary> contacts = h.latestContacts();
    assertThat(
            List.of(
                contacts.get("a").getRepeatCount(),
                contacts.get("b").getRepeatCount(),
                contacts.get("c").getRepeatCount(),
                contacts.get("d").getRepeatCount()))
        .containsExactly(0, 1, 2, 0);
  }
}

package io.journeyline.topology;

import static io.journeyline.topology.JourneylineTopologyTest.DAY_0;
import static io.journeyline.topology.JourneylineTopologyTest.T0;
import static io.journeyline.topology.JourneylineTopologyTest.contact;
import static io.journeyline.topology.TopologyHarness.key;
import static io.journeyline.topology.TopologyHarness.latest;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrStatus;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Survey answers joined to their contacts, on the TopologyTestDriver, with hand-computed
 * expectations: CSAT (share of 4-5), NPS (promoters minus detractors), CES (mean), CSAT read
 * against FCR and corrected when the status changes, answers that come before their contact or for
 * no contact, and the CHURN_RISK alert (definitions in docs/metrics.md).
 */
class SurveyTopologyTest {

  static final MetricKey DAY_ALL = key(Dimension.ALL, "all", "1d", DAY_0);

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

  static SurveyResponse survey(
      String id, String contactId, Instant at, Integer csat, Integer nps, Integer ces) {
    return SurveyResponse.newBuilder()
        .setSurveyId(id)
        .setContactId(contactId)
        .setRespondedAt(at)
        .setCsat(csat)
        .setNps(nps)
        .setCes(ces)
        .build();
  }

  static List<Object> counts(SurveyAggregate a) {
    return List.of(
        a.getCsatResponses(),
        a.getCsatSatisfied(),
        a.getNpsResponses(),
        a.getPromoters(),
        a.getDetractors(),
        a.getCesResponses(),
        a.getCesSum(),
        a.getResolvedCsatResponses(),
        a.getResolvedCsatSatisfied(),
        a.getNotResolvedCsatResponses(),
        a.getNotResolvedCsatSatisfied());
  }

  @Test
  void shouldCountScoresByTheContactsBucketsAndMoveThemWhenTheFcrStatusChanges() {
    TopologyHarness h = start(Map.of());
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendAll(contact(Channel.VOICE, "call-1", "cust-2", T0.plusSeconds(300), "billing"));
    // a day later: chat-1 satisfied promoter, call-1 a dissatisfied detractor
    h.sendSurvey(survey("s-1", "chat-1", T0.plus(Duration.ofDays(1)), 5, 10, 2));
    h.sendSurvey(survey("s-2", "call-1", T0.plus(Duration.ofDays(1)), 2, 3, 6));

    SurveyAggregate day = latest(h.surveyAggregates).get(DAY_ALL);
    // both contacts PENDING: no FCR split yet
    assertThat(counts(day)).containsExactly(2L, 1L, 2L, 1L, 1L, 2L, 8L, 0L, 0L, 0L, 0L);
    assertThat(day.getCsat()).isEqualTo(0.5);
    assertThat(day.getNps()).isEqualTo(0.0);
    assertThat(day.getCes()).isEqualTo(4.0);
    assertThat(day.getCsatResolved()).isNull();
    assertThat(h.latestContacts().get("chat-1").getCsat()).isEqualTo(5);

    // cust-1 comes back on the same issue: chat-1 is NOT_RESOLVED, its answer moves there
    h.sendAll(contact(Channel.SMS, "sms-1", "cust-1", T0.plus(Duration.ofDays(2)), "billing"));
    // the watermark passes call-1's end + 7 d + grace: call-1 is RESOLVED
    h.heartbeat(T0.plus(Duration.ofDays(7).plusMinutes(30)));

    day = latest(h.surveyAggregates).get(DAY_ALL);
    assertThat(counts(day)).containsExactly(2L, 1L, 2L, 1L, 1L, 2L, 8L, 1L, 0L, 1L, 1L);
    assertThat(day.getCsatResolved()).isEqualTo(0.0);
    assertThat(day.getCsatNotResolved()).isEqualTo(1.0);
    assertThat(h.latestContacts().get("call-1").getFcr()).isEqualTo(FcrStatus.RESOLVED);
  }

  @Test
  void shouldCountTheLatestAnswerOncePerContactWhateverTheArrivalOrder() {
    TopologyHarness h = start(Map.of());
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendSurvey(survey("s-2", "chat-1", T0.plus(Duration.ofHours(3)), 3, null, null));
    h.sendSurvey(survey("s-1", "chat-1", T0.plus(Duration.ofHours(2)), 5, null, null));
    h.sendSurvey(survey("s-2", "chat-1", T0.plus(Duration.ofHours(3)), 3, null, null));

    SurveyAggregate day = latest(h.surveyAggregates).get(DAY_ALL);
    // s-2 (the later answer, CSAT 3) counts, once
    assertThat(List.of(day.getCsatResponses(), day.getCsatSatisfied())).containsExactly(1L, 0L);
  }

  @Test
  void shouldJoinAnAnswerThatArrivesBeforeItsContact() {
    TopologyHarness h = start(Map.of());
    h.sendSurvey(survey("s-9", "chat-9", T0.plus(Duration.ofHours(1)), 4, 9, null));
    assertThat(h.surveyAggregates.readValuesToList()).isEmpty();
    h.sendAll(contact(Channel.CHAT, "chat-9", "cust-9", T0, "delivery"));

    SurveyAggregate day = latest(h.surveyAggregates).get(DAY_ALL);
    assertThat(List.of(day.getCsatSatisfied(), day.getPromoters(), day.getNpsResponses()))
        .containsExactly(1L, 1L, 1L);
    assertThat(day.getNps()).isEqualTo(100.0);
    assertThat(h.latestContacts().get("chat-9").getNps()).isEqualTo(9);
  }

  @Test
  void shouldSendAnAnswerWithoutAContactToTheDeadLetterQueueAfterTheWait() {
    TopologyHarness h =
        start(
            Map.of(
                StreamsAppConfig.SURVEY_PENDING_RETENTION_MS_CONFIG,
                Duration.ofHours(1).toMillis()));
    h.sendSurvey(survey("s-0", "no-such-contact", T0, 1, null, null));
    assertThat(h.dlq.readRecordsToList()).isEmpty();
    h.driver.advanceWallClockTime(Duration.ofMinutes(61));
    h.driver.advanceWallClockTime(Duration.ofMinutes(2));

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(
            new String(dead.get(0).headers().lastHeader("reason").value(), StandardCharsets.UTF_8))
        .isEqualTo("unmatched");
    assertThat(h.surveyAggregates.readValuesToList()).isEmpty();
  }

  @Test
  void shouldSendAnAnswerOutOfRangeToTheDeadLetterQueue() {
    TopologyHarness h = start(Map.of());
    h.sendAll(contact(Channel.CHAT, "chat-1", "cust-1", T0, "billing"));
    h.sendSurvey(survey("s-x", "chat-1", T0.plus(Duration.ofHours(1)), 6, null, null));

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(
            new String(dead.get(0).headers().lastHeader("reason").value(), StandardCharsets.UTF_8))
        .isEqualTo("invalid");
  }

  @Test
  void shouldRaiseChurnRiskForADetractorWithTwoUnresolvedContactsAndNegativeSentiment() {
    TopologyHarness h = start(Map.of());
    // chat-1: the customer is angry (mean -0.6); sms-1 a day later on the same issue makes chat-1
    // NOT_RESOLVED, and sms-1 itself ends with the agent's disposition resolved=false
    h.send(Ev.of(Channel.CHAT, "c1-s", "chat-1", EventType.CONTACT_STARTED, T0).customer("cust-1"));
    h.send(
        Ev.of(Channel.CHAT, "c1-m", "chat-1", EventType.MESSAGE, T0.plusSeconds(60))
            .customer("cust-1")
            .customerSays(-0.6));
    h.send(
        Ev.of(Channel.CHAT, "c1-e", "chat-1", EventType.CONTACT_ENDED, T0.plusSeconds(600))
            .customer("cust-1")
            .issue("billing"));
    Instant day1 = T0.plus(Duration.ofDays(1));
    h.send(
        Ev.of(Channel.SMS, "s1-m", "sms-1", EventType.MESSAGE, day1)
            .customer("cust-1")
            .customerSays(0.0)
            .issue("billing"));
    h.send(
        Ev.of(Channel.SMS, "s1-e", "sms-1", EventType.CONTACT_ENDED, day1.plusSeconds(600))
            .customer("cust-1")
            .resolved(false));
    // a promoter's answer does not raise it
    h.sendSurvey(survey("s-1", "chat-1", day1.plusSeconds(3600), 4, 9, null));
    assertThat(h.alerts.readValuesToList())
        .extracting(Alert::getType)
        .doesNotContain(AlertType.CHURN_RISK);
    // a detractor's answer on sms-1 does
    h.sendSurvey(survey("s-2", "sms-1", day1.plusSeconds(7200), null, 2, null));

    List<Alert> alerts = h.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(Alert::getType, Alert::getContactId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.CHURN_RISK, "sms-1"));
    assertThat(alerts.get(0).getRaisedAt()).isEqualTo(day1.plusSeconds(7200));
    assertThat(alerts.get(0).getAlertId()).isEqualTo("CHURN_RISK:sms-1");
  }
}

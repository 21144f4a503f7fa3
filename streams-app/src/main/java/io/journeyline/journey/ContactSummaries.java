package io.journeyline.journey;

import io.journeyline.avro.Alert;
import io.journeyline.avro.AlertStatus;
import io.journeyline.avro.AlertType;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.SentimentStats;
import java.time.Instant;

/** Maps derived contacts onto the public Avro records. */
public final class ContactSummaries {

  private ContactSummaries() {}

  /** The public contact summary of a view at a revision, never corrected after final. */
  public static ContactSummary toAvro(ContactView v, long revision) {
    return toAvro(v, revision, 0);
  }

  /**
   * The public contact summary of a view at a revision.
   *
   * @param v the view
   * @param revision its revision
   * @param lateCorrections how many times it was changed after it was final
   */
  public static ContactSummary toAvro(ContactView v, long revision, int lateCorrections) {
    SentimentSummary s = v.sentiment();
    return ContactSummary.newBuilder()
        .setContactId(v.contactId())
        .setConversationKey(v.conversationKey())
        .setCustomerId(v.customerId())
        .setChannel(v.channel())
        .setDirection(v.direction())
        .setStartedAt(Instant.ofEpochMilli(v.start()))
        .setEndedAt(v.end() == null ? null : Instant.ofEpochMilli(v.end()))
        .setLastEventAt(Instant.ofEpochMilli(v.lastEventAt()))
        .setQueue(v.queue())
        .setAgentId(v.agentId())
        .setIssue(v.issue())
        .setAbandoned(v.abandoned())
        .setResolvedDisposition(v.resolvedDisposition())
        .setClosedBy(v.closedBy())
        .setFcr(v.fcr())
        .setRepeatOf(v.repeatOf())
        .setChannelHop(v.channelHop())
        .setSentiment(
            SentimentStats.newBuilder()
                .setMessages(s.messages())
                .setMean(s.mean())
                .setMin(s.min())
                .setFirst(s.first())
                .setLast(s.last())
                .setTrend(s.trend())
                .setNegativeShare(s.negativeShare())
                .setAlerted(s.alerted())
                .build())
        .setEvents(v.events())
        .setRevision(revision)
        .setLateCorrections(lateCorrections)
        .setAnsweredAt(instant(v.service().answeredAt()))
        .setWaitMs(v.service().waitMs())
        .setHandleMs(v.service().handleMs())
        .setHoldSeconds(v.service().holdSeconds())
        .setTransfers(v.service().transfers())
        .setFirstResponseMs(v.service().firstResponseMs())
        .setTargetBreached(v.service().breached())
        .setRepeatCount(v.repeatCount())
        .setCsat(v.survey() == null ? null : v.survey().csat())
        .setNps(v.survey() == null ? null : v.survey().nps())
        .setCes(v.survey() == null ? null : v.survey().ces())
        .build();
  }

  /** The churn-risk alert of a contact whose detractor survey completed the rule. */
  public static Alert churnRiskAlert(ContactView v, int notResolved) {
    SurveyScores s = v.survey();
    return Alert.newBuilder()
        .setAlertId(alertId(AlertType.CHURN_RISK, v.contactId()))
        .setType(AlertType.CHURN_RISK)
        .setCustomerId(v.customerId())
        .setContactId(v.contactId())
        .setChannel(v.channel())
        .setRaisedAt(Instant.ofEpochMilli(s.respondedAt()))
        .setRepeatCount(v.repeatCount())
        .setRecentMean(v.sentiment().mean())
        .setDetail(
            "Detractor survey ("
                + (s.nps() != null ? "NPS " + s.nps() : "CSAT " + s.csat())
                + "), "
                + notResolved
                + " NOT_RESOLVED contacts within the FCR window and negative sentiment; issue "
                + (v.issue() == null ? "unknown" : v.issue()))
        .build();
  }

  private static Instant instant(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
  }

  /**
   * The record that takes back a contact's alert: the contact, as now derived (or as last derived,
   * when its id disappeared), no longer meets the alert's condition.
   */
  public static Alert withdrawnAlert(AlertType type, ContactView v, String why) {
    return Alert.newBuilder()
        .setAlertId(alertId(type, v.contactId()))
        .setType(type)
        .setCustomerId(v.customerId())
        .setContactId(v.contactId())
        .setChannel(v.channel())
        .setRaisedAt(Instant.ofEpochMilli(v.lastEventAt()))
        .setStatus(AlertStatus.WITHDRAWN)
        .setDetail("Withdrawn: " + why)
        .build();
  }

  /** Deterministic id of the negative-sentiment alert of a contact. */
  public static String alertId(String contactId) {
    return alertId(AlertType.NEGATIVE_SENTIMENT, contactId);
  }

  /** Deterministic id of an alert of a contact: {@code <type>:<contactId>}. */
  public static String alertId(AlertType type, String contactId) {
    return type.name() + ":" + contactId;
  }

  /**
   * The repeat-contact alert of a view whose repeat count reached the threshold: the customer came
   * back on the same issue that many times within the FCR window.
   */
  public static Alert repeatContactAlert(ContactView v, long windowMs) {
    return Alert.newBuilder()
        .setAlertId(alertId(AlertType.REPEAT_CONTACT, v.contactId()))
        .setType(AlertType.REPEAT_CONTACT)
        .setCustomerId(v.customerId())
        .setContactId(v.contactId())
        .setChannel(v.channel())
        .setRaisedAt(Instant.ofEpochMilli(v.start()))
        .setRepeatCount(v.repeatCount())
        .setDetail(
            "Return "
                + v.repeatCount()
                + " on issue "
                + (v.issue() == null ? "(none)" : v.issue())
                + " within "
                + java.time.Duration.ofMillis(windowMs)
                + "; repeats "
                + v.repeatOf()
                + (v.channelHop() ? " on another channel" : " on the same channel"))
        .build();
  }

  /** The alert of an open contact that missed its response-time target. */
  public static Alert responseTargetAlert(ContactView v) {
    ServiceFacts f = v.service();
    String what =
        f.holdSeconds() != null && v.channel() == io.journeyline.avro.Channel.VOICE
            ? "Hold time " + f.holdSeconds() + " s is over the voice target"
            : "No agent response within the " + v.channel() + " first-response target";
    return Alert.newBuilder()
        .setAlertId(alertId(AlertType.RESPONSE_TARGET_BREACH, v.contactId()))
        .setType(AlertType.RESPONSE_TARGET_BREACH)
        .setCustomerId(v.customerId())
        .setContactId(v.contactId())
        .setChannel(v.channel())
        .setRaisedAt(Instant.ofEpochMilli(f.breachAt()))
        .setRepeatCount(v.repeatCount())
        .setDetail(
            what
                + "; queue "
                + (v.queue() == null ? "unknown" : v.queue())
                + ", issue "
                + (v.issue() == null ? "unknown" : v.issue()))
        .build();
  }

  /** The negative-sentiment alert of a view that met the condition. */
  public static Alert negativeSentimentAlert(ContactView v) {
    SentimentSummary s = v.sentiment();
    double mean = s.alertScores().stream().mapToDouble(Double::doubleValue).sum() / 3.0;
    return Alert.newBuilder()
        .setAlertId(alertId(v.contactId()))
        .setType(AlertType.NEGATIVE_SENTIMENT)
        .setCustomerId(v.customerId())
        .setContactId(v.contactId())
        .setChannel(v.channel())
        .setRaisedAt(Instant.ofEpochMilli(s.alertAt()))
        .setRecentScores(s.alertScores())
        .setRecentMean(mean)
        .setRepeatCount(0)
        .setDetail("The mean of the last 3 customer messages is at most -0.5")
        .build();
  }
}

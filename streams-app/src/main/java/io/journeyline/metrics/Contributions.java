package io.journeyline.metrics;

import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrStatus;
import io.journeyline.journey.ContactView;
import io.journeyline.journey.SentimentSummary;
import io.journeyline.journey.ServiceFacts;
import io.journeyline.journey.SurveyScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one contact adds to the aggregates: for every window and dimension, the bucket of its start
 * time and dimension value, and its counters there. A change of a contact is published as the
 * difference of its new and old contributions ({@link #delta}), so that status changes, late issue
 * codes and renamed contacts retract exactly what they added.
 */
public final class Contributions {

  private final List<MetricWindow> windows;

  /** Creates the calculator for the given windows. */
  public Contributions(List<MetricWindow> windows) {
    this.windows = List.copyOf(windows);
  }

  /** The windows. */
  public List<MetricWindow> windows() {
    return windows;
  }

  /** The counters of one contact, the same in each of its buckets. */
  public static Counters counters(ContactView c) {
    SentimentSummary s = c.sentiment();
    long inbound = c.inbound() ? 1 : 0;
    FcrStatus status = c.fcr();
    long repeat = c.inbound() && c.repeatOf() != null ? 1 : 0;
    return new Counters(
        inbound,
        inbound * (status == FcrStatus.RESOLVED ? 1 : 0),
        inbound * (status == FcrStatus.NOT_RESOLVED ? 1 : 0),
        inbound * (status == FcrStatus.PENDING ? 1 : 0),
        1,
        s.messages(),
        s.sumMicros(),
        s.negativeMessages(),
        s.alerted() ? 1 : 0,
        inbound,
        repeat,
        repeat * (c.channelHop() ? 1 : 0),
        0,
        service(c.service()),
        surveys(c));
  }

  /** The survey counters of one contact: its answer, split by the contact's FCR status. */
  static SurveyCounters surveys(ContactView c) {
    SurveyScores s = c.survey();
    if (s == null) {
      return SurveyCounters.ZERO;
    }
    long csat = s.csat() != null ? 1 : 0;
    long satisfied = s.satisfied() ? 1 : 0;
    boolean resolved = c.fcr() == FcrStatus.RESOLVED;
    boolean notResolved = c.fcr() == FcrStatus.NOT_RESOLVED;
    return new SurveyCounters(
        csat,
        satisfied,
        s.nps() != null ? 1 : 0,
        s.promoter() ? 1 : 0,
        s.npsDetractor() ? 1 : 0,
        s.ces() != null ? 1 : 0,
        s.ces() != null ? s.ces() : 0,
        resolved ? csat : 0,
        resolved ? satisfied : 0,
        notResolved ? csat : 0,
        notResolved ? satisfied : 0);
  }

  /** The operational counters of one contact. */
  static ServiceCounters service(ServiceFacts f) {
    boolean answered = f.answered();
    boolean offered = answered || f.abandonedUnanswered();
    return new ServiceCounters(
        offered ? 1 : 0,
        answered ? 1 : 0,
        answered && f.answeredWithinThreshold() ? 1 : 0,
        f.abandonedUnanswered() ? 1 : 0,
        f.shortAbandon() ? 1 : 0,
        answered ? f.waitMs() : 0,
        answered && f.handleMs() != null ? 1 : 0,
        answered && f.handleMs() != null ? f.handleMs() : 0,
        answered && f.transfers() > 0 ? 1 : 0,
        f.targeted() ? 1 : 0,
        f.targeted() && f.breached() ? 1 : 0);
  }

  /** The contribution of one contact; empty for null (no contact). */
  public Map<BucketKey, Counters> of(ContactView contact) {
    Map<BucketKey, Counters> out = new LinkedHashMap<>();
    if (contact == null) {
      return out;
    }
    Counters counters = counters(contact);
    buckets(contact).forEach(bucket -> out.put(bucket, counters));
    return out;
  }

  /** The buckets of a contact: one per window and dimension. */
  private List<BucketKey> buckets(ContactView contact) {
    List<BucketKey> out = new ArrayList<>(windows.size() * Dimension.values().length);
    for (MetricWindow window : windows) {
      long start = window.bucketStart(contact.start());
      for (Dimension dimension : Dimension.values()) {
        out.add(new BucketKey(window.label(), start, dimension, value(contact, dimension)));
      }
    }
    return out;
  }

  /** New minus old, per bucket, without zero deltas, in a stable order. */
  public Map<BucketKey, Counters> delta(ContactView oldContact, ContactView newContact) {
    if (oldContact != null && newContact != null && sameBuckets(oldContact, newContact)) {
      // the common change (a status, a message): one difference in every bucket of the contact
      Counters difference = counters(newContact).plus(counters(oldContact).negate());
      Map<BucketKey, Counters> out = new LinkedHashMap<>();
      if (!difference.isZero()) {
        buckets(newContact).forEach(bucket -> out.put(bucket, difference));
      }
      return out;
    }
    Map<BucketKey, Counters> out = new LinkedHashMap<>();
    of(oldContact).forEach((k, v) -> out.merge(k, v.negate(), Counters::plus));
    of(newContact).forEach((k, v) -> out.merge(k, v, Counters::plus));
    out.values().removeIf(Counters::isZero);
    return out;
  }

  private static boolean sameBuckets(ContactView a, ContactView b) {
    if (a.start() != b.start()) {
      return false;
    }
    for (Dimension dimension : Dimension.values()) {
      if (!value(a, dimension).equals(value(b, dimension))) {
        return false;
      }
    }
    return true;
  }

  /** The value of a contact for a dimension ({@code all}, or {@code unknown} when missing). */
  public static String value(ContactView contact, Dimension dimension) {
    String value =
        switch (dimension) {
          case ALL -> BucketKey.ALL;
          case CHANNEL -> contact.channel().name();
          case QUEUE -> contact.queue();
          case AGENT -> contact.agentId();
          case ISSUE -> contact.issue();
        };
    return value == null || value.isBlank() ? BucketKey.UNKNOWN : value;
  }
}

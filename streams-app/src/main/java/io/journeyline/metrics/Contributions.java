package io.journeyline.metrics;

import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrStatus;
import io.journeyline.journey.ContactView;
import io.journeyline.journey.SentimentSummary;
import io.journeyline.journey.ServiceFacts;
import io.journeyline.journey.SurveyScores;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one contact adds to the aggregates: for every window and dimension, the bucket of its start
 * time and dimension value, and its counters there. A change of a contact is published as the
 * difference of its new and old contributions ({@link #groupDelta}, summed per bucket group), so
 * that status changes, late issue codes and renamed contacts retract exactly what they added.
 */
public final class Contributions {

  /** Prefix of {@link #group}'s encoding. */
  public static final String GROUP_PREFIX = "g|";

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

  /**
   * The contribution of one contact, bucket by bucket; empty for null (no contact). The definition
   * the groups are checked against: the journey stage sends {@link #groupDelta}s.
   */
  Map<BucketKey, Counters> of(ContactView contact) {
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

  /**
   * New minus old, per bucket, without zero deltas, in a stable order: {@link #groupDelta} expanded
   * into buckets, as the journey stage's flush sends it.
   */
  Map<BucketKey, Counters> delta(ContactView oldContact, ContactView newContact) {
    Map<BucketKey, Counters> out = new LinkedHashMap<>();
    groupDelta(oldContact, newContact)
        .forEach(
            (group, counters) ->
                bucketsOf(group).forEach(bucket -> out.merge(bucket, counters, Counters::plus)));
    out.values().removeIf(Counters::isZero);
    return out;
  }

  /**
   * New minus old, per {@linkplain #group bucket group}, without zero deltas: one entry for the
   * common change (a status, a message: the contact keeps its buckets), two when it moved to other
   * buckets (an earlier start, a new queue, agent or issue).
   */
  public Map<String, Counters> groupDelta(ContactView oldContact, ContactView newContact) {
    Map<String, Counters> out = new LinkedHashMap<>(4);
    if (oldContact != null && newContact != null && sameBuckets(oldContact, newContact)) {
      Counters difference = counters(newContact).plus(counters(oldContact).negate());
      if (!difference.isZero()) {
        out.put(group(newContact), difference);
      }
      return out;
    }
    if (oldContact != null) {
      out.merge(group(oldContact), counters(oldContact).negate(), Counters::plus);
    }
    if (newContact != null) {
      out.merge(group(newContact), counters(newContact), Counters::plus);
    }
    out.values().removeIf(Counters::isZero);
    return out;
  }

  /**
   * The group of a contact's buckets: its bucket start in every window and its value in every
   * dimension, encoded. Contacts of one group share all of their buckets, so the journey stage's
   * delta outbox sums a change under its group (one store write) rather than under each of its
   * buckets, and expands the sum into buckets when it sends it ({@link #bucketsOf}). The encoding
   * names each window and length-prefixes every text, so it decodes without this instance's
   * configuration and whatever the values contain; it starts with {@link #GROUP_PREFIX}, which no
   * {@link BucketKey#encode() bucket key} does (those start with a window label, a digit).
   */
  public String group(ContactView contact) {
    StringBuilder out =
        new StringBuilder(64).append(GROUP_PREFIX).append(windows.size()).append(';');
    for (MetricWindow window : windows) {
      text(out, window.label()).append(window.bucketStart(contact.start())).append(';');
    }
    for (Dimension dimension : Dimension.values()) {
      if (dimension != Dimension.ALL) {
        text(out, dimension.name());
        text(out, value(contact, dimension));
      }
    }
    return out.toString();
  }

  /** True for a {@link #group} encoding. */
  public static boolean isGroup(String key) {
    return key.startsWith(GROUP_PREFIX);
  }

  private static StringBuilder text(StringBuilder out, String text) {
    return out.append(text.length()).append(':').append(text);
  }

  /**
   * The buckets of a {@link #group}: one per window and dimension, as {@link #of} gives them.
   *
   * @throws IllegalArgumentException when {@code group} is not a group's encoding
   */
  public static List<BucketKey> bucketsOf(String group) {
    if (!isGroup(group)) {
      throw new IllegalArgumentException("Not a bucket group: " + group);
    }
    int[] at = {GROUP_PREFIX.length()};
    int windowCount = (int) number(group, at, ';');
    String[] labels = new String[windowCount];
    long[] starts = new long[windowCount];
    for (int i = 0; i < windowCount; i++) {
      labels[i] = text(group, at);
      starts[i] = number(group, at, ';');
    }
    Map<Dimension, String> values = new EnumMap<>(Dimension.class);
    values.put(Dimension.ALL, BucketKey.ALL);
    while (at[0] < group.length()) {
      Dimension dimension = Dimension.valueOf(text(group, at));
      values.put(dimension, text(group, at));
    }
    List<BucketKey> out = new ArrayList<>(windowCount * values.size());
    for (int i = 0; i < windowCount; i++) {
      for (Dimension dimension : Dimension.values()) {
        String value = values.get(dimension);
        if (value == null) {
          throw new IllegalArgumentException("Bucket group without " + dimension + ": " + group);
        }
        out.add(new BucketKey(labels[i], starts[i], dimension, value));
      }
    }
    return out;
  }

  private static String text(String encoded, int[] at) {
    int length = (int) number(encoded, at, ':');
    String text = encoded.substring(at[0], at[0] + length);
    at[0] += length;
    return text;
  }

  private static long number(String encoded, int[] at, char end) {
    int stop = encoded.indexOf(end, at[0]);
    if (stop < 0) {
      throw new IllegalArgumentException("Not a bucket group: " + encoded);
    }
    long value = Long.parseLong(encoded, at[0], stop, 10);
    at[0] = stop + 1;
    return value;
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

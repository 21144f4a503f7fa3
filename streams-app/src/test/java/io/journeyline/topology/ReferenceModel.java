package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.Participant;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DESIGN.md's definitions, written again in plain Java over a set of distinct events, independently
 * of the production rules (no shared code but the test's event spec {@link Ev}): sessions that
 * follow the contact's lifecycle, FCR, repeats, channel hops, sentiment, and the 1-hour and 1-day
 * buckets of every dimension, all as of one final watermark.
 */
final class ReferenceModel {

  /**
   * The settings the definitions depend on.
   *
   * @param window the FCR window N
   * @param grace the largest per-channel grace
   * @param gaps the inactivity gap per channel
   * @param lifecycleTimeout when a contact with an explicit start but no end closes
   */
  record Settings(
      Duration window, Duration grace, Map<Channel, Duration> gaps, Duration lifecycleTimeout) {

    /** The product's defaults. */
    static Settings defaults() {
      return new Settings(
          Duration.ofDays(7),
          Duration.ofHours(6),
          Map.of(
              Channel.CHAT, Duration.ofMinutes(30),
              Channel.VOICE, Duration.ofHours(4),
              Channel.EMAIL, Duration.ofHours(24),
              Channel.SMS, Duration.ofHours(2)),
          Duration.ofHours(12));
    }
  }

  /**
   * One contact as the contacts topic should hold it.
   *
   * @param customerId the customer
   * @param fcr RESOLVED, NOT_RESOLVED, PENDING or NOT_APPLICABLE
   * @param repeatOf the contact it repeats, or null
   * @param channelHop a repeat on another channel
   * @param events its distinct events
   * @param start its first event time
   * @param end its end, null while open
   */
  record Contact(
      String customerId,
      String fcr,
      String repeatOf,
      boolean channelHop,
      int events,
      Instant start,
      Instant end) {}

  final Map<String, Contact> contacts = new TreeMap<>();
  final Map<String, List<Long>> fcr = new TreeMap<>();
  final Map<String, List<Long>> sentiment = new TreeMap<>();
  final Map<String, List<Long>> repeat = new TreeMap<>();

  private record Folded(
      String contactId,
      String customer,
      Channel channel,
      boolean inbound,
      long start,
      Long end,
      String queue,
      String agent,
      String issue,
      boolean notResolvedItself,
      List<Long> scores,
      int events) {}

  private ReferenceModel() {}

  static ReferenceModel of(List<Ev> distinctEvents, long finalTime, Settings settings) {
    long n = settings.window().toMillis();
    Map<String, List<Ev>> byKey = new LinkedHashMap<>();
    for (Ev e : distinctEvents) {
      byKey.computeIfAbsent(e.channel + "/" + e.contactId, k -> new ArrayList<>()).add(e);
    }
    List<Folded> all = new ArrayList<>();
    for (List<Ev> list : byKey.values()) {
      list.sort(
          Comparator.comparing((Ev e) -> e.at)
              .thenComparing(e -> e.type.ordinal())
              .thenComparing(e -> e.eventId));
      long keyStart = list.get(0).at.toEpochMilli();
      List<Ev> session = new ArrayList<>();
      for (Ev e : list) {
        if (!session.isEmpty() && opensNewContact(session, e, settings)) {
          all.add(fold(session, keyStart, finalTime, settings));
          session = new ArrayList<>();
        }
        session.add(e);
      }
      all.add(fold(session, keyStart, finalTime, settings));
    }
    ReferenceModel ref = new ReferenceModel();
    for (Folded c : all) {
      String status = "NOT_APPLICABLE";
      Folded repeatOf = null;
      if (c.inbound) {
        boolean returned = false;
        for (Folded o : all) {
          if (o == c || !o.inbound || !o.customer.equals(c.customer)) {
            continue;
          }
          if (c.end != null && o.start > c.end && o.start <= c.end + n && match(c.issue, o.issue)) {
            returned = true;
          }
          if (o.end != null && c.start > o.end && c.start <= o.end + n && match(o.issue, c.issue)) {
            if (repeatOf == null || moreRecent(o, repeatOf)) {
              repeatOf = o;
            }
          }
        }
        if (c.notResolvedItself || returned) {
          status = "NOT_RESOLVED";
        } else if (c.end != null && finalTime > c.end + n + settings.grace().toMillis()) {
          status = "RESOLVED";
        } else {
          status = "PENDING";
        }
      }
      ref.contacts.put(
          c.contactId,
          new Contact(
              c.customer,
              status,
              repeatOf == null ? null : repeatOf.contactId,
              repeatOf != null && repeatOf.channel != c.channel,
              c.events,
              Instant.ofEpochMilli(c.start),
              c.end == null ? null : Instant.ofEpochMilli(c.end)));
      long sum = c.scores.stream().mapToLong(Long::longValue).sum();
      long negative = c.scores.stream().filter(s -> s <= -50_000).count();
      long alerted = 0;
      for (int i = 2; i < c.scores.size(); i++) {
        if (c.scores.get(i - 2) + c.scores.get(i - 1) + c.scores.get(i) <= -1_500_000) {
          alerted = 1;
        }
      }
      for (String[] w : new String[][] {{"1h", "HOURS"}, {"1d", "DAYS"}}) {
        Instant bucket = Instant.ofEpochMilli(c.start).truncatedTo(ChronoUnit.valueOf(w[1]));
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("ALL", "all");
        dims.put("CHANNEL", c.channel.name());
        dims.put("QUEUE", c.queue == null ? "unknown" : c.queue);
        dims.put("AGENT", c.agent == null ? "unknown" : c.agent);
        dims.put("ISSUE", c.issue == null ? "unknown" : c.issue);
        for (Map.Entry<String, String> d : dims.entrySet()) {
          String key = w[0] + "|" + bucket + "|" + d.getKey() + "|" + d.getValue();
          add(ref.sentiment, key, List.of(1L, (long) c.scores.size(), sum, negative, alerted));
          if (c.inbound) {
            add(
                ref.fcr,
                key,
                List.of(
                    1L,
                    status.equals("RESOLVED") ? 1L : 0L,
                    status.equals("NOT_RESOLVED") ? 1L : 0L,
                    status.equals("PENDING") ? 1L : 0L));
            add(
                ref.repeat,
                key,
                List.of(
                    1L,
                    repeatOf != null ? 1L : 0L,
                    repeatOf != null && repeatOf.channel != c.channel ? 1L : 0L));
          }
        }
      }
    }
    return ref;
  }

  /**
   * Whether {@code e} opens a new contact after {@code session}: after an explicit end, anything
   * but an agent, bot or system message or a further end within the gap; before it, silence longer
   * than the lifecycle timeout (explicit start) or the channel's gap (no explicit start).
   */
  private static boolean opensNewContact(List<Ev> session, Ev e, Settings settings) {
    Ev last = session.get(session.size() - 1);
    long silence = e.at.toEpochMilli() - last.at.toEpochMilli();
    long gap = settings.gaps().get(e.channel).toMillis();
    boolean ended = session.stream().anyMatch(ReferenceModel::ends);
    boolean started = session.stream().anyMatch(x -> x.type == EventType.CONTACT_STARTED);
    if (ended) {
      boolean nonCustomerMessage =
          e.type == EventType.MESSAGE && e.participant != Participant.CUSTOMER;
      return !(nonCustomerMessage || (ends(e) && silence <= gap));
    }
    return silence > (started ? settings.lifecycleTimeout().toMillis() : gap);
  }

  private static boolean ends(Ev e) {
    return e.type == EventType.CONTACT_ENDED || e.type == EventType.ABANDONED;
  }

  private static boolean moreRecent(Folded a, Folded b) {
    int byEnd = Long.compare(a.end, b.end);
    if (byEnd != 0) {
      return byEnd > 0;
    }
    int byStart = Long.compare(a.start, b.start);
    return byStart != 0 ? byStart > 0 : a.contactId.compareTo(b.contactId) > 0;
  }

  private static Folded fold(List<Ev> session, long keyStart, long finalTime, Settings settings) {
    Ev first = session.get(0);
    Ev last = session.get(session.size() - 1);
    String queue = null;
    String agent = null;
    String issue = null;
    Boolean disposition = null;
    boolean started = false;
    Ev firstEnd = null;
    List<Long> scores = new ArrayList<>();
    for (Ev e : session) {
      queue = e.queue != null ? e.queue : queue;
      agent = e.agentId != null ? e.agentId : agent;
      issue = e.issue != null ? e.issue : issue;
      if (e.type == EventType.CONTACT_ENDED && e.resolved != null) {
        disposition = e.resolved;
      }
      started |= e.type == EventType.CONTACT_STARTED;
      if (firstEnd == null && ends(e)) {
        firstEnd = e;
      }
      if (e.type == EventType.MESSAGE && e.participant == Participant.CUSTOMER) {
        scores.add(Math.round(e.sentiment * 1_000_000));
      }
    }
    long timeout =
        started
            ? settings.lifecycleTimeout().toMillis()
            : settings.gaps().get(first.channel).toMillis();
    Long end = null;
    if (firstEnd != null) {
      end = firstEnd.at.toEpochMilli();
    } else if (finalTime - last.at.toEpochMilli() > timeout) {
      end = last.at.toEpochMilli();
    }
    boolean abandoned = firstEnd != null && firstEnd.type == EventType.ABANDONED;
    String customer = first.customerId != null ? first.customerId : "prov:PHONE:" + first.phone;
    long start = first.at.toEpochMilli();
    String contactId =
        start == keyStart ? first.contactId : first.contactId + "@" + Instant.ofEpochMilli(start);
    return new Folded(
        contactId,
        customer,
        first.channel,
        first.direction == Direction.INBOUND,
        start,
        end,
        queue,
        agent,
        issue,
        abandoned || Boolean.FALSE.equals(disposition),
        scores,
        session.size());
  }

  static boolean match(String a, String b) {
    return a == null || b == null || a.equals(b);
  }

  private static void add(Map<String, List<Long>> map, String key, List<Long> counts) {
    map.merge(
        key,
        counts,
        (x, y) -> {
          List<Long> out = new ArrayList<>();
          for (int i = 0; i < x.size(); i++) {
            out.add(x.get(i) + y.get(i));
          }
          return out;
        });
  }

  /** Sum over the ALL/1d buckets: contacts, resolved, notResolved, pending, repeats, hops. */
  long[] totals() {
    long[] t = new long[6];
    fcr.forEach(
        (k, v) -> {
          if (k.startsWith("1d|") && k.endsWith("|ALL|all")) {
            for (int i = 0; i < 4; i++) {
              t[i] += v.get(i);
            }
          }
        });
    repeat.forEach(
        (k, v) -> {
          if (k.startsWith("1d|") && k.endsWith("|ALL|all")) {
            t[4] += v.get(1);
            t[5] += v.get(2);
          }
        });
    return t;
  }

  // The published records in the reference's terms

  /** The contacts topic (latest value per key, tombstones as null) in the reference's terms. */
  static Map<String, Contact> contacts(Map<String, ContactSummary> in) {
    Map<String, Contact> out = new TreeMap<>();
    in.forEach(
        (id, c) -> {
          if (c != null) {
            out.put(
                id,
                new Contact(
                    c.getCustomerId(),
                    c.getFcr().name(),
                    c.getRepeatOf(),
                    c.getChannelHop(),
                    c.getEvents(),
                    c.getStartedAt(),
                    c.getEndedAt()));
          }
        });
    return out;
  }

  static String bucket(MetricKey k) {
    return k.getWindow() + "|" + k.getWindowStart() + "|" + k.getDimension() + "|" + k.getKey();
  }

  static Map<String, List<Long>> fcr(Map<MetricKey, FcrAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(
                bucket(k),
                List.of(v.getContacts(), v.getResolved(), v.getNotResolved(), v.getPending()));
          }
        });
    return out;
  }

  static Map<String, List<Long>> sentiment(Map<MetricKey, SentimentAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(
                bucket(k),
                List.of(
                    v.getContacts(),
                    v.getMessages(),
                    Math.round(v.getScoreSum() * 1_000_000),
                    v.getNegativeMessages(),
                    v.getAlerts()));
          }
        });
    return out;
  }

  static Map<String, List<Long>> repeat(Map<MetricKey, RepeatContactAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(bucket(k), List.of(v.getContacts(), v.getRepeats(), v.getChannelHops()));
          }
        });
    return out;
  }
}

package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
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
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: for random multi-customer event sets (seeded), delivered shuffled within grace and with
 * duplicates injected, the final aggregates equal a plain-Java reference computed over the sorted,
 * deduplicated events. The reference is written from DESIGN.md's definitions, independently of the
 * production rules (no shared code but the test's event spec).
 */
class AggregatesPropertyTest {

  static final Instant BASE = Instant.parse("2025-03-03T08:00:00Z");
  static final long GRACE = Duration.ofMinutes(5).toMillis();
  static final long N = Duration.ofDays(7).toMillis();
  static final String[] ISSUES = {"billing", "outage", null};
  static final double[] SCORES = {-0.9, -0.6, -0.3, 0.0, 0.2, 0.5, 0.8};
  static final Map<Channel, Long> GAP =
      Map.of(
          Channel.SMS, Duration.ofHours(1).toMillis(),
          Channel.CHAT, Duration.ofMinutes(30).toMillis(),
          Channel.VOICE, Duration.ofHours(2).toMillis(),
          Channel.EMAIL, Duration.ofHours(24).toMillis());

  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 42L, 2025L})
  void shouldMatchTheReferenceWhateverTheOrderWithinGraceAndWithDuplicates(long seed) {
    Random random = new Random(seed);
    List<Ev> events = generate(random);
    long maxTime = events.stream().mapToLong(e -> e.at.toEpochMilli()).max().orElseThrow();
    Instant finalTime = Instant.ofEpochMilli(maxTime).plus(Duration.ofDays(8));

    // Arrival: sort by event time plus a jitter below the grace, with duplicates injected
    List<Ev> arrivals = new ArrayList<>(events);
    for (Ev e : events) {
      if (random.nextInt(5) == 0) {
        arrivals.add(e);
      }
    }
    List<long[]> keys = new ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      keys.add(new long[] {arrivals.get(i).at.toEpochMilli() + random.nextLong(GRACE), i});
    }
    keys.sort(Comparator.comparingLong((long[] k) -> k[0]).thenComparingLong(k -> k[1]));
    List<Ev> shuffled = new ArrayList<>();
    keys.forEach(k -> shuffled.add(arrivals.get((int) k[1])));

    Reference expected = Reference.of(events, finalTime.toEpochMilli());
    long[] totals = expected.totals();
    assertThat(totals[0]).as("inbound contacts").isPositive();

    try (TopologyHarness h = new TopologyHarness(Map.of())) {
      h.sendAll(shuffled);
      h.heartbeat(finalTime);
      assertThat(h.dlq.isEmpty()).as("nothing late").isTrue();
      assertThat(fcr(TopologyHarness.latest(h.fcr))).isEqualTo(expected.fcr);
      assertThat(sentiment(TopologyHarness.latest(h.sentiment))).isEqualTo(expected.sentiment);
      assertThat(repeat(TopologyHarness.latest(h.repeat))).isEqualTo(expected.repeat);
    }
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

  /** Random customers, each with a few contacts over a few weeks, on all channels. */
  static List<Ev> generate(Random random) {
    List<Ev> events = new ArrayList<>();
    int customers = 6;
    int id = 0;
    for (int c = 0; c < customers; c++) {
      String customer = "cust-" + c;
      String phone = "+1415555" + String.format("%04d", 100 + c);
      long t = BASE.toEpochMilli() + random.nextInt(48) * 3_600_000L + random.nextInt(60) * 60_000L;
      int contacts = 1 + random.nextInt(4);
      for (int j = 0; j < contacts; j++) {
        Channel channel = Channel.values()[random.nextInt(4)];
        String contactId = channel.name().toLowerCase(java.util.Locale.ROOT) + "-" + c + "-" + j;
        if (channel == Channel.SMS) {
          contactId = phone + "|+18005550199";
        }
        boolean outbound = random.nextInt(10) == 0;
        String issue = ISSUES[random.nextInt(ISSUES.length)];
        long at = t;
        List<Ev> contact = new ArrayList<>();
        if (channel != Channel.SMS) {
          contact.add(
              Ev.of(
                  channel,
                  "e" + id++,
                  contactId,
                  EventType.CONTACT_STARTED,
                  Instant.ofEpochMilli(at)));
        }
        int messages = 1 + random.nextInt(4);
        for (int m = 0; m < messages; m++) {
          at += (1 + random.nextInt(3)) * 60_000L;
          Ev msg =
              Ev.of(channel, "e" + id++, contactId, EventType.MESSAGE, Instant.ofEpochMilli(at));
          if (random.nextInt(4) == 0) {
            msg.agentSays("Let me check that for you");
          } else {
            msg.customerSays(SCORES[random.nextInt(SCORES.length)]);
          }
          if (channel == Channel.SMS && m == messages - 1) {
            msg.issue(issue);
          }
          contact.add(msg);
        }
        if (channel != Channel.SMS) {
          at += (1 + random.nextInt(10)) * 60_000L;
          EventType end = random.nextInt(8) == 0 ? EventType.ABANDONED : EventType.CONTACT_ENDED;
          Ev e = Ev.of(channel, "e" + id++, contactId, end, Instant.ofEpochMilli(at)).issue(issue);
          if (end == EventType.CONTACT_ENDED && random.nextInt(8) == 0) {
            e.resolved(false);
          }
          contact.add(e);
        }
        for (Ev e : contact) {
          if (channel == Channel.SMS) {
            e.phone(phone);
          } else {
            e.customer(customer);
          }
          if (outbound) {
            e.outbound();
          }
        }
        events.addAll(contact);
        t =
            at
                + (random.nextInt(3) == 0
                    ? random.nextInt(3) * 3_600_000L + 3_600_001L
                    : random.nextInt(10) * 86_400_000L + 3_600_001L);
      }
    }
    return events;
  }

  /** DESIGN.md's definitions over the sorted, deduplicated events. */
  static final class Reference {
    final Map<String, List<Long>> fcr = new TreeMap<>();
    final Map<String, List<Long>> sentiment = new TreeMap<>();
    final Map<String, List<Long>> repeat = new TreeMap<>();

    record Contact(
        String customer,
        Channel channel,
        boolean inbound,
        long start,
        Long end,
        String queue,
        String agent,
        String issue,
        boolean notResolvedItself,
        List<Long> scores) {}

    static Reference of(List<Ev> events, long finalTime) {
      // Sessions per (channel, conversation key), in event-time order
      Map<String, List<Ev>> byKey = new LinkedHashMap<>();
      for (Ev e : events) {
        byKey.computeIfAbsent(e.channel + "/" + e.contactId, k -> new ArrayList<>()).add(e);
      }
      List<Contact> contacts = new ArrayList<>();
      for (List<Ev> list : byKey.values()) {
        list.sort(
            Comparator.comparing((Ev e) -> e.at)
                .thenComparing(e -> e.type.ordinal())
                .thenComparing(e -> e.eventId));
        List<Ev> session = new ArrayList<>();
        for (Ev e : list) {
          if (!session.isEmpty()) {
            Ev last = session.get(session.size() - 1);
            boolean ended =
                last.type == EventType.CONTACT_ENDED || last.type == EventType.ABANDONED;
            if (ended || e.at.toEpochMilli() - last.at.toEpochMilli() > GAP.get(e.channel)) {
              contacts.add(contact(session, finalTime));
              session = new ArrayList<>();
            }
          }
          session.add(e);
        }
        contacts.add(contact(session, finalTime));
      }
      Reference ref = new Reference();
      for (Contact c : contacts) {
        String status = null;
        Contact repeatOf = null;
        if (c.inbound) {
          boolean returned = false;
          for (Contact o : contacts) {
            if (o != c && o.inbound && o.customer.equals(c.customer)) {
              if (c.end != null
                  && o.start > c.end
                  && o.start <= c.end + N
                  && match(c.issue, o.issue)) {
                returned = true;
              }
              if (o.end != null
                  && c.start > o.end
                  && c.start <= o.end + N
                  && match(o.issue, c.issue)) {
                if (repeatOf == null
                    || o.end > repeatOf.end
                    || (o.end.equals(repeatOf.end) && o.start > repeatOf.start)) {
                  repeatOf = o;
                }
              }
            }
          }
          if (c.notResolvedItself || returned) {
            status = "NR";
          } else if (c.end != null && finalTime > c.end + N + GRACE) {
            status = "R";
          } else {
            status = "P";
          }
        }
        long sum = c.scores.stream().mapToLong(Long::longValue).sum();
        long negative = c.scores.stream().filter(s -> s <= -50_000).count();
        long alerted = 0;
        for (int i = 2; i < c.scores.size(); i++) {
          if (c.scores.get(i - 2) + c.scores.get(i - 1) + c.scores.get(i) <= -1_500_000) {
            alerted = 1;
          }
        }
        for (String[] w : new String[][] {{"1h", "HOURS"}, {"1d", "DAYS"}}) {
          Instant start = Instant.ofEpochMilli(c.start).truncatedTo(ChronoUnit.valueOf(w[1]));
          Map<String, String> dims = new LinkedHashMap<>();
          dims.put("ALL", "all");
          dims.put("CHANNEL", c.channel.name());
          dims.put("QUEUE", c.queue == null ? "unknown" : c.queue);
          dims.put("AGENT", c.agent == null ? "unknown" : c.agent);
          dims.put("ISSUE", c.issue == null ? "unknown" : c.issue);
          for (Map.Entry<String, String> d : dims.entrySet()) {
            String key = w[0] + "|" + start + "|" + d.getKey() + "|" + d.getValue();
            add(ref.sentiment, key, List.of(1L, (long) c.scores.size(), sum, negative, alerted));
            if (c.inbound) {
              add(
                  ref.fcr,
                  key,
                  List.of(
                      1L,
                      "R".equals(status) ? 1L : 0L,
                      "NR".equals(status) ? 1L : 0L,
                      "P".equals(status) ? 1L : 0L));
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

    static boolean match(String a, String b) {
      return a == null || b == null || a.equals(b);
    }

    static void add(Map<String, List<Long>> map, String key, List<Long> counts) {
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

    static Contact contact(List<Ev> session, long finalTime) {
      Ev first = session.get(0);
      Ev last = session.get(session.size() - 1);
      String queue = null;
      String agent = null;
      String issue = null;
      boolean notResolved = false;
      List<Long> scores = new ArrayList<>();
      for (Ev e : session) {
        queue = e.queue != null ? e.queue : queue;
        agent = e.agentId != null ? e.agentId : agent;
        issue = e.issue != null ? e.issue : issue;
        if (e.type == EventType.CONTACT_ENDED && Boolean.FALSE.equals(e.resolved)) {
          notResolved = true;
        }
        if (e.type == EventType.MESSAGE && e.participant == Participant.CUSTOMER) {
          scores.add(Math.round(e.sentiment * 1_000_000));
        }
      }
      boolean explicitEnd =
          last.type == EventType.CONTACT_ENDED || last.type == EventType.ABANDONED;
      Long end = null;
      if (explicitEnd || finalTime - last.at.toEpochMilli() > GAP.get(first.channel)) {
        end = last.at.toEpochMilli();
      }
      if (last.type == EventType.ABANDONED) {
        notResolved = true;
      }
      String customer = first.customerId != null ? first.customerId : "prov:PHONE:" + first.phone;
      return new Contact(
          customer,
          first.channel,
          first.direction == Direction.INBOUND,
          first.at.toEpochMilli(),
          end,
          queue,
          agent,
          issue,
          notResolved,
          scores);
    }
  }
}

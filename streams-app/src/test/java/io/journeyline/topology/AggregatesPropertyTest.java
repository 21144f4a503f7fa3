package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /** The harness's settings: grace 5 min on every channel, its gaps, the default lifecycle. */
  static final ReferenceModel.Settings SETTINGS =
      new ReferenceModel.Settings(
          Duration.ofDays(7),
          Duration.ofMinutes(5),
          Map.of(
              Channel.SMS, Duration.ofHours(1),
              Channel.CHAT, Duration.ofMinutes(30),
              Channel.VOICE, Duration.ofHours(2),
              Channel.EMAIL, Duration.ofHours(24)),
          Duration.ofHours(12));

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

    ReferenceModel expected = ReferenceModel.of(events, finalTime.toEpochMilli(), SETTINGS);
    long[] totals = expected.totals();
    assertThat(totals[0]).as("inbound contacts").isPositive();

    try (TopologyHarness h = new TopologyHarness(Map.of())) {
      h.sendAll(shuffled);
      h.heartbeat(finalTime);
      assertThat(h.dlq.isEmpty()).as("nothing late").isTrue();
      assertThat(ReferenceModel.fcr(TopologyHarness.latest(h.fcr))).isEqualTo(expected.fcr);
      assertThat(ReferenceModel.sentiment(TopologyHarness.latest(h.sentiment)))
          .isEqualTo(expected.sentiment);
      assertThat(ReferenceModel.repeat(TopologyHarness.latest(h.repeat)))
          .isEqualTo(expected.repeat);
      assertThat(ReferenceModel.contacts(h.latestContacts())).isEqualTo(expected.contacts);
    }
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
}

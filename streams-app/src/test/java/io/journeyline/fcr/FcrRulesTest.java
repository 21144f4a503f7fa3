package io.journeyline.fcr;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.FcrStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FcrRulesTest {

  static final long H = 3_600_000L;
  static final long D = 24 * H;
  static final FcrRules LENIENT =
      new FcrRules(Duration.ofDays(7), Duration.ofMinutes(5), IssueMatching.LENIENT);
  static final FcrRules STRICT =
      new FcrRules(Duration.ofDays(7), Duration.ofMinutes(5), IssueMatching.STRICT);

  static ContactFacts in(String id, Channel ch, long start, Long end, String issue) {
    return new ContactFacts(id, ch, Direction.INBOUND, start, end, issue, false, null);
  }

  @Test
  void shouldMarkNotResolvedOnAMatchingReturnWithinTheWindowAndReportTheRepeat() {
    Map<String, FcrAssessment> out =
        LENIENT.assess(
            List.of(
                in("a", Channel.CHAT, 0, H, "x"), in("b", Channel.VOICE, 2 * D, 2 * D + H, "x")),
            2 * D + H);
    assertThat(out.get("a")).isEqualTo(new FcrAssessment(FcrStatus.NOT_RESOLVED, null, false, 0));
    assertThat(out.get("b")).isEqualTo(new FcrAssessment(FcrStatus.PENDING, "a", true, 1));
  }

  @Test
  void shouldCountTheWindowBoundaryInclusiveAndTheEndExclusive() {
    ContactFacts a = in("a", Channel.CHAT, 0, H, null);
    assertThat(LENIENT.returnsTo(a, in("b", Channel.CHAT, H + 7 * D, H + 7 * D, null))).isTrue();
    assertThat(LENIENT.returnsTo(a, in("b", Channel.CHAT, H + 7 * D + 1, H + 7 * D + 1, null)))
        .isFalse();
    assertThat(LENIENT.returnsTo(a, in("b", Channel.CHAT, H, H, null))).isFalse();
  }

  @Test
  void shouldResolveOnlyAfterEndPlusWindowPlusGrace() {
    List<ContactFacts> one = List.of(in("a", Channel.CHAT, 0, H, null));
    long finalAfter = H + 7 * D + 5 * 60_000L;
    assertThat(LENIENT.assess(one, finalAfter).get("a").status()).isEqualTo(FcrStatus.PENDING);
    assertThat(LENIENT.assess(one, finalAfter + 1).get("a").status()).isEqualTo(FcrStatus.RESOLVED);
  }

  @Test
  void shouldMatchMissingIssuesOnlyWhenLenient() {
    List<ContactFacts> contacts =
        List.of(in("a", Channel.CHAT, 0, H, "x"), in("b", Channel.CHAT, D, D, null));
    assertThat(LENIENT.assess(contacts, D).get("a").status()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(STRICT.assess(contacts, D).get("a").status()).isEqualTo(FcrStatus.PENDING);
  }

  @Test
  void shouldMarkAbandonedAndNegativeDispositionNotResolvedAndOutboundNotApplicable() {
    List<ContactFacts> contacts =
        List.of(
            new ContactFacts("ab", Channel.VOICE, Direction.INBOUND, 0, H, null, true, null),
            new ContactFacts("no", Channel.VOICE, Direction.INBOUND, 0, H, null, false, false),
            new ContactFacts(
                "out", Channel.VOICE, Direction.OUTBOUND, 2 * H, 3 * H, null, false, null));
    Map<String, FcrAssessment> out = LENIENT.assess(contacts, 3 * H);
    assertThat(out.get("ab").status()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(out.get("no").status()).isEqualTo(FcrStatus.NOT_RESOLVED);
    assertThat(out.get("out"))
        .isEqualTo(new FcrAssessment(FcrStatus.NOT_APPLICABLE, null, false, 0));
  }

  @Test
  void shouldRepeatTheMostRecentMatchingContactAndCountEveryOneItCouldRepeat() {
    List<ContactFacts> contacts =
        List.of(
            in("a", Channel.CHAT, 0, H, "x"),
            in("b", Channel.EMAIL, 2 * H, 3 * H, "x"),
            in("c", Channel.EMAIL, D, D + H, "x"));
    assertThat(LENIENT.assess(contacts, D + H).get("c"))
        .isEqualTo(new FcrAssessment(FcrStatus.PENDING, "b", false, 2));
  }

  /**
   * The assessment finds a contact's returns by two binary searches over the ended contacts sorted
   * by end; it must give what the definition gives pair by pair, boundaries, equal ends and open
   * contacts included.
   */
  @Test
  void shouldGiveWhatEveryPairOfContactsGivesByTheDefinition() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<ContactFacts> contacts = new ArrayList<>();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        // starts on a coarse grid so that ends, window boundaries and starts coincide often
        long start = random.nextInt(60) * 12 * H;
        Long end = random.nextInt(5) == 0 ? null : start + random.nextInt(3) * 12 * H;
        contacts.add(
            new ContactFacts(
                "c" + i,
                Channel.values()[random.nextInt(Channel.values().length)],
                random.nextInt(4) == 0 ? Direction.OUTBOUND : Direction.INBOUND,
                start,
                end,
                random.nextBoolean() ? null : "issue-" + random.nextInt(3),
                random.nextInt(10) == 0,
                random.nextInt(10) == 0 ? Boolean.FALSE : null));
      }
      long now = random.nextInt(70) * 12 * H;
      for (FcrRules rules : List.of(LENIENT, STRICT)) {
        assertThat(rules.assess(contacts, now))
            .as("round %d", round)
            .containsExactlyEntriesOf(pairwise(rules, contacts, now));
      }
    }
  }

  /** The definition, pair by pair: every earlier contact checked against every later one. */
  private static Map<String, FcrAssessment> pairwise(
      FcrRules rules, List<ContactFacts> contacts, long now) {
    Comparator<ContactFacts> mostRecent =
        Comparator.comparing((ContactFacts c) -> c.end())
            .thenComparingLong(ContactFacts::start)
            .thenComparing(ContactFacts::contactId);
    Map<String, FcrAssessment> out = new LinkedHashMap<>();
    for (ContactFacts c : contacts) {
      boolean returned = false;
      ContactFacts best = null;
      int count = 0;
      for (ContactFacts other : contacts) {
        if (other == c) {
          continue;
        }
        returned |= rules.returnsTo(c, other);
        if (rules.returnsTo(other, c)) {
          count++;
          best = best == null || mostRecent.compare(other, best) > 0 ? other : best;
        }
      }
      FcrStatus status;
      if (!c.inbound()) {
        status = FcrStatus.NOT_APPLICABLE;
      } else if (c.abandoned() || Boolean.FALSE.equals(c.resolvedDisposition()) || returned) {
        status = FcrStatus.NOT_RESOLVED;
      } else if (c.end() != null && now > rules.finalAfter(c.end())) {
        status = FcrStatus.RESOLVED;
      } else {
        status = FcrStatus.PENDING;
      }
      out.put(
          c.contactId(),
          new FcrAssessment(
              status,
              best == null ? null : best.contactId(),
              best != null && best.channel() != c.channel(),
              count));
    }
    return out;
  }
}

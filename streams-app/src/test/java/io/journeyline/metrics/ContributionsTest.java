package io.journeyline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.fcr.FcrRules;
import io.journeyline.fcr.IssueMatching;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.ContactView;
import io.journeyline.journey.JourneyAggregator;
import io.journeyline.journey.JourneyState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signed deltas of a contact's change: new contribution minus old, bucket by bucket. */
class ContributionsTest {

  private static final long M = 60_000L;
  private static final Contributions CONTRIBUTIONS =
      new Contributions(List.of(MetricWindow.parse("1h"), MetricWindow.parse("1d")));
  private static final JourneyAggregator AGG =
      new JourneyAggregator(
          new FcrRules(Duration.ofDays(7), Duration.ofMinutes(5), IssueMatching.LENIENT),
          Map.of(
              Channel.CHAT, Duration.ofMinutes(30),
              Channel.VOICE, Duration.ofHours(2),
              Channel.EMAIL, Duration.ofHours(24),
              Channel.SMS, Duration.ofHours(1)),
          Duration.ofHours(12),
          Duration.ofDays(30));

  private static ContactEvent ev(String id, EventType type, long at, Long score, String issue) {
    return new ContactEvent(
        id,
        Channel.CHAT,
        type,
        "k",
        "c",
        at,
        Direction.INBOUND,
        "billing-q",
        null,
        issue,
        score,
        null,
        null,
        null);
  }

  /** The contact of the events at a stream time. */
  private static ContactView view(long at, ContactEvent... events) {
    JourneyState state = new JourneyState("c");
    for (ContactEvent e : events) {
      AGG.add(state, e);
    }
    return AGG.derive(state, at).get(0);
  }

  /** The delta by its definition: every bucket of either side, new minus old, zeros left out. */
  private static Map<BucketKey, Counters> byDefinition(ContactView before, ContactView after) {
    Map<BucketKey, Counters> out = new LinkedHashMap<>();
    CONTRIBUTIONS.of(before).forEach((k, v) -> out.merge(k, v.negate(), Counters::plus));
    CONTRIBUTIONS.of(after).forEach((k, v) -> out.merge(k, v, Counters::plus));
    out.values().removeIf(Counters::isZero);
    return out;
  }

  private static final ContactEvent START = ev("1", EventType.CONTACT_STARTED, 0, null, null);
  private static final ContactEvent ANGRY = ev("2", EventType.MESSAGE, M, -600_000L, null);

  @Test
  void aChangeWithinTheSameBucketsIsOneDifferenceInEach() {
    ContactView open = view(M, START);
    ContactView withMessage = view(M, START, ANGRY);

    Map<BucketKey, Counters> delta = CONTRIBUTIONS.delta(open, withMessage);

    assertThat(delta).containsExactlyEntriesOf(byDefinition(open, withMessage));
    // 2 windows x 5 dimensions, each one more scored message of sum -0.6
    assertThat(delta).hasSize(10);
    assertThat(delta.values())
        .allSatisfy(
            c -> {
              assertThat(c.messages()).isEqualTo(1);
              assertThat(c.scoreSumMicros()).isEqualTo(-600_000L);
              assertThat(c.fcrContacts()).isZero();
            });
  }

  @Test
  void anIssueLearnedAtTheEndMovesTheContactOutOfTheUnknownIssueBucket() {
    ContactView open = view(M, START, ANGRY);
    ContactView ended =
        view(10 * M, START, ANGRY, ev("3", EventType.CONTACT_ENDED, 10 * M, null, "billing"));

    Map<BucketKey, Counters> delta = CONTRIBUTIONS.delta(open, ended);

    assertThat(delta).containsExactlyEntriesOf(byDefinition(open, ended));
    BucketKey unknown = new BucketKey("1h", 0, Dimension.ISSUE, BucketKey.UNKNOWN);
    BucketKey billing = new BucketKey("1h", 0, Dimension.ISSUE, "billing");
    assertThat(delta.get(unknown).fcrContacts()).isEqualTo(-1);
    assertThat(delta.get(billing).fcrContacts()).isEqualTo(1);
  }

  @Test
  void noChangeIsNoDeltaAndANewOrGoneContactIsItsWholeContribution() {
    ContactView open = view(M, START, ANGRY);

    assertThat(CONTRIBUTIONS.delta(open, view(M, START, ANGRY))).isEmpty();
    assertThat(CONTRIBUTIONS.delta(null, open)).containsExactlyEntriesOf(CONTRIBUTIONS.of(open));
    assertThat(CONTRIBUTIONS.delta(open, null)).containsExactlyEntriesOf(byDefinition(open, null));
  }

  @Test
  void aGroupDecodesIntoTheContactsBucketsWhateverItsValuesContain() {
    ContactEvent start =
        new ContactEvent(
            "1",
            Channel.CHAT,
            EventType.CONTACT_STARTED,
            "k",
            "c",
            3 * 3_600_000L + 5 * M,
            Direction.INBOUND,
            "q|2:x;",
            "12:",
            "bill;ing|ü",
            null,
            null,
            null,
            null);
    ContactView contact = view(4 * 3_600_000L, start);

    String group = CONTRIBUTIONS.group(contact);

    assertThat(Contributions.isGroup(group)).isTrue();
    assertThat(Contributions.bucketsOf(group))
        .containsExactlyElementsOf(CONTRIBUTIONS.of(contact).keySet());
    assertThat(Contributions.bucketsOf(group))
        .contains(
            new BucketKey("1h", 3 * 3_600_000L, Dimension.QUEUE, "q|2:x;"),
            new BucketKey("1d", 0, Dimension.AGENT, "12:"),
            new BucketKey("1h", 3 * 3_600_000L, Dimension.ISSUE, "bill;ing|ü"));
    // a bucket key is not a group (the outbox of an earlier version holds those)
    String bucket = new BucketKey("1h", 0, Dimension.ALL, BucketKey.ALL).encode();
    assertThat(Contributions.isGroup(bucket)).isFalse();
  }

  @Test
  void aChangeIsOneGroupDeltaOrTwoWhenTheContactChangesBuckets() {
    ContactView open = view(M, START);
    ContactView withMessage = view(M, START, ANGRY);
    ContactView ended =
        view(10 * M, START, ANGRY, ev("3", EventType.CONTACT_ENDED, 10 * M, null, "billing"));

    Map<String, Counters> sameBuckets = CONTRIBUTIONS.groupDelta(open, withMessage);
    Map<String, Counters> newIssue = CONTRIBUTIONS.groupDelta(withMessage, ended);

    assertThat(sameBuckets).containsOnlyKeys(CONTRIBUTIONS.group(withMessage));
    assertThat(sameBuckets.values().iterator().next().messages()).isEqualTo(1);
    assertThat(newIssue)
        .containsOnlyKeys(CONTRIBUTIONS.group(withMessage), CONTRIBUTIONS.group(ended));
    assertThat(newIssue.get(CONTRIBUTIONS.group(withMessage)))
        .isEqualTo(Contributions.counters(withMessage).negate());
    assertThat(newIssue.get(CONTRIBUTIONS.group(ended))).isEqualTo(Contributions.counters(ended));
    assertThat(CONTRIBUTIONS.groupDelta(open, view(M, START))).isEmpty();
  }
}

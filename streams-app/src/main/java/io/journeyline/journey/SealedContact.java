package io.journeyline.journey;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import java.util.Arrays;
import java.util.Objects;

/**
 * A contact's events folded, kept instead of the events once they are all older than the stage's
 * time minus the allowed lateness ({@link JourneyAggregator#seal}): no event still to come is older
 * than that, so every later event of its conversation is later than all of them and can be folded
 * after them exactly as if the events were there (an amendment after its end, the next message of
 * an open contact, or the first event of a new contact). It holds what the fold of its events had
 * gathered, enough to go on folding and to derive the contact as from the events.
 *
 * @param conversationKey the conversation key
 * @param channel the channel
 * @param direction direction of its earliest event
 * @param start event time of its first event
 * @param events how many events it was folded from
 * @param lastEventAt event time of its latest event
 * @param explicitStart it has a CONTACT_STARTED event
 * @param endAt event time of its first end (CONTACT_ENDED or ABANDONED), null when none
 * @param abandoned its first end was ABANDONED
 * @param queue last queue (by event time)
 * @param agentId last agent
 * @param issue last issue
 * @param disposition last disposition given
 * @param scoreTimes event times of its scored customer messages, in event order
 * @param scores their scores (micros)
 * @param answeredEvent its first ANSWERED event up to its end
 * @param agentMessage its first agent message up to its end
 * @param lastEnd event time of its last end event
 * @param firstCustomer its first customer message
 * @param firstResponse the first agent message after the first customer message
 * @param holdSeconds the longest hold reported
 * @param holdBreachAt the first event reporting a hold over the voice hold target then in force
 * @param transfers its TRANSFERRED events
 */
public record SealedContact(
    String conversationKey,
    Channel channel,
    Direction direction,
    long start,
    int events,
    long lastEventAt,
    boolean explicitStart,
    Long endAt,
    boolean abandoned,
    String queue,
    String agentId,
    String issue,
    Boolean disposition,
    long[] scoreTimes,
    long[] scores,
    Long answeredEvent,
    Long agentMessage,
    Long lastEnd,
    Long firstCustomer,
    Long firstResponse,
    Integer holdSeconds,
    Long holdBreachAt,
    int transfers) {

  public SealedContact {
    Objects.requireNonNull(conversationKey, "conversationKey");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(direction, "direction");
    if (scoreTimes.length != scores.length) {
      throw new IllegalArgumentException("scoreTimes and scores differ in length");
    }
  }

  /** The conversation it belongs to. */
  public JourneyAggregator.Conversation conversation() {
    return new JourneyAggregator.Conversation(channel, conversationKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedContact s
        && start == s.start
        && events == s.events
        && lastEventAt == s.lastEventAt
        && explicitStart == s.explicitStart
        && abandoned == s.abandoned
        && transfers == s.transfers
        && conversationKey.equals(s.conversationKey)
        && channel == s.channel
        && direction == s.direction
        && Objects.equals(endAt, s.endAt)
        && Objects.equals(queue, s.queue)
        && Objects.equals(agentId, s.agentId)
        && Objects.equals(issue, s.issue)
        && Objects.equals(disposition, s.disposition)
        && Arrays.equals(scoreTimes, s.scoreTimes)
        && Arrays.equals(scores, s.scores)
        && Objects.equals(answeredEvent, s.answeredEvent)
        && Objects.equals(agentMessage, s.agentMessage)
        && Objects.equals(lastEnd, s.lastEnd)
        && Objects.equals(firstCustomer, s.firstCustomer)
        && Objects.equals(firstResponse, s.firstResponse)
        && Objects.equals(holdSeconds, s.holdSeconds)
        && Objects.equals(holdBreachAt, s.holdBreachAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conversationKey, start, lastEventAt, events);
  }

  @Override
  public String toString() {
    return "SealedContact["
        + conversationKey
        + " "
        + channel
        + " "
        + start
        + ".."
        + lastEventAt
        + ", "
        + events
        + " events]";
  }
}

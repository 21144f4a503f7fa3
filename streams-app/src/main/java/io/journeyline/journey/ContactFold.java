package io.journeyline.journey;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One contact's events folded in event-time order (the order {@link JourneyAggregator} sorts them
 * in): what its view is derived from. It starts from its first event or from a {@link
 * SealedContact}, takes the later events one by one, and can be sealed again.
 */
final class ContactFold {

  private static final long[] NONE = new long[0];

  private final String conversationKey;
  private final Channel channel;
  private final Direction direction;
  private final long start;
  private final long holdTargetMs;
  private int events;
  private long lastEventAt;
  private boolean explicitStart;
  private Long endAt;
  private boolean abandoned;
  private String queue;
  private String agentId;
  private String issue;
  private Boolean disposition;
  private long[] scoreTimes;
  private long[] scores;
  private int scored;
  private Long answeredEvent;
  private Long agentMessage;
  private Long lastEnd;
  private Long firstCustomer;
  private Long firstResponse;
  private Integer holdSeconds;
  private Long holdBreachAt;
  private int transfers;

  /** The sealed contact this fold went on from, null when it began with an event. */
  private final SealedContact base;

  /** The events this fold took (not those of its sealed base). */
  private final List<ContactEvent> taken = new ArrayList<>();

  /** A fold that begins with its first event (add it next). */
  ContactFold(ContactEvent first, long holdTargetMs) {
    this.conversationKey = first.conversationKey();
    this.channel = first.channel();
    this.direction = first.direction();
    this.start = first.occurredAt();
    this.holdTargetMs = holdTargetMs;
    this.lastEventAt = first.occurredAt();
    this.scoreTimes = NONE;
    this.scores = NONE;
    this.base = null;
  }

  /** A fold that goes on from a sealed contact. */
  ContactFold(SealedContact sealed, long holdTargetMs) {
    this.conversationKey = sealed.conversationKey();
    this.channel = sealed.channel();
    this.direction = sealed.direction();
    this.start = sealed.start();
    this.holdTargetMs = holdTargetMs;
    this.events = sealed.events();
    this.lastEventAt = sealed.lastEventAt();
    this.explicitStart = sealed.explicitStart();
    this.endAt = sealed.endAt();
    this.abandoned = sealed.abandoned();
    this.queue = sealed.queue();
    this.agentId = sealed.agentId();
    this.issue = sealed.issue();
    this.disposition = sealed.disposition();
    // shared with the sealed record, whose arrays are full: add() grows them into new ones
    this.scoreTimes = sealed.scoreTimes();
    this.scores = sealed.scores();
    this.scored = sealed.scores().length;
    this.answeredEvent = sealed.answeredEvent();
    this.agentMessage = sealed.agentMessage();
    this.lastEnd = sealed.lastEnd();
    this.firstCustomer = sealed.firstCustomer();
    this.firstResponse = sealed.firstResponse();
    this.holdSeconds = sealed.holdSeconds();
    this.holdBreachAt = sealed.holdBreachAt();
    this.transfers = sealed.transfers();
    this.base = sealed;
  }

  /** Takes the next event in event order. */
  void add(ContactEvent event) {
    taken.add(event);
    long at = event.occurredAt();
    events++;
    // the events come in event order; max() keeps a fold sane if one does not (an event that
    // came after its contact was sealed: counted by the journey stage)
    lastEventAt = Math.max(lastEventAt, at);
    explicitStart |= event.type() == EventType.CONTACT_STARTED;
    queue = event.queue() != null ? event.queue() : queue;
    agentId = event.agentId() != null ? event.agentId() : agentId;
    issue = event.issue() != null ? event.issue() : issue;
    disposition = event.resolved() != null ? event.resolved() : disposition;
    if (event.scoreMicros() != null) {
      if (scored == scores.length) {
        // new arrays: a sealed contact's (exactly full) are never written to
        int capacity = Math.max(4, scored * 2);
        scoreTimes = Arrays.copyOf(scoreTimes, capacity);
        scores = Arrays.copyOf(scores, capacity);
      }
      scoreTimes[scored] = at;
      scores[scored++] = event.scoreMicros();
    }
    // an answer counts only up to the contact's end (an agent's goodbye after an abandon is not)
    boolean beforeEnd = endAt == null || at <= endAt;
    if (answeredEvent == null && beforeEnd && event.type() == EventType.ANSWERED) {
      answeredEvent = at;
    }
    if (agentMessage == null && beforeEnd && event.agentMessage()) {
      agentMessage = at;
    }
    if (event.ends()) {
      if (endAt == null) {
        // the contact ended at its first end event; later ones only amend it
        endAt = at;
        abandoned = event.type() == EventType.ABANDONED;
      }
      lastEnd = at;
    }
    if (event.type() == EventType.TRANSFERRED) {
      transfers++;
    }
    if (firstCustomer == null && event.customerMessage()) {
      firstCustomer = at;
    }
    if (firstCustomer != null && firstResponse == null && event.agentMessage()) {
      firstResponse = at;
    }
    if (event.holdSeconds() != null) {
      holdSeconds =
          holdSeconds == null ? event.holdSeconds() : Math.max(holdSeconds, event.holdSeconds());
      if (holdBreachAt == null && event.holdSeconds() * 1000L > holdTargetMs) {
        holdBreachAt = at;
      }
    }
  }

  /** The sealed form of what this fold has gathered. */
  SealedContact seal() {
    return new SealedContact(
        conversationKey,
        channel,
        direction,
        start,
        events,
        lastEventAt,
        explicitStart,
        endAt,
        abandoned,
        queue,
        agentId,
        issue,
        disposition,
        Arrays.copyOf(scoreTimes, scored),
        Arrays.copyOf(scores, scored),
        answeredEvent,
        agentMessage,
        lastEnd,
        firstCustomer,
        firstResponse,
        holdSeconds,
        holdBreachAt,
        transfers);
  }

  SealedContact base() {
    return base;
  }

  List<ContactEvent> taken() {
    return taken;
  }

  String conversationKey() {
    return conversationKey;
  }

  Channel channel() {
    return channel;
  }

  Direction direction() {
    return direction;
  }

  long start() {
    return start;
  }

  int events() {
    return events;
  }

  long lastEventAt() {
    return lastEventAt;
  }

  boolean explicitStart() {
    return explicitStart;
  }

  boolean ended() {
    return endAt != null;
  }

  Long endAt() {
    return endAt;
  }

  boolean abandoned() {
    return abandoned;
  }

  String queue() {
    return queue;
  }

  String agentId() {
    return agentId;
  }

  String issue() {
    return issue;
  }

  Boolean disposition() {
    return disposition;
  }

  SentimentSummary sentiment() {
    return SentimentSummary.of(
        scored == scoreTimes.length ? scoreTimes : Arrays.copyOf(scoreTimes, scored),
        scored == scores.length ? scores : Arrays.copyOf(scores, scored));
  }

  Long answeredEvent() {
    return answeredEvent;
  }

  Long agentMessage() {
    return agentMessage;
  }

  Long lastEnd() {
    return lastEnd;
  }

  Long firstCustomer() {
    return firstCustomer;
  }

  Long firstResponse() {
    return firstResponse;
  }

  Integer holdSeconds() {
    return holdSeconds;
  }

  Long holdBreachAt() {
    return holdBreachAt;
  }

  int transfers() {
    return transfers;
  }
}

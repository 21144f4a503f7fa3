package io.journeyline.journey;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CloseReason;
import io.journeyline.avro.EventType;
import io.journeyline.fcr.ContactFacts;
import io.journeyline.fcr.FcrAssessment;
import io.journeyline.fcr.FcrRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Folds a customer's events into contacts, as a pure function of the events and the low watermark.
 *
 * <p><b>Sessions.</b> The events of one conversation key (the contactId the adapters sent), sorted
 * by event time (then start, message, transfer, end, abandon; then eventId), form contacts that
 * follow the contact's own lifecycle:
 *
 * <ul>
 *   <li>A contact with an explicit start (a CONTACT_STARTED event: calls, chats) is closed by its
 *       end (CONTACT_ENDED or ABANDONED). When the end never comes, it closes at its last event
 *       once the lifecycle timeout has passed without events; a long queue wait or a silent hold
 *       never splits it.
 *   <li>A contact without an explicit start (SMS, email) is split by its channel's inactivity gap:
 *       an event more than the gap after the contact's last event opens a new contact, and the
 *       contact closes at its last event once the watermark passes it by the gap.
 *   <li>After an explicit end, an agent, bot or system message amends the ended contact (a goodbye,
 *       a survey invitation) and never opens one; so does a further end event within the gap (a
 *       late wrap-up, e.g. Genesys 'acw'). Any other event opens a new contact.
 * </ul>
 *
 * The earliest contact of a key keeps the key as its contactId; later ones are {@code <key>@<start
 * instant>}. Because this is computed from the sorted events, an out-of-order event gives the same
 * contacts as in order (an earlier contact of a key arriving late renames the others; their old ids
 * are retracted).
 *
 * <p>Events at the same instant are ordered start, answer, message, transfer, end, abandon (then by
 * eventId). An ANSWERED event after the end amends the contact like an agent message (it never
 * opens one), and is not counted as an answer.
 *
 * <p><b>Facts.</b> Direction of the earliest event; queue, agent, issue: the last non-empty value
 * in event-time order; abandoned: ended by ABANDONED; disposition: the last {@code resolved} given.
 * Sentiment over the scored customer messages in event-time order (ties by eventId).
 */
public final class JourneyAggregator {

  private static final Comparator<ContactEvent> EVENT_ORDER =
      Comparator.comparingLong(ContactEvent::occurredAt)
          .thenComparingInt(e -> rank(e.type()))
          .thenComparing(ContactEvent::eventId);

  /** The order of events at the same instant: start, answer, message, transfer, end, abandon. */
  private static int rank(EventType type) {
    return switch (type) {
      case CONTACT_STARTED -> 0;
      case ANSWERED -> 1;
      case MESSAGE -> 2;
      case TRANSFERRED -> 3;
      case CONTACT_ENDED -> 4;
      case ABANDONED -> 5;
    };
  }

  private final FcrRules fcr;
  private final Map<Channel, Long> gapMs = new EnumMap<>(Channel.class);
  private final long lifecycleTimeoutMs;
  private final long horizonMs;
  private final ServiceRules service;

  /**
   * Creates the aggregator with the default service targets.
   *
   * @param fcr the FCR and repeat rules
   * @param inactivityGaps the inactivity gap per channel (every channel must be present)
   * @param lifecycleTimeout when a contact with an explicit start but no end closes
   * @param horizon how long a contact stays in the journey after it ended
   */
  public JourneyAggregator(
      FcrRules fcr,
      Map<Channel, Duration> inactivityGaps,
      Duration lifecycleTimeout,
      Duration horizon) {
    this(fcr, inactivityGaps, lifecycleTimeout, horizon, ServiceRules.defaults());
  }

  /**
   * Creates the aggregator.
   *
   * @param fcr the FCR and repeat rules
   * @param inactivityGaps the inactivity gap per channel (every channel must be present)
   * @param lifecycleTimeout when a contact with an explicit start but no end closes
   * @param horizon how long a contact stays in the journey after it ended
   * @param service the service-level thresholds and response-time targets
   */
  public JourneyAggregator(
      FcrRules fcr,
      Map<Channel, Duration> inactivityGaps,
      Duration lifecycleTimeout,
      Duration horizon,
      ServiceRules service) {
    this.fcr = Objects.requireNonNull(fcr, "fcr");
    this.service = Objects.requireNonNull(service, "service");
    for (Channel channel : Channel.values()) {
      gapMs.put(
          channel,
          Objects.requireNonNull(inactivityGaps.get(channel), "gap of " + channel).toMillis());
    }
    this.lifecycleTimeoutMs = lifecycleTimeout.toMillis();
    this.horizonMs = horizon.toMillis();
  }

  /** How long a contact stays in the journey after it ended (ms). */
  public long horizonMs() {
    return horizonMs;
  }

  /** The FCR rules in use. */
  public FcrRules fcrRules() {
    return fcr;
  }

  /**
   * Adds an accepted event to the state. An eventId already present is ignored (stage A already
   * deduplicates; this keeps the state a set).
   *
   * @return false when the event was already present
   */
  public boolean add(JourneyState state, ContactEvent event) {
    for (ContactEvent existing : state.events()) {
      if (existing.eventId().equals(event.eventId())) {
        return false;
      }
    }
    state.events().add(event);
    state.firstStartByKey().merge(event.conversationKey(), event.occurredAt(), Math::min);
    return true;
  }

  /** The contacts of a customer at a stream time, in start order (then contactId). */
  public List<ContactView> derive(JourneyState state, long streamTime) {
    return derived(state, streamTime, null, null).views();
  }

  /**
   * A derivation: the contacts of a customer at a stream time, and what a later derivation of the
   * same state with a change to a few conversation keys can reuse.
   *
   * @param at the stream time derived at
   * @param validUntil {@link #nextDeadline} of the views: up to this stream time the contacts of an
   *     unchanged conversation stay as they are
   * @param views the contacts, in start order (then contactId)
   * @param folded each conversation's contacts before FCR, pins and surveys were applied
   */
  public record Derived(
      long at,
      long validUntil,
      List<ContactView> views,
      Map<Conversation, List<ContactView>> folded) {}

  /**
   * Derives the contacts of a customer, folding again only the conversations that changed since an
   * earlier derivation of the same state: a conversation's contacts are a function of its events
   * (and of the first start of its key) and of the stream time, and up to the earlier derivation's
   * {@link Derived#validUntil()} the time changes none of them. FCR, repeats, pinned verdicts and
   * surveys, which depend on the customer's other contacts, are always applied again.
   *
   * @param previous a derivation of this state before the change, or null
   * @param touchedKeys the conversation keys whose events or first start the change touched (only
   *     these are folded again); null when the change may have touched any
   */
  public Derived derived(
      JourneyState state, long streamTime, Derived previous, Set<String> touchedKeys) {
    Map<Conversation, List<ContactView>> folded = new LinkedHashMap<>();
    if (previous != null
        && touchedKeys != null
        && previous.at() <= streamTime
        && streamTime <= previous.validUntil()) {
      previous
          .folded()
          .forEach(
              (conversation, views) -> {
                if (!touchedKeys.contains(conversation.key())) {
                  folded.put(conversation, views);
                }
              });
      List<ContactEvent> touched = new ArrayList<>();
      for (ContactEvent event : state.events()) {
        if (touchedKeys.contains(event.conversationKey())) {
          touched.add(event);
        }
      }
      fold(state, touched, streamTime, folded);
    } else {
      fold(state, state.events(), streamTime, folded);
    }
    List<ContactView> views = assess(state, folded, streamTime);
    return new Derived(streamTime, nextDeadline(views, streamTime), views, folded);
  }

  /** Folds the sessions of these events into contacts, by conversation. */
  private void fold(
      JourneyState state,
      List<ContactEvent> events,
      long streamTime,
      Map<Conversation, List<ContactView>> into) {
    for (Map.Entry<Conversation, List<List<ContactEvent>>> conversation :
        sessions(events).entrySet()) {
      List<ContactView> views = new ArrayList<>(conversation.getValue().size());
      for (List<ContactEvent> session : conversation.getValue()) {
        views.add(fold(state, session, streamTime));
      }
      into.put(conversation.getKey(), views);
    }
  }

  /** FCR, repeats, pinned verdicts and surveys over the folded contacts, in start order. */
  private List<ContactView> assess(
      JourneyState state, Map<Conversation, List<ContactView>> folded, long streamTime) {
    List<ContactView> partial = new ArrayList<>();
    folded.values().forEach(partial::addAll);
    List<ContactFacts> facts = new ArrayList<>(partial.size());
    for (ContactView view : partial) {
      facts.add(
          new ContactFacts(
              view.contactId(),
              view.channel(),
              view.direction(),
              view.start(),
              view.end(),
              view.issue(),
              view.abandoned(),
              view.resolvedDisposition()));
    }
    Map<String, FcrAssessment> verdicts = fcr.assess(facts, streamTime);
    List<ContactView> out = new ArrayList<>(partial.size());
    for (ContactView view : partial) {
      FcrAssessment verdict = verdicts.get(view.contactId());
      String repeatOf = verdict.repeatOf();
      boolean hop = verdict.channelHop();
      int repeatCount = verdict.repeatCount();
      JourneyState.Pinned pin = state.pinned().get(view.contactId());
      if (pin != null && view.inbound()) {
        if (repeatOf == null) {
          repeatOf = pin.repeatOf();
          hop = pin.channelHop();
        }
        repeatCount = Math.max(repeatCount, pin.repeatCount());
      }
      out.add(
          new ContactView(
              view.contactId(),
              view.conversationKey(),
              view.customerId(),
              view.channel(),
              view.direction(),
              view.start(),
              view.end(),
              view.lastEventAt(),
              view.queue(),
              view.agentId(),
              view.issue(),
              view.abandoned(),
              view.resolvedDisposition(),
              view.closedBy(),
              verdict.status(),
              repeatOf,
              hop,
              view.sentiment(),
              view.events(),
              view.explicitStart(),
              repeatCount,
              view.service(),
              state.surveys().get(view.contactId())));
    }
    out.sort(Comparator.comparingLong(ContactView::start).thenComparing(ContactView::contactId));
    return out;
  }

  /**
   * Drops contacts that ended (or, when open, last moved) more than the horizon before {@code
   * streamTime}, without retracting anything: their published contributions stay. Contacts that
   * repeat a dropped contact keep that verdict ({@link JourneyState#pinned()}).
   *
   * @return the ids of the dropped contacts
   */
  public Set<String> evict(JourneyState state, long streamTime) {
    return evict(state, streamTime, derive(state, streamTime));
  }

  /**
   * As {@link #evict(JourneyState, long)}, with the contacts already derived at {@code streamTime}
   * from this state (saves deriving them again).
   */
  public Set<String> evict(JourneyState state, long streamTime, List<ContactView> views) {
    Set<String> dropped = new HashSet<>();
    for (ContactView view : views) {
      long end = view.end() != null ? view.end() : view.lastEventAt();
      if (end < streamTime - horizonMs) {
        dropped.add(view.contactId());
      }
    }
    if (dropped.isEmpty()) {
      return dropped;
    }
    Set<String> droppedEvents = new HashSet<>();
    for (List<List<ContactEvent>> sessions : sessions(state.events()).values()) {
      for (List<ContactEvent> session : sessions) {
        if (dropped.contains(contactId(state, session))) {
          session.forEach(e -> droppedEvents.add(e.eventId()));
        }
      }
    }
    state.events().removeIf(e -> droppedEvents.contains(e.eventId()));
    // A contact that repeats or counts a dropped contact keeps its verdict and count: a dropped
    // contact it could count ended before it started, within N.
    long latestDroppedEnd = Long.MIN_VALUE;
    for (ContactView view : views) {
      if (dropped.contains(view.contactId())) {
        long end = view.end() != null ? view.end() : view.lastEventAt();
        latestDroppedEnd = Math.max(latestDroppedEnd, end);
      }
    }
    for (ContactView view : views) {
      if (!dropped.contains(view.contactId())
          && view.repeatOf() != null
          && (dropped.contains(view.repeatOf())
              || view.start() - fcr.windowMs() <= latestDroppedEnd)) {
        state
            .pinned()
            .put(
                view.contactId(),
                new JourneyState.Pinned(view.repeatOf(), view.channelHop(), view.repeatCount()));
      }
    }
    for (String id : dropped) {
      state.revisions().remove(id);
      state.lateCorrections().remove(id);
      state.takeAlerts(id);
      state.surveys().remove(id);
      state.pinned().remove(id);
    }
    Set<String> liveKeys = new HashSet<>();
    Map<String, Channel> keyChannels = new LinkedHashMap<>();
    for (ContactEvent event : state.events()) {
      liveKeys.add(event.conversationKey());
    }
    for (ContactView view : views) {
      keyChannels.put(view.conversationKey(), view.channel());
    }
    Iterator<Map.Entry<String, Long>> keys = state.firstStartByKey().entrySet().iterator();
    while (keys.hasNext()) {
      Map.Entry<String, Long> entry = keys.next();
      Channel channel = keyChannels.get(entry.getKey());
      boolean reusable = channel == Channel.SMS || channel == Channel.EMAIL;
      if (!liveKeys.contains(entry.getKey()) && !reusable) {
        keys.remove();
      }
    }
    return dropped;
  }

  /**
   * The earliest stream-time instant after which the derivation of this state changes by time alone
   * (a contact closes by inactivity, a PENDING contact becomes RESOLVED, a contact leaves the
   * horizon), or {@link Long#MAX_VALUE} when nothing is due. The state changes once {@code
   * streamTime > deadline}.
   */
  public long nextDeadline(List<ContactView> views, long streamTime) {
    long next = Long.MAX_VALUE;
    for (ContactView view : views) {
      if (view.end() == null) {
        next = earliest(next, view.lastEventAt() + openTimeout(view), streamTime);
        next = earliest(next, view.lastEventAt() + horizonMs, streamTime);
      } else {
        if (view.fcr() == io.journeyline.avro.FcrStatus.PENDING) {
          next = earliest(next, fcr.finalAfter(view.end()), streamTime);
        }
        next = earliest(next, view.end() + horizonMs, streamTime);
      }
      Long deadline = responseDeadline(view);
      if (deadline != null
          && !view.service().breached()
          && view.service().firstResponseMs() == null) {
        next = earliest(next, deadline, streamTime);
      }
    }
    return next;
  }

  private long openTimeout(ContactView view) {
    return view.explicitStart() ? lifecycleTimeoutMs : gapMs.get(view.channel());
  }

  private static long earliest(long current, long candidate, long streamTime) {
    return candidate >= streamTime ? Math.min(current, candidate) : current;
  }

  /**
   * The events of one conversation: its key on its channel.
   *
   * @param channel the channel
   * @param key the conversation key
   */
  public record Conversation(Channel channel, String key) {}

  /** The sessions of these events, by conversation. */
  private Map<Conversation, List<List<ContactEvent>>> sessions(List<ContactEvent> events) {
    Map<Conversation, List<ContactEvent>> byKey = new LinkedHashMap<>();
    for (ContactEvent event : events) {
      byKey
          .computeIfAbsent(
              new Conversation(event.channel(), event.conversationKey()), k -> new ArrayList<>())
          .add(event);
    }
    Map<Conversation, List<List<ContactEvent>>> byConversation = new LinkedHashMap<>();
    for (Map.Entry<Conversation, List<ContactEvent>> conversation : byKey.entrySet()) {
      List<ContactEvent> keyEvents = conversation.getValue();
      List<List<ContactEvent>> sessions = new ArrayList<>();
      byConversation.put(conversation.getKey(), sessions);
      keyEvents.sort(EVENT_ORDER);
      List<ContactEvent> current = null;
      boolean started = false;
      boolean ended = false;
      for (ContactEvent event : keyEvents) {
        ContactEvent last = current == null ? null : current.get(current.size() - 1);
        boolean opens;
        if (last == null) {
          opens = true;
        } else {
          long silence = event.occurredAt() - last.occurredAt();
          boolean withinGap = silence <= gapMs.get(event.channel());
          if (ended) {
            opens =
                !(event.nonCustomerMessage()
                    || event.type() == EventType.ANSWERED
                    || (event.ends() && withinGap));
          } else {
            opens = silence > (started ? lifecycleTimeoutMs : gapMs.get(event.channel()));
          }
        }
        if (opens) {
          current = new ArrayList<>();
          sessions.add(current);
          started = false;
          ended = false;
        }
        current.add(event);
        started |= event.type() == EventType.CONTACT_STARTED;
        ended |= event.ends();
      }
    }
    return byConversation;
  }

  private static String contactId(JourneyState state, List<ContactEvent> session) {
    ContactEvent first = session.get(0);
    String key = first.conversationKey();
    Long firstStart = state.firstStartByKey().get(key);
    if (firstStart == null || firstStart == first.occurredAt()) {
      return key;
    }
    return key + "@" + Instant.ofEpochMilli(first.occurredAt());
  }

  private ContactView fold(JourneyState state, List<ContactEvent> session, long streamTime) {
    ContactEvent first = session.get(0);
    ContactEvent lastEvent = session.get(session.size() - 1);
    String queue = null;
    String agent = null;
    String issue = null;
    Boolean disposition = null;
    int scored = 0;
    for (ContactEvent event : session) {
      queue = event.queue() != null ? event.queue() : queue;
      agent = event.agentId() != null ? event.agentId() : agent;
      issue = event.issue() != null ? event.issue() : issue;
      disposition = event.resolved() != null ? event.resolved() : disposition;
      if (event.scoreMicros() != null) {
        scored++;
      }
    }
    long[] times = new long[scored];
    long[] scores = new long[scored];
    int i = 0;
    for (ContactEvent event : session) {
      if (event.scoreMicros() != null) {
        times[i] = event.occurredAt();
        scores[i++] = event.scoreMicros();
      }
    }
    Long end = null;
    CloseReason closedBy = null;
    boolean abandoned = false;
    boolean explicitStart = false;
    for (ContactEvent event : session) {
      explicitStart |= event.type() == EventType.CONTACT_STARTED;
    }
    ContactEvent firstEnd = session.stream().filter(ContactEvent::ends).findFirst().orElse(null);
    if (firstEnd != null) {
      // The contact ended at its first end event; later ones only amend it.
      end = firstEnd.occurredAt();
      abandoned = firstEnd.type() == EventType.ABANDONED;
      closedBy = abandoned ? CloseReason.ABANDONED : CloseReason.ENDED;
    } else if (streamTime - lastEvent.occurredAt()
        > (explicitStart ? lifecycleTimeoutMs : gapMs.get(first.channel()))) {
      end = lastEvent.occurredAt();
      closedBy = CloseReason.INACTIVITY;
    }
    return new ContactView(
        contactId(state, session),
        first.conversationKey(),
        state.customerId(),
        first.channel(),
        first.direction(),
        first.occurredAt(),
        end,
        lastEvent.occurredAt(),
        queue,
        agent,
        issue,
        abandoned,
        disposition,
        closedBy,
        io.journeyline.avro.FcrStatus.PENDING,
        null,
        false,
        SentimentSummary.of(times, scores),
        session.size(),
        explicitStart,
        0,
        serviceFacts(session, first, end, abandoned, streamTime),
        null);
  }

  /** The first-response deadline of a contact with a written-channel target, else null. */
  private Long responseDeadline(ContactView view) {
    Long target = service.responseTargetMs(view.channel());
    Long firstCustomer = view.service().firstCustomerMessageAt();
    return view.inbound() && target != null && firstCustomer != null
        ? firstCustomer + target
        : null;
  }

  private ServiceFacts serviceFacts(
      List<ContactEvent> session,
      ContactEvent first,
      Long end,
      boolean abandoned,
      long streamTime) {
    Channel channel = first.channel();
    boolean inbound = first.direction() == io.journeyline.avro.Direction.INBOUND;
    Long answeredEvent = null;
    Long agentMessage = null;
    Long lastEnd = null;
    Long firstCustomer = null;
    Long firstResponse = null;
    Integer hold = null;
    Long holdBreachAt = null;
    int transfers = 0;
    long holdTargetMs = service.voiceHoldTarget().toMillis();
    for (ContactEvent event : session) {
      long at = event.occurredAt();
      // an answer counts only up to the contact's end (an agent's goodbye after an abandon is not)
      boolean beforeEnd = end == null || at <= end;
      if (answeredEvent == null && beforeEnd && event.type() == EventType.ANSWERED) {
        answeredEvent = at;
      }
      if (agentMessage == null && beforeEnd && event.agentMessage()) {
        agentMessage = at;
      }
      if (event.ends()) {
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
        hold = hold == null ? event.holdSeconds() : Math.max(hold, event.holdSeconds());
        if (holdBreachAt == null && event.holdSeconds() * 1000L > holdTargetMs) {
          holdBreachAt = at;
        }
      }
    }
    // the platform's own connect time when it sends one, else the agent's first message
    Long answeredAt = answeredEvent != null ? answeredEvent : agentMessage;
    boolean queued = inbound && ServiceRules.queued(channel);
    Long waitMs = null;
    boolean withinThreshold = false;
    boolean shortAbandon = false;
    if (queued && answeredAt != null) {
      waitMs = answeredAt - first.occurredAt();
      withinThreshold = waitMs <= service.answerThresholdMs(channel);
    } else if (queued && abandoned) {
      waitMs = end - first.occurredAt();
      shortAbandon = waitMs < service.shortAbandon().toMillis();
    }
    Long handleMs =
        answeredAt != null && end != null
            ? Math.max(end, lastEnd == null ? end : lastEnd) - answeredAt
            : null;
    Long responseTarget = service.responseTargetMs(channel);
    boolean targeted = false;
    Long breachAt = null;
    if (inbound && channel == Channel.VOICE) {
      targeted = true;
      breachAt = holdBreachAt;
    } else if (inbound && responseTarget != null && firstCustomer != null) {
      targeted = true;
      long deadline = firstCustomer + responseTarget;
      boolean late =
          firstResponse != null
              ? firstResponse - firstCustomer > responseTarget
              : streamTime > deadline;
      breachAt = late ? deadline : null;
    }
    return new ServiceFacts(
        answeredAt,
        waitMs,
        withinThreshold,
        shortAbandon,
        handleMs,
        hold,
        transfers,
        firstCustomer,
        firstResponse == null ? null : firstResponse - firstCustomer,
        targeted,
        breachAt);
  }
}

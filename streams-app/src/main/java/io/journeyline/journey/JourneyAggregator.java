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
 * <p><b>Sealed contacts.</b> A contact is folded event by event in that order ({@link
 * ContactFold}), so once no event still to come can be older than its events, its fold can stand in
 * for them: {@link #seal} keeps the folds of every event older than the stage's time minus the
 * allowed lateness ({@link SealedContact}), and later events of the conversation are folded after
 * them, exactly as if the events were there.
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

  /** The order of the derived contacts: start, then contactId, then channel. */
  private static final Comparator<ContactView> VIEW_ORDER =
      Comparator.comparingLong(ContactView::start)
          .thenComparing(ContactView::contactId)
          .thenComparing(ContactView::channel);

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
   * @param validUntil {@link #nextDeadline} of the views: up to this stream time the derivation of
   *     an unchanged state stays as it is
   * @param views the contacts, in start order (then contactId)
   * @param folded each conversation's contacts before FCR, pins and surveys were applied
   */
  public record Derived(
      long at, long validUntil, List<ContactView> views, Map<Conversation, Folded> folded) {}

  /**
   * One conversation's contacts before FCR, pins and surveys were applied.
   *
   * @param views the contacts
   * @param validUntil up to this stream time time alone changes none of them (an open contact
   *     closes by inactivity, a response-time target is missed just after it)
   */
  public record Folded(List<ContactView> views, long validUntil) {}

  /**
   * Derives the contacts of a customer, folding again only the conversations that changed since an
   * earlier derivation of the same state, or whose contacts time changed: a conversation's contacts
   * are a function of its events (and of the first start of its key) and of the stream time, and up
   * to its {@link Folded#validUntil()} the time changes none of them. FCR, repeats, pinned verdicts
   * and surveys, which depend on the customer's other contacts, are always applied again.
   *
   * @param previous a derivation of this state before the change, or null
   * @param touchedKeys the conversation keys whose events or first start the change touched (only
   *     these, and those time changed, are folded again); null when the change may have touched any
   */
  public Derived derived(
      JourneyState state, long streamTime, Derived previous, Set<String> touchedKeys) {
    Map<Conversation, Folded> folded = new LinkedHashMap<>();
    if (previous != null && touchedKeys != null && previous.at() <= streamTime) {
      Set<String> refold = new HashSet<>(touchedKeys);
      previous
          .folded()
          .forEach(
              (conversation, f) -> {
                if (streamTime > f.validUntil()) {
                  refold.add(conversation.key());
                }
              });
      previous
          .folded()
          .forEach(
              (conversation, f) -> {
                if (!refold.contains(conversation.key())) {
                  folded.put(conversation, f);
                }
              });
      List<ContactEvent> events = new ArrayList<>();
      for (ContactEvent event : state.events()) {
        if (refold.contains(event.conversationKey())) {
          events.add(event);
        }
      }
      List<SealedContact> sealed = new ArrayList<>();
      for (SealedContact contact : state.sealed()) {
        if (refold.contains(contact.conversationKey())) {
          sealed.add(contact);
        }
      }
      fold(state, sealed, events, streamTime, folded);
    } else {
      fold(state, state.sealed(), state.events(), streamTime, folded);
    }
    List<ContactView> views = assess(state, folded, streamTime);
    return new Derived(streamTime, nextDeadline(views, streamTime), views, folded);
  }

  /** Folds these sealed contacts and events into contacts, by conversation. */
  private void fold(
      JourneyState state,
      List<SealedContact> sealed,
      List<ContactEvent> events,
      long streamTime,
      Map<Conversation, Folded> into) {
    for (Map.Entry<Conversation, List<ContactFold>> conversation :
        sessions(sealed, events).entrySet()) {
      List<ContactView> views = new ArrayList<>(conversation.getValue().size());
      long validUntil = Long.MAX_VALUE;
      for (ContactFold session : conversation.getValue()) {
        ContactView view = view(state, session, streamTime);
        views.add(view);
        validUntil = foldDeadline(view, validUntil, streamTime);
      }
      into.put(conversation.getKey(), new Folded(views, validUntil));
    }
  }

  /** FCR, repeats, pinned verdicts and surveys over the folded contacts, in start order. */
  private List<ContactView> assess(
      JourneyState state, Map<Conversation, Folded> folded, long streamTime) {
    List<ContactView> partial = new ArrayList<>();
    folded.values().forEach(f -> partial.addAll(f.views()));
    // in one order whatever the conversations' order (a key on two channels can name two contacts
    // alike: the verdict that counts is then the same however the contacts were folded)
    partial.sort(VIEW_ORDER);
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
    Set<SealedContact> droppedSealed = new HashSet<>();
    for (List<ContactFold> sessions : sessions(state.sealed(), state.events()).values()) {
      for (ContactFold session : sessions) {
        if (dropped.contains(contactId(state, session))) {
          session.taken().forEach(e -> droppedEvents.add(e.eventId()));
          if (session.base() != null) {
            droppedSealed.add(session.base());
          }
        }
      }
    }
    state.events().removeIf(e -> droppedEvents.contains(e.eventId()));
    state.sealed().removeAll(droppedSealed);
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
    for (SealedContact sealed : state.sealed()) {
      liveKeys.add(sealed.conversationKey());
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
      next = foldDeadline(view, next, streamTime);
      if (view.end() == null) {
        next = earliest(next, view.lastEventAt() + horizonMs, streamTime);
      } else {
        if (view.fcr() == io.journeyline.avro.FcrStatus.PENDING) {
          next = earliest(next, fcr.finalAfter(view.end()), streamTime);
        }
        next = earliest(next, view.end() + horizonMs, streamTime);
      }
    }
    return next;
  }

  /**
   * The earlier of {@code next} and the instant after which time alone changes this contact's fold
   * (it closes by inactivity, or misses its response-time target).
   */
  private long foldDeadline(ContactView view, long next, long streamTime) {
    if (view.end() == null) {
      next = earliest(next, view.lastEventAt() + openTimeout(view), streamTime);
    }
    Long deadline = responseDeadline(view);
    if (deadline != null
        && !view.service().breached()
        && view.service().firstResponseMs() == null) {
      next = earliest(next, deadline, streamTime);
    }
    return next;
  }

  private long openTimeout(ContactView view) {
    return openTimeout(view.explicitStart(), view.channel());
  }

  /** How long a contact stays open without events: its lifecycle timeout or its channel's gap. */
  private long openTimeout(boolean explicitStart, Channel channel) {
    return explicitStart ? lifecycleTimeoutMs : gapMs.get(channel);
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

  /**
   * The contacts of these sealed contacts and events, by conversation: each conversation's sealed
   * contacts (earlier than all of its events, see {@link #seal}) in start order, the last of them
   * going on with the events that amend it, then the events' own sessions.
   */
  private Map<Conversation, List<ContactFold>> sessions(
      List<SealedContact> sealed, List<ContactEvent> events) {
    Map<Conversation, List<ContactFold>> byConversation = new LinkedHashMap<>();
    Map<Conversation, List<SealedContact>> sealedByKey = new LinkedHashMap<>();
    for (SealedContact contact : sealed) {
      sealedByKey.computeIfAbsent(contact.conversation(), k -> new ArrayList<>()).add(contact);
    }
    Map<Conversation, List<ContactEvent>> byKey = new LinkedHashMap<>();
    for (ContactEvent event : events) {
      byKey
          .computeIfAbsent(
              new Conversation(event.channel(), event.conversationKey()), k -> new ArrayList<>())
          .add(event);
    }
    sealedByKey
        .keySet()
        .forEach(conversation -> byKey.putIfAbsent(conversation, new ArrayList<>()));
    long holdTargetMs = service.voiceHoldTarget().toMillis();
    for (Map.Entry<Conversation, List<ContactEvent>> conversation : byKey.entrySet()) {
      List<ContactFold> sessions = new ArrayList<>();
      byConversation.put(conversation.getKey(), sessions);
      ContactFold current = null;
      List<SealedContact> keySealed = sealedByKey.get(conversation.getKey());
      if (keySealed != null) {
        keySealed.sort(Comparator.comparingLong(SealedContact::start));
        for (SealedContact contact : keySealed) {
          current = new ContactFold(contact, holdTargetMs);
          sessions.add(current);
        }
      }
      List<ContactEvent> keyEvents = conversation.getValue();
      keyEvents.sort(EVENT_ORDER);
      for (ContactEvent event : keyEvents) {
        boolean opens;
        if (current == null) {
          opens = true;
        } else {
          long silence = event.occurredAt() - current.lastEventAt();
          boolean withinGap = silence <= gapMs.get(event.channel());
          if (current.ended()) {
            opens =
                !(event.nonCustomerMessage()
                    || event.type() == EventType.ANSWERED
                    || (event.ends() && withinGap));
          } else {
            opens =
                silence
                    > (current.explicitStart() ? lifecycleTimeoutMs : gapMs.get(event.channel()));
          }
        }
        if (opens) {
          current = new ContactFold(event, holdTargetMs);
          sessions.add(current);
        }
        current.add(event);
      }
    }
    return byConversation;
  }

  /**
   * Seals every event older than {@code cutoff}, the stage's time minus the allowed lateness, into
   * the folds of its contacts ({@link SealedContact}): no event still to come is older than that,
   * so every later event of a conversation is later than all of its sealed events and is folded
   * after them, as from the events. A contact whose events straddle the cutoff is sealed up to it
   * and goes on with the rest. Derivations before and after give the same contacts.
   *
   * @return how many contacts were sealed or sealed further
   */
  public int seal(JourneyState state, long cutoff) {
    List<ContactEvent> old = new ArrayList<>();
    Set<Conversation> conversations = new HashSet<>();
    for (ContactEvent event : state.events()) {
      if (event.occurredAt() < cutoff) {
        old.add(event);
        conversations.add(new Conversation(event.channel(), event.conversationKey()));
      }
    }
    if (old.isEmpty()) {
      return 0;
    }
    List<SealedContact> sealed = new ArrayList<>();
    for (SealedContact contact : state.sealed()) {
      if (conversations.contains(contact.conversation())) {
        sealed.add(contact);
      }
    }
    int count = 0;
    for (List<ContactFold> sessions : sessions(sealed, old).values()) {
      for (ContactFold session : sessions) {
        if (session.taken().isEmpty()) {
          continue;
        }
        if (session.base() != null) {
          state.sealed().remove(session.base());
        }
        state.sealed().add(session.seal());
        count++;
      }
    }
    state.events().removeIf(e -> e.occurredAt() < cutoff);
    return count;
  }

  /**
   * True when this event is not later than a sealed contact of its conversation: stage A accepted
   * it later than the contact was sealed on another task's time (a contact moved, or an event
   * passed on after a move). It is folded all the same, after the sealed contacts.
   */
  public boolean beforeSealed(JourneyState state, ContactEvent event) {
    for (SealedContact contact : state.sealed()) {
      if (contact.conversationKey().equals(event.conversationKey())
          && contact.channel() == event.channel()
          && contact.lastEventAt() >= event.occurredAt()) {
        return true;
      }
    }
    return false;
  }

  private static String contactId(JourneyState state, ContactFold session) {
    String key = session.conversationKey();
    Long firstStart = state.firstStartByKey().get(key);
    if (firstStart == null || firstStart == session.start()) {
      return key;
    }
    return key + "@" + Instant.ofEpochMilli(session.start());
  }

  private ContactView view(JourneyState state, ContactFold session, long streamTime) {
    Long end = null;
    CloseReason closedBy = null;
    if (session.ended()) {
      end = session.endAt();
      closedBy = session.abandoned() ? CloseReason.ABANDONED : CloseReason.ENDED;
    } else if (streamTime - session.lastEventAt()
        > openTimeout(session.explicitStart(), session.channel())) {
      end = session.lastEventAt();
      closedBy = CloseReason.INACTIVITY;
    }
    return new ContactView(
        contactId(state, session),
        session.conversationKey(),
        state.customerId(),
        session.channel(),
        session.direction(),
        session.start(),
        end,
        session.lastEventAt(),
        session.queue(),
        session.agentId(),
        session.issue(),
        session.abandoned(),
        session.disposition(),
        closedBy,
        io.journeyline.avro.FcrStatus.PENDING,
        null,
        false,
        session.sentiment(),
        session.events(),
        session.explicitStart(),
        0,
        serviceFacts(session, end, streamTime),
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

  private ServiceFacts serviceFacts(ContactFold session, Long end, long streamTime) {
    Channel channel = session.channel();
    boolean inbound = session.direction() == io.journeyline.avro.Direction.INBOUND;
    boolean abandoned = session.abandoned();
    Long lastEnd = session.lastEnd();
    Long firstCustomer = session.firstCustomer();
    Long firstResponse = session.firstResponse();
    // the platform's own connect time when it sends one, else the agent's first message
    Long answeredAt =
        session.answeredEvent() != null ? session.answeredEvent() : session.agentMessage();
    boolean queued = inbound && ServiceRules.queued(channel);
    Long waitMs = null;
    boolean withinThreshold = false;
    boolean shortAbandon = false;
    if (queued && answeredAt != null) {
      waitMs = answeredAt - session.start();
      withinThreshold = waitMs <= service.answerThresholdMs(channel);
    } else if (queued && abandoned) {
      waitMs = end - session.start();
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
      breachAt = session.holdBreachAt();
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
        session.holdSeconds(),
        session.transfers(),
        firstCustomer,
        firstResponse == null ? null : firstResponse - firstCustomer,
        targeted,
        breachAt);
  }
}

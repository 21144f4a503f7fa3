package io.journeyline.ops;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.journey.ServiceRules;
import io.journeyline.topology.TopologyListener;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TopologyListener} that keeps the live figures a summary line shows: events accepted per
 * channel, duplicates, heartbeats, DLQ records per reason, late events applied, corrections after
 * final, alerts, and the latest all-dimension aggregates of one window summed over its buckets (FCR
 * final and provisional rate, repeat rate, channel hops, mean sentiment). Thread-safe. Best effort
 * (see {@link TopologyListener}).
 */
public final class LiveCounters implements TopologyListener {

  /** A point-in-time copy of the figures. */
  public record Snapshot(
      long eventsAccepted,
      Map<Channel, Long> eventsByChannel,
      long duplicates,
      long heartbeats,
      long deadLettered,
      long late,
      long invalid,
      long deserializationErrors,
      long alerts,
      long fcrContacts,
      long resolved,
      long notResolved,
      long pending,
      Double fcrRate,
      Double provisionalFcrRate,
      long repeatContacts,
      long repeats,
      long channelHops,
      Double repeatRate,
      long sentimentMessages,
      Double meanSentiment,
      long lateApplied,
      long correctionsAfterFinal,
      long answeredWithinThreshold,
      long serviceLevelBase,
      long handled,
      long handleSumMs,
      long targetBreaches,
      long csatResponses,
      long csatSatisfied,
      long npsResponses,
      long npsPromotersMinusDetractors) {

    /** answeredWithinThreshold / serviceLevelBase (by the configured formula), null when 0. */
    public Double serviceLevel() {
      return serviceLevelBase == 0 ? null : answeredWithinThreshold / (double) serviceLevelBase;
    }

    /** The share of satisfied CSAT answers, null when none. */
    public Double csat() {
      return csatResponses == 0 ? null : csatSatisfied / (double) csatResponses;
    }

    /** NPS from -100 to 100, null when no answer. */
    public Double nps() {
      return npsResponses == 0 ? null : 100.0 * npsPromotersMinusDetractors / npsResponses;
    }

    /** handleSumMs / handled, null when nothing was handled. */
    public Double averageHandleMs() {
      return handled == 0 ? null : handleSumMs / (double) handled;
    }
  }

  private final String window;
  private final Map<Channel, AtomicLong> events = new EnumMap<>(Channel.class);
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
  private final AtomicLong alerts = new AtomicLong();
  private final AtomicLong alertsWithdrawn = new AtomicLong();
  private final AtomicLong lateApplied = new AtomicLong();
  private final AtomicLong corrections = new AtomicLong();
  private final AtomicLong sharedIdentifiers = new AtomicLong();
  private final AtomicLong refusedLinks = new AtomicLong();
  private final AtomicLong contactMoves = new AtomicLong();
  private final AtomicLong sealedContacts = new AtomicLong();
  private final AtomicLong eventsBeforeSealed = new AtomicLong();
  private final Map<Long, FcrAggregate> fcr = new ConcurrentHashMap<>();
  private final Map<Long, RepeatContactAggregate> repeat = new ConcurrentHashMap<>();
  private final Map<Long, SentimentAggregate> sentiment = new ConcurrentHashMap<>();
  private final Map<Long, ServiceAggregate> service = new ConcurrentHashMap<>();
  private final Map<Long, SurveyAggregate> surveys = new ConcurrentHashMap<>();

  /**
   * Creates the counters.
   *
   * @param window the window label whose ALL buckets are summed, e.g. {@code 1d}
   */
  public LiveCounters(String window) {
    this.window = window;
    for (Channel channel : Channel.values()) {
      events.put(channel, new AtomicLong());
    }
  }

  @Override
  public void eventAccepted(Channel channel) {
    events.get(channel).incrementAndGet();
  }

  @Override
  public void duplicateDropped() {
    duplicates.incrementAndGet();
  }

  @Override
  public void heartbeat() {
    heartbeats.incrementAndGet();
  }

  @Override
  public void deadLettered(String reason) {
    deadLetters.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void lateEventApplied(Channel channel) {
    lateApplied.incrementAndGet();
  }

  @Override
  public void correctionAfterFinal() {
    corrections.incrementAndGet();
  }

  @Override
  public void identifierShared() {
    sharedIdentifiers.incrementAndGet();
  }

  @Override
  public void identityLinkRefused() {
    refusedLinks.incrementAndGet();
  }

  @Override
  public void contactMoved() {
    contactMoves.incrementAndGet();
  }

  @Override
  public void contactsSealed(int contacts) {
    sealedContacts.addAndGet(contacts);
  }

  @Override
  public void eventBeforeSealed() {
    eventsBeforeSealed.incrementAndGet();
  }

  /** Contacts the journey stage sealed, or sealed further (on this instance). */
  public long sealedContacts() {
    return sealedContacts.get();
  }

  /** Events that came not later than a sealed contact of their conversation (on this instance). */
  public long eventsBeforeSealed() {
    return eventsBeforeSealed.get();
  }

  /** Identifiers that became shared (on this instance). */
  public long sharedIdentifiers() {
    return sharedIdentifiers.get();
  }

  /** Identity links refused by the size fuse (on this instance). */
  public long refusedLinks() {
    return refusedLinks.get();
  }

  /** Contacts the identity graph moved to another customer (on this instance). */
  public long contactMoves() {
    return contactMoves.get();
  }

  @Override
  public void alertRaised() {
    alerts.incrementAndGet();
  }

  @Override
  public void alertWithdrawn() {
    alertsWithdrawn.incrementAndGet();
  }

  /** Alerts withdrawn (on this instance). */
  public long alertsWithdrawn() {
    return alertsWithdrawn.get();
  }

  @Override
  public void fcrAggregate(FcrAggregate a) {
    if (a.getDimension() == Dimension.ALL && window.equals(a.getWindow())) {
      fcr.put(a.getWindowStart().toEpochMilli(), a);
    }
  }

  @Override
  public void sentimentAggregate(SentimentAggregate a) {
    if (a.getDimension() == Dimension.ALL && window.equals(a.getWindow())) {
      sentiment.put(a.getWindowStart().toEpochMilli(), a);
    }
  }

  @Override
  public void repeatAggregate(RepeatContactAggregate a) {
    if (a.getDimension() == Dimension.ALL && window.equals(a.getWindow())) {
      repeat.put(a.getWindowStart().toEpochMilli(), a);
    }
  }

  @Override
  public void serviceAggregate(ServiceAggregate a) {
    if (a.getDimension() == Dimension.ALL && window.equals(a.getWindow())) {
      service.put(a.getWindowStart().toEpochMilli(), a);
    }
  }

  @Override
  public void surveyAggregate(SurveyAggregate a) {
    if (a.getDimension() == Dimension.ALL && window.equals(a.getWindow())) {
      surveys.put(a.getWindowStart().toEpochMilli(), a);
    }
  }

  /** The current figures. */
  public Snapshot snapshot() {
    Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
    long total = 0;
    for (Map.Entry<Channel, AtomicLong> e : events.entrySet()) {
      byChannel.put(e.getKey(), e.getValue().get());
      total += e.getValue().get();
    }
    long contacts = 0;
    long resolved = 0;
    long notResolved = 0;
    long pending = 0;
    for (FcrAggregate a : fcr.values()) {
      contacts += a.getContacts();
      resolved += a.getResolved();
      notResolved += a.getNotResolved();
      pending += a.getPending();
    }
    long repeatContacts = 0;
    long repeats = 0;
    long hops = 0;
    for (RepeatContactAggregate a : repeat.values()) {
      repeatContacts += a.getContacts();
      repeats += a.getRepeats();
      hops += a.getChannelHops();
    }
    long messages = 0;
    double scoreSum = 0;
    for (SentimentAggregate a : sentiment.values()) {
      messages += a.getMessages();
      scoreSum += a.getScoreSum();
    }
    long within = 0;
    long slBase = 0;
    long handled = 0;
    long handleSum = 0;
    long breaches = 0;
    for (ServiceAggregate a : service.values()) {
      within += a.getAnsweredWithinThreshold();
      // the denominator of the record's own formula (serviceLevelFormula)
      slBase +=
          ServiceRules.ServiceLevelFormula.valueOf(a.getServiceLevelFormula())
              .denominator(a.getOffered(), a.getAnswered(), a.getShortAbandons());
      handled += a.getHandled();
      handleSum += a.getHandleSumMs();
      breaches += a.getTargetBreaches();
    }
    long csatResponses = 0;
    long csatSatisfied = 0;
    long npsResponses = 0;
    long npsNet = 0;
    for (SurveyAggregate a : surveys.values()) {
      csatResponses += a.getCsatResponses();
      csatSatisfied += a.getCsatSatisfied();
      npsResponses += a.getNpsResponses();
      npsNet += a.getPromoters() - a.getDetractors();
    }
    long dead = deadLetters.values().stream().mapToLong(AtomicLong::get).sum();
    return new Snapshot(
        total,
        byChannel,
        duplicates.get(),
        heartbeats.get(),
        dead,
        count(DeadLetterReasons.LATE),
        count(DeadLetterReasons.INVALID),
        count(DeadLetterReasons.DESERIALIZATION),
        alerts.get(),
        contacts,
        resolved,
        notResolved,
        pending,
        resolved + notResolved == 0 ? null : resolved / (double) (resolved + notResolved),
        contacts == 0 ? null : (resolved + pending) / (double) contacts,
        repeatContacts,
        repeats,
        hops,
        repeatContacts == 0 ? null : repeats / (double) repeatContacts,
        messages,
        messages == 0 ? null : scoreSum / messages,
        lateApplied.get(),
        corrections.get(),
        within,
        slBase,
        handled,
        handleSum,
        breaches,
        csatResponses,
        csatSatisfied,
        npsResponses,
        npsNet);
  }

  private long count(String reason) {
    AtomicLong n = deadLetters.get(reason);
    return n == null ? 0 : n.get();
  }

  /** The reason header values. */
  static final class DeadLetterReasons {
    static final String LATE = io.journeyline.topology.DeadLetterException.LATE;
    static final String INVALID = io.journeyline.topology.DeadLetterException.INVALID;
    static final String DESERIALIZATION = DeadLetterHandlers.DESERIALIZATION;

    private DeadLetterReasons() {}
  }
}

package io.journeyline.journey;

import io.journeyline.avro.AlertType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the per-customer stage keeps about one customer (in {@code journey-store}, split by
 * conversation key: {@link JourneyStore}): the accepted events of the customer's recent contacts,
 * from which every contact, status and contribution is derived (those older than any event still to
 * come kept as the folds of their contacts instead, {@link SealedContact}), plus the little
 * bookkeeping that derivation cannot recompute.
 *
 * <p>Keeping the events (a few dozen bytes each, no text) rather than folded contacts while an
 * accepted event could still fall among them is what makes the result independent of arrival order:
 * sessions, issues, sentiment order and FCR are always recomputed from the events sorted by event
 * time; a contact's events are sealed only once every event still to come is later than them.
 * Re-attributing contacts when the identity graph merges or splits customers moves a contact's
 * events from one state to another ({@link Handover}) and lets both customers' derivations emit
 * their retractions and additions.
 */
public final class JourneyState {

  /**
   * Repeat verdict kept for a contact once a contact it repeats or counts left the horizon.
   *
   * @param repeatOf the contact it repeats
   * @param channelHop a repeat on another channel
   * @param repeatCount its repeat count then (state written before version 5 kept 1)
   */
  public record Pinned(String repeatOf, boolean channelHop, int repeatCount) {}

  /**
   * A contact (conversation key) handed to another customer: later events for it are passed on.
   *
   * @param target the customer it went to
   * @param version the identity graph version of the move
   * @param at the latest event time of the contact, or the stage's time at the move if later: the
   *     marker is dropped a horizon later; {@link #UNDATED} when neither was known (a move that
   *     carried no events before the stage knew its time), until the first update that knows it
   */
  public record MovedOut(String target, long version, long at) {

    /** {@link #at()} of a marker set before the stage knew its time and the contact's. */
    public static final long UNDATED = Long.MIN_VALUE;

    /** This marker, dated {@code now} if it was undated. */
    public MovedOut datedAt(long now) {
      return at == UNDATED ? new MovedOut(target, version, now) : this;
    }
  }

  /**
   * A move of a conversation key that waits here for an earlier transfer of the same key, still on
   * its way to this customer: handed over only once that transfer has come, so that the target
   * receives every event of the contact in one transfer, which its time waits for (finding 14 of
   * docs/reliability.md).
   *
   * @param contactKey the conversation key to move
   * @param target the customer it goes to
   * @param version the identity graph version of the move
   */
  public record DeferredMove(String contactKey, String target, long version) {}

  private final String customerId;
  private final List<ContactEvent> events = new ArrayList<>();
  private final List<SealedContact> sealed = new ArrayList<>();
  private final Map<String, Long> firstStartByKey = new LinkedHashMap<>();
  private final Map<String, Long> revisions = new LinkedHashMap<>();
  private final Set<String> alertsSent = new LinkedHashSet<>();
  private final Map<String, Pinned> pinned = new LinkedHashMap<>();
  private final Map<String, Integer> lateCorrections = new LinkedHashMap<>();
  private final Map<String, MovedOut> movedOut = new LinkedHashMap<>();
  private final Map<String, SurveyScores> surveys = new LinkedHashMap<>();
  private final List<DeferredMove> deferredMoves = new ArrayList<>();
  private long derivedAt = Long.MIN_VALUE;
  private long timerAt = Long.MIN_VALUE;
  private long stamp;

  /** An empty state for a customer. */
  public JourneyState(String customerId) {
    this.customerId = Objects.requireNonNull(customerId, "customerId");
  }

  public String customerId() {
    return customerId;
  }

  /** The accepted events (mutable; in arrival order). */
  public List<ContactEvent> events() {
    return events;
  }

  /**
   * The contacts kept folded instead of as events ({@link JourneyAggregator#seal}), each earlier
   * than every event of its conversation in {@link #events()} (mutable; in no particular order).
   */
  public List<SealedContact> sealed() {
    return sealed;
  }

  /** Earliest event time ever seen per conversation key: its first contact keeps the bare key. */
  public Map<String, Long> firstStartByKey() {
    return firstStartByKey;
  }

  /** The revision last published per contactId. */
  public Map<String, Long> revisions() {
    return revisions;
  }

  /**
   * The alerts published, once per contact and type: a contactId for its NEGATIVE_SENTIMENT alert
   * (as since the first version), {@link #alertKey} for the other types.
   */
  public Set<String> alertsSent() {
    return alertsSent;
  }

  /** The entry of {@link #alertsSent()} for an alert type other than NEGATIVE_SENTIMENT. */
  public static String alertKey(AlertType type, String contactId) {
    return type.name() + ":" + contactId;
  }

  /** Removes and returns the alert entries of a contact (all types). */
  public Set<String> takeAlerts(String contactId) {
    Set<String> out = new LinkedHashSet<>();
    if (alertsSent.remove(contactId)) {
      out.add(contactId);
    }
    for (AlertType type : AlertType.values()) {
      String key = alertKey(type, contactId);
      if (type != AlertType.NEGATIVE_SENTIMENT && alertsSent.remove(key)) {
        out.add(key);
      }
    }
    return out;
  }

  /** Repeat verdicts kept after the repeated contact left the horizon. */
  public Map<String, Pinned> pinned() {
    return pinned;
  }

  /** Per contactId, how many times it was changed after it was final (only non-zero entries). */
  public Map<String, Integer> lateCorrections() {
    return lateCorrections;
  }

  /** The survey answer that counts per contactId. */
  public Map<String, SurveyScores> surveys() {
    return surveys;
  }

  /** Conversation keys handed to other customers, by key. */
  public Map<String, MovedOut> movedOut() {
    return movedOut;
  }

  /** Moves waiting for an earlier transfer of their key, in the order they came. */
  public List<DeferredMove> deferredMoves() {
    return deferredMoves;
  }

  /** Low watermark of the last derivation, {@link Long#MIN_VALUE} before the first. */
  public long derivedAt() {
    return derivedAt;
  }

  public void derivedAt(long value) {
    this.derivedAt = value;
  }

  /** The deadline registered in the timer index, {@link Long#MIN_VALUE} when none. */
  public long timerAt() {
    return timerAt;
  }

  public void timerAt(long value) {
    this.timerAt = value;
  }

  /**
   * A random number that {@link JourneyStore} writes into the header with every save that writes
   * anything, so that a copy of the state kept in memory can be checked against the store with one
   * small read; 0 before the first such save (and in states written before version 7).
   */
  public long stamp() {
    return stamp;
  }

  public void stamp(long value) {
    this.stamp = value;
  }

  /**
   * Adds another record's events and entries to this state (the records of one customer's state in
   * {@link JourneyStore} hold disjoint entries); the derivation time, deadline and stamp are not
   * taken.
   */
  void absorb(JourneyState record) {
    events.addAll(record.events);
    sealed.addAll(record.sealed);
    firstStartByKey.putAll(record.firstStartByKey);
    revisions.putAll(record.revisions);
    alertsSent.addAll(record.alertsSent);
    pinned.putAll(record.pinned);
    lateCorrections.putAll(record.lateCorrections);
    movedOut.putAll(record.movedOut);
    surveys.putAll(record.surveys);
    deferredMoves.addAll(record.deferredMoves);
  }

  /** True when the other state holds the same content (what a store write would write). */
  public boolean sameContent(JourneyState other) {
    return customerId.equals(other.customerId)
        && derivedAt == other.derivedAt
        && timerAt == other.timerAt
        && stamp == other.stamp
        && events.equals(other.events)
        && sealed.equals(other.sealed)
        && firstStartByKey.equals(other.firstStartByKey)
        && revisions.equals(other.revisions)
        && alertsSent.equals(other.alertsSent)
        && pinned.equals(other.pinned)
        && lateCorrections.equals(other.lateCorrections)
        && movedOut.equals(other.movedOut)
        && surveys.equals(other.surveys)
        && deferredMoves.equals(other.deferredMoves);
  }

  /** True when nothing is left worth keeping. */
  public boolean isEmpty() {
    return events.isEmpty()
        && sealed.isEmpty()
        && firstStartByKey.isEmpty()
        && movedOut.isEmpty()
        && deferredMoves.isEmpty();
  }
}

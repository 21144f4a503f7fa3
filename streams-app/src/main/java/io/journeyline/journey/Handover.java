package io.journeyline.journey;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A contact changing customers, on the {@code journeyline.journey-transfers} topic (keyed by the
 * customer that is to act on it).
 *
 * <ul>
 *   <li>{@link Kind#MOVE}, from the identity graph to the customer that holds the contact: hand the
 *       contact (every event of its conversation key) to {@code target}.
 *   <li>{@link Kind#TRANSFER}, from that customer to the target: the contact's events and the
 *       bookkeeping that derivation cannot recompute (revisions, corrections, alerts sent, pinned
 *       repeat verdicts, the key's first start), for the target to adopt. Also used to pass on an
 *       event that reached a customer the contact has left.
 * </ul>
 *
 * @param kind what to do
 * @param contactKey the conversation key
 * @param target for a move: the customer to hand the contact to
 * @param version the identity graph version of the decision
 * @param hops how many times a transfer has been passed on (a fuse against loops)
 * @param events for a transfer: the contact's events
 * @param sealed for a transfer: the contact's sealed contacts ({@link SealedContact})
 * @param firstStart for a transfer: the earliest start ever seen for the key, null when unknown
 * @param revisions for a transfer: the revision last published per contact id
 * @param lateCorrections for a transfer: corrections after final per contact id
 * @param alertsSent for a transfer: contact ids whose alert was published
 * @param pinned for a transfer: pinned repeat verdicts per contact id
 * @param surveys for a transfer: the survey answers per contact id
 */
public record Handover(
    Kind kind,
    String contactKey,
    String target,
    long version,
    int hops,
    List<ContactEvent> events,
    List<SealedContact> sealed,
    Long firstStart,
    Map<String, Long> revisions,
    Map<String, Integer> lateCorrections,
    Set<String> alertsSent,
    Map<String, JourneyState.Pinned> pinned,
    Map<String, SurveyScores> surveys) {

  /** The kinds. */
  public enum Kind {
    MOVE,
    TRANSFER,
    /**
     * From the identity graph to the customer a contact is moving to, ahead of the transfer: the
     * customer's task holds its time until the transfer has arrived.
     */
    EXPECT,
    /**
     * From the identity graph's erasure to every customer id of an erased customer: forget the
     * customer (journey, contacts, timers) and tombstone its journey and contact summaries. Never
     * reaches {@link JourneyProcessor}: the topology hands it to {@code
     * io.journeyline.erasure.JourneyErasureProcessor}. {@code contactKey} carries the erasure
     * request's id, {@code target} the customer's keyed hash (for the audit), {@code version} the
     * request's time.
     */
    ERASE
  }

  public Handover {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(contactKey, "contactKey");
    events = List.copyOf(events);
    sealed = List.copyOf(sealed);
    revisions = Map.copyOf(revisions);
    lateCorrections = Map.copyOf(lateCorrections);
    alertsSent = Set.copyOf(alertsSent);
    pinned = Map.copyOf(pinned);
    surveys = Map.copyOf(surveys);
  }

  /** A move: the holder of {@code contactKey} hands it to {@code target}. */
  public static Handover move(String contactKey, String target, long version) {
    return new Handover(
        Kind.MOVE,
        contactKey,
        Objects.requireNonNull(target, "target"),
        version,
        0,
        List.of(),
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Set.of(),
        Map.of(),
        Map.of());
  }

  /**
   * A transfer of events alone, without bookkeeping: an event passed on after its contact moved, or
   * an empty answer to a move that a newer one overtook.
   */
  public static Handover events(
      String contactKey, String target, long version, int hops, List<ContactEvent> events) {
    return new Handover(
        Kind.TRANSFER,
        contactKey,
        target,
        version,
        hops,
        events,
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Set.of(),
        Map.of(),
        Map.of());
  }

  /** Announces to the new customer that {@code contactKey} is on its way. */
  public static Handover expect(String contactKey, long version) {
    return new Handover(
        Kind.EXPECT,
        contactKey,
        null,
        version,
        0,
        List.of(),
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Set.of(),
        Map.of(),
        Map.of());
  }

  /**
   * Erase the customer this is keyed by (see {@link Kind#ERASE}).
   *
   * @param requestId the erasure request's id
   * @param customerRef the erased customer's keyed hash, for the audit
   * @param requestedAt when the erasure was requested (epoch ms)
   */
  public static Handover erase(String requestId, String customerRef, long requestedAt) {
    return new Handover(
        Kind.ERASE,
        requestId,
        customerRef,
        requestedAt,
        0,
        List.of(),
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Set.of(),
        Map.of(),
        Map.of());
  }

  /** True for an erasure. */
  public boolean isErase() {
    return kind == Kind.ERASE;
  }

  /** The same transfer, passed on once more. */
  public Handover passedOn() {
    return new Handover(
        kind,
        contactKey,
        target,
        version,
        hops + 1,
        events,
        sealed,
        firstStart,
        revisions,
        lateCorrections,
        alertsSent,
        pinned,
        surveys);
  }
}

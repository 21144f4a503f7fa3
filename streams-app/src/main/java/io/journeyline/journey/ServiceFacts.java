package io.journeyline.journey;

/**
 * What one contact adds to the operational metrics, derived from its events like the rest of {@link
 * ContactView} (see the metric definitions in docs/metrics.md).
 *
 * @param answeredAt when an agent connected: the first ANSWERED event, else the first AGENT
 *     message; null while unanswered
 * @param waitMs the queue wait of an INBOUND voice or chat contact (to the answer, or to the
 *     abandon when it was abandoned unanswered); null otherwise
 * @param answeredWithinThreshold answered within the channel's service-level threshold
 * @param shortAbandon abandoned unanswered after a wait shorter than the short-abandon threshold
 * @param handleMs talk + hold + after-contact work of an answered, ended contact: its last end
 *     event (a wrap-up amends the end) minus answeredAt; null otherwise
 * @param holdSeconds the largest hold time its events reported, null when none did
 * @param transfers its TRANSFERRED events
 * @param firstCustomerMessageAt when the customer first wrote or spoke (a CUSTOMER message), null
 *     when never
 * @param firstResponseMs from the first CUSTOMER message to the first AGENT message after it, null
 *     until there is one
 * @param targeted the contact has a response-time target (INBOUND voice; INBOUND email, chat and
 *     SMS with a customer message)
 * @param breachAt when it missed its target (the first-response deadline, or the first event
 *     reporting a hold beyond the voice target), null while it has not
 */
public record ServiceFacts(
    Long answeredAt,
    Long waitMs,
    boolean answeredWithinThreshold,
    boolean shortAbandon,
    Long handleMs,
    Integer holdSeconds,
    int transfers,
    Long firstCustomerMessageAt,
    Long firstResponseMs,
    boolean targeted,
    Long breachAt) {

  /** No operational facts (an OUTBOUND contact with nothing measured). */
  public static final ServiceFacts NONE =
      new ServiceFacts(null, null, false, false, null, null, 0, null, null, false, null);

  /** True when the contact missed its response-time target. */
  public boolean breached() {
    return breachAt != null;
  }

  /** True for a queued contact that was answered (it has a wait and an answer). */
  public boolean answered() {
    return waitMs != null && answeredAt != null;
  }

  /** True for a queued contact abandoned before an answer. */
  public boolean abandonedUnanswered() {
    return waitMs != null && answeredAt == null;
  }
}

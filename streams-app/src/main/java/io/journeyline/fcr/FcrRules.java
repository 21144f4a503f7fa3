package io.journeyline.fcr;

import io.journeyline.avro.FcrStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * First Contact Resolution and repeat contacts, exactly as DESIGN.md defines them, as a pure
 * function of one customer's contacts and the stream time.
 *
 * <ul>
 *   <li>An INBOUND contact C is NOT_RESOLVED when it was abandoned, when its disposition says
 *       {@code resolved=false}, or when the same customer started a later INBOUND contact C' with a
 *       matching issue and {@code end(C) < start(C') <= end(C) + N}.
 *   <li>Otherwise it is RESOLVED once {@code streamTime > end(C) + N + grace}, else PENDING (also
 *       while C is open: without an end no return can be measured).
 *   <li>An INBOUND contact C' is a repeat of the most recent (latest end, then latest start, then
 *       greatest id) earlier INBOUND contact C with a matching issue and {@code end(C) < start(C')
 *       <= end(C) + N}: the same relation, read from the other side, so a contact is NOT_RESOLVED
 *       by a return exactly when some contact repeats it. It is a channel hop when the channels
 *       differ. Its repeat count is the number of such earlier contacts C.
 *   <li>OUTBOUND contacts are NOT_APPLICABLE, never repeats, and never make another contact a
 *       repeat or NOT_RESOLVED.
 * </ul>
 *
 * Because the verdict is recomputed from all contacts each time, a late wrap-up issue or a late
 * contact changes the verdicts of every affected contact in both directions.
 */
public final class FcrRules {

  private static final Comparator<ContactFacts> MOST_RECENT =
      Comparator.comparing((ContactFacts c) -> c.end())
          .thenComparingLong(ContactFacts::start)
          .thenComparing(ContactFacts::contactId);

  private final long windowMs;
  private final long graceMs;
  private final IssueMatching matching;

  /**
   * Creates the rules.
   *
   * @param window the FCR window N
   * @param grace the lateness allowed for a return contact (the largest per-channel grace)
   * @param matching how contacts without an issue code match
   */
  public FcrRules(Duration window, Duration grace, IssueMatching matching) {
    this.windowMs = window.toMillis();
    this.graceMs = grace.toMillis();
    this.matching = Objects.requireNonNull(matching, "matching");
  }

  /** The FCR window N in milliseconds. */
  public long windowMs() {
    return windowMs;
  }

  /** The grace added to N before a status becomes final, in milliseconds. */
  public long graceMs() {
    return graceMs;
  }

  /** The stream time after which a PENDING contact that ended at {@code end} becomes RESOLVED. */
  public long finalAfter(long end) {
    return end + windowMs + graceMs;
  }

  /**
   * Assesses every contact of one customer.
   *
   * @param contacts the customer's contacts, in any order
   * @param streamTime the current stream time (epoch ms)
   * @return the verdict per contactId, in the order of {@code contacts}
   */
  public Map<String, FcrAssessment> assess(List<ContactFacts> contacts, long streamTime) {
    Map<String, ContactFacts> repeatOf = new LinkedHashMap<>();
    Map<String, Boolean> returned = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    // The contacts a later one can return to ended within N before it started: with the ended
    // INBOUND contacts sorted by end, they are one run of that order, found by two binary
    // searches; a customer's assessment costs O(c log c) and its matches, not O(c^2).
    ContactFacts[] ended =
        contacts.stream()
            .filter(c -> c.inbound() && c.end() != null)
            .sorted(Comparator.comparingLong(ContactFacts::end))
            .toArray(ContactFacts[]::new);
    long[] ends = new long[ended.length];
    for (int i = 0; i < ended.length; i++) {
      ends[i] = ended[i].end();
    }
    for (ContactFacts later : contacts) {
      if (!later.inbound() || ended.length == 0) {
        continue;
      }
      ContactFacts best = null;
      // end in [start - N, start): start > end and start <= end + N
      int from = firstAtLeast(ends, later.start() - windowMs);
      int to = firstAtLeast(ends, later.start());
      for (int i = from; i < to; i++) {
        ContactFacts earlier = ended[i];
        if (earlier == later || !returnsTo(earlier, later)) {
          continue;
        }
        returned.put(earlier.contactId(), true);
        counts.merge(later.contactId(), 1, Integer::sum);
        if (best == null || MOST_RECENT.compare(earlier, best) > 0) {
          best = earlier;
        }
      }
      if (best != null) {
        repeatOf.put(later.contactId(), best);
      }
    }
    Map<String, FcrAssessment> out = new LinkedHashMap<>();
    for (ContactFacts contact : contacts) {
      ContactFacts repeated = repeatOf.get(contact.contactId());
      out.put(
          contact.contactId(),
          new FcrAssessment(
              status(contact, returned.containsKey(contact.contactId()), streamTime),
              repeated == null ? null : repeated.contactId(),
              repeated != null && repeated.channel() != contact.channel(),
              counts.getOrDefault(contact.contactId(), 0)));
    }
    return out;
  }

  /**
   * The first index of a sorted array whose value is at least {@code value} (its length if none).
   */
  private static int firstAtLeast(long[] sorted, long value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** True when {@code later} is a matching INBOUND return within N after {@code earlier} ended. */
  public boolean returnsTo(ContactFacts earlier, ContactFacts later) {
    if (!earlier.inbound() || !later.inbound() || earlier.end() == null) {
      return false;
    }
    long end = earlier.end();
    return later.start() > end
        && later.start() <= end + windowMs
        && matching.matches(earlier.issue(), later.issue());
  }

  private FcrStatus status(ContactFacts contact, boolean returned, long streamTime) {
    if (!contact.inbound()) {
      return FcrStatus.NOT_APPLICABLE;
    }
    if (contact.abandoned() || Boolean.FALSE.equals(contact.resolvedDisposition()) || returned) {
      return FcrStatus.NOT_RESOLVED;
    }
    if (contact.end() != null && streamTime > finalAfter(contact.end())) {
      return FcrStatus.RESOLVED;
    }
    return FcrStatus.PENDING;
  }
}

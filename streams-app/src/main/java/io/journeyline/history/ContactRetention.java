package io.journeyline.history;

import io.journeyline.avro.ContactSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a contact stays in the contact history (and on the compacted {@code
 * journeyline.contacts} topic): until its <b>last activity</b>, the latest of {@code endedAt},
 * {@code lastEventAt} and {@code startedAt}, lies more than the retention before <b>now</b>. Now is
 * the wall clock, not event time: the history has no watermark of its own, and the retention is a
 * promise about how long data is kept (13 months of contact records), which is a matter of calendar
 * time. A replay of history older than the retention is therefore forgotten as it arrives.
 *
 * @param retention how long after its last activity a contact is kept
 */
public record ContactRetention(Duration retention) {

  public ContactRetention {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("The retention must be positive: " + retention);
    }
  }

  /**
   * The contact's last activity in epoch milliseconds: the latest of its end, its last event and
   * its start (a message after the end amends a contact, so the end is not always the latest).
   * Never negative, so that it orders as an unsigned index key.
   */
  public static long lastActivity(ContactSummary contact) {
    long latest = contact.getStartedAt().toEpochMilli();
    latest = Math.max(latest, contact.getLastEventAt().toEpochMilli());
    Instant ended = contact.getEndedAt();
    if (ended != null) {
      latest = Math.max(latest, ended.toEpochMilli());
    }
    return Math.max(0L, latest);
  }

  /**
   * The earliest last activity that is still kept at {@code nowMs}: a contact whose last activity
   * lies before it is expired.
   */
  public long cutoff(long nowMs) {
    long ms = retention.toMillis();
    return nowMs < Long.MIN_VALUE + ms ? Long.MIN_VALUE : nowMs - ms;
  }

  /** True when the contact's last activity lies more than the retention before {@code nowMs}. */
  public boolean expired(ContactSummary contact, long nowMs) {
    return lastActivity(contact) < cutoff(nowMs);
  }
}

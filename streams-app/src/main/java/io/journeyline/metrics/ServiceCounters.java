package io.journeyline.metrics;

/**
 * The additive counters of the operational metrics of one bucket (service level, abandonment, speed
 * of answer, handle time, transfers, response-time targets); part of {@link Counters}.
 *
 * @param offered INBOUND voice and chat contacts answered or abandoned before an answer
 * @param answered of those, answered
 * @param answeredWithinThreshold answered within the channel's service-level threshold
 * @param abandoned abandoned before an answer
 * @param shortAbandons abandoned after a wait under the short-abandon threshold
 * @param waitSumMs the answered contacts' waits
 * @param handled answered contacts that ended
 * @param handleSumMs their handle times
 * @param transferred answered contacts with a transfer
 * @param targetContacts INBOUND contacts with a response-time target
 * @param targetBreaches those that missed it
 */
public record ServiceCounters(
    long offered,
    long answered,
    long answeredWithinThreshold,
    long abandoned,
    long shortAbandons,
    long waitSumMs,
    long handled,
    long handleSumMs,
    long transferred,
    long targetContacts,
    long targetBreaches) {

  /** All zero. */
  public static final ServiceCounters ZERO = new ServiceCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counters as an array, in declaration order (for the internal serde). */
  public long[] toArray() {
    return new long[] {
      offered,
      answered,
      answeredWithinThreshold,
      abandoned,
      shortAbandons,
      waitSumMs,
      handled,
      handleSumMs,
      transferred,
      targetContacts,
      targetBreaches
    };
  }

  /** The counters from {@link #toArray()}. */
  public static ServiceCounters of(long[] v) {
    return new ServiceCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
  }

  /** This plus {@code o}. */
  public ServiceCounters plus(ServiceCounters o) {
    if (o.isZero()) {
      return this;
    }
    if (isZero()) {
      return o;
    }
    return new ServiceCounters(
        offered + o.offered,
        answered + o.answered,
        answeredWithinThreshold + o.answeredWithinThreshold,
        abandoned + o.abandoned,
        shortAbandons + o.shortAbandons,
        waitSumMs + o.waitSumMs,
        handled + o.handled,
        handleSumMs + o.handleSumMs,
        transferred + o.transferred,
        targetContacts + o.targetContacts,
        targetBreaches + o.targetBreaches);
  }

  /** Every counter negated. */
  public ServiceCounters negate() {
    if (isZero()) {
      return this;
    }
    return new ServiceCounters(
        -offered,
        -answered,
        -answeredWithinThreshold,
        -abandoned,
        -shortAbandons,
        -waitSumMs,
        -handled,
        -handleSumMs,
        -transferred,
        -targetContacts,
        -targetBreaches);
  }

  /** True when every counter is zero. */
  public boolean isZero() {
    return this == ZERO
        || (offered == 0
            && answered == 0
            && answeredWithinThreshold == 0
            && abandoned == 0
            && shortAbandons == 0
            && waitSumMs == 0
            && handled == 0
            && handleSumMs == 0
            && transferred == 0
            && targetContacts == 0
            && targetBreaches == 0);
  }
}

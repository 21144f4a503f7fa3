package io.journeyline.metrics;

/**
 * The additive counters of one aggregate bucket, for all three metrics at once. A delta is the
 * difference of two contributions; a bucket's value is the sum of its deltas. The sentiment sum is
 * in millionths, so that sums are exact and independent of order.
 *
 * @param fcrContacts INBOUND contacts
 * @param resolved INBOUND contacts RESOLVED
 * @param notResolved INBOUND contacts NOT_RESOLVED
 * @param pending INBOUND contacts PENDING
 * @param sentimentContacts contacts of both directions
 * @param messages scored customer messages
 * @param scoreSumMicros sum of their scores, in millionths
 * @param negativeMessages messages with a score {@code <= -0.05}
 * @param alerts contacts that met the negative-sentiment alert condition
 * @param repeatContacts INBOUND contacts
 * @param repeats INBOUND contacts that are repeats
 * @param channelHops repeats on another channel
 * @param corrections changes to contacts that were already final (late events within the allowed
 *     lateness); counted, never retracted
 * @param service the operational counters
 * @param surveys the survey counters
 */
public record Counters(
    long fcrContacts,
    long resolved,
    long notResolved,
    long pending,
    long sentimentContacts,
    long messages,
    long scoreSumMicros,
    long negativeMessages,
    long alerts,
    long repeatContacts,
    long repeats,
    long channelHops,
    long corrections,
    ServiceCounters service,
    SurveyCounters surveys) {

  /** The counters without operational ones (as written before they existed). */
  public Counters(
      long fcrContacts,
      long resolved,
      long notResolved,
      long pending,
      long sentimentContacts,
      long messages,
      long scoreSumMicros,
      long negativeMessages,
      long alerts,
      long repeatContacts,
      long repeats,
      long channelHops,
      long corrections) {
    this(
        fcrContacts,
        resolved,
        notResolved,
        pending,
        sentimentContacts,
        messages,
        scoreSumMicros,
        negativeMessages,
        alerts,
        repeatContacts,
        repeats,
        channelHops,
        corrections,
        ServiceCounters.ZERO,
        SurveyCounters.ZERO);
  }

  /** All zero. */
  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** One correction after final, and nothing else. */
  public static final Counters ONE_CORRECTION = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

  /** This plus {@code o}. */
  public Counters plus(Counters o) {
    return new Counters(
        fcrContacts + o.fcrContacts,
        resolved + o.resolved,
        notResolved + o.notResolved,
        pending + o.pending,
        sentimentContacts + o.sentimentContacts,
        messages + o.messages,
        scoreSumMicros + o.scoreSumMicros,
        negativeMessages + o.negativeMessages,
        alerts + o.alerts,
        repeatContacts + o.repeatContacts,
        repeats + o.repeats,
        channelHops + o.channelHops,
        corrections + o.corrections,
        service.plus(o.service),
        surveys.plus(o.surveys));
  }

  /** This minus {@code o}. */
  public Counters minus(Counters o) {
    return plus(o.negate());
  }

  /** Every counter negated. */
  public Counters negate() {
    return new Counters(
        -fcrContacts,
        -resolved,
        -notResolved,
        -pending,
        -sentimentContacts,
        -messages,
        -scoreSumMicros,
        -negativeMessages,
        -alerts,
        -repeatContacts,
        -repeats,
        -channelHops,
        -corrections,
        service.negate(),
        surveys.negate());
  }

  /** True when every counter is zero. */
  public boolean isZero() {
    return equals(ZERO);
  }

  /** True when an FCR counter differs from zero. */
  public boolean touchesFcr() {
    return fcrContacts != 0 || resolved != 0 || notResolved != 0 || pending != 0;
  }

  /** True when a sentiment counter differs from zero. */
  public boolean touchesSentiment() {
    return sentimentContacts != 0
        || messages != 0
        || scoreSumMicros != 0
        || negativeMessages != 0
        || alerts != 0;
  }

  /** True when an operational counter differs from zero. */
  public boolean touchesService() {
    return !service.isZero();
  }

  /** True when a survey counter differs from zero. */
  public boolean touchesSurveys() {
    return !surveys.isZero();
  }

  /** True when a repeat-contact counter differs from zero. */
  public boolean touchesRepeat() {
    return repeatContacts != 0 || repeats != 0 || channelHops != 0;
  }
}

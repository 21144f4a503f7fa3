package io.journeyline.metrics;

/**
 * The additive survey counters of one bucket; part of {@link Counters}. A contact counts its one
 * survey answer (the latest), in the buckets of the contact, split by the contact's FCR status.
 *
 * @param csatResponses answers with a CSAT score
 * @param csatSatisfied of those, CSAT 4 or 5
 * @param npsResponses answers with an NPS score
 * @param promoters NPS 9 or 10
 * @param detractors NPS 0 to 6
 * @param cesResponses answers with a CES score
 * @param cesSum the sum of the CES scores
 * @param resolvedCsatResponses CSAT answers about RESOLVED contacts
 * @param resolvedCsatSatisfied of those, satisfied
 * @param notResolvedCsatResponses CSAT answers about NOT_RESOLVED contacts
 * @param notResolvedCsatSatisfied of those, satisfied
 */
public record SurveyCounters(
    long csatResponses,
    long csatSatisfied,
    long npsResponses,
    long promoters,
    long detractors,
    long cesResponses,
    long cesSum,
    long resolvedCsatResponses,
    long resolvedCsatSatisfied,
    long notResolvedCsatResponses,
    long notResolvedCsatSatisfied) {

  /** All zero. */
  public static final SurveyCounters ZERO = new SurveyCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counters as an array, in declaration order (for the internal serde). */
  public long[] toArray() {
    return new long[] {
      csatResponses,
      csatSatisfied,
      npsResponses,
      promoters,
      detractors,
      cesResponses,
      cesSum,
      resolvedCsatResponses,
      resolvedCsatSatisfied,
      notResolvedCsatResponses,
      notResolvedCsatSatisfied
    };
  }

  /** The counters from {@link #toArray()}. */
  public static SurveyCounters of(long[] v) {
    return new SurveyCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
  }

  /** This plus {@code o}. */
  public SurveyCounters plus(SurveyCounters o) {
    if (o.isZero()) {
      return this;
    }
    if (isZero()) {
      return o;
    }
    return of(Counters.sum(toArray(), o.toArray(), 1));
  }

  /** Every counter negated. */
  public SurveyCounters negate() {
    if (isZero()) {
      return this;
    }
    return of(Counters.sum(new long[toArray().length], toArray(), -1));
  }

  /** True when every counter is zero. */
  public boolean isZero() {
    return this == ZERO || equals(ZERO);
  }
}

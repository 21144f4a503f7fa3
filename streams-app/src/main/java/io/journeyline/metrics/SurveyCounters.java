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
    return new SurveyCounters(
        csatResponses + o.csatResponses,
        csatSatisfied + o.csatSatisfied,
        npsResponses + o.npsResponses,
        promoters + o.promoters,
        detractors + o.detractors,
        cesResponses + o.cesResponses,
        cesSum + o.cesSum,
        resolvedCsatResponses + o.resolvedCsatResponses,
        resolvedCsatSatisfied + o.resolvedCsatSatisfied,
        notResolvedCsatResponses + o.notResolvedCsatResponses,
        notResolvedCsatSatisfied + o.notResolvedCsatSatisfied);
  }

  /** Every counter negated. */
  public SurveyCounters negate() {
    if (isZero()) {
      return this;
    }
    return new SurveyCounters(
        -csatResponses,
        -csatSatisfied,
        -npsResponses,
        -promoters,
        -detractors,
        -cesResponses,
        -cesSum,
        -resolvedCsatResponses,
        -resolvedCsatSatisfied,
        -notResolvedCsatResponses,
        -notResolvedCsatSatisfied);
  }

  /** True when every counter is zero. */
  public boolean isZero() {
    return this == ZERO
        || (csatResponses == 0
            && csatSatisfied == 0
            && npsResponses == 0
            && promoters == 0
            && detractors == 0
            && cesResponses == 0
            && cesSum == 0
            && resolvedCsatResponses == 0
            && resolvedCsatSatisfied == 0
            && notResolvedCsatResponses == 0
            && notResolvedCsatSatisfied == 0);
  }
}

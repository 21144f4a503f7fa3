package io.journeyline.journey;

import java.util.Objects;

/**
 * A customer's survey answer about one contact, as the journey stage keeps it (no comment text).
 *
 * @param surveyId the idempotency key
 * @param contactId the contact it is about (a Journeyline contact id)
 * @param respondedAt when the customer answered (epoch ms)
 * @param csat customer satisfaction 1-5, null when not asked
 * @param nps likelihood to recommend 0-10, null when not asked
 * @param ces customer effort 1-7, null when not asked
 * @param resolved the customer's own answer to "was your issue resolved?", null when not asked
 */
public record SurveyScores(
    String surveyId,
    String contactId,
    long respondedAt,
    Integer csat,
    Integer nps,
    Integer ces,
    Boolean resolved) {

  public SurveyScores {
    Objects.requireNonNull(surveyId, "surveyId");
    Objects.requireNonNull(contactId, "contactId");
  }

  /** CSAT 4 or 5. */
  public boolean satisfied() {
    return csat != null && csat >= 4;
  }

  /** NPS 9 or 10. */
  public boolean promoter() {
    return nps != null && nps >= 9;
  }

  /** NPS 0 to 6. */
  public boolean npsDetractor() {
    return nps != null && nps <= 6;
  }

  /** A detractor by either score: NPS 0 to 6, or CSAT 1 or 2. */
  public boolean detractor() {
    return npsDetractor() || (csat != null && csat <= 2);
  }

  /**
   * Of two answers about one contact, the one that counts: the later response, then the greater
   * surveyId, so that the choice does not depend on arrival order.
   */
  public static SurveyScores latest(SurveyScores a, SurveyScores b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int byTime = Long.compare(a.respondedAt, b.respondedAt);
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    return a.surveyId.compareTo(b.surveyId) >= 0 ? a : b;
  }
}

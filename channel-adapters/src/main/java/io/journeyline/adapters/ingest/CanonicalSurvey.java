package io.journeyline.adapters.ingest;

import io.journeyline.avro.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * One validated, normalized survey response of {@code POST /v1/surveys}, before its comment is
 * redacted and it becomes a {@code SurveyResponse} on journeyline.surveys (key: contactId). At
 * least one of csat, nps, ces and resolved is set.
 *
 * @param surveyId the idempotency key of the response
 * @param contactId the contact it is about: a conversation key as events carry it, or a Journeyline
 *     contact id {@code <key>@<instant>}
 * @param respondedAt when the customer answered
 * @param customer the customer's identifiers (normalized), or null
 * @param channel the channel it was answered on, or null
 * @param csat 1 to 5, or null
 * @param nps 0 to 10, or null
 * @param ces 1 to 7, or null
 * @param resolved the customer's own answer to "was your issue resolved?", or null
 * @param comment the free-text comment as sent (not yet redacted), or null
 */
public record CanonicalSurvey(
    String surveyId,
    String contactId,
    Instant respondedAt,
    Customer customer,
    Channel channel,
    Integer csat,
    Integer nps,
    Integer ces,
    Boolean resolved,
    String comment) {

  public CanonicalSurvey {
    Objects.requireNonNull(surveyId, "surveyId");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(respondedAt, "respondedAt");
    if (csat == null && nps == null && ces == null && resolved == null) {
      throw new IllegalArgumentException("a survey response needs at least one answer");
    }
  }
}

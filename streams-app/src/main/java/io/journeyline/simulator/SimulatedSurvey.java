package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import io.journeyline.avro.SurveyResponse;
import java.time.Instant;

/**
 * One post-contact survey answer the simulator emits, for {@code POST /v1/surveys} (or {@code
 * journeyline.surveys}, keyed by {@link #contactId()}).
 *
 * @param contactChannel the channel of the contact the survey is about
 * @param contactId the contactId the topology gives that contact: the conversation key, or {@code
 *     <key>@<start instant>} for a later SMS contact of the same conversation key
 * @param respondedAt when the customer answered (event time)
 * @param response the answer, as published on journeyline.surveys
 */
public record SimulatedSurvey(
    Channel contactChannel, String contactId, Instant respondedAt, SurveyResponse response) {}

package io.journeyline.journey;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CloseReason;
import io.journeyline.avro.Direction;
import io.journeyline.avro.FcrStatus;

/**
 * The derived state of one contact: everything {@code ContactSummary} carries except the revision.
 * A pure function of the customer's events and the stream time (see {@link JourneyAggregator}).
 *
 * @param contactId the contact's id ({@code <key>@<start instant>} for later contacts of a key)
 * @param conversationKey the contactId the adapters sent
 * @param customerId the customer
 * @param channel channel
 * @param direction direction of its earliest event
 * @param start event time of its first event
 * @param end event time of its end, null while open
 * @param lastEventAt event time of its latest event
 * @param queue last queue (by event time)
 * @param agentId last agent (by event time)
 * @param issue last non-empty issue (by event time)
 * @param abandoned ended with ABANDONED
 * @param resolvedDisposition last disposition given, null when none
 * @param closedBy how it ended, null while open
 * @param fcr FCR status
 * @param repeatOf the contact it repeats, null when none
 * @param channelHop a repeat on another channel
 * @param sentiment sentiment over its customer messages
 * @param events number of distinct events
 * @param explicitStart the contact has a CONTACT_STARTED event: only its end or the lifecycle
 *     timeout closes it, never an inactivity gap
 * @param repeatCount earlier INBOUND contacts on a matching issue that ended within N before it
 *     started
 * @param service its operational facts (answer, wait, handle time, transfers, response target)
 * @param survey the customer's survey answer about it, null when none
 */
public record ContactView(
    String contactId,
    String conversationKey,
    String customerId,
    Channel channel,
    Direction direction,
    long start,
    Long end,
    long lastEventAt,
    String queue,
    String agentId,
    String issue,
    boolean abandoned,
    Boolean resolvedDisposition,
    CloseReason closedBy,
    FcrStatus fcr,
    String repeatOf,
    boolean channelHop,
    SentimentSummary sentiment,
    int events,
    boolean explicitStart,
    int repeatCount,
    ServiceFacts service,
    SurveyScores survey) {

  /** True for customer-initiated contacts. */
  public boolean inbound() {
    return direction == Direction.INBOUND;
  }
}

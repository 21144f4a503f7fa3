package io.journeyline.journey;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;

/**
 * One accepted, deduplicated event of a contact, with its customer resolved and its sentiment
 * scored: what stage A hands to the per-customer stage. Message text never travels further than
 * stage A.
 *
 * @param eventId the idempotency key
 * @param channel the channel
 * @param type what happened
 * @param conversationKey the contactId the adapters sent
 * @param customerId the resolved customer
 * @param occurredAt event time (epoch ms)
 * @param direction INBOUND or OUTBOUND
 * @param queue queue, null when not given
 * @param agentId agent, null when not given
 * @param issue issue code, null when not given or blank
 * @param scoreMicros sentiment of a CUSTOMER message in millionths (so that sums are exact), null
 *     for every other event
 * @param resolved the disposition on CONTACT_ENDED, null when not given
 * @param participant who wrote a MESSAGE (null for every other event)
 * @param holdSeconds the hold time a voice event reported so far, null when none
 */
public record ContactEvent(
    String eventId,
    Channel channel,
    EventType type,
    String conversationKey,
    String customerId,
    long occurredAt,
    Direction direction,
    String queue,
    String agentId,
    String issue,
    Long scoreMicros,
    Boolean resolved,
    Participant participant,
    Integer holdSeconds) {

  /** Millionths per unit score. */
  public static final long MICROS = 1_000_000L;

  /** A score in [-1, 1] as millionths, rounded half up. */
  public static long toMicros(double score) {
    return Math.round(score * MICROS);
  }

  /**
   * True for a message that is not the customer's (agent, bot or system). Every customer message is
   * scored, so these are the messages without a score.
   */
  public boolean nonCustomerMessage() {
    return type == EventType.MESSAGE && scoreMicros == null;
  }

  /** The same event, attributed to another customer. */
  public ContactEvent withCustomer(String customer) {
    return new ContactEvent(
        eventId,
        channel,
        type,
        conversationKey,
        customer,
        occurredAt,
        direction,
        queue,
        agentId,
        issue,
        scoreMicros,
        resolved,
        participant,
        holdSeconds);
  }

  /** True for a message an agent wrote (a bot's or the system's is not a response). */
  public boolean agentMessage() {
    return type == EventType.MESSAGE && participant == Participant.AGENT;
  }

  /** True for a message the customer wrote. */
  public boolean customerMessage() {
    return type == EventType.MESSAGE && scoreMicros != null;
  }

  /** True for the events that end a contact explicitly. */
  public boolean ends() {
    return type == EventType.CONTACT_ENDED || type == EventType.ABANDONED;
  }
}

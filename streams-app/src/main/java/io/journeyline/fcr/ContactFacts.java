package io.journeyline.fcr;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;

/**
 * What FCR and repeat detection read of one contact.
 *
 * @param contactId the contact's id
 * @param channel its channel
 * @param direction INBOUND or OUTBOUND
 * @param start event time of its first event (epoch ms)
 * @param end event time of its end (epoch ms), null while the contact is open
 * @param issue its issue code, null when none
 * @param abandoned true when it ended with ABANDONED
 * @param resolvedDisposition the agent's disposition on CONTACT_ENDED, null when none
 */
public record ContactFacts(
    String contactId,
    Channel channel,
    Direction direction,
    long start,
    Long end,
    String issue,
    boolean abandoned,
    Boolean resolvedDisposition) {

  /** True for customer-initiated contacts, the only ones FCR and repeat figures count. */
  public boolean inbound() {
    return direction == Direction.INBOUND;
  }
}

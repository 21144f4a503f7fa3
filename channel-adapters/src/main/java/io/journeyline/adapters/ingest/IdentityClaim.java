package io.journeyline.adapters.ingest;

import io.journeyline.avro.IdentifierType;
import java.time.Instant;

/**
 * A validated identity link from a CRM feed: a normalized identifier belongs to a customer.
 *
 * @param type kind of identifier
 * @param value the normalized value (E.164 phone, lower-cased email, chat user id)
 * @param customerId the customer
 * @param linkedAt when the link became known (the request time unless given)
 */
public record IdentityClaim(
    IdentifierType type, String value, String customerId, Instant linkedAt) {

  /** The record key on journeyline.identities: {@code <TYPE>:<normalized value>}. */
  public String key() {
    return type.name() + ":" + value;
  }
}

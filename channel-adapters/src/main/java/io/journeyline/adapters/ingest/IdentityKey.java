package io.journeyline.adapters.ingest;

import io.journeyline.avro.IdentifierType;
import java.util.Objects;

/**
 * A normalized identifier as the identity topic keys it.
 *
 * @param type kind of identifier
 * @param value the normalized value (E.164 phone, lower-cased email, chat user id)
 */
public record IdentityKey(IdentifierType type, String value) {

  public IdentityKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** The record key on journeyline.identities: {@code <TYPE>:<normalized value>}. */
  public String key() {
    return type.name() + ":" + value;
  }
}

package io.journeyline.erasure;

import io.journeyline.avro.ErasureAudit;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.journey.Routed;
import java.util.Objects;

/**
 * What an erasure processor emits, each kind to its own sink (the record key is the sink's key).
 *
 * @param kind where it goes
 * @param dataKey for {@link Kind#DATA_KEY}: the record that replaces a data key (no key material)
 * @param routed for {@link Kind#JOURNEY_ERASE}: the erasure for a customer's journey task
 * @param scope for {@link Kind#HISTORY_SCOPE}: the {@link ErasureScope}, encoded
 * @param audit for {@link Kind#AUDIT}: the audit record
 */
public record ErasureOutput(
    Kind kind, WrappedDataKey dataKey, Routed routed, String scope, ErasureAudit audit) {

  /** The kinds, by sink. */
  public enum Kind {
    /** A tombstone on {@code journeyline.identity-resolution}. */
    RESOLUTION_TOMBSTONE,
    /** A tombstone on {@code journeyline.identities} (the CRM's link). */
    IDENTITY_TOMBSTONE,
    /** A shredded data key or an identifier's erasure marker on {@code journeyline.data-keys}. */
    DATA_KEY,
    /** An erasure for the journey stage, on {@code journeyline.journey-transfers}. */
    JOURNEY_ERASE,
    /** An erasure for every contact-history task, on the {@code erasure-scope} repartition. */
    HISTORY_SCOPE,
    /** A tombstone on {@code journeyline.contacts}. */
    CONTACT_TOMBSTONE,
    /**
     * A contact whose identifiers stage A must forget, on the {@code erasure-contacts} repartition.
     */
    CONTACT_IDENTITY_ERASE,
    /** A tombstone on {@code journeyline.journeys}. */
    JOURNEY_TOMBSTONE,
    /** An audit record on {@code journeyline.erasure-audit}. */
    AUDIT
  }

  public ErasureOutput {
    Objects.requireNonNull(kind, "kind");
  }

  static ErasureOutput of(Kind kind) {
    return new ErasureOutput(kind, null, null, null, null);
  }

  static ErasureOutput dataKey(WrappedDataKey key) {
    return new ErasureOutput(Kind.DATA_KEY, key, null, null, null);
  }

  static ErasureOutput journeyErase(Routed routed) {
    return new ErasureOutput(Kind.JOURNEY_ERASE, null, routed, null, null);
  }

  static ErasureOutput historyScope(ErasureScope scope) {
    return new ErasureOutput(Kind.HISTORY_SCOPE, null, null, scope.encode(), null);
  }

  static ErasureOutput audit(ErasureAudit audit) {
    return new ErasureOutput(Kind.AUDIT, null, null, null, audit);
  }
}

package io.journeyline.identity;

import io.journeyline.avro.IdentityLink;
import io.journeyline.journey.Routed;

/**
 * What {@code validate-dedup-resolve} emits: an event or tick for the {@code by-customer}
 * repartition, or an identity link learned from an event.
 *
 * @param routed the event or tick, null for a link
 * @param link the learned link, null otherwise
 */
public record StageAOutput(Routed routed, IdentityLink link) {}

package io.journeyline.identity;

import io.journeyline.journey.Routed;

/**
 * What {@code validate-dedup-resolve} emits: an event or tick for the {@code by-customer}
 * repartition, or a contact's evidence for the identity graph.
 *
 * @param routed the event or tick, null for evidence
 * @param evidence the contact's identifiers and customer, null otherwise
 */
public record StageAOutput(Routed routed, GraphInput evidence) {}

package io.journeyline.identity;

import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.journey.Handover;
import io.journeyline.journey.Routed;

/**
 * What the identity graph emits: an identifier's new resolution (for {@code
 * journeyline.identity-resolution}) or a move (for {@code journeyline.journey-transfers}).
 *
 * @param resolved the resolution, null otherwise
 * @param move the move, null otherwise
 * @param tick a stage-A watermark passed on to the journey stage (multicast), null otherwise
 */
public record GraphOutput(ResolvedIdentifier resolved, Handover move, Routed tick) {}

package io.journeyline.identity;

import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.journey.Handover;

/**
 * What the identity graph emits: an identifier's new resolution (for {@code
 * journeyline.identity-resolution}) or a move (for {@code journeyline.journey-transfers}).
 *
 * @param resolved the resolution, null for a move
 * @param move the move, null for a resolution
 */
public record GraphOutput(ResolvedIdentifier resolved, Handover move) {}

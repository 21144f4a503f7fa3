package io.journeyline.fcr;

import io.journeyline.avro.FcrStatus;

/**
 * The FCR and repeat verdict on one contact.
 *
 * @param status the FCR status
 * @param repeatOf the contact this one repeats, null when it is not a repeat
 * @param channelHop true when it repeats a contact on another channel
 * @param repeatCount how many earlier INBOUND contacts with a matching issue ended within N before
 *     it started (each one it could repeat)
 */
public record FcrAssessment(
    FcrStatus status, String repeatOf, boolean channelHop, int repeatCount) {}

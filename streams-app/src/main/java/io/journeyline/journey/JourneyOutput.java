package io.journeyline.journey;

import io.journeyline.avro.Alert;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.metrics.MetricDelta;

/**
 * What the {@code journey} processor emits; exactly one kind per record.
 *
 * @param kind which output
 * @param contact the contact summary (null for a tombstone of a contact id that no longer exists)
 * @param journey the customer journey
 * @param alert the alert
 * @param delta the metric delta or watermark
 * @param transfer a contact handed to another customer
 */
public record JourneyOutput(
    Kind kind,
    ContactSummary contact,
    CustomerJourney journey,
    Alert alert,
    MetricDelta delta,
    Handover transfer) {

  /** The output kinds. */
  public enum Kind {
    CONTACT,
    JOURNEY,
    ALERT,
    DELTA,
    TRANSFER
  }

  public static JourneyOutput contact(ContactSummary contact) {
    return new JourneyOutput(Kind.CONTACT, contact, null, null, null, null);
  }

  public static JourneyOutput journey(CustomerJourney journey) {
    return new JourneyOutput(Kind.JOURNEY, null, journey, null, null, null);
  }

  public static JourneyOutput alert(Alert alert) {
    return new JourneyOutput(Kind.ALERT, null, null, alert, null, null);
  }

  public static JourneyOutput transfer(Handover transfer) {
    return new JourneyOutput(Kind.TRANSFER, null, null, null, null, transfer);
  }

  public static JourneyOutput delta(MetricDelta delta) {
    return new JourneyOutput(Kind.DELTA, null, null, null, delta, null);
  }
}

package io.journeyline.adapters.ingest;

/**
 * The customer's identifiers on an event, normalized (phone E.164, email lower-cased); at least one
 * is set.
 */
public record Customer(String customerId, String phone, String email, String chatUserId) {

  public static Customer ofPhone(String e164) {
    return new Customer(null, e164, null, null);
  }

  public static Customer ofEmail(String email) {
    return new Customer(null, null, email, null);
  }

  /** True when no identifier is set. */
  public boolean isEmpty() {
    return customerId == null && phone == null && email == null && chatUserId == null;
  }
}

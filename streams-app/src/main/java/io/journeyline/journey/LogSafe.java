package io.journeyline.journey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifiers as they may appear in logs: no phone number, email address or chat id in clear. A
 * link key {@code PHONE:+14155550100} is logged as {@code PHONE:#<8 hex digits>}, a provisional
 * customer id the same way after its {@code prov:} prefix, and a conversation key (an SMS key holds
 * two numbers, an email thread key an address) as {@code #<8 hex digits>}. The digits are the start
 * of the value's SHA-256, so one identifier logs the same way every time and can be correlated,
 * without being readable. Explicit CRM customer ids are logged as they are: they are the CRM's own
 * pseudonymous keys.
 */
public final class LogSafe {

  private LogSafe() {}

  /** A link key, or a customer id (explicit or provisional), for a log line. */
  public static String identifier(String linkKeyOrCustomerId) {
    if (linkKeyOrCustomerId == null) {
      return "null";
    }
    String prefix = "";
    String key = linkKeyOrCustomerId;
    if (key.startsWith("prov:")) {
      prefix = "prov:";
      key = key.substring(prefix.length());
    }
    int colon = key.indexOf(':');
    if (colon < 0 || !key.substring(0, colon).matches("PHONE|EMAIL|CHAT_USER|CUSTOMER_ID")) {
      return linkKeyOrCustomerId;
    }
    String type = key.substring(0, colon);
    if (type.equals("CUSTOMER_ID")) {
      return linkKeyOrCustomerId;
    }
    return prefix + type + ":#" + hash(key.substring(colon + 1));
  }

  /** A conversation key, for a log line. */
  public static String conversation(String contactKey) {
    return contactKey == null ? "null" : "#" + hash(contactKey);
  }

  private static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

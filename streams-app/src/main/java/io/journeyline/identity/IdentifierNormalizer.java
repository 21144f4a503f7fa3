package io.journeyline.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.journeyline.avro.IdentifierType;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalizes customer identifiers (DESIGN.md "Customer"): phones to E.164 with libphonenumber
 * (numbers without a country code are read in the configured default region), emails trimmed and
 * lower-cased, chat user ids trimmed. Identity-link keys are {@code <TYPE>:<normalized value>}.
 */
public final class IdentifierNormalizer {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final String defaultRegion;

  /**
   * Slots of the remembered phone answers (a power of two): direct-mapped by the raw value's hash,
   * a new answer replacing the one in its slot. The entries are immutable, so the array may be
   * shared by the stream threads without locks: a thread sees an entry whole, or an older one.
   */
  static final int PHONE_CACHE_SIZE = 16_384;

  private final Normalized[] phones = new Normalized[PHONE_CACHE_SIZE];

  /** A raw phone number and its E.164 form (null when it is not a possible number). */
  private record Normalized(String raw, String value) {}

  /**
   * Creates the normalizer.
   *
   * @param defaultRegion ISO 3166 region for phone numbers without a country code, e.g. {@code US}
   * @throws IllegalArgumentException when libphonenumber does not know the region
   */
  public IdentifierNormalizer(String defaultRegion) {
    String region = Objects.requireNonNull(defaultRegion, "defaultRegion").toUpperCase(Locale.ROOT);
    if (!PHONES.getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException("Unknown phone region: " + defaultRegion);
    }
    this.defaultRegion = region;
  }

  /** The phone in E.164, or null when absent or not a possible phone number. */
  public String phone(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    // libphonenumber's parse is a large part of stage A's time, and a customer's number (and the
    // contact center's) comes with every event of a contact: the last answers are remembered
    int slot = raw.hashCode() & (PHONE_CACHE_SIZE - 1);
    Normalized known = phones[slot];
    if (known != null && known.raw().equals(raw)) {
      return known.value();
    }
    String value = parsePhone(raw);
    phones[slot] = new Normalized(raw, value);
    return value;
  }

  private String parsePhone(String raw) {
    try {
      Phonenumber.PhoneNumber number = PHONES.parse(raw.trim(), defaultRegion);
      if (!PHONES.isPossibleNumber(number)) {
        return null;
      }
      return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The email lower-cased, or null when absent or without an {@code @}. */
  public String email(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String email = raw.trim().toLowerCase(Locale.ROOT);
    int at = email.indexOf('@');
    return at > 0 && at < email.length() - 1 ? email : null;
  }

  /** The chat user id trimmed, or null when absent. */
  public String chatUser(String raw) {
    return raw == null || raw.isBlank() ? null : raw.trim();
  }

  /** The normalized value of an identifier of a type, or null when invalid. */
  public String normalize(IdentifierType type, String raw) {
    return switch (type) {
      case PHONE -> phone(raw);
      case EMAIL -> email(raw);
      case CHAT_USER -> chatUser(raw);
      case CUSTOMER_ID -> raw == null || raw.isBlank() ? null : raw.trim();
    };
  }

  /** The identity-link key: {@code <TYPE>:<normalized value>}. */
  public static String linkKey(IdentifierType type, String normalized) {
    return type.name() + ':' + normalized;
  }
}

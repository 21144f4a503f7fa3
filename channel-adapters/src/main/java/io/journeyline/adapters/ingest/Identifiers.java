package io.journeyline.adapters.ingest;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalizes customer identifiers the way the identity stage keys them: phones to E.164 (numbers
 * without a country code are read in the configured default region), emails lower-cased.
 *
 * <p>Phones must be <em>possible</em> numbers (right length for their country), not necessarily
 * allocated ones, so that test and fictitious ranges (555-01xx) still stitch.
 */
public final class Identifiers {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

  private final String defaultRegion;

  public Identifiers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  public String defaultRegion() {
    return defaultRegion;
  }

  /** The E.164 form, or empty when the text is not a possible phone number. */
  public Optional<String> phone(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 48) {
      return Optional.empty();
    }
    String text = raw.trim();
    if (text.regionMatches(true, 0, "tel:", 0, 4)) {
      text = text.substring(4);
    }
    try {
      PhoneNumber number = PHONES.parse(text, defaultRegion);
      if (!PHONES.isPossibleNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(PHONES.format(number, PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** The lower-cased address, or empty when the text is not an email address. */
  public static Optional<String> email(String raw) {
    if (raw == null || raw.length() > 254) {
      return Optional.empty();
    }
    String text = raw.trim();
    if (text.regionMatches(true, 0, "mailto:", 0, 7)) {
      text = text.substring(7);
    }
    if (!EMAIL.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(text.toLowerCase(Locale.ROOT));
  }
}

package io.journeyline.adapters.redact;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in free text by typed placeholders before anything is written:
 *
 * <ul>
 *   <li>{@code [PAN]}: payment card numbers, 13 to 19 digits optionally grouped by single spaces,
 *       dashes or dots, that pass the Luhn check (also when embedded in a longer run of digit
 *       groups);
 *   <li>{@code [CVV]}: a 3 or 4 digit number following a card-security keyword (CVV, CVC, CVV2,
 *       CID, CSC, security code) or shortly after a card number;
 *   <li>{@code [EMAIL]}: email addresses;
 *   <li>{@code [PHONE]}: phone numbers as libphonenumber finds them in text (valid numbers, in the
 *       default region or with a country code).
 * </ul>
 *
 * Identifiers used for stitching stay in their own fields; this is for text only.
 */
public final class PiiRedactor {

  public static final String PAN = "[PAN]";
  public static final String CVV = "[CVV]";
  public static final String EMAIL = "[EMAIL]";
  public static final String PHONE = "[PHONE]";

  private static final Pattern DIGIT_RUN = Pattern.compile("\\d+(?:[ .\\-]\\d+)*");
  private static final Pattern GROUP = Pattern.compile("\\d+");
  private static final Pattern CVV_KEYWORD =
      Pattern.compile(
          "(?i)\\b(cvv2?|cvc2?|cid|csc|card\\s+verification(?:\\s+(?:code|value|number))?"
              + "|security\\s+(?:code|number))\\b([^0-9\\n]{0,20}?)(?<!\\d)(\\d{3,4})(?!\\d)");
  private static final Pattern CVV_AFTER_PAN =
      Pattern.compile("(\\[PAN\\][^0-9\\n]{0,12}?)(?<![\\d/])(\\d{3,4})(?![\\d/])");
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile(
          "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  private final boolean enabled;
  private final String defaultRegion;

  public PiiRedactor(boolean enabled, String defaultRegion) {
    this.enabled = enabled;
    this.defaultRegion = defaultRegion;
  }

  public boolean enabled() {
    return enabled;
  }

  /** The text with personal data replaced; null stays null. */
  public String redact(String text) {
    if (!enabled || text == null || text.isEmpty()) {
      return text;
    }
    String out = redactCards(text);
    out =
        CVV_KEYWORD
            .matcher(out)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + CVV));
    out = CVV_AFTER_PAN.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + CVV));
    out = EMAIL_PATTERN.matcher(out).replaceAll(Matcher.quoteReplacement(EMAIL));
    out = redactPhones(out);
    return out;
  }

  private static String redactCards(String text) {
    Matcher run = DIGIT_RUN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (run.find()) {
      List<int[]> groups = new ArrayList<>();
      Matcher g = GROUP.matcher(text).region(run.start(), run.end());
      while (g.find()) {
        groups.add(new int[] {g.start(), g.end()});
      }
      int i = 0;
      while (i < groups.size()) {
        int found = -1;
        // Shortest first: "4111111111111111 123" is a card and a CVV, not a 19-digit card.
        for (int j = i; j < groups.size(); j++) {
          String digits = digits(text, groups, i, j);
          if (digits.length() > 19) {
            break;
          }
          if (digits.length() >= 13 && luhn(digits)) {
            found = j;
            break;
          }
        }
        if (found < 0) {
          i++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, groups.get(i)[0]).append(PAN);
        copied = groups.get(found)[1];
        i = found + 1;
      }
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, text.length());
    return out.toString();
  }

  private static String digits(String text, List<int[]> groups, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int k = from; k <= to; k++) {
      sb.append(text, groups.get(k)[0], groups.get(k)[1]);
      if (sb.length() > 19) {
        break;
      }
    }
    return sb.toString();
  }

  /** The Luhn (mod 10) check of a digit string. */
  public static boolean luhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  private String redactPhones(String text) {
    if (text.chars().filter(Character::isDigit).count() < 6) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (PhoneNumberMatch match :
        PhoneNumberUtil.getInstance()
            .findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, match.start()).append(PHONE);
      copied = match.end();
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, text.length());
    return out.toString();
  }
}

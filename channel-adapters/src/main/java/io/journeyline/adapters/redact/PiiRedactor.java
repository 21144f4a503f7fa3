package io.journeyline.adapters.redact;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Replaces personal data in free text by typed placeholders before anything is written:
 *
 * <ul>
 *   <li>{@code [PAN]}: payment card numbers, 13 to 19 digits that pass the Luhn check, written the
 *       way people type them: in groups separated by any run of whitespace (line breaks and
 *       no-break spaces included), dashes, dots or slashes, in full-width or other Unicode digits,
 *       or split by HTML markup ({@code <td>4111</td><td>1111</td>}, {@code &nbsp;}); also when
 *       embedded in a longer run of digit groups;
 *   <li>{@code [CVV]}: a 3 or 4 digit number following a card-security keyword (CVV, CVC, CVV2,
 *       CID, CSC, security code), shortly after a card number, or after an expiry date that follows
 *       a card number or an expiry keyword ("exp 12/27 123");
 *   <li>{@code [EMAIL]}: email addresses;
 *   <li>{@code [PHONE]}: phone numbers as libphonenumber finds them in text (valid numbers, in the
 *       default region or with a country code).
 * </ul>
 *
 * Numbers that look like cards but fail the Luhn check (order numbers, references) are kept.
 *
 * <p>Every step runs in time linear in the text, with no regular expression: the card scanner is a
 * single pass that checks at most 19 digit groups from each group; CVVs and emails are found by
 * scanning a bounded distance from each trigger ('@', a keyword, {@code [PAN]}); phone numbers are
 * checked by libphonenumber on candidate runs within a budget (see {@link #redactPhones}).
 * Identifiers used for stitching stay in their own fields; this is for text only.
 */
public final class PiiRedactor {

  public static final String PAN = "[PAN]";
  public static final String CVV = "[CVV]";
  public static final String EMAIL = "[EMAIL]";
  public static final String PHONE = "[PHONE]";

  /** Longest separator run between two digit groups of one card number (tags excluded). */
  private static final int MAX_SEPARATOR_CHARS = 8;

  /** Longest HTML tag or entity treated as a separator inside a card number. */
  private static final int MAX_TAG_CHARS = 64;

  private static final String[] CVV_KEYWORDS = {
    "card verification number",
    "card verification value",
    "card verification code",
    "card verification",
    "security number",
    "security code",
    "cvv2",
    "cvc2",
    "cvv",
    "cvc",
    "cid",
    "csc"
  };
  private static final String[] EXPIRY_KEYWORDS = {
    "expiration", "expires", "expiry", "valid thru", "good thru", "exp"
  };
  private static final String PAN_TOKEN = "[pan]";

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
    out = redactCvvs(out);
    out = redactEmails(out);
    out = redactPhones(out);
    return out;
  }

  /**
   * CVVs by a scan from each trigger (a card-security keyword, a {@code [PAN]}, an expiry keyword),
   * each looking at most about 50 characters ahead: linear in the text.
   */
  static String redactCvvs(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.length() != text.length()) {
      return text; // a case mapping changed the length (rare scripts): offsets would not line up
    }
    java.util.TreeMap<Integer, Integer> cvvs = new java.util.TreeMap<>();
    int n = lower.length();
    for (int i = 0; i < n; i++) {
      char c = lower.charAt(i);
      if (c == '[' && lower.startsWith(PAN_TOKEN, i)) {
        int p = i + PAN_TOKEN.length();
        int[] cvv = digitsAfter(text, p, 12, true);
        if (cvv == null) {
          cvv = afterExpiry(text, p);
        }
        put(cvvs, cvv);
        continue;
      }
      if (!(c == 'c' || c == 's' || c == 'e' || c == 'v' || c == 'g')
          || (i > 0 && Character.isLetterOrDigit(lower.charAt(i - 1)))) {
        continue;
      }
      for (String keyword : CVV_KEYWORDS) {
        if (wordAt(lower, i, keyword)) {
          put(cvvs, digitsAfter(text, i + keyword.length(), 20, false));
          break;
        }
      }
      for (String keyword : EXPIRY_KEYWORDS) {
        if (wordAt(lower, i, keyword)) {
          put(cvvs, afterExpiry(text, i + keyword.length()));
          break;
        }
      }
    }
    if (cvvs.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(n);
    int copied = 0;
    for (java.util.Map.Entry<Integer, Integer> e : cvvs.entrySet()) {
      if (e.getKey() < copied) {
        continue;
      }
      out.append(text, copied, e.getKey()).append(CVV);
      copied = e.getValue();
    }
    return out.append(text, copied, n).toString();
  }

  private static void put(java.util.Map<Integer, Integer> cvvs, int[] range) {
    if (range != null) {
      cvvs.put(range[0], range[1]);
    }
  }

  /** The keyword at i, with a word boundary after it (one before is checked by the caller). */
  private static boolean wordAt(String lower, int i, String keyword) {
    if (!lower.startsWith(keyword, i)) {
      return false;
    }
    int end = i + keyword.length();
    return end >= lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
  }

  /**
   * A 3 or 4 digit number starting at most {@code maxGap} characters after p, with no digit or line
   * break (nor a slash, when {@code noSlash}) between, and no digit (nor slash) right after.
   */
  private static int[] digitsAfter(String text, int p, int maxGap, boolean noSlash) {
    int n = text.length();
    int i = p;
    while (i < n && i - p <= maxGap) {
      char c = text.charAt(i);
      if (Character.isDigit(c)) {
        int end = i;
        while (end < n && end - i < 5 && Character.isDigit(text.charAt(end))) {
          end++;
        }
        int len = end - i;
        if (len < 3 || len > 4) {
          return null;
        }
        if (end < n && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '/')) {
          return null;
        }
        return new int[] {i, end};
      }
      if (c == '\n' || (noSlash && c == '/')) {
        return null;
      }
      i++;
    }
    return null;
  }

  /** After an expiry trigger: a gap, an expiry date (MM/YY, MM-YYYY, ...), then the CVV. */
  private static int[] afterExpiry(String text, int p) {
    int n = text.length();
    int i = p;
    while (i < n && i - p <= 20 && !Character.isDigit(text.charAt(i))) {
      if (text.charAt(i) == '\n') {
        return null;
      }
      i++;
    }
    int monthStart = i;
    while (i < n && i - monthStart < 3 && Character.isDigit(text.charAt(i))) {
      i++;
    }
    int monthDigits = i - monthStart;
    if (monthDigits < 1 || monthDigits > 2) {
      return null;
    }
    int month = 0;
    for (int k = monthStart; k < i; k++) {
      month = month * 10 + Character.digit(text.charAt(k), 10);
    }
    if (month < 1 || month > 12) {
      return null;
    }
    if (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= n || "/-.".indexOf(text.charAt(i)) < 0) {
      return null;
    }
    i++;
    if (i < n && text.charAt(i) == ' ') {
      i++;
    }
    int yearStart = i;
    while (i < n && i - yearStart < 5 && Character.isDigit(text.charAt(i))) {
      i++;
    }
    int yearDigits = i - yearStart;
    if (yearDigits != 2 && yearDigits != 4) {
      return null;
    }
    return digitsAfter(text, i, 12, true);
  }

  /**
   * Email addresses by a scan around each '@': the local part before it and at least two domain
   * labels after it, each bounded by the characters they may contain, so the work is linear.
   */
  static String redactEmails(String text) {
    int n = text.length();
    StringBuilder out = null;
    int copied = 0;
    int at = text.indexOf('@');
    while (at >= 0) {
      int start = at;
      while (start > copied && localChar(text.charAt(start - 1))) {
        start--;
      }
      int end = domainEnd(text, at + 1);
      if (start < at && end > 0) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, start).append(EMAIL);
        copied = end;
        at = text.indexOf('@', end);
      } else {
        at = text.indexOf('@', at + 1);
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /** The end of a domain of two or more labels starting at p, or -1. */
  private static int domainEnd(String text, int p) {
    int n = text.length();
    int labels = 0;
    int end = -1;
    int i = p;
    while (i < n && asciiAlnum(text.charAt(i))) {
      int labelStart = i;
      int lastAlnum = i;
      while (i < n && (asciiAlnum(text.charAt(i)) || text.charAt(i) == '-')) {
        if (asciiAlnum(text.charAt(i))) {
          lastAlnum = i;
        }
        i++;
      }
      labels++;
      if (labels >= 2) {
        end = lastAlnum + 1;
      }
      if (lastAlnum + 1 != i || i >= n || text.charAt(i) != '.' || labelStart == i) {
        break;
      }
      i++; // the dot
    }
    return end;
  }

  private static boolean asciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean localChar(char c) {
    return asciiAlnum(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
  }

  /** Card numbers by a single linear scan (see the class comment). */
  static String redactCards(String text) {
    Run run = new Run();
    StringBuilder[] out = {null};
    int copied = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Character.digit(cp, 10) < 0) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      if (run.size > 0 && !separatorOnly(text, run.end[run.size - 1], start)) {
        copied = run.flush(text, out, copied);
      }
      run.startGroup(start);
      while (i < n) {
        int c = text.codePointAt(i);
        int d = Character.digit(c, 10);
        if (d < 0) {
          break;
        }
        run.digit(d);
        i += Character.charCount(c);
      }
      run.endGroup(i);
    }
    copied = run.flush(text, out, copied);
    if (out[0] == null) {
      return text;
    }
    return out[0].append(text, copied, n).toString();
  }

  /**
   * The digit groups of one run of separated groups, in flat arrays: group k spans text[start[k],
   * end[k]) and its digits are digits[first[k], first[k + 1]) (at most 20 kept per group: a longer
   * group is never part of a card).
   */
  private static final class Run {
    int size;
    int[] start = new int[16];
    int[] end = new int[16];
    int[] first = new int[17];
    byte[] digits = new byte[64];
    int digitCount;
    int[] evenPlain = new int[1];
    int[] evenDoubled = new int[1];
    private int groupDigits;

    void startGroup(int at) {
      if (size + 1 >= start.length) {
        start = java.util.Arrays.copyOf(start, start.length * 2);
        end = java.util.Arrays.copyOf(end, end.length * 2);
        first = java.util.Arrays.copyOf(first, first.length * 2 + 1);
      }
      start[size] = at;
      first[size] = digitCount;
      groupDigits = 0;
    }

    void digit(int d) {
      if (groupDigits++ >= 20) {
        return;
      }
      if (digitCount == digits.length) {
        digits = java.util.Arrays.copyOf(digits, digits.length * 2);
      }
      digits[digitCount++] = (byte) d;
    }

    void endGroup(int at) {
      end[size] = at;
      size++;
      first[size] = digitCount;
    }

    /** The Luhn check of digits[from, to). */
    private boolean luhn(int from, int to) {
      int[] sums = ((to - 1) & 1) == 0 ? evenPlain : evenDoubled;
      return (sums[to] - sums[from]) % 10 == 0;
    }

    /** Finds cards in the run, shortest first, writes them out and empties the run. */
    int flush(String text, StringBuilder[] out, int copied) {
      // Luhn sums of any slice in O(1): the rightmost digit of a slice is not doubled, so digit m
      // of slice [a, b) is doubled when m and b - 1 differ in parity. evenPlain[k] sums digits
      // before k taking even positions plain and odd ones doubled; evenDoubled the other way.
      if (evenPlain.length < digitCount + 1) {
        evenPlain = new int[digitCount + 1];
        evenDoubled = new int[digitCount + 1];
      }
      for (int m = 0; m < digitCount; m++) {
        int d = digits[m];
        int twice = d * 2 > 9 ? d * 2 - 9 : d * 2;
        boolean even = (m & 1) == 0;
        evenPlain[m + 1] = evenPlain[m] + (even ? d : twice);
        evenDoubled[m + 1] = evenDoubled[m] + (even ? twice : d);
      }
      int i = 0;
      while (i < size) {
        int found = -1;
        // Shortest first: "4111111111111111 123" is a card and a CVV, not a 19-digit card.
        for (int j = i; j < size; j++) {
          int count = first[j + 1] - first[i];
          if (count > 19) {
            break;
          }
          if (count >= 13 && luhn(first[i], first[j + 1])) {
            found = j;
            break;
          }
        }
        if (found < 0) {
          i++;
          continue;
        }
        if (out[0] == null) {
          out[0] = new StringBuilder(text.length());
        }
        out[0].append(text, copied, start[i]).append(PAN);
        copied = end[found];
        i = found + 1;
      }
      size = 0;
      digitCount = 0;
      first[0] = 0;
      return copied;
    }
  }

  /**
   * True when text[from, to) may separate two digit groups of one card: whitespace (any Unicode
   * space, line breaks, no-break spaces), dashes, dots, slashes, and HTML tags or entities.
   */
  private static boolean separatorOnly(String text, int from, int to) {
    int plain = 0;
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c == '<' || c == '&') {
        char close = c == '<' ? '>' : ';';
        // Searched within the gap and the tag limit only, so the scan stays linear.
        int limit = Math.min(to, i + MAX_TAG_CHARS + 1);
        int end = -1;
        for (int k = i + 1; k < limit; k++) {
          if (text.charAt(k) == close) {
            end = k;
            break;
          }
        }
        if (end < 0) {
          return false;
        }
        if (c == '&' && !entity(text, i + 1, end)) {
          return false;
        }
        i = end + 1;
        continue;
      }
      if (!separator(c) || ++plain > MAX_SEPARATOR_CHARS) {
        return false;
      }
      i++;
    }
    return true;
  }

  private static boolean entity(String text, int from, int to) {
    if (to == from) {
      return false;
    }
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '#')) {
        return false;
      }
    }
    return true;
  }

  private static boolean separator(char c) {
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c) // no-break spaces U+00A0, U+2007, U+202F
        || c == '-'
        || c == '.'
        || c == '/'
        || c == '\u2010'
        || c == '\u2011'
        || c == '\u2012'
        || c == '\u2013'
        || c == '\u2014'
        || c == '\u2212'
        || c == '\uFF0D'
        || c == '\uFF0E'
        || c == '\uFF0F'
        || c == '\u3000';
  }

  /** The Luhn (mod 10) check of a digit string. */
  public static boolean luhn(CharSequence digits) {
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

  /**
   * Phone numbers: libphonenumber decides, but only on candidate runs (digits with phone
   * punctuation between them, at least six digits) and with a budget, because its matcher costs
   * several microseconds per character on digit-dense text. The budget is 256 characters of runs
   * plus 0.5 % of the text: ordinary prose never reaches it. Runs beyond the budget that hold seven
   * or more digits are replaced by {@code [PHONE]} unchecked (fail safe: over-redaction, never a
   * leak), so a text of any shape costs time linear in its length with a small constant.
   */
  private String redactPhones(String text) {
    int n = text.length();
    long budget = 256 + n / 200;
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!(Character.isDigit(c) || c == '+' || c == '(')) {
        i++;
        continue;
      }
      int start = i;
      int end = i;
      int digits = 0;
      int gap = 0;
      int j = i;
      while (j < n) {
        char d = text.charAt(j);
        if (Character.isDigit(d)) {
          digits++;
          j++;
          end = j;
          gap = 0;
        } else if (phoneSeparator(d) && gap < 3) {
          j++;
          gap++;
        } else {
          break;
        }
      }
      if (end == start) {
        i = start + 1;
        continue;
      }
      if (digits >= 6) {
        int length = end - start;
        if (budget >= length) {
          budget -= length;
          int from = Math.max(copied, start - CONTEXT);
          int to = Math.min(n, end + CONTEXT);
          for (PhoneNumberMatch match :
              PhoneNumberUtil.getInstance()
                  .findNumbers(
                      text.substring(from, to),
                      defaultRegion,
                      PhoneNumberUtil.Leniency.VALID,
                      Long.MAX_VALUE)) {
            int ms = from + match.start();
            int me = from + match.end();
            if (ms < start || me > end || ms < copied) {
              continue;
            }
            if (out == null) {
              out = new StringBuilder(n);
            }
            out.append(text, copied, ms).append(PHONE);
            copied = me;
          }
        } else if (digits >= 7) {
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(text, copied, start).append(PHONE);
          copied = end;
        }
      }
      i = Math.max(end, start + 1);
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, n);
    return out.toString();
  }

  /** Characters libphonenumber reads as punctuation inside a number. */
  private static boolean phoneSeparator(char c) {
    return c == ' '
        || c == '-'
        || c == '.'
        || c == '('
        || c == ')'
        || c == '/'
        || c == '+'
        || c == '\u00a0'
        || c == '\u2010'
        || c == '\u2011'
        || c == '\u2012'
        || c == '\u2013'
        || c == '\u2014'
        || c == '\u2015';
  }

  /** Characters of context on each side of a run, for libphonenumber's boundary checks. */
  private static final int CONTEXT = 8;
}

package io.journeyline.journey;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journeyline contact ids: the conversation key, or {@code <key>@<start instant>} for a later one.
 */
public final class ContactIds {

  private static final Pattern LATER =
      Pattern.compile("(.+)@(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?Z)");

  private ContactIds() {}

  /**
   * The conversation key of a contact id: the part before {@code @<ISO-8601 instant>} when the id
   * ends so, else the id itself (a conversation key may contain {@code @}, e.g. an email's).
   */
  public static String conversationKey(String contactId) {
    Matcher m = LATER.matcher(contactId);
    if (!m.matches()) {
      return contactId;
    }
    try {
      Instant.parse(m.group(2));
      return m.group(1);
    } catch (DateTimeParseException e) {
      return contactId;
    }
  }
}

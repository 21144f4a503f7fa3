package io.journeyline.embedded.junit;

import java.util.Locale;
import java.util.regex.Pattern;

/** Derives Kafka-legal, readable, unique resource names from a test's class and method names. */
final class TestNames {

  /** Longest class-name part of a prefix. */
  static final int MAX_CLASS_PART = 40;

  /** Longest method-name part of a prefix. */
  static final int MAX_METHOD_PART = 60;

  private static final Pattern CAMEL_BOUNDARY =
      Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
  private static final Pattern NOT_KEBAB = Pattern.compile("[^a-z0-9]+");
  private static final Pattern ILLEGAL_TOPIC_CHARS = Pattern.compile("[^a-zA-Z0-9._-]+");

  private TestNames() {}

  /**
   * The prefix for one test's resources: {@code <class>-<method>-<sequence>} in kebab case, for
   * example {@code contact-topology-it-should-close-contact-7}. At most 40 + 60 + 21 characters, so
   * that Kafka Streams internal topic names built on it stay under Kafka's 249-character limit.
   */
  static String prefix(String className, String methodName, long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    return kebab(className, MAX_CLASS_PART)
        + "-"
        + kebab(methodName, MAX_METHOD_PART)
        + "-"
        + sequence;
  }

  /** {@code camelCase_name$1} to {@code camel-case-name-1}, cut to {@code maxLength}. */
  static String kebab(String name, int maxLength) {
    String words = CAMEL_BOUNDARY.matcher(name == null ? "" : name).replaceAll("-");
    String kebab = NOT_KEBAB.matcher(words.toLowerCase(Locale.ROOT)).replaceAll("-");
    kebab = trimDashes(kebab);
    if (kebab.length() > maxLength) {
      kebab = trimDashes(kebab.substring(0, maxLength));
    }
    return kebab.isEmpty() ? "x" : kebab;
  }

  /** A topic name inside a prefix; characters Kafka does not allow become {@code -}. */
  static String topic(String prefix, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    String legal = ILLEGAL_TOPIC_CHARS.matcher(name.strip()).replaceAll("-");
    String topic = prefix + "-" + legal;
    if (topic.length() > 249) {
      throw new IllegalArgumentException(
          "topic name " + topic + " is longer than Kafka's limit of 249 characters");
    }
    return topic;
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}

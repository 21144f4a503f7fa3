package io.journeyline.embedded;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInfo;

/**
 * Unique names for topics, application ids and consumer groups in integration tests, derived from
 * the test class and method and a short random suffix, so that no two tests (or two runs on a kept
 * data directory) share a topic. Names are kebab-case, contain only {@code [a-z0-9-]} (valid for
 * Kafka topics, without the {@code .}/{@code _} metric-name collision) and stay short enough for
 * Kafka Streams' derived internal topic names.
 *
 * <p>Example: {@code TestNames.unique(testInfo, "input")} in {@code
 * EmbeddedKafkaClusterIT.shouldRoundTrip} gives {@code
 * embedded-kafka-cluster-it-should-round-trip-input-3f9a1c}.
 */
public final class TestNames {

  /** Longest base (before the suffix); Kafka allows 249 but Streams derives longer names. */
  static final int MAX_BASE_LENGTH = 100;

  private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern INVALID = Pattern.compile("[^a-z0-9]+");

  private TestNames() {}

  /**
   * A unique name for the current test: {@code <class>-<method>-<suffix>}.
   *
   * @param testInfo the JUnit test info
   * @return a valid, unique topic name / application id
   */
  public static String unique(TestInfo testInfo) {
    return unique(testInfo, "");
  }

  /**
   * A unique name for one role in the current test: {@code <class>-<method>-<role>-<suffix>}.
   *
   * @param testInfo the JUnit test info
   * @param role what the name is for, e.g. {@code input}, {@code app}
   * @return a valid, unique topic name / application id
   */
  public static String unique(TestInfo testInfo, String role) {
    Objects.requireNonNull(testInfo, "testInfo");
    String className = testInfo.getTestClass().map(Class::getSimpleName).orElse("test");
    String methodName = testInfo.getTestMethod().map(Method::getName).orElse("");
    return unique(className, methodName, role);
  }

  /**
   * A unique name from the given parts, each turned into kebab-case, plus a random suffix.
   *
   * @param parts name parts, e.g. the class and method name; blank parts are skipped
   * @return a valid, unique topic name / application id
   */
  public static String unique(String... parts) {
    StringBuilder base = new StringBuilder();
    for (String part : parts) {
      String clean = sanitize(part);
      if (!clean.isEmpty()) {
        if (base.length() > 0) {
          base.append('-');
        }
        base.append(clean);
      }
    }
    String prefix =
        base.length() > MAX_BASE_LENGTH ? base.substring(0, MAX_BASE_LENGTH) : base.toString();
    prefix = trimDashes(prefix);
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return prefix.isEmpty() ? "test-" + suffix : prefix + "-" + suffix;
  }

  /**
   * Turns any text into kebab-case of {@code [a-z0-9-]}: camel case boundaries and every run of
   * other characters become one dash. {@code "shouldRoundTrip(Kafka)"} gives {@code
   * should-round-trip-kafka}.
   *
   * @param text any text, may be null
   * @return the kebab-case form, possibly empty
   */
  public static String sanitize(String text) {
    if (text == null) {
      return "";
    }
    String kebab = CAMEL_BOUNDARY.matcher(text).replaceAll("-").toLowerCase(Locale.ROOT);
    return trimDashes(INVALID.matcher(kebab).replaceAll("-"));
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

package io.journeyline.adapters.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17 item 7: card numbers as people really type them (4111 1111 1111 1111 is the Luhn-valid
 * Visa test number; 5500 0000 0000 0004 the Mastercard one; 3782 822463 10005 the Amex one).
 */
class PiiRedactorFormsTest {

  private final PiiRedactor redactor = new PiiRedactor(true, "US");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111  1111   1111 1111", // runs of spaces
        "4111\t1111\t1111\t1111", // tabs
        "4111\u00a01111\u00a01111\u00a01111", // no-break spaces
        "4111\u202f1111\u202f1111\u202f1111", // narrow no-break spaces
        "4111 - 1111 - 1111 - 1111", // dashes with spaces
        "4111\u20131111\u20131111\u20131111", // en dashes
        "4111.1111.1111.1111", // dots
        "4111/1111/1111/1111", // slashes
        "4111 1111\n1111 1111", // a line break inside the number
        "4111 1111\r\n1111 1111", // a CRLF inside the number
        "\uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11", // full-width
        "\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661", // Arabic-Indic
        "<td>4111</td><td>1111</td><td>1111</td><td>1111</td>", // HTML markup
        "4111<b>1111</b>1111&nbsp;1111", // tags and an entity
        "5500 0000 0000 0004",
        "3782 822463 10005",
        "4111111111111111"
      })
  void shouldRedactEveryWrittenForm(String pan) {
    String out = redactor.redact("card: " + pan + " ok");
    assertThat(out).startsWith("card: ").endsWith(" ok").contains("[PAN]");
    assertThat(out.codePoints().filter(Character::isDigit).count()).as(out).isZero();
  }

  @Test
  void shouldKeepTheMarkupAroundACardInHtml() {
    assertThat(redactor.redact("<td>4111</td><td>1111</td><td>1111</td><td>1111</td>"))
        .isEqualTo("<td>[PAN]</td>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111 1111 1111 1112", // Luhn-invalid
        "order 2024-0001-1234-5678", // an order number, Luhn-invalid (sum 47)
        "tracking 1Z999AA10123456784", // letters inside
        "4111 1111 1111", // 12 digits: too short
        "4111 , 1111 , 1111 , 1111", // commas are not card separators
        "4111 one 1111 1111 1111" // words between the groups
      })
  void shouldKeepLookAlikes(String text) {
    String out = redactor.redact(text);
    assertThat(out).doesNotContain("[PAN]");
  }

  @Test
  void shouldRedactACvvAfterAnExpiryDateWithoutKeyword() {
    assertThat(redactor.redact("4111 1111 1111 1111 12/27 123")).isEqualTo("[PAN] 12/27 [CVV]");
    assertThat(redactor.redact("card 4111-1111-1111-1111 exp 03/2028 987 thanks"))
        .isEqualTo("card [PAN] exp 03/2028 [CVV] thanks");
    assertThat(redactor.redact("expires 11/29, code 4321")).isEqualTo("expires 11/29, code [CVV]");
    assertThat(redactor.redact("cvv: 123")).isEqualTo("cvv: [CVV]");
    assertThat(redactor.redact("security code is 9876.")).isEqualTo("security code is [CVV].");
  }

  @Test
  void shouldKeepDatesAndCountsThatAreNotCvvs() {
    assertThat(redactor.redact("on 12/27 we had 123 calls")).isEqualTo("on 12/27 we had 123 calls");
    assertThat(redactor.redact("[PAN] was typed on 12/27")).isEqualTo("[PAN] was typed on 12/27");
  }

  @Test
  void shouldFindCardsBesideOtherNumbersAndTwoCardsInARow() {
    assertThat(redactor.redact("4111 1111 1111 1111 and 5500 0000 0000 0004"))
        .isEqualTo("[PAN] and [PAN]");
    assertThat(redactor.redact("4111111111111111\n5500000000000004")).isEqualTo("[PAN]\n[PAN]");
  }

  @Test
  void shouldRedactPathologicalInputInLinearTime() {
    // 1 MiB of each shape that made the old patterns quadratic; each must finish well under 1 s.
    String[] shapes = {
      "a".repeat(1 << 20), // an email local part that never reaches '@'
      "a.".repeat(1 << 19),
      "a@".repeat(1 << 19), // at signs without domains
      "x@a.b ".repeat(174_762), // many addresses
      "1 ".repeat(1 << 19), // digit groups that never make a card
      "12/".repeat(349_525),
      "cvv ".repeat(1 << 18),
      "[PAN] ".repeat(174_762),
      "exp 1".repeat(209_715),
      "<a".repeat(1 << 19),
      "1<".repeat(1 << 19), // digit groups split by tags that never close
      "1&".repeat(1 << 19),
      "4111<".repeat(209_715)
    };
    for (String s : shapes) {
      long start = System.nanoTime();
      redactor.redact(s);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "redact %-8s x %d chars: %d ms%n", s.substring(0, 4).strip(), s.length(), ms);
      assertThat(ms).as("redacting %s...", s.substring(0, 8)).isLessThan(3000);
    }
  }
}

package io.journeyline.adapters.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiRedactorTest {

  private final PiiRedactor redactor = new PiiRedactor(true, "US");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5500 0000 0000 0004",
        "3782 822463 10005",
        "6011000990139424",
        "4222222222222"
      })
  void shouldRedactLuhnValidCardNumbers(String pan) {
    assertThat(redactor.redact("my card is " + pan + " thanks"))
        .isEqualTo("my card is [PAN] thanks");
  }

  @Test
  void shouldKeepNumbersThatFailLuhn() {
    assertThat(redactor.redact("order 4111111111111112 shipped"))
        .isEqualTo("order 4111111111111112 shipped");
  }

  @Test
  void shouldFindCardInsideLongerDigitRun() {
    assertThat(redactor.redact("ref 12 4111 1111 1111 1111")).isEqualTo("ref 12 [PAN]");
  }

  @Test
  void shouldRedactCvvNearCardContext() {
    assertThat(redactor.redact("card 4111111111111111 exp 12/27 cvv: 123"))
        .isEqualTo("card [PAN] exp 12/27 cvv: [CVV]");
    assertThat(redactor.redact("the security code is 4321"))
        .isEqualTo("the security code is [CVV]");
    assertThat(redactor.redact("4111111111111111 987")).isEqualTo("[PAN] [CVV]");
  }

  @Test
  void shouldKeepThreeDigitNumbersWithoutCardContext() {
    assertThat(redactor.redact("I waited 123 minutes")).isEqualTo("I waited 123 minutes");
  }

  @Test
  void shouldRedactEmailsAndPhones() {
    assertThat(redactor.redact("mail me at Jane.Doe+x@Example.co.uk or call (415) 867-5309"))
        .isEqualTo("mail me at [EMAIL] or call [PHONE]");
    assertThat(redactor.redact("intl +44 20 7946 0958 ok")).isEqualTo("intl [PHONE] ok");
  }

  @Test
  void shouldLeaveTextAloneWhenDisabled() {
    PiiRedactor off = new PiiRedactor(false, "US");
    assertThat(off.redact("4111111111111111")).isEqualTo("4111111111111111");
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void shouldComputeLuhn() {
    assertThat(PiiRedactor.luhn("79927398713")).isTrue();
    assertThat(PiiRedactor.luhn("79927398710")).isFalse();
  }
}

package io.journeyline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifierNormalizerTest {

  final IdentifierNormalizer us = new IdentifierNormalizer("US");

  @Test
  void shouldNormalizePhonesToE164InTheDefaultRegion() {
    assertThat(us.phone("(415) 555-0100")).isEqualTo("+14155550100");
    assertThat(us.phone("+44 20 7946 0018")).isEqualTo("+442079460018");
    assertThat(new IdentifierNormalizer("GB").phone("020 7946 0018")).isEqualTo("+442079460018");
    assertThat(us.phone("not a phone")).isNull();
    assertThat(us.phone(" ")).isNull();
  }

  @Test
  void shouldAnswerEachNumberForItselfWhenTwoShareARememberedSlot() {
    String first = "(415) 555-0100";
    String second = null;
    int mask = IdentifierNormalizer.PHONE_CACHE_SIZE - 1;
    for (int i = 0; second == null; i++) {
      String candidate = "+1 212 555 " + String.format("%04d", i % 10_000) + " x" + i;
      if ((candidate.hashCode() & mask) == (first.hashCode() & mask)) {
        second = candidate;
      }
    }
    String plain = "+1 212 555 " + second.substring(11, 15);
    assertThat(us.phone(first)).isEqualTo("+14155550100");
    assertThat(us.phone(second)).isEqualTo(new IdentifierNormalizer("US").phone(second));
    assertThat(us.phone(first)).isEqualTo("+14155550100");
    assertThat(us.phone(first)).isEqualTo("+14155550100");
    assertThat(us.phone(plain)).isEqualTo("+1212555" + second.substring(11, 15));
    assertThat(us.phone("not a number")).isNull();
    assertThat(us.phone("not a number")).isNull();
  }

  @Test
  void shouldLowerCaseEmails() {
    assertThat(us.email(" Ann@Example.COM ")).isEqualTo("ann@example.com");
    assertThat(us.email("no-at-sign")).isNull();
  }

  @Test
  void shouldRejectAnUnknownRegion() {
    assertThatThrownBy(() -> new IdentifierNormalizer("XX"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

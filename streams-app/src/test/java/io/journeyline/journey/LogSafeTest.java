package io.journeyline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void shouldHideIdentifierValuesButKeepTheirTypeAndCorrelation() {
    String phone = LogSafe.identifier("PHONE:+14155550100");
    assertThat(phone).startsWith("PHONE:#").doesNotContain("4155550100").hasSize(15);
    assertThat(LogSafe.identifier("PHONE:+14155550100")).isEqualTo(phone);
    assertThat(LogSafe.identifier("prov:EMAIL:ann@example.com"))
        .startsWith("prov:EMAIL:#")
        .doesNotContain("ann");
    assertThat(LogSafe.identifier("CHAT_USER:u-7")).doesNotContain("u-7");
    // CRM ids are the CRM's pseudonymous keys
    assertThat(LogSafe.identifier("C-7")).isEqualTo("C-7");
    assertThat(LogSafe.identifier("CUSTOMER_ID:C-7")).isEqualTo("CUSTOMER_ID:C-7");
    assertThat(LogSafe.conversation("+14155550100|+18005550199"))
        .startsWith("#")
        .doesNotContain("555");
  }
}

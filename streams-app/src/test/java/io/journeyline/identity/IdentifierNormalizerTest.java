package io.journeyline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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
  void shouldLowerCaseEmails() {
    assertThat(us.email(" Ann@Example.COM ")).isEqualTo("ann@example.com");
    assertThat(us.email("no-at-sign")).isNull();
  }

  @Test
  void shouldRejectAnUnknownRegion() {
    assertThatThrownBy(() -> new IdentifierNormalizer("XX"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldResolveExplicitThenLinkedThenProvisional() {
    CustomerResolver resolver = new CustomerResolver(us);
    Map<String, String> links = Map.of("EMAIL:ann@example.com", "crm-ann");
    assertThat(resolver.resolve("crm-1", "4155550100", null, null, links::get).orElseThrow())
        .extracting(CustomerResolver.Resolution::customerId, CustomerResolver.Resolution::source)
        .containsExactly("crm-1", CustomerResolver.Source.EXPLICIT);
    assertThat(
            resolver
                .resolve(null, "bad", "ANN@example.com", null, links::get)
                .orElseThrow()
                .customerId())
        .isEqualTo("crm-ann");
    assertThat(resolver.resolve(null, null, null, " u-7 ", links::get).orElseThrow().customerId())
        .isEqualTo("prov:CHAT_USER:u-7");
    assertThat(resolver.resolve(null, "bad", null, null, links::get)).isEmpty();
  }
}

package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.avro.IdentifierType;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identifier of {@code DELETE /v1/identities/{type}/{value}} is read and normalized exactly as
 * a link of {@code POST /v1/identities} is, so the tombstone lands on the key the link was written
 * under.
 */
class IdentityKeyTest {

  private final CanonicalJson json = new CanonicalJson(new Identifiers("US"), TestBounds.now(), 10);

  private String postedKey(String type, String value) {
    String body = "{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"customerId\":\"C-1\"}";
    return json.identities(json.items(body.getBytes(StandardCharsets.UTF_8), false)).get(0).key();
  }

  private List<FieldError> errors(String type, String value) {
    return catchThrowableOfType(ProblemException.class, () -> json.identityKey(type, value))
        .problem()
        .errors();
  }

  @Test
  void shouldNormalizeANationalPhoneToE164InTheDefaultRegion() {
    IdentityKey key = json.identityKey("PHONE", "(415) 867-5309");

    assertThat(key).isEqualTo(new IdentityKey(IdentifierType.PHONE, "+14158675309"));
    assertThat(key.key()).isEqualTo("PHONE:+14158675309");
  }

  @Test
  void shouldReadAnotherRegionsNumberByItsCountryCodeAndATelPrefix() {
    assertThat(json.identityKey("PHONE", "tel:+44 20 7183 8750").key())
        .isEqualTo("PHONE:+442071838750");
  }

  @Test
  void shouldLowerCaseAnEmailAndStripMailto() {
    assertThat(json.identityKey("EMAIL", "mailto:Ana.Silva@Example.COM").key())
        .isEqualTo("EMAIL:ana.silva@example.com");
  }

  @Test
  void shouldKeepAChatUserIdAsItIsIncludingSlashesAndCase() {
    assertThat(json.identityKey("CHAT_USER", "Team/U-1").key()).isEqualTo("CHAT_USER:Team/U-1");
  }

  @Test
  void shouldProduceTheKeyThePostedLinkWasWrittenUnder() {
    assertThat(json.identityKey("PHONE", "415.867.5309").key())
        .isEqualTo(postedKey("PHONE", "415.867.5309"));
    assertThat(json.identityKey("EMAIL", "JANE@example.com").key())
        .isEqualTo(postedKey("EMAIL", "JANE@example.com"));
    assertThat(json.identityKey("CHAT_USER", "u-9").key()).isEqualTo(postedKey("CHAT_USER", "u-9"));
  }

  @Test
  void shouldNameTheTypeWhenItIsUnknownOrNotLinkable() {
    assertThat(errors("FAX", "123"))
        .containsExactly(new FieldError(null, "type", "must be one of PHONE, EMAIL, CHAT_USER"));
    assertThat(errors("CUSTOMER_ID", "C-1")).extracting(FieldError::field).containsExactly("type");
    assertThat(errors("phone", "+14158675309"))
        .extracting(FieldError::field)
        .containsExactly("type");
  }

  @Test
  void shouldNameTheValueWhenItIsNoIdentifierOfItsType() {
    assertThat(errors("PHONE", "not a number"))
        .extracting(FieldError::field)
        .containsExactly("value");
    assertThat(errors("PHONE", "12")).extracting(FieldError::field).containsExactly("value");
    assertThat(errors("EMAIL", "ana@")).extracting(FieldError::field).containsExactly("value");
    assertThat(errors("CHAT_USER", " ")).extracting(FieldError::field).containsExactly("value");
    assertThat(errors("CHAT_USER", "u".repeat(CanonicalFields.ID_MAX + 1)))
        .containsExactly(new FieldError(null, "value", "must be at most 128 characters"));
  }

  @Test
  void shouldNameBothFieldsWhenBothAreWrong() {
    assertThat(errors("FAX", " ")).extracting(FieldError::field).containsExactly("type", "value");
  }
}

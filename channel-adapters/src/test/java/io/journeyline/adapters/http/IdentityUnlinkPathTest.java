package io.journeyline.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The path parameters of {@code DELETE /v1/identities/{type}/{value}}, decoded as sent. */
class IdentityUnlinkPathTest {

  private static String[] parse(String rawUri) {
    return Endpoints.IdentityUnlink.pathParameters(rawUri);
  }

  @Test
  void shouldPercentDecodeTheValueAsUtf8() {
    assertThat(parse("/v1/identities/PHONE/%28415%29%20867-5309"))
        .containsExactly("PHONE", "(415) 867-5309");
    assertThat(parse("/v1/identities/EMAIL/jos%C3%A9%40example.com"))
        .containsExactly("EMAIL", "josé@example.com");
  }

  @Test
  void shouldKeepAPlusSignAsAPlusNotASpace() {
    assertThat(parse("/v1/identities/PHONE/+14158675309")).containsExactly("PHONE", "+14158675309");
    assertThat(parse("/v1/identities/PHONE/%2B14158675309"))
        .containsExactly("PHONE", "+14158675309");
  }

  @Test
  void shouldDecodeAnEncodedSlashOrPercentInsideTheValue() {
    assertThat(parse("/v1/identities/CHAT_USER/team%2Fu-1"))
        .containsExactly("CHAT_USER", "team/u-1");
    assertThat(parse("/v1/identities/CHAT_USER/a%25b")).containsExactly("CHAT_USER", "a%b");
  }

  @Test
  void shouldIgnoreTheQueryAndAnAbsoluteFormPrefix() {
    assertThat(parse("http://adapters:8080/v1/identities/EMAIL/a%40b.com?x=1"))
        .containsExactly("EMAIL", "a@b.com");
  }

  @Test
  void shouldNameTheFieldWhoseEncodingIsBroken() {
    assertThat(errors("/v1/identities/PHONE/%zz12"))
        .containsExactly(new FieldError(null, "value", "is not validly percent-encoded UTF-8"));
    assertThat(errors("/v1/identities/PHONE/12%4"))
        .extracting(FieldError::field)
        .containsExactly("value");
    assertThat(errors("/v1/identities/EMAIL/%E9t%E9"))
        .extracting(FieldError::field)
        .containsExactly("value");
    assertThat(errors("/v1/identities/PH%G0NE/1"))
        .extracting(FieldError::field)
        .containsExactly("type");
  }

  private static java.util.List<FieldError> errors(String rawUri) {
    return catchThrowableOfType(ProblemException.class, () -> parse(rawUri)).problem().errors();
  }
}

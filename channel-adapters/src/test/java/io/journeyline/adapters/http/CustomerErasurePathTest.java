package io.journeyline.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The path parameter of {@code DELETE /v1/customers/{customerId}}, decoded as sent. */
class CustomerErasurePathTest {

  private static String parse(String rawUri) {
    return Endpoints.CustomerErasure.customerId(rawUri);
  }

  @Test
  void shouldPercentDecodeTheCustomerIdAndKeepAPlusSign() {
    assertThat(parse("/v1/customers/C-7")).isEqualTo("C-7");
    assertThat(parse("/v1/customers/prov:PHONE:+14155550100?x=1"))
        .isEqualTo("prov:PHONE:+14155550100");
    assertThat(parse("/v1/customers/prov%3AEMAIL%3Aana%40example.com"))
        .isEqualTo("prov:EMAIL:ana@example.com");
    assertThat(parse("/v1/customers/team%2F7")).isEqualTo("team/7");
  }

  @Test
  void shouldNameTheCustomerIdWhenItIsBlankTooLongOrBroken() {
    assertThat(errors("/v1/customers/%20"))
        .extracting(FieldError::field)
        .containsExactly("customerId");
    assertThat(errors("/v1/customers/" + "x".repeat(301)))
        .containsExactly(new FieldError(null, "customerId", "is longer than 300 characters"));
    assertThat(errors("/v1/customers/%zz"))
        .extracting(FieldError::field)
        .containsExactly("customerId");
    assertThat(errors("/v1/customers/a%0Ab"))
        .containsExactly(new FieldError(null, "customerId", "must not contain control characters"));
  }

  @Test
  void shouldNotMatchAPathWithMoreSegments() {
    ProblemException e =
        catchThrowableOfType(ProblemException.class, () -> parse("/v1/customers/C-7/journey"));

    assertThat(e.problem().status()).isEqualTo(404);
  }

  private static List<FieldError> errors(String rawUri) {
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> parse(rawUri));
    assertThat(e.problem().status()).isEqualTo(400);
    return e.problem().errors();
  }
}

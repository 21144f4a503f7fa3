package io.journeyline.adapters.channels.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's documented example ("Validating signatures", auth token 12345). */
class TwilioSignatureTest {

  private static final String TOKEN = "12345";
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static Map<String, List<String>> params(String caller) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("CallSid", List.of("CA1234567890ABCDE"));
    p.put("Caller", List.of(caller));
    p.put("Digits", List.of("1234"));
    p.put("From", List.of(caller));
    p.put("To", List.of("+18005551212"));
    return p;
  }

  @Test
  void shouldComputeTwiliosDocumentedSignatures() {
    assertThat(TwilioSignature.compute(TOKEN, URL, params("+14158675309")))
        .isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(TwilioSignature.compute(TOKEN, URL, params("+14158675310")))
        .isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
  }

  @Test
  void shouldVerifyAndRejectTampering() {
    assertThat(
            TwilioSignature.verify(
                TOKEN, URL, params("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
        .isTrue();
    assertThat(
            TwilioSignature.verify(
                TOKEN, URL, params("+14158675310"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
        .isFalse();
    assertThat(
            TwilioSignature.verify(
                "other", URL, params("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
        .isFalse();
    assertThat(TwilioSignature.verify(TOKEN, URL, params("+14158675309"), null)).isFalse();
  }

  @Test
  void shouldAcceptTheUrlWithTheDefaultPortSpelledOut() {
    assertThat(
            TwilioSignature.verify(
                TOKEN,
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                params("+14158675309"),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
        .isTrue();
  }
}

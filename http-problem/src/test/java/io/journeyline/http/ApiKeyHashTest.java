package io.journeyline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class ApiKeyHashTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void shouldMatchTheKeyItWasMadeOfAndNothingElse() {
    ApiKeyHash hash = ApiKeyHash.of("s3cret-key", 10, RANDOM);

    assertThat(hash.matches("s3cret-key")).isTrue();
    assertThat(hash.matches("s3cret-key ")).isFalse();
    assertThat(hash.matches("S3cret-key")).isFalse();
    assertThat(hash.matches("")).isFalse();
    assertThat(hash.matches(null)).isFalse();
  }

  @Test
  void shouldSaltEveryHashSoThatEqualKeysStoreDifferently() {
    ApiKeyHash a = ApiKeyHash.of("same", 10, RANDOM);
    ApiKeyHash b = ApiKeyHash.of("same", 10, RANDOM);

    assertThat(a.encode()).isNotEqualTo(b.encode());
    assertThat(a.matches("same")).isTrue();
    assertThat(b.matches("same")).isTrue();
  }

  @Test
  void shouldRoundTripItsStoredForm() {
    ApiKeyHash hash = ApiKeyHash.of("k", 1234, RANDOM);

    String stored = hash.encode();
    ApiKeyHash parsed = ApiKeyHash.parse(stored);

    assertThat(stored).startsWith("pbkdf2-sha256:1234:").doesNotContain(",", "|", "$", "=");
    assertThat(parsed.encode()).isEqualTo(stored);
    assertThat(parsed.iterations()).isEqualTo(1234);
    assertThat(parsed.matches("k")).isTrue();
    assertThat(parsed.toString()).doesNotContain(stored.substring(20));
  }

  @Test
  void shouldEqualTheJdkPbkdf2WithHmacSha256ForAsciiKeys() throws Exception {
    byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    SecretKeyFactory jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    byte[] expected =
        jdk.generateSecret(new PBEKeySpec("a-key".toCharArray(), salt, 2000, 256)).getEncoded();

    assertThat(ApiKeyHash.pbkdf2("a-key", salt, 2000)).isEqualTo(expected);
  }

  @Test
  void shouldMatchTheRfc7914Pbkdf2HmacSha256TestVector() {
    // RFC 7914 section 11: P="passwd", S="salt", c=1, dkLen=64 -> the first 32 bytes.
    byte[] derived = ApiKeyHash.pbkdf2("passwd", "salt".getBytes(StandardCharsets.US_ASCII), 1);

    assertThat(java.util.HexFormat.of().formatHex(derived))
        .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
  }

  @Test
  void shouldRefuseMalformedStoredForms() {
    String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    assertThatThrownBy(() -> ApiKeyHash.parse("sha1:1:" + salt + ":" + hash))
        .hasMessageContaining("unknown hash algorithm");
    assertThatThrownBy(() -> ApiKeyHash.parse("pbkdf2-sha256:x:" + salt + ":" + hash))
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> ApiKeyHash.parse("pbkdf2-sha256:0:" + salt + ":" + hash))
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> ApiKeyHash.parse("pbkdf2-sha256:1:" + salt + ":" + salt))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ApiKeyHash.parse("pbkdf2-sha256:1:" + salt + ":not*base64"))
        .hasMessageContaining("base64url");
    assertThatThrownBy(() -> ApiKeyHash.parse("pbkdf2-sha256:1:" + salt))
        .hasMessageContaining("<iterations>:<salt>:<hash>");
  }

  @Test
  void shouldGenerateDistinct256BitKeys() {
    String a = ApiKeyHash.generateKey("jlq_", RANDOM);
    String b = ApiKeyHash.generateKey("jlq_", RANDOM);

    assertThat(a).startsWith("jlq_").hasSize(4 + 43).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
  }
}

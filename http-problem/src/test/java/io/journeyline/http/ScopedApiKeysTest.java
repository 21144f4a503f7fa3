package io.journeyline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopedApiKeysTest {

  private static final Set<String> SCOPES =
      Set.of("query:metrics", "query:personal", "ops:metrics");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static String entry(String name, String scopes, String key) {
    return name + ":" + scopes + ":" + ApiKeyHash.of(key, 5, RANDOM).encode();
  }

  @Test
  void shouldAuthenticateEachKeyWithItsOwnScopes() {
    ScopedApiKeys keys =
        ScopedApiKeys.parse(
            entry("dashboard", "query:metrics", "key-a")
                + " , "
                + entry("crm", "query:personal|query:metrics", "key-b")
                + ","
                + entry("ops", "*", "key-c"),
            SCOPES);

    assertThat(keys.entries()).hasSize(3);
    assertThat(keys.authenticate("key-a"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("dashboard");
              assertThat(e.scopes()).containsExactly("query:metrics");
            });
    assertThat(keys.authenticate("key-b").orElseThrow().scopes())
        .containsExactlyInAnyOrder("query:personal", "query:metrics");
    assertThat(keys.authenticate("key-c").orElseThrow().scopes()).isEqualTo(SCOPES);
    assertThat(keys.authenticate("key-d")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
  }

  @Test
  void shouldReadAnEmptySettingAsNoKeys() {
    assertThat(ScopedApiKeys.parse("", SCOPES).isEmpty()).isTrue();
    assertThat(ScopedApiKeys.parse(" , ", SCOPES).isEmpty()).isTrue();
    assertThat(ScopedApiKeys.parse(null, SCOPES).isEmpty()).isTrue();
  }

  @Test
  void shouldRoundTripAnEntry() {
    String text = entry("crm", "query:personal|query:metrics", "k");

    ScopedApiKeys.Entry parsed = ScopedApiKeys.parse(text, SCOPES).entries().get(0);

    assertThat(parsed.encode())
        .isEqualTo(ScopedApiKeys.parse(parsed.encode(), SCOPES).entries().get(0).encode());
    assertThat(parsed.encode()).startsWith("crm:query:metrics|query:personal:pbkdf2-sha256:5:");
  }

  @Test
  void shouldNameTheEntryButNeverEchoAHashWhenOneIsWrong() {
    String good = entry("a", "query:metrics", "k");
    String hashPart = good.substring(good.indexOf("pbkdf2"));

    assertThatThrownBy(() -> ScopedApiKeys.parse("plain-key", SCOPES))
        .hasMessageContaining("entry 1 is not <name>:<scopes>:");
    assertThatThrownBy(() -> ScopedApiKeys.parse(good + ",b:query:everything:" + hashPart, SCOPES))
        .hasMessageContaining("entry 'b' names an unknown scope 'query:everything'")
        .hasMessageNotContaining(hashPart);
    assertThatThrownBy(() -> ScopedApiKeys.parse(good + "," + good, SCOPES))
        .hasMessageContaining("'a' is used twice");
    assertThatThrownBy(() -> ScopedApiKeys.parse("a:query:metrics:pbkdf2-sha256:5:AAAA", SCOPES))
        .hasMessageContaining("entry 'a'");
  }
}

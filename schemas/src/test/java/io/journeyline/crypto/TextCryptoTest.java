package io.journeyline.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class TextCryptoTest {

  private static final String MASTER = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_MASTER =
      Base64.getEncoder()
          .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  private static final String PHONE = "PHONE:+14155550100";

  private final TextCrypto crypto = TextCrypto.fromBase64(MASTER);

  @Test
  void shouldDecryptWithTheUnwrappedDataKey() {
    // Given a data key made by the writer, and what the key topic holds of it
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    String encrypted = crypto.encrypt("I was charged twice 😡", key);

    // When the reader unwraps the key from the topic record
    SecretKey unwrapped = crypto.unwrap(key.name(), key.wrapped());

    // Then
    assertThat(encrypted).startsWith(TextCrypto.PREFIX + key.name() + ":");
    assertThat(encrypted).doesNotContain("charged").doesNotContain("+1415");
    assertThat(TextCrypto.keyName(encrypted)).contains(key.name());
    assertThat(TextCrypto.decrypt(encrypted, unwrapped)).isEqualTo("I was charged twice 😡");
  }

  @Test
  void shouldNameKeysByAKeyedHashOfTheIdentifierNotTheIdentifier() {
    TextCrypto.DataKey a = crypto.newDataKey(PHONE);
    TextCrypto.DataKey b = crypto.newDataKey(PHONE);

    assertThat(a.name()).startsWith(crypto.keyPrefix(PHONE)).doesNotContain("4155550100");
    assertThat(b.name()).startsWith(crypto.keyPrefix(PHONE)).isNotEqualTo(a.name());
    assertThat(crypto.keyPrefix("EMAIL:ann@example.com")).isNotEqualTo(crypto.keyPrefix(PHONE));
    assertThat(TextCrypto.fromBase64(OTHER_MASTER).keyPrefix(PHONE))
        .isNotEqualTo(crypto.keyPrefix(PHONE));
    assertThat(crypto.erasedMarker(PHONE)).isEqualTo(crypto.keyPrefix(PHONE) + "*");
  }

  @Test
  void shouldRefuseAnotherIdentifiersKey() {
    // Given text encrypted under one identifier's key
    String encrypted = crypto.encrypt("hello", crypto.newDataKey(PHONE));
    SecretKey other = crypto.newDataKey(PHONE).key();

    // Then another key (even of the same identifier) cannot read it
    assertThatThrownBy(() -> TextCrypto.decrypt(encrypted, other))
        .isInstanceOf(TextCrypto.CryptoException.class)
        .hasMessageNotContaining("hello");
  }

  @Test
  void shouldNotUnwrapUnderAnotherMasterKeyOrAnotherName() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);

    assertThatThrownBy(() -> TextCrypto.fromBase64(OTHER_MASTER).unwrap(key.name(), key.wrapped()))
        .isInstanceOf(TextCrypto.CryptoException.class);
    String otherName = crypto.newDataKey(PHONE).name();
    assertThatThrownBy(() -> crypto.unwrap(otherName, key.wrapped()))
        .isInstanceOf(TextCrypto.CryptoException.class);
  }

  @Test
  void shouldDetectAlteredCiphertext() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    String encrypted = crypto.encrypt("refund please", key);
    char last = encrypted.charAt(encrypted.length() - 2);
    String altered =
        encrypted.substring(0, encrypted.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + encrypted.charAt(encrypted.length() - 1);

    assertThatThrownBy(() -> TextCrypto.decrypt(altered, key.key()))
        .isInstanceOf(TextCrypto.CryptoException.class);
  }

  @Test
  void shouldUseAFreshIvForEveryText() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);

    assertThat(crypto.encrypt("same", key)).isNotEqualTo(crypto.encrypt("same", key));
  }

  @Test
  void shouldTellPlainTextFromEncryptedText() {
    assertThat(TextCrypto.isEncrypted("plain words")).isFalse();
    assertThat(TextCrypto.isEncrypted(null)).isFalse();
    assertThat(TextCrypto.keyName("plain words")).isEmpty();
    assertThat(crypto.encrypt(null, crypto.newDataKey(PHONE))).isNull();
  }

  @Test
  void shouldRefuseAMasterKeyOfTheWrongSizeWithoutEchoingIt() {
    assertThatThrownBy(() -> TextCrypto.fromBase64("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> TextCrypto.fromBase64("not base64 at all!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not base64 at all");
  }

  @Test
  void shouldAcceptAGeneratedMasterKey() {
    TextCrypto generated = TextCrypto.fromBase64(TextCrypto.generateMasterKey());
    TextCrypto.DataKey key = generated.newDataKey(PHONE);

    assertThat(
            TextCrypto.decrypt(
                generated.encrypt("ok", key), generated.unwrap(key.name(), key.wrapped())))
        .isEqualTo("ok");
  }
}

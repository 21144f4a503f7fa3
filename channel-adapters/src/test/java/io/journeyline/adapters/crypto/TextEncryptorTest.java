package io.journeyline.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.publish.OutboundRecord;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.crypto.TextCrypto;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncryptorTest {

  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final TextCrypto CRYPTO = TextCrypto.fromBase64(TextCrypto.generateMasterKey());

  private static TextEncryptor encryptor(Clock clock) {
    return new TextEncryptor(CRYPTO, "keys", Duration.ofHours(1), 1000, clock);
  }

  private static String decrypt(String encrypted, List<OutboundRecord> keyRecords) {
    String name = TextCrypto.keyName(encrypted).orElseThrow();
    OutboundRecord record =
        keyRecords.stream().filter(r -> r.key().equals(name)).findFirst().orElseThrow();
    ByteBuffer wrapped = ((WrappedDataKey) record.value()).getWrappedKey();
    byte[] bytes = new byte[wrapped.remaining()];
    wrapped.duplicate().get(bytes);
    return TextCrypto.decrypt(encrypted, CRYPTO.unwrap(name, bytes));
  }

  @Test
  void shouldPickTheCustomerIdThenPhoneThenEmailThenChatUserAsKeyOwner() {
    assertThat(TextEncryptor.keyOwner(new Customer("C-7", "+14155550100", null, null)))
        .isEqualTo("CUSTOMER_ID:C-7");
    assertThat(TextEncryptor.keyOwner(new Customer(null, "+14155550100", "a@b.c", null)))
        .isEqualTo("PHONE:+14155550100");
    assertThat(TextEncryptor.keyOwner(new Customer(null, null, "a@b.c", "u-1")))
        .isEqualTo("EMAIL:a@b.c");
    assertThat(TextEncryptor.keyOwner(new Customer(null, null, null, "u-1")))
        .isEqualTo("CHAT_USER:u-1");
  }

  @Test
  void shouldWriteANewKeyWithItsFirstTextAndReuseItOnceCommitted() {
    // Given
    TextEncryptor encryptor = encryptor(Clock.fixed(T0, ZoneOffset.UTC));

    // When a first batch encrypts two texts of one identifier
    TextEncryptor.Batch first = encryptor.batch();
    String a = first.encrypt("PHONE:+14155550100", "first");
    String b = first.encrypt("PHONE:+14155550100", "second");
    List<OutboundRecord> firstKeys = first.keyRecords();
    first.committed();
    TextEncryptor.Batch second = encryptor.batch();
    String c = second.encrypt("PHONE:+14155550100", "third");

    // Then one key record goes with the first batch, none with the second, and all decrypt
    assertThat(firstKeys).hasSize(1);
    assertThat(firstKeys.get(0).key()).startsWith(CRYPTO.keyPrefix("PHONE:+14155550100"));
    assertThat(second.keyRecords()).isEmpty();
    assertThat(decrypt(a, firstKeys)).isEqualTo("first");
    assertThat(decrypt(b, firstKeys)).isEqualTo("second");
    assertThat(decrypt(c, firstKeys)).isEqualTo("third");
  }

  @Test
  void shouldNotReuseTheKeyOfABatchThatWasNotCommitted() {
    TextEncryptor encryptor = encryptor(Clock.fixed(T0, ZoneOffset.UTC));
    TextEncryptor.Batch aborted = encryptor.batch();
    aborted.encrypt("EMAIL:a@b.c", "lost");

    TextEncryptor.Batch retry = encryptor.batch();
    String text = retry.encrypt("EMAIL:a@b.c", "kept");

    assertThat(retry.keyRecords()).hasSize(1);
    assertThat(decrypt(text, retry.keyRecords())).isEqualTo("kept");
  }

  @Test
  void shouldMakeANewKeyAfterTheTtl() {
    Instant[] now = {T0};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    TextEncryptor encryptor = encryptor(clock);
    TextEncryptor.Batch first = encryptor.batch();
    first.encrypt("CHAT_USER:u-1", "x");
    first.committed();

    now[0] = T0.plus(Duration.ofHours(1));
    TextEncryptor.Batch later = encryptor.batch();
    later.encrypt("CHAT_USER:u-1", "y");

    assertThat(later.keyRecords()).hasSize(1);
    assertThat(later.keyRecords().get(0).key()).isNotEqualTo(first.keyRecords().get(0).key());
  }

  @Test
  void shouldLeaveNullTextNull() {
    TextEncryptor.Batch batch = encryptor(Clock.systemUTC()).batch();

    assertThat(batch.encrypt("PHONE:+14155550100", null)).isNull();
    assertThat(batch.keyRecords()).isEmpty();
  }
}

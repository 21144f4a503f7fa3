package io.journeyline.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.WrappedDataKey;
import io.journeyline.crypto.TextCrypto;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TextReaderTest {

  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final String PHONE = "PHONE:+14155550100";
  private final TextCrypto crypto = TextCrypto.fromBase64(TextCrypto.generateMasterKey());
  private final Map<String, WrappedDataKey> topic = new ConcurrentHashMap<>();

  private static WrappedDataKey live(TextCrypto.DataKey key) {
    return WrappedDataKey.newBuilder()
        .setWrappedKey(ByteBuffer.wrap(key.wrapped()))
        .setCreatedAt(T0)
        .build();
  }

  private static WrappedDataKey shredded() {
    return WrappedDataKey.newBuilder()
        .setWrappedKey(null)
        .setCreatedAt(T0)
        .setShreddedAt(T0.plusSeconds(60))
        .build();
  }

  @Test
  void shouldReadPlainTextAsItIs() {
    TextReader reader = new TextReader(crypto, topic::get, Duration.ZERO);

    assertThat(reader.read("plain")).isEqualTo(new TextReader.Read("plain", null));
    assertThat(reader.read(null)).isEqualTo(new TextReader.Read(null, null));
  }

  @Test
  void shouldDecryptWithTheKeyFromTheKeyTopic() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    topic.put(key.name(), live(key));
    TextReader reader = new TextReader(crypto, topic::get, Duration.ZERO);

    assertThat(reader.read(crypto.encrypt("so angry", key)))
        .isEqualTo(new TextReader.Read("so angry", null));
  }

  @Test
  void shouldWaitForAKeyThatIsOnItsWay() throws Exception {
    // Given a key that reaches the table 200 ms after the text reaches the reader
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      later.schedule(() -> topic.put(key.name(), live(key)), 200, TimeUnit.MILLISECONDS);
      TextReader reader = new TextReader(crypto, topic::get, Duration.ofSeconds(10));

      // Then the reader waits for it
      assertThat(reader.read(crypto.encrypt("late key", key)).text()).isEqualTo("late key");
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void shouldNotReadTextWhoseKeyWasShreddedOrNeverCame() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    String text = crypto.encrypt("gone", key);
    TextReader reader = new TextReader(crypto, topic::get, Duration.ofMillis(20));

    assertThat(reader.read(text)).isEqualTo(new TextReader.Read(null, TextReader.Failure.MISSING));
    topic.put(key.name(), shredded());
    assertThat(reader.read(text)).isEqualTo(new TextReader.Read(null, TextReader.Failure.SHREDDED));
  }

  @Test
  void shouldNotReadTextUnderAnotherMasterKeyOrWithoutOne() {
    TextCrypto.DataKey key = crypto.newDataKey(PHONE);
    topic.put(key.name(), live(key));
    String text = crypto.encrypt("secret", key);
    TextCrypto other = TextCrypto.fromBase64(TextCrypto.generateMasterKey());

    assertThat(new TextReader(other, topic::get, Duration.ZERO).read(text).failure())
        .isEqualTo(TextReader.Failure.CORRUPT);
    assertThat(new TextReader(null, topic::get, Duration.ZERO).read(text).failure())
        .isEqualTo(TextReader.Failure.MISSING);
  }

  @Test
  void shouldRoundTripAnErasureScope() {
    ErasureScope scope =
        new ErasureScope("req-1", "ref", 42L, java.util.Set.of("C-7", "prov:PHONE:+14155550100"));

    assertThat(ErasureScope.decode(scope.encode())).isEqualTo(scope);
  }
}

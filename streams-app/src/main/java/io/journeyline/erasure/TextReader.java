package io.journeyline.erasure;

import io.journeyline.avro.WrappedDataKey;
import io.journeyline.crypto.TextCrypto;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Stage A's side of the text encryption: the plain text of a message, for scoring, from the data
 * key in the global {@code data-key-store}.
 *
 * <p>The adapters write a new data key in the same transaction as the first text encrypted under
 * it, but the global table is filled by a thread of its own, so a text may be processed before its
 * key has reached the store. The reader then waits for it, a few milliseconds at a time, up to
 * {@code wait}: the only case in which a stream thread blocks, once per new key at most.
 */
public final class TextReader {

  /** Why a text could not be read. */
  public enum Failure {
    /** Its data key was shredded by an erasure. */
    SHREDDED,
    /** Its data key did not reach the store within the wait (or there is no master key). */
    MISSING,
    /** The key or the ciphertext does not verify (another master key, altered bytes). */
    CORRUPT
  }

  /**
   * A read.
   *
   * @param text the plain text, null when it could not be read (or there was none)
   * @param failure why it could not be read, null otherwise
   */
  public record Read(String text, Failure failure) {}

  private final TextCrypto crypto;
  private final Function<String, WrappedDataKey> keys;
  private final long waitNanos;
  private final LongSupplier nanoTime;

  /**
   * @param crypto the master key's crypto, null when none is configured
   * @param keys the data-key records by name (the global data-key store)
   * @param wait how long to wait for a key that has not arrived
   */
  public TextReader(TextCrypto crypto, Function<String, WrappedDataKey> keys, Duration wait) {
    this(crypto, keys, wait, System::nanoTime);
  }

  TextReader(
      TextCrypto crypto,
      Function<String, WrappedDataKey> keys,
      Duration wait,
      LongSupplier nanoTime) {
    this.crypto = crypto;
    this.keys = keys;
    this.waitNanos = wait.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The plain text of a message text as written (encrypted or not). */
  public Read read(String text) {
    if (!TextCrypto.isEncrypted(text)) {
      return new Read(text, null);
    }
    String name = TextCrypto.keyName(text).orElse(null);
    if (crypto == null || name == null) {
      return new Read(null, Failure.MISSING);
    }
    WrappedDataKey key = keys.apply(name);
    long deadline = nanoTime.getAsLong() + waitNanos;
    while (key == null && nanoTime.getAsLong() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      key = keys.apply(name);
    }
    if (key == null) {
      return new Read(null, Failure.MISSING);
    }
    if (key.getWrappedKey() == null) {
      return new Read(null, Failure.SHREDDED);
    }
    try {
      ByteBuffer buffer = key.getWrappedKey().duplicate();
      byte[] wrapped = new byte[buffer.remaining()];
      buffer.get(wrapped);
      return new Read(TextCrypto.decrypt(text, crypto.unwrap(name, wrapped)), null);
    } catch (TextCrypto.CryptoException e) {
      return new Read(null, Failure.CORRUPT);
    }
  }
}

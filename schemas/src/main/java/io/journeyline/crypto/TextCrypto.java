package io.journeyline.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-shredding of message text: envelope encryption with one data key per customer identifier.
 *
 * <ul>
 *   <li><b>Master key</b> (32 bytes, from configuration, never written to Kafka). Two keys are
 *       derived from it with HMAC-SHA256 over fixed labels: the key-encryption key that wraps data
 *       keys, and the pseudonym key that turns an identifier into its {@linkplain #subjectRef
 *       reference}.
 *   <li><b>Data keys</b> (AES-256), made by the writer (the channel adapters) for an identifier
 *       (its link key, e.g. {@code PHONE:+14155550100}) and stored <em>wrapped</em> (AES-GCM under
 *       the key-encryption key) on the compacted key topic under their name {@code
 *       <subjectRef>/<keyId>}: a keyed hash of the identifier and 128 random bits. The name carries
 *       no identifier, so the key topic holds no personal data.
 *   <li><b>Ciphertext</b> of a text is {@code jlenc1:<key name>:<base64url(iv | ciphertext |
 *       tag)>}, AES-256-GCM with a random 96-bit IV and the key name as additional authenticated
 *       data (a ciphertext cannot be passed off under another key).
 *   <li><b>Shredding</b>: erasure replaces a data key's record by one without key material (then
 *       compaction drops the old one). Text encrypted under it, in any topic or backup, can no
 *       longer be decrypted, because the only copy of the key was that record; the master key alone
 *       does not give it back.
 * </ul>
 *
 * Thread-safe: every encryption makes its own {@link Cipher}; references use a {@link Mac} per
 * thread.
 */
public final class TextCrypto {

  /** The prefix of an encrypted text. */
  public static final String PREFIX = "jlenc1:";

  /** The key id of an identifier's erasure marker: {@code <subjectRef>/*}. */
  public static final String ERASED_KEY_ID = "*";

  private static final String AES_GCM = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;
  private static final int REF_BYTES = 16;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKey kek;
  private final SecureRandom random;

  /** One MAC per thread under the pseudonym key: references are computed per event. */
  private final ThreadLocal<Mac> refMac;

  private TextCrypto(byte[] master, SecureRandom random) {
    if (master.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (256 bits), got " + master.length);
    }
    this.kek = new SecretKeySpec(hmac(master, "journeyline key-encryption v1"), "AES");
    byte[] refKey = hmac(master, "journeyline subject-ref v1");
    this.refMac = ThreadLocal.withInitial(() -> mac(refKey));
    this.random = random;
  }

  /**
   * The crypto of a master key given in base64 (standard or URL-safe, padding optional).
   *
   * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes (the message never
   *     contains the key)
   */
  public static TextCrypto fromBase64(String masterKey) {
    Objects.requireNonNull(masterKey, "masterKey");
    byte[] bytes;
    try {
      String s = masterKey.strip().replace('+', '-').replace('/', '_').replace("=", "");
      bytes = B64D.decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key is not valid base64");
    }
    return new TextCrypto(bytes, new SecureRandom());
  }

  /** The crypto of raw master key bytes. */
  public static TextCrypto of(byte[] masterKey) {
    return new TextCrypto(masterKey.clone(), new SecureRandom());
  }

  /** A new random master key in base64 (for the demo and tests; `journeyline keys` for others). */
  public static String generateMasterKey() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The pseudonym of an identifier: base64url of the first 128 bits of HMAC-SHA256 under a key
   * derived from the master key. The same identifier always gives the same reference, so erasure
   * finds every data key of an identifier by this prefix; without the master key it cannot be
   * linked back to the identifier (a phone number's small space cannot be searched without it).
   *
   * @param linkKey the normalized identifier, {@code <TYPE>:<value>}
   */
  public String subjectRef(String linkKey) {
    byte[] digest = refMac.get().doFinal(linkKey.getBytes(StandardCharsets.UTF_8));
    return B64.encodeToString(Arrays.copyOf(digest, REF_BYTES));
  }

  /** The name prefix of every data key of an identifier: {@code <subjectRef>/}. */
  public String keyPrefix(String linkKey) {
    return subjectRef(linkKey) + "/";
  }

  /** The name of an identifier's erasure marker on the key topic: {@code <subjectRef>/*}. */
  public String erasedMarker(String linkKey) {
    return keyPrefix(linkKey) + ERASED_KEY_ID;
  }

  /** A new data key for an identifier: its name, the key, and the key wrapped for the key topic. */
  public DataKey newDataKey(String linkKey) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    String name = keyPrefix(linkKey) + B64.encodeToString(id);
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    SecretKey dek = new SecretKeySpec(key, "AES");
    return new DataKey(name, dek, seal(kek, key, name));
  }

  /**
   * Unwraps a data key read from the key topic.
   *
   * @param name the record key (bound to the wrapped bytes as additional data)
   * @param wrapped the record's wrapped key
   * @throws CryptoException when it was not wrapped under this master key for this name
   */
  public SecretKey unwrap(String name, byte[] wrapped) {
    return new SecretKeySpec(open(kek, wrapped, name), "AES");
  }

  /** Encrypts a text under a data key; null stays null. */
  public String encrypt(String text, DataKey key) {
    if (text == null) {
      return null;
    }
    return PREFIX
        + key.name()
        + ":"
        + B64.encodeToString(seal(key.key(), text.getBytes(StandardCharsets.UTF_8), key.name()));
  }

  /**
   * Decrypts a text encrypted by {@link #encrypt}.
   *
   * @throws CryptoException when the key is not the text's, or the text was altered
   */
  public static String decrypt(String encrypted, SecretKey key) {
    int colon = encrypted.indexOf(':', PREFIX.length());
    if (!isEncrypted(encrypted) || colon < 0) {
      throw new CryptoException("not an encrypted text");
    }
    String name = encrypted.substring(PREFIX.length(), colon);
    byte[] sealed;
    try {
      sealed = B64D.decode(encrypted.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("the ciphertext is not base64url");
    }
    return new String(open(key, sealed, name), StandardCharsets.UTF_8);
  }

  /** True when a text is in the encrypted format (text from other producers may be plain). */
  public static boolean isEncrypted(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  /** The name of the data key an encrypted text needs; empty for plain text. */
  public static Optional<String> keyName(String text) {
    if (!isEncrypted(text)) {
      return Optional.empty();
    }
    int colon = text.indexOf(':', PREFIX.length());
    return colon < 0 ? Optional.empty() : Optional.of(text.substring(PREFIX.length(), colon));
  }

  private byte[] seal(SecretKey key, byte[] plain, String aad) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-GCM encryption failed", e);
    }
  }

  private static byte[] open(SecretKey key, byte[] sealed, String aad) {
    if (sealed == null || sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new CryptoException("the ciphertext is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (GeneralSecurityException e) {
      // AEADBadTagException among them: wrong key or altered bytes; the message names neither
      throw new CryptoException("AES-GCM decryption failed (wrong key or altered data)", e);
    }
  }

  private static byte[] hmac(byte[] key, String label) {
    return mac(key).doFinal(label.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * A data key.
   *
   * @param name its name on the key topic, {@code <subjectRef>/<keyId>}
   * @param key the AES key
   * @param wrapped the key wrapped under the key-encryption key (what the key topic holds)
   */
  public record DataKey(String name, SecretKey key, byte[] wrapped) {}

  /** A failed decryption or unwrapping; its message never contains key material or text. */
  public static final class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CryptoException(String message) {
      super(message);
    }

    CryptoException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

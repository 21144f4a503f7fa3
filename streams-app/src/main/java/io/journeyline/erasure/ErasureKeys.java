package io.journeyline.erasure;

import io.journeyline.crypto.TextCrypto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pseudonyms erasure works with: an identifier's reference ({@link TextCrypto#subjectRef}, a
 * keyed hash under the master key), the names of its data keys and of its erasure marker on {@code
 * journeyline.data-keys}, and a customer's reference for the audit. Without a master key the
 * references are unkeyed SHA-256 hashes (then a phone number's reference could be found by trying
 * every number: configure a master key in production).
 */
public final class ErasureKeys {

  /** Length of a data key's random id in base64url (16 bytes), see {@link TextCrypto}. */
  static final int KEY_ID_CHARS = 22;

  /**
   * How many references {@link #ref} remembers. Every record of the topology asks for one or more
   * (stage A for each identifier of an event, the erasure guards for its customer), mostly of the
   * same recent customers; the keyed hash was 3 % of the stream threads' samples.
   */
  static final int REMEMBERED_REFS = 16_384;

  private final TextCrypto crypto;

  /** The latest references by link key, least recently used first; shared by the stream threads. */
  private final Map<String, String> refs =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED_REFS;
            }
          });

  public ErasureKeys(Optional<TextCrypto> crypto) {
    this.crypto = crypto.orElse(null);
  }

  /** The text crypto, when a master key is configured. */
  public Optional<TextCrypto> crypto() {
    return Optional.ofNullable(crypto);
  }

  /** An identifier's reference (its link key, e.g. {@code PHONE:+14155550100}). */
  public String ref(String linkKey) {
    return refs.computeIfAbsent(linkKey, this::hash);
  }

  private String hash(String linkKey) {
    if (crypto != null) {
      return crypto.subjectRef(linkKey);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(linkKey.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The name of an identifier's erasure marker on the key topic. */
  public String marker(String linkKey) {
    return ref(linkKey) + "/" + TextCrypto.ERASED_KEY_ID;
  }

  /** A customer's reference for the audit: the reference of {@code CUSTOMER_ID:<customerId>}. */
  public String customerRef(String customerId) {
    return ref("CUSTOMER_ID:" + customerId);
  }

  /**
   * The first and last possible data key names of an identifier. Key names have one length (the
   * reference, {@code /}, 22 base64url characters), so the range holds exactly the identifier's
   * data keys also in the store's serialized key order (Avro strings are length-prefixed): the
   * marker {@code <ref>/*} and other identifiers' keys lie outside it.
   */
  public String[] keyRange(String linkKey) {
    String prefix = ref(linkKey) + "/";
    return new String[] {prefix + "-".repeat(KEY_ID_CHARS), prefix + "z".repeat(KEY_ID_CHARS)};
  }
}

package io.journeyline.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A salted, stretched hash of an API key, as it is stored in configuration: {@code
 * pbkdf2-sha256:<iterations>:<salt>:<hash>}, PBKDF2-HMAC-SHA256 (RFC 8018) with a 16-byte random
 * salt and a 32-byte output, salt and hash in unpadded base64url (so that the text holds no {@code
 * ,}, {@code :}, {@code |} or {@code $}, and survives properties files, environment variables and
 * docker-compose interpolation).
 *
 * <p>Keys made by {@link #generateKey} are 256-bit random secrets: what protects them is their
 * entropy, the salt defeats precomputed tables, and {@value #DEFAULT_ITERATIONS} iterations keep
 * verification cheap (it runs on every request, for every configured key). A key a human chose
 * deserves more iterations ({@code journeyline keys hash --iterations}).
 *
 * <p>{@link #matches} compares with {@link MessageDigest#isEqual} (constant time for equal lengths;
 * every hash has the same length).
 */
public final class ApiKeyHash {

  /** The one algorithm so far; the prefix leaves room for another. */
  public static final String ALGORITHM = "pbkdf2-sha256";

  /** Iterations of a new hash unless told otherwise. */
  public static final int DEFAULT_ITERATIONS = 1_000;

  /** The most iterations a configured hash may ask for (a bound on the cost of one request). */
  public static final int MAX_ITERATIONS = 1_000_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private ApiKeyHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** Hashes {@code key} with a fresh random salt. */
  public static ApiKeyHash of(String key, int iterations, SecureRandom random) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an API key must not be empty");
    }
    requireIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new ApiKeyHash(iterations, salt, pbkdf2(key, salt, iterations));
  }

  /** A new API key: 32 random bytes in base64url (43 characters), prefixed {@code prefix}. */
  public static String generateKey(String prefix, SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return prefix + B64.encodeToString(secret);
  }

  /**
   * Parses {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}.
   *
   * @throws IllegalArgumentException naming what is wrong (never echoing the text)
   */
  public static ApiKeyHash parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "a key hash is " + ALGORITHM + ":<iterations>:<salt>:<hash>");
    }
    if (!parts[0].equals(ALGORITHM)) {
      throw new IllegalArgumentException("unknown hash algorithm (only " + ALGORITHM + ")");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the iterations are not a number");
    }
    requireIterations(iterations);
    byte[] salt;
    byte[] hash;
    try {
      salt = B64D.decode(parts[2]);
      hash = B64D.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the salt or the hash is not base64url");
    }
    if (salt.length < 8) {
      throw new IllegalArgumentException("the salt is shorter than 8 bytes");
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("the hash is not " + HASH_BYTES + " bytes");
    }
    return new ApiKeyHash(iterations, salt, hash);
  }

  /** Whether {@code presented} is the key this hash was made of; constant time in the hashes. */
  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(hash, pbkdf2(presented, salt, iterations));
  }

  /** The stored form, {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}. */
  public String encode() {
    return ALGORITHM
        + ":"
        + iterations
        + ":"
        + B64.encodeToString(salt)
        + ":"
        + B64.encodeToString(hash);
  }

  public int iterations() {
    return iterations;
  }

  @Override
  public String toString() {
    return ALGORITHM + ":" + iterations + ":(hidden)";
  }

  private static void requireIterations(int iterations) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("the iterations must lie in [1, " + MAX_ITERATIONS + "]");
    }
  }

  /**
   * PBKDF2-HMAC-SHA256 with one output block (32 bytes), written on {@link Mac} rather than {@code
   * SecretKeyFactory} so that a key of any content is hashed from its UTF-8 bytes (the JDK's PBE
   * key spec takes a {@code char[]} and its encoding is provider-defined). Equal to {@code
   * PBKDF2WithHmacSHA256} for ASCII keys (a test checks it).
   */
  static byte[] pbkdf2(String key, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(salt);
      mac.update(new byte[] {0, 0, 0, 1});
      byte[] u = mac.doFinal();
      byte[] out = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < out.length; j++) {
          out[j] ^= u[j];
        }
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

package io.journeyline.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks presented API keys against the configured ones in constant time: every configured key is
 * compared (no early exit), on SHA-256 digests so that the comparison takes the same time whatever
 * the lengths.
 */
public final class ApiKeyAuthenticator {

  private record Key(byte[] digest, Set<String> endpoints) {}

  private final List<Key> keys = new ArrayList<>();

  public ApiKeyAuthenticator(Map<String, Set<String>> keys) {
    keys.forEach((key, endpoints) -> this.keys.add(new Key(digest(key), Set.copyOf(endpoints))));
  }

  /** The endpoints the presented key may call, or empty when it is not a configured key. */
  public Optional<Set<String>> endpointsFor(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = digest(presented);
    Set<String> match = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(key.digest(), given)) {
        match = key.endpoints();
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.journeyline.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * API keys with scopes, stored hashed: a comma-separated list of entries {@code
 * <name>:<scope>[|<scope>...]:pbkdf2-sha256:<iterations>:<salt>:<hash>} (see {@link ApiKeyHash});
 * the scope {@code *} stands for every scope. The name says whose key it is (it is logged, the key
 * never is) and must be unique.
 *
 * <p>{@link #authenticate} checks a presented key against every entry, without an early exit, and
 * compares the hashes in constant time, so the answer's timing does not tell which entry (if any)
 * came close.
 */
public final class ScopedApiKeys {

  /** One configured key: its name, its scopes and its hash. */
  public record Entry(String name, Set<String> scopes, ApiKeyHash hash) {
    public Entry {
      scopes = Set.copyOf(scopes);
    }

    /** The configuration text of this entry. */
    public String encode() {
      return name + ":" + String.join("|", new TreeSet<>(scopes)) + ":" + hash.encode();
    }
  }

  private final List<Entry> entries;

  private ScopedApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No keys. */
  public static ScopedApiKeys none() {
    return new ScopedApiKeys(List.of());
  }

  /**
   * Parses the configured entries.
   *
   * @param text the setting's value (may be empty)
   * @param known the scopes an entry may name
   * @throws IllegalArgumentException naming the entry (by position and name) and what is wrong,
   *     never echoing a hash
   */
  public static ScopedApiKeys parse(String text, Set<String> known) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    int position = 0;
    for (String raw : (text == null ? "" : text).split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      position++;
      // Scopes hold ':' themselves: the name is the first field, the hash the last four.
      String[] parts = item.split(":", -1);
      if (parts.length < 6 || parts[0].isBlank()) {
        throw new IllegalArgumentException(
            "entry "
                + position
                + " is not <name>:<scopes>:"
                + ApiKeyHash.ALGORITHM
                + ":<iterations>:<salt>:<hash> (make one with 'journeyline keys hash')");
      }
      int hashAt = parts.length - 4;
      String scopeText = String.join(":", java.util.Arrays.copyOfRange(parts, 1, hashAt));
      String hashText = String.join(":", java.util.Arrays.copyOfRange(parts, hashAt, parts.length));
      String name = parts[0].trim();
      if (!names.add(name)) {
        throw new IllegalArgumentException(
            "entry " + position + ": the name '" + name + "' is used twice");
      }
      Set<String> scopes = new TreeSet<>();
      for (String s : scopeText.split("\\|")) {
        String scope = s.trim();
        if (scope.equals("*")) {
          scopes.addAll(known);
        } else if (known.contains(scope)) {
          scopes.add(scope);
        } else {
          throw new IllegalArgumentException(
              "entry '"
                  + name
                  + "' names an unknown scope '"
                  + scope
                  + "'; known: "
                  + new TreeSet<>(known)
                  + " or *");
        }
      }
      ApiKeyHash hash;
      try {
        hash = ApiKeyHash.parse(hashText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry '" + name + "': " + e.getMessage());
      }
      entries.add(new Entry(name, scopes, hash));
    }
    return new ScopedApiKeys(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The entry whose key {@code presented} is, if any; every entry is checked. */
  public Optional<Entry> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    Entry match = null;
    for (Entry entry : entries) {
      if (entry.hash().matches(presented) && match == null) {
        match = entry;
      }
    }
    return Optional.ofNullable(match);
  }

  /**
   * The key a request presents, as the ingest API reads it: the {@code header} (by default {@code
   * X-API-Key}), else {@code Authorization: Bearer <key>}.
   */
  public static Optional<String> presentedKey(HttpServerExchange exchange, String header) {
    String key = exchange.getRequestHeaders().getFirst(header);
    if (key == null) {
      String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
      if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        key = authorization.substring(7).trim();
      }
    }
    return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key);
  }

  @Override
  public String toString() {
    return entries.size() + " key(s)";
  }
}

package io.journeyline.adapters.crypto;

import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.publish.OutboundRecord;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.crypto.TextCrypto;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encrypts message text before it is written, under a data key of the customer identifier the event
 * carries (the first of customer id, phone, email, chat user id, normalized as the identity graph
 * names them: {@code CUSTOMER_ID:C-7}, {@code PHONE:+14155550100}, …). See {@link TextCrypto}.
 *
 * <p><b>Keys per identifier, made here.</b> The adapters know identifiers, not the customer the
 * streams app resolves them to, so a key belongs to one identifier; erasing a customer shreds the
 * keys of every identifier of the customer. The adapters stay stateless: each instance makes its
 * own key for an identifier the first time it encrypts for it, writes it to the key topic in the
 * <em>same transaction</em> as the events it encrypted (so a reader never sees text whose key was
 * never written), and reuses it for {@code ttl}; then it makes a new one. Two instances, or a
 * restart, simply mean two keys for one identifier, each named under the identifier's keyed hash,
 * so erasure finds them all. The TTL bounds how long an instance keeps using a key that an erasure
 * shredded (text of a returning customer encrypted under it right after the erasure cannot be read,
 * so it is not scored).
 *
 * <p>A batch takes its keys with {@link #batch()}: a key enters the cache only once its batch was
 * committed ({@link Batch#committed()}), so an aborted transaction never leaves a key behind that
 * was not written.
 */
public final class TextEncryptor {

  private final TextCrypto crypto;
  private final String keyTopic;
  private final Duration ttl;
  private final Clock clock;

  /** The most identifiers whose key one instance caches. */
  public static final int MAX_CACHED = 100_000;

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final int maxCached;

  private record Cached(TextCrypto.DataKey key, long expiresAt) {}

  /**
   * @param crypto the master key's crypto
   * @param keyTopic the data-key topic's name
   * @param ttl how long a key is used for new text
   * @param maxCached the most identifiers cached (beyond it the cache is emptied: new keys follow)
   * @param clock the wall clock
   */
  public TextEncryptor(
      TextCrypto crypto, String keyTopic, Duration ttl, int maxCached, Clock clock) {
    this.crypto = crypto;
    this.keyTopic = keyTopic;
    this.ttl = ttl;
    this.maxCached = maxCached;
    this.clock = clock;
  }

  /** The link key whose data key encrypts an event's text, or null without an identifier. */
  public static String keyOwner(Customer customer) {
    if (customer == null) {
      return null;
    }
    if (customer.customerId() != null) {
      return "CUSTOMER_ID:" + customer.customerId();
    }
    if (customer.phone() != null) {
      return "PHONE:" + customer.phone();
    }
    if (customer.email() != null) {
      return "EMAIL:" + customer.email();
    }
    return customer.chatUserId() == null ? null : "CHAT_USER:" + customer.chatUserId();
  }

  /** The keys of one batch (one transaction). Not thread-safe: one per request. */
  public Batch batch() {
    return new Batch();
  }

  /** The keys one batch uses, and the key records it must write. */
  public final class Batch {
    private final Map<String, TextCrypto.DataKey> fresh = new LinkedHashMap<>();
    private final Map<String, TextCrypto.DataKey> used = new LinkedHashMap<>();

    private Batch() {}

    /**
     * The text encrypted under the owner's key; null stays null, and so does text without owner.
     */
    public String encrypt(String owner, String text) {
      if (text == null) {
        return null;
      }
      if (owner == null) {
        return text;
      }
      return crypto.encrypt(text, key(owner));
    }

    private TextCrypto.DataKey key(String owner) {
      TextCrypto.DataKey key = used.get(owner);
      if (key != null) {
        return key;
      }
      long now = clock.millis();
      Cached cached = cache.get(owner);
      if (cached != null && cached.expiresAt() > now) {
        key = cached.key();
      } else {
        key = crypto.newDataKey(owner);
        fresh.put(owner, key);
      }
      used.put(owner, key);
      return key;
    }

    /** The key records to write in the batch's transaction, before its events. */
    public List<OutboundRecord> keyRecords() {
      Instant now = clock.instant();
      return fresh.values().stream()
          .map(
              k ->
                  OutboundRecord.keyed(
                      keyTopic,
                      k.name(),
                      WrappedDataKey.newBuilder()
                          .setWrappedKey(ByteBuffer.wrap(k.wrapped()))
                          .setCreatedAt(now)
                          .build()))
          .toList();
    }

    /** Called once the batch's transaction committed: its new keys may be reused. */
    public void committed() {
      if (cache.size() + fresh.size() > maxCached) {
        cache.clear();
      }
      long expiresAt = clock.millis() + ttl.toMillis();
      fresh.forEach((owner, key) -> cache.put(owner, new Cached(key, expiresAt)));
    }
  }
}

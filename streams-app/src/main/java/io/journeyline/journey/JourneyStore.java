package io.journeyline.journey;

import io.journeyline.avro.AlertType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How a customer's {@link JourneyState} lies in {@code journey-store}: split by conversation key,
 * so that an event rewrites the record of its own conversation and a small header, not the
 * customer's whole history.
 *
 * <ul>
 *   <li>The <b>header</b>, under {@code <customerId>\0}: the derivation's watermark, the registered
 *       deadline and the moves waiting for a transfer. It exists while the customer has state.
 *   <li>A <b>part</b> per conversation key, under {@code <customerId>\0<hash of the key>}: the
 *       key's events, its first start, its moved-out marker, and the bookkeeping of its contacts
 *       (revisions, late corrections, alerts sent, pinned repeat verdicts, surveys; a contact is
 *       named by its key, or {@code <key>@<start instant>}: {@link ContactIds#conversationKey}).
 * </ul>
 *
 * <p>One prefix scan reads them all. A save compares each record with what the load read and writes
 * only those that changed (and deletes those that are gone); the record cache then coalesces what
 * one commit interval wrote. Where an entry lies only decides how much is rewritten, never what is
 * read: a load is the union of the records, whichever holds an entry (two keys whose hashes collide
 * share a part). A state an earlier version wrote as one record under the customer id is read whole
 * when the customer has no other record, and split at its next save (which deletes it). A customer
 * id containing {@code \0} keeps its state in that one record.
 *
 * <p><b>A copy in memory.</b> Given room for events, the store keeps the state of the customers it
 * saved most recently as objects, with the records they were written as and the contacts the last
 * update derived from them. Their next load reads only the header and, when the header's {@link
 * JourneyState#stamp() stamp} is the one the copy was saved with, uses the copy: no prefix scan, no
 * deserialisation, and the contacts before the change already derived. Every save that writes
 * anything writes a new random stamp, so a copy is never used after another writer (the
 * journey-erasure processor has a store of its own over the same records) or a restored store
 * changed the records. A load hands the copy to the caller (it is dropped from memory until the
 * next save); the copy is bounded by the events it holds, the least recently saved customers going
 * first.
 */
public final class JourneyStore {

  /** Separates the customer id from a part's name in a part's key. */
  static final char PART = '\u0000';

  private final KeyValueStore<String, JourneyState> store;
  private final int copyEvents;

  /** Customers' states kept in memory, the least recently saved first. */
  private final LinkedHashMap<String, Copy> copies = new LinkedHashMap<>();

  private long copiedEvents;

  /** A customer's state as the last save left it, and what that save knew of it. */
  private record Copy(
      JourneyState state,
      Map<String, JourneyState> records,
      JourneyAggregator.Derived derived,
      int events) {}

  /** A store without a copy in memory: every load reads the records. */
  public JourneyStore(KeyValueStore<String, JourneyState> store) {
    this(store, 0);
  }

  /**
   * A store that keeps recently saved customers' states in memory.
   *
   * @param copyEvents how many events the copies may hold in all (0: no copy)
   */
  public JourneyStore(KeyValueStore<String, JourneyState> store, int copyEvents) {
    this.store = Objects.requireNonNull(store, "store");
    if (copyEvents < 0) {
      throw new IllegalArgumentException("copyEvents must not be negative: " + copyEvents);
    }
    this.copyEvents = copyEvents;
  }

  /**
   * A customer's state as read, and the records it was read from (what a save compares with).
   *
   * <p>{@link #state()} is null when the customer has no state.
   */
  public static final class Loaded {
    private final String customerId;
    private final JourneyState state;
    private final JourneyAggregator.Derived derived;
    private Map<String, JourneyState> records;

    private Loaded(
        String customerId,
        JourneyState state,
        Map<String, JourneyState> records,
        JourneyAggregator.Derived derived) {
      this.customerId = customerId;
      this.state = state;
      this.records = records;
      this.derived = derived;
    }

    /** The customer's state (the caller may change it and save it), or null when none. */
    public JourneyState state() {
      return state;
    }

    /**
     * The derivation of this state at its {@link JourneyState#derivedAt()}, when it came from the
     * copy in memory and the save that left it there knew them; else null.
     */
    public JourneyAggregator.Derived derived() {
      return derived;
    }
  }

  /**
   * Reads a customer's state for a change: from the copy in memory when its stamp is the store's,
   * else from the records. The copy is the caller's from now on: save it, or drop it.
   */
  public Loaded load(String customerId) {
    Copy copy = takeCopy(customerId);
    if (copy != null && current(customerId, copy)) {
      return new Loaded(customerId, copy.state(), copy.records(), copy.derived());
    }
    Map<String, JourneyState> records = records(store, customerId);
    return new Loaded(customerId, assemble(customerId, records), records, null);
  }

  /**
   * Reads a customer's state only to look at it (the caller must not change it): the copy in memory
   * stays there.
   */
  public JourneyState peek(String customerId) {
    Copy copy = copies.get(customerId);
    if (copy != null && current(customerId, copy)) {
      return copy.state();
    }
    return assemble(customerId, records(store, customerId));
  }

  /**
   * Whether the store still holds what a copy was saved as: its header carries the copy's stamp.
   */
  private boolean current(String customerId, Copy copy) {
    JourneyState header = store.get(headerKey(customerId));
    return header != null && header.stamp() == copy.state().stamp();
  }

  private Copy takeCopy(String customerId) {
    Copy copy = copies.remove(customerId);
    if (copy != null) {
      copiedEvents -= copy.events();
    }
    return copy;
  }

  /** Keeps a saved state in memory, dropping the least recently saved beyond the bound. */
  private void keepCopy(
      JourneyState state, Map<String, JourneyState> records, JourneyAggregator.Derived derived) {
    String customerId = state.customerId();
    takeCopy(customerId);
    if (copyEvents == 0 || state.stamp() == 0 || !splittable(customerId)) {
      return;
    }
    // a sealed contact weighs about as much as one of its events did
    Copy copy = new Copy(state, records, derived, state.events().size() + state.sealed().size());
    copies.put(customerId, copy);
    copiedEvents += copy.events();
    Iterator<Map.Entry<String, Copy>> eldest = copies.entrySet().iterator();
    while (copiedEvents > copyEvents && eldest.hasNext()) {
      copiedEvents -= eldest.next().getValue().events();
      eldest.remove();
    }
  }

  /** How many customers' states are held in memory (for tests). */
  int copies() {
    return copies.size();
  }

  /**
   * Writes a customer's state: the records whose content changed since the load (or the last save
   * through it), and deletes those that are no longer needed. An empty state is deleted.
   *
   * @param loaded what was loaded for the customer
   * @param state its state now (the loaded one changed, or a new one)
   */
  public void save(Loaded loaded, JourneyState state) {
    save(loaded, state, null);
  }

  /**
   * As {@link #save(Loaded, JourneyState)}, with the derivation of the state as saved at its {@link
   * JourneyState#derivedAt()}, which the next load from the copy in memory returns.
   *
   * @param derived that derivation, or null when not known
   */
  public void save(Loaded loaded, JourneyState state, JourneyAggregator.Derived derived) {
    if (!state.customerId().equals(loaded.customerId)) {
      throw new IllegalArgumentException(
          "state of " + state.customerId() + " saved as " + loaded.customerId);
    }
    if (state.isEmpty()) {
      delete(loaded);
      return;
    }
    Map<String, JourneyState> next = split(state);
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, JourneyState> record : next.entrySet()) {
      JourneyState before = loaded.records.get(record.getKey());
      if (before == null || !before.sameContent(record.getValue())) {
        changed.add(record.getKey());
      }
    }
    List<String> gone = new ArrayList<>();
    for (String key : loaded.records.keySet()) {
      if (!next.containsKey(key)) {
        gone.add(key);
      }
    }
    if (!changed.isEmpty() || !gone.isEmpty()) {
      // a new stamp, and so a new header, with every write
      String headerKey = headerRecordKey(state.customerId());
      long stamp = newStamp(state.stamp());
      state.stamp(stamp);
      next.get(headerKey).stamp(stamp);
      if (!changed.contains(headerKey)) {
        changed.add(headerKey);
      }
      changed.forEach(key -> store.put(key, next.get(key)));
      gone.forEach(store::delete);
    }
    loaded.records = next;
    keepCopy(state, next, derived);
  }

  /** A random stamp, never 0 (unstamped) and never the previous one. */
  private static long newStamp(long previous) {
    long stamp;
    do {
      stamp = ThreadLocalRandom.current().nextLong();
    } while (stamp == 0 || stamp == previous);
    return stamp;
  }

  /** Deletes every record of a customer's state. */
  public void delete(Loaded loaded) {
    for (String key : loaded.records.keySet()) {
      store.delete(key);
    }
    loaded.records = Map.of();
    takeCopy(loaded.customerId);
  }

  /** A customer's state as an interactive query reads it, or null when none. */
  public static JourneyState read(
      ReadOnlyKeyValueStore<String, JourneyState> store, String customerId) {
    return assemble(customerId, records(store, customerId));
  }

  /** The records of a customer's state by store key (header first), empty when it has none. */
  static Map<String, JourneyState> records(
      ReadOnlyKeyValueStore<String, JourneyState> store, String customerId) {
    Map<String, JourneyState> records = new TreeMap<>();
    if (splittable(customerId)) {
      // one scan reads the header and the parts: every key begins with the header's
      try (KeyValueIterator<String, JourneyState> it =
          store.prefixScan(headerKey(customerId), new StringSerializer())) {
        while (it.hasNext()) {
          KeyValue<String, JourneyState> record = it.next();
          records.put(record.key, record.value);
        }
      }
      if (!records.isEmpty()) {
        return records;
      }
    }
    // the whole state in one record, as an earlier version wrote every state
    JourneyState whole = store.get(customerId);
    if (whole != null) {
      records.put(customerId, whole);
    }
    return records;
  }

  /** The state the records make up (header first), or null when there are none. */
  private static JourneyState assemble(String customerId, Map<String, JourneyState> records) {
    if (records.isEmpty()) {
      return null;
    }
    JourneyState header = records.get(headerKey(customerId));
    if (header == null) {
      header = records.get(customerId);
    }
    JourneyState state = new JourneyState(customerId);
    if (header != null) {
      state.derivedAt(header.derivedAt());
      state.timerAt(header.timerAt());
      state.stamp(header.stamp());
    }
    // in key order: the header's entries first, then the parts'
    records.values().forEach(state::absorb);
    return state;
  }

  /** The records of a state, by store key; the header always among them. */
  static Map<String, JourneyState> split(JourneyState state) {
    return new Splitter(state).split();
  }

  /** Sorts a state's entries into its records (once per save: kept cheap for long histories). */
  private static final class Splitter {
    private final JourneyState state;
    private final Map<String, JourneyState> records = new TreeMap<>();
    private final JourneyState header;
    private final boolean split;
    private final Map<String, JourneyState> byConversation = new HashMap<>();

    Splitter(JourneyState state) {
      this.state = state;
      String customerId = state.customerId();
      header = new JourneyState(customerId);
      header.derivedAt(state.derivedAt());
      header.timerAt(state.timerAt());
      header.stamp(state.stamp());
      header.deferredMoves().addAll(state.deferredMoves());
      split = splittable(customerId);
      records.put(headerRecordKey(customerId), header);
    }

    Map<String, JourneyState> split() {
      for (ContactEvent event : state.events()) {
        part(event.conversationKey()).events().add(event);
      }
      for (SealedContact contact : state.sealed()) {
        part(contact.conversationKey()).sealed().add(contact);
      }
      state.firstStartByKey().forEach((key, at) -> part(key).firstStartByKey().put(key, at));
      state.movedOut().forEach((key, marker) -> part(key).movedOut().put(key, marker));
      state.revisions().forEach((id, r) -> contactPart(id).revisions().put(id, r));
      state.lateCorrections().forEach((id, n) -> contactPart(id).lateCorrections().put(id, n));
      state.pinned().forEach((id, p) -> contactPart(id).pinned().put(id, p));
      state.surveys().forEach((id, v) -> contactPart(id).surveys().put(id, v));
      for (String alert : state.alertsSent()) {
        contactPart(alertContact(alert)).alertsSent().add(alert);
      }
      return records;
    }

    /** The part of a contact: its conversation key's. */
    private JourneyState contactPart(String contactId) {
      // the first contact of a key is named by the key, a later one <key>@<start instant>
      if (state.firstStartByKey().containsKey(contactId)) {
        return part(contactId);
      }
      int at = contactId.lastIndexOf('@');
      if (at > 0) {
        String key = contactId.substring(0, at);
        if (state.firstStartByKey().containsKey(key) || byConversation.containsKey(key)) {
          return part(key);
        }
      }
      return part(ContactIds.conversationKey(contactId));
    }

    private JourneyState part(String conversationKey) {
      if (!split) {
        return header;
      }
      JourneyState part = byConversation.get(conversationKey);
      if (part == null) {
        part =
            records.computeIfAbsent(
                partKey(state.customerId(), conversationKey),
                k -> {
                  JourneyState p = new JourneyState(state.customerId());
                  // not read back (the header's count); 0 is one byte where the unset value is ten
                  p.derivedAt(0);
                  p.timerAt(0);
                  return p;
                });
        byConversation.put(conversationKey, part);
      }
      return part;
    }
  }

  /** The contact id of an {@link JourneyState#alertsSent()} entry. */
  private static String alertContact(String entry) {
    int colon = entry.indexOf(':');
    if (colon > 0) {
      String type = entry.substring(0, colon);
      for (AlertType t : AlertType.values()) {
        if (t != AlertType.NEGATIVE_SENTIMENT && t.name().equals(type)) {
          return entry.substring(colon + 1);
        }
      }
    }
    return entry;
  }

  /** The store key of a customer's header: the prefix of every key of its state. */
  static String headerKey(String customerId) {
    return customerId + PART;
  }

  /** The key of the record that holds a customer's header: the whole state when not split. */
  private static String headerRecordKey(String customerId) {
    return splittable(customerId) ? headerKey(customerId) : customerId;
  }

  /** The store key of the part that holds a conversation key's records. */
  static String partKey(String customerId, String conversationKey) {
    return headerKey(customerId) + Integer.toHexString(conversationKey.hashCode());
  }

  /** A customer id that cannot be told from a part's key is kept in one record. */
  private static boolean splittable(String customerId) {
    return customerId.indexOf(PART) < 0;
  }
}

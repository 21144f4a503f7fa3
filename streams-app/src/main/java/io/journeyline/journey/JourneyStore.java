package io.journeyline.journey;

import io.journeyline.avro.AlertType;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 */
public final class JourneyStore {

  /** Separates the customer id from a part's name in a part's key. */
  static final char PART = '\u0000';

  private final KeyValueStore<String, JourneyState> store;

  public JourneyStore(KeyValueStore<String, JourneyState> store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * A customer's state as read, and the records it was read from (what a save compares with).
   *
   * <p>{@link #state()} is null when the customer has no state.
   */
  public static final class Loaded {
    private final String customerId;
    private final JourneyState state;
    private Map<String, JourneyState> records;

    private Loaded(String customerId, JourneyState state, Map<String, JourneyState> records) {
      this.customerId = customerId;
      this.state = state;
      this.records = records;
    }

    /** The customer's state (the caller may change it and save it), or null when none. */
    public JourneyState state() {
      return state;
    }
  }

  /** Reads a customer's state. */
  public Loaded load(String customerId) {
    Map<String, JourneyState> records = records(store, customerId);
    return new Loaded(customerId, assemble(customerId, records), records);
  }

  /**
   * Writes a customer's state: the records whose content changed since the load (or the last save
   * through it), and deletes those that are no longer needed. An empty state is deleted.
   *
   * @param loaded what was loaded for the customer
   * @param state its state now (the loaded one changed, or a new one)
   */
  public void save(Loaded loaded, JourneyState state) {
    if (!state.customerId().equals(loaded.customerId)) {
      throw new IllegalArgumentException(
          "state of " + state.customerId() + " saved as " + loaded.customerId);
    }
    if (state.isEmpty()) {
      delete(loaded);
      return;
    }
    Map<String, JourneyState> next = split(state);
    for (Map.Entry<String, JourneyState> record : next.entrySet()) {
      JourneyState before = loaded.records.get(record.getKey());
      if (before == null || !before.sameContent(record.getValue())) {
        store.put(record.getKey(), record.getValue());
      }
    }
    for (String key : loaded.records.keySet()) {
      if (!next.containsKey(key)) {
        store.delete(key);
      }
    }
    loaded.records = next;
  }

  /** Deletes every record of a customer's state. */
  public void delete(Loaded loaded) {
    for (String key : loaded.records.keySet()) {
      store.delete(key);
    }
    loaded.records = Map.of();
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
      header.deferredMoves().addAll(state.deferredMoves());
      split = splittable(customerId);
      records.put(split ? headerKey(customerId) : customerId, header);
    }

    Map<String, JourneyState> split() {
      for (ContactEvent event : state.events()) {
        part(event.conversationKey()).events().add(event);
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

  /** The store key of the part that holds a conversation key's records. */
  static String partKey(String customerId, String conversationKey) {
    return headerKey(customerId) + Integer.toHexString(conversationKey.hashCode());
  }

  /** A customer id that cannot be told from a part's key is kept in one record. */
  private static boolean splittable(String customerId) {
    return customerId.indexOf(PART) < 0;
  }
}

package io.journeyline.erasure;

import io.journeyline.avro.WrappedDataKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Reads the global {@code data-key-store} (the compacted {@code journeyline.data-keys} topic, as
 * every instance sees it) from a processor; the store holds timestamped values.
 */
public final class DataKeyStore {

  private final KeyValueStore<String, ?> store;

  public DataKeyStore(KeyValueStore<String, ?> store) {
    this.store = store;
  }

  /** The record of a key name, or null when there is none (yet, or any more). */
  public WrappedDataKey get(String name) {
    return unwrap(store.get(name));
  }

  /** The live (not shredded) data keys in a name range, in name order. */
  public List<String> liveKeys(String from, String to) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = store.range(from, to)) {
      while (it.hasNext()) {
        KeyValue<String, ?> entry = it.next();
        WrappedDataKey key = unwrap(entry.value);
        if (key != null && key.getWrappedKey() != null) {
          out.add(entry.key);
        }
      }
    }
    return out;
  }

  private static WrappedDataKey unwrap(Object value) {
    if (value instanceof ValueAndTimestamp<?> timestamped) {
      value = timestamped.value();
    }
    return value instanceof WrappedDataKey key ? key : null;
  }
}

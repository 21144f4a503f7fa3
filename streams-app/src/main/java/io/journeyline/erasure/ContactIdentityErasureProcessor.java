package io.journeyline.erasure;

import io.journeyline.topology.TopologyNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The erasure of one contact in stage A (keyed by contact, beside {@code validate-dedup-resolve},
 * sharing its {@code contact-identity-store}): the contact's identifiers and customer are deleted.
 * The identity graph sends one record per contact it held for the erased customer, on the internal
 * {@code erasure-contacts} repartition, partitioned like the interaction topics.
 */
public final class ContactIdentityErasureProcessor
    implements Processor<String, String, Void, Void> {

  private WindowStore<String, String> contactIdentities;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.contactIdentities = context.getStateStore(TopologyNames.CONTACT_IDENTITY_STORE);
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.key() == null) {
      return;
    }
    List<Long> windows = new ArrayList<>();
    try (WindowStoreIterator<String> it =
        contactIdentities.fetch(
            record.key(), Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
      while (it.hasNext()) {
        KeyValue<Long, String> entry = it.next();
        windows.add(entry.key);
      }
    }
    for (long start : windows) {
      contactIdentities.put(record.key(), null, start);
    }
  }
}

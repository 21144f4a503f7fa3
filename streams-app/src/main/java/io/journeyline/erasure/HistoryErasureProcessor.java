package io.journeyline.erasure;

import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.ErasureAudit;
import io.journeyline.topology.TopologyNames;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure in one contact-history task (every task gets every {@link ErasureScope}): every
 * summary in {@code contact-history-store} whose customer is one of the scope's customer ids gets a
 * tombstone on {@code journeyline.contacts}; it leaves the store when the tombstone comes back
 * through the topic, as any other tombstone (see {@code ContactHistoryProcessor}). The history has
 * no index by customer, so this reads the task's whole store: a scan per erasure, which is rare.
 */
public final class HistoryErasureProcessor
    implements Processor<String, String, String, ErasureOutput> {

  private static final Logger log = LoggerFactory.getLogger(HistoryErasureProcessor.class);

  private ProcessorContext<String, ErasureOutput> context;
  private KeyValueStore<String, ContactSummary> history;

  @Override
  public void init(ProcessorContext<String, ErasureOutput> context) {
    this.context = context;
    this.history = context.getStateStore(TopologyNames.CONTACT_HISTORY_STORE);
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.value() == null) {
      return;
    }
    ErasureScope scope = ErasureScope.decode(record.value());
    long ts = record.timestamp();
    long found = 0;
    try (KeyValueIterator<String, ContactSummary> it = history.all()) {
      while (it.hasNext()) {
        KeyValue<String, ContactSummary> entry = it.next();
        if (entry.value != null && scope.customerIds().contains(entry.value.getCustomerId())) {
          context.forward(
              new Record<>(entry.key, ErasureOutput.of(ErasureOutput.Kind.CONTACT_TOMBSTONE), ts));
          found++;
        }
      }
    }
    context.forward(
        new Record<>(
            scope.requestId(),
            ErasureOutput.audit(
                ErasureAudit.newBuilder()
                    .setRequestId(scope.requestId())
                    .setCustomerRef(scope.customerRef())
                    .setStage("contact-history")
                    .setErasedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                    .setRequestedAt(Instant.ofEpochMilli(scope.requestedAt()))
                    .setRemoved(Map.of("contactSummaries", found))
                    .build()),
            ts));
    log.debug(
        "Erasure {}: task {} tombstoned {} contact summaries",
        scope.requestId(),
        context.taskId(),
        found);
  }
}

package io.journeyline.erasure;

import io.journeyline.avro.ErasureAudit;
import io.journeyline.journey.Handover;
import io.journeyline.journey.JourneyProcessor;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.JourneyStore;
import io.journeyline.journey.LogSafe;
import io.journeyline.journey.Routed;
import io.journeyline.topology.TopologyNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure of one customer id in the journey stage (keyed by customer, beside {@link
 * io.journeyline.journey.JourneyProcessor}, sharing its stores): the customer's {@code
 * journey-store} entry and its deadline in {@code timer-index-store} go, and tombstones go to
 * {@code journeyline.journeys} (the customer) and {@code journeyline.contacts} (every contact the
 * journey published). The customer's keyed hash and the request's time go to {@code
 * journey-erasure-store}, for {@link JourneyErasureGuard}. The customer's contacts and journey
 * waiting in {@code output-outbox-store} are taken out, so that the journey stage does not send
 * them after the tombstones. Aggregates are left as they are: they count contacts without saying
 * whose.
 */
public final class JourneyErasureProcessor
    implements Processor<String, Routed, String, ErasureOutput> {

  private static final Logger log = LoggerFactory.getLogger(JourneyErasureProcessor.class);

  private final ErasureKeys keys;
  private ProcessorContext<String, ErasureOutput> context;
  private JourneyStore journeys;
  private KeyValueStore<String, String> timers;
  private KeyValueStore<String, String> outputs;
  private KeyValueStore<String, Long> erased;

  public JourneyErasureProcessor(ErasureKeys keys) {
    this.keys = keys;
  }

  @Override
  public void init(ProcessorContext<String, ErasureOutput> context) {
    this.context = context;
    this.journeys = new JourneyStore(context.getStateStore(TopologyNames.JOURNEY_STORE));
    this.timers = context.getStateStore(TopologyNames.TIMER_INDEX_STORE);
    this.outputs = context.getStateStore(TopologyNames.OUTPUT_OUTBOX_STORE);
    this.erased = context.getStateStore(TopologyNames.JOURNEY_ERASURE_STORE);
  }

  @Override
  public void process(Record<String, Routed> record) {
    Handover erase = record.value() == null ? null : record.value().handover();
    String customerId = record.key();
    if (erase == null || !erase.isErase() || customerId == null) {
      return;
    }
    long ts = record.timestamp();
    String ref = keys.customerRef(customerId);
    Long before = erased.get(ref);
    erased.put(ref, before == null ? erase.version() : Math.max(before, erase.version()));
    JourneyStore.Loaded loaded = journeys.load(customerId);
    JourneyState state = loaded.state();
    int contacts = 0;
    if (state != null) {
      for (String contactId : List.copyOf(state.revisions().keySet())) {
        outputs.delete(JourneyProcessor.WAITING_CONTACT + contactId);
        context.forward(
            new Record<>(contactId, ErasureOutput.of(ErasureOutput.Kind.CONTACT_TOMBSTONE), ts));
        contacts++;
      }
      if (state.timerAt() != Long.MIN_VALUE) {
        timers.delete(JourneyProcessor.timerKey(state.timerAt(), customerId));
      }
      if (state.deferredMoves().isEmpty()) {
        journeys.delete(loaded);
      } else {
        // A move waiting here for a transfer still on its way is kept (a conversation key, a
        // target and a version, as the task's announced transfers are): the customer it goes to
        // holds its time until it comes, and the transfer it waits for will still arrive here.
        JourneyState waiting = new JourneyState(customerId);
        waiting.deferredMoves().addAll(state.deferredMoves());
        journeys.save(loaded, waiting);
      }
    }
    // a tombstone also when nothing is held: the compacted topic may still have an old journey
    outputs.delete(JourneyProcessor.WAITING_JOURNEY + customerId);
    context.forward(
        new Record<>(customerId, ErasureOutput.of(ErasureOutput.Kind.JOURNEY_TOMBSTONE), ts));
    Map<String, Long> removed = new LinkedHashMap<>();
    removed.put("journeys", state == null ? 0L : 1L);
    removed.put("contacts", (long) contacts);
    context.forward(
        new Record<>(
            erase.contactKey(),
            ErasureOutput.audit(
                ErasureAudit.newBuilder()
                    .setRequestId(erase.contactKey())
                    .setCustomerRef(erase.target())
                    .setStage("journey")
                    .setErasedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                    .setRequestedAt(Instant.ofEpochMilli(erase.version()))
                    .setRemoved(removed)
                    .build()),
            ts));
    log.debug(
        "Erasure {}: customer {} erased in the journey stage ({} contacts)",
        erase.contactKey(),
        LogSafe.identifier(customerId),
        contacts);
  }
}

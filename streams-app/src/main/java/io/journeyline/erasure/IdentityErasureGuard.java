package io.journeyline.erasure;

import io.journeyline.identity.GraphInput;
import io.journeyline.identity.IdentityGraph;
import io.journeyline.topology.TopologyNames;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * In front of the identity graph: keeps erased identifiers from coming back through input that was
 * on its way when the erasure ran.
 *
 * <ul>
 *   <li>Evidence: an identifier whose erasure ({@code x|<ref>} in {@code identity-index-store}) is
 *       not older than the time it was first seen on the contact is left out; evidence left without
 *       identifiers is dropped. (Stage A drops such events itself once it has the erasure marker;
 *       this covers the ones it passed before.)
 *   <li>A CRM link at or before the identifier's erasure is dropped; a later one is a new
 *       statement, applied.
 *   <li>A CRM unlink (tombstone) of an erased identifier the graph no longer knows is dropped: the
 *       erasure's own tombstones on {@code journeyline.identities} (which carry the {@value
 *       IdentityErasureProcessor#ERASURE_HEADER} header) and any other.
 * </ul>
 */
public final class IdentityErasureGuard
    implements Processor<String, GraphInput, String, GraphInput> {

  private final ErasureKeys keys;
  private ProcessorContext<String, GraphInput> context;
  private KeyValueStore<String, String> index;
  private KeyValueStore<String, IdentityGraph.Node> nodes;
  private Sensor droppedSensor;

  public IdentityErasureGuard(ErasureKeys keys) {
    this.keys = keys;
  }

  @Override
  public void init(ProcessorContext<String, GraphInput> context) {
    this.context = context;
    this.index = context.getStateStore(TopologyNames.IDENTITY_INDEX_STORE);
    this.nodes = context.getStateStore(TopologyNames.IDENTITY_NODE_STORE);
    this.droppedSensor =
        context
            .metrics()
            .addRateTotalSensor(
                "journeyline",
                "identity-erasure-guard-" + context.taskId(),
                "erased-identity-inputs",
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, GraphInput> record) {
    GraphInput input = record.value();
    if (input == null) {
      context.forward(record);
      return;
    }
    switch (input.kind()) {
      case EVIDENCE -> {
        Map<String, Long> kept = new TreeMap<>();
        input
            .firstSeenByIdentifier()
            .forEach(
                (id, seen) -> {
                  Long erasedAt = erasedAt(id);
                  if (erasedAt == null || seen > erasedAt) {
                    kept.put(id, seen);
                  }
                });
        if (kept.size() == input.identifiers().size()) {
          context.forward(record);
        } else {
          droppedSensor.record();
          if (!kept.isEmpty()) {
            context.forward(
                record.withValue(
                    GraphInput.evidence(input.key(), kept, input.customerId(), input.time())));
          }
        }
      }
      case CRM_LINK -> {
        Long erasedAt = erasedAt(input.key());
        if (erasedAt != null && input.time() <= erasedAt) {
          droppedSensor.record();
        } else {
          context.forward(record);
        }
      }
      case CRM_UNLINK -> {
        Header erasure = record.headers().lastHeader(IdentityErasureProcessor.ERASURE_HEADER);
        if (erasure != null || (erasedAt(input.key()) != null && nodes.get(input.key()) == null)) {
          return;
        }
        context.forward(record);
      }
      default -> context.forward(record);
    }
  }

  private Long erasedAt(String linkKey) {
    String value = index.get(IdentityErasureProcessor.ERASED_PREFIX + keys.ref(linkKey));
    return value == null ? null : Long.valueOf(value);
  }
}

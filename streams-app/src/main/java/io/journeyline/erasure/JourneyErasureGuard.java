package io.journeyline.erasure;

import io.journeyline.journey.Routed;
import io.journeyline.topology.TopologyNames;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of the journey stage: an event for an erased customer id that happened at or before the
 * erasure was requested (stage A let it through before the erasure reached it) is dropped and
 * counted, so that it does not bring the customer's journey back. A later event starts the customer
 * anew. Ticks and handovers pass.
 */
public final class JourneyErasureGuard implements Processor<String, Routed, String, Routed> {

  private static final Logger log = LoggerFactory.getLogger(JourneyErasureGuard.class);

  private final ErasureKeys keys;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, Long> erased;
  private Sensor droppedSensor;

  public JourneyErasureGuard(ErasureKeys keys) {
    this.keys = keys;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.erased = context.getStateStore(TopologyNames.JOURNEY_ERASURE_STORE);
    this.droppedSensor =
        context
            .metrics()
            .addRateTotalSensor(
                "journeyline",
                "journey-erasure-guard-" + context.taskId(),
                "erased-events",
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, Routed> record) {
    Routed routed = record.value();
    if (routed != null && routed.event() != null && record.key() != null) {
      Long erasedAt = erased.get(keys.customerRef(record.key()));
      if (erasedAt != null && routed.event().occurredAt() <= erasedAt) {
        droppedSensor.record();
        RecordMetadata at = context.recordMetadata().orElse(null);
        log.debug(
            "Dropped an event of an erased customer at {}-{}@{}",
            at == null ? "?" : at.topic(),
            at == null ? -1 : at.partition(),
            at == null ? -1 : at.offset());
        return;
      }
    }
    context.forward(record);
  }
}

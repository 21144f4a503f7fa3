package io.journeyline.simulator;

import java.util.List;

/** Where the simulator's events go: straight to Kafka, or through the adapters' HTTP API. */
public interface EventSink extends AutoCloseable {

  /**
   * Sends a batch of events, in order. Implementations may be asynchronous; failures are reported
   * through {@link #failures()} rather than thrown, so one bad send never stops the simulation.
   */
  void send(List<SimulatedEvent> events);

  /** Number of events that could not be delivered so far. */
  long failures();

  @Override
  void close();
}

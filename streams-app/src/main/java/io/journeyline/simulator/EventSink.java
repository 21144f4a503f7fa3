package io.journeyline.simulator;

import java.util.List;

/**
 * Where the simulator's events and survey answers go: straight to Kafka, or through the adapters'
 * HTTP API.
 */
public interface EventSink extends AutoCloseable {

  /**
   * Sends a batch of events, in order. Implementations may be asynchronous; failures are reported
   * through {@link #failures()} rather than thrown, so one bad send never stops the simulation.
   */
  void send(List<SimulatedEvent> events);

  /**
   * Sends a batch of survey answers, in order; failures are counted like those of events. The
   * default drops them: a sink that takes events only.
   *
   * @param surveys the answers, each keyed by its contactId
   */
  default void sendSurveys(List<SimulatedSurvey> surveys) {}

  /** Number of events and survey answers that could not be delivered so far. */
  long failures();

  @Override
  void close();
}

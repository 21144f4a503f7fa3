package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TrafficGenerator} against the wall clock at a target rate of events per second and
 * hands the events and survey answers to an {@link EventSink}. The event clock runs {@link
 * SimulationProfile#clockSpeed()} times faster than the wall clock.
 */
public final class Simulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Simulator.class);
  private static final Duration TICK = Duration.ofMillis(100);

  private final TrafficGenerator generator;
  private final EventSink sink;
  private final double eventsPerSecond;
  private final Map<Channel, AtomicLong> sent = new EnumMap<>(Channel.class);
  private final AtomicLong surveysSent = new AtomicLong();
  private final AtomicReference<Instant> eventClock;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Creates a simulator; call {@link #start()} to begin.
   *
   * @param profile the traffic mix
   * @param eventsPerSecond the target rate (> 0)
   * @param sink where events go
   */
  public Simulator(SimulationProfile profile, double eventsPerSecond, EventSink sink) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("eventsPerSecond must be > 0");
    }
    this.generator = new TrafficGenerator(profile);
    this.sink = sink;
    this.eventsPerSecond = eventsPerSecond;
    this.eventClock = new AtomicReference<>(profile.eventClockStart());
    for (Channel channel : Channel.values()) {
      sent.put(channel, new AtomicLong());
    }
    this.thread = new Thread(this::run, "journeyline-simulator");
    this.thread.setDaemon(true);
  }

  /** Starts the simulation thread. */
  public Simulator start() {
    thread.start();
    return this;
  }

  /** Events handed to the sink so far, by channel. */
  public Map<Channel, Long> sentByChannel() {
    Map<Channel, Long> out = new EnumMap<>(Channel.class);
    sent.forEach((channel, count) -> out.put(channel, count.get()));
    return out;
  }

  /** Survey answers handed to the sink so far. */
  public long surveysSent() {
    return surveysSent.get();
  }

  /** Events and survey answers the sink could not deliver. */
  public long failures() {
    return sink.failures();
  }

  /** The simulated event-time clock. */
  public Instant eventClock() {
    return eventClock.get();
  }

  private void run() {
    SimulationProfile profile = generator.profile();
    double arrivalsPerEventHour =
        eventsPerSecond / TrafficGenerator.MEAN_EVENTS_PER_CONTACT / profile.clockSpeed() * 3600;
    long startNanos = System.nanoTime();
    try {
      while (running) {
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        Instant now =
            profile
                .eventClockStart()
                .plusMillis(Math.round(wallSeconds * profile.clockSpeed() * 1000));
        TrafficGenerator.Tick tick = generator.advance(now, arrivalsPerEventHour);
        eventClock.set(now);
        List<SimulatedEvent> due = tick.events();
        if (!due.isEmpty()) {
          sink.send(due);
          for (SimulatedEvent event : due) {
            sent.get(event.channel()).incrementAndGet();
          }
        }
        // After the events of the same step, so a survey never precedes its contact's events.
        if (!tick.surveys().isEmpty()) {
          sink.sendSurveys(tick.surveys());
          surveysSent.addAndGet(tick.surveys().size());
        }
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Simulator stopped after an unexpected error", e);
    }
  }

  /** Stops the simulation and closes the sink. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sink.close();
  }
}

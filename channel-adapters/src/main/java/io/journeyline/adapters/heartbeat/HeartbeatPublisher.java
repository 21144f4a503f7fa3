package io.journeyline.adapters.heartbeat;

import io.journeyline.adapters.metrics.AdapterMetrics;
import io.journeyline.adapters.publish.OutboundRecord;
import io.journeyline.adapters.publish.PublishUnavailableException;
import io.journeyline.adapters.publish.TransactionalPublisher;
import io.journeyline.avro.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-time watermark heartbeats of DESIGN.md ("Idle partitions"): periodically, one {@link
 * Heartbeat} with a null key to every partition of every interaction topic, carrying the highest
 * {@code occurredAt} this instance has published (event time, not the wall clock, so a backfill of
 * history is not made late), never beyond the wall clock plus the allowed skew. Nothing is sent
 * before the first event, nor while the watermark has not moved since the last successful round.
 */
public final class HeartbeatPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

  private final TransactionalPublisher publisher;
  private final List<String> topics;
  private final String producerId;
  private final Clock clock;
  private final Duration maxFutureSkew;
  private final AdapterMetrics metrics;
  private final AtomicReference<Instant> watermark = new AtomicReference<>();
  private volatile Instant lastSent;
  private volatile boolean failing;
  private ScheduledExecutorService timer;

  public HeartbeatPublisher(
      TransactionalPublisher publisher,
      List<String> topics,
      String producerId,
      Clock clock,
      Duration maxFutureSkew,
      AdapterMetrics metrics) {
    this.publisher = publisher;
    this.topics = List.copyOf(topics);
    this.producerId = producerId;
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.metrics = metrics;
  }

  /** Starts the periodic rounds; a zero interval leaves them off. */
  public void start(Duration interval) {
    if (interval.isZero()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "journeyline-adapters-heartbeat");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Records accepted (committed) event times. The watermark never passes the wall clock plus the
   * allowed skew, whatever an event says, so one bad timestamp cannot stop time for everyone.
   */
  public void observe(Instant occurredAt) {
    Instant at = clampToLatest(occurredAt).truncatedTo(ChronoUnit.MILLIS);
    watermark.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
  }

  /** The current watermark, if any event was accepted. */
  public Instant watermark() {
    return watermark.get();
  }

  private void tick() {
    try {
      sendRound();
    } catch (RuntimeException e) {
      log.warn("Heartbeat round failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * Sends one round now if the watermark moved.
   *
   * @return true when a round was committed
   */
  public synchronized boolean sendRound() {
    Instant observed = watermark.get();
    if (observed == null) {
      return false;
    }
    // Clamped again at send time: the bound is the wall clock now, not when it was observed.
    Instant mark = clampToLatest(observed).truncatedTo(ChronoUnit.MILLIS);
    if (mark.equals(lastSent)) {
      return false;
    }
    try {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      List<OutboundRecord> records = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> partitions = publisher.partitionsFor(topic);
        for (PartitionInfo partition : partitions) {
          Heartbeat hb =
              Heartbeat.newBuilder()
                  .setProducerId(producerId)
                  .setWatermark(mark)
                  .setPartition(partition.partition())
                  .setPartitions(partitions.size())
                  .setSentAt(now)
                  .build();
          records.add(new OutboundRecord(topic, null, hb, partition.partition()));
        }
      }
      publisher.publish(records);
      lastSent = mark;
      metrics.heartbeat(true);
      if (failing) {
        log.info("Heartbeats are delivered again");
        failing = false;
      }
      return true;
    } catch (PublishUnavailableException e) {
      metrics.heartbeat(false);
      if (!failing) {
        log.warn("Heartbeats cannot be delivered: {}", e.getMessage());
        failing = true;
      }
      return false;
    }
  }

  private Instant clampToLatest(Instant at) {
    Instant latest = clock.instant().plus(maxFutureSkew);
    return at.isAfter(latest) ? latest : at;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

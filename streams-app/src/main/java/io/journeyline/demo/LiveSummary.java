package io.journeyline.demo;

import io.journeyline.avro.Channel;
import io.journeyline.simulator.Simulator;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;

/** The demo's live summary line: events produced per topic, the rate, and the event clock. */
final class LiveSummary {

  private final Simulator simulator;
  private final TopicCatalog catalog;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private Map<Channel, Long> previous = new EnumMap<>(Channel.class);
  private long previousNanos = startNanos;

  LiveSummary(Simulator simulator, TopicCatalog catalog, PrintStream out) {
    this.simulator = simulator;
    this.catalog = catalog;
    this.out = out;
  }

  synchronized void print() {
    long now = System.nanoTime();
    long uptime = (now - startNanos) / 1_000_000_000L;
    StringBuilder line =
        new StringBuilder(
            String.format("[%02d:%02d:%02d]", uptime / 3600, (uptime / 60) % 60, uptime % 60));
    if (simulator == null) {
      line.append(" simulator off; waiting for events on the public APIs");
    } else {
      Map<Channel, Long> sent = simulator.sentByChannel();
      long total = 0;
      long delta = 0;
      StringBuilder perTopic = new StringBuilder();
      for (Channel channel : Channel.values()) {
        long count = sent.getOrDefault(channel, 0L);
        total += count;
        delta += count - previous.getOrDefault(channel, 0L);
        perTopic
            .append("  ")
            .append(catalog.name(JourneylineTopic.interactions(channel)))
            .append(' ')
            .append(count);
      }
      double seconds = Math.max(1e-9, (now - previousNanos) / 1e9);
      line.append(String.format(" produced %d events (%.1f/s):", total, delta / seconds));
      line.append(perTopic);
      if (simulator.failures() > 0) {
        line.append("  failed ").append(simulator.failures());
      }
      Instant clock = simulator.eventClock().truncatedTo(ChronoUnit.MINUTES);
      line.append("  | event clock ").append(clock);
      previous = sent;
    }
    previousNanos = now;
    out.println(line);
    out.flush();
  }
}

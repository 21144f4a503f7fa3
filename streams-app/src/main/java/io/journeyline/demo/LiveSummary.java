package io.journeyline.demo;

import io.journeyline.ops.LiveCounters;
import io.journeyline.simulator.Simulator;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The demo's live summary: what came in (per channel, with the rate), and the figures the topology
 * computes — FCR (final and provisional), repeat rate, channel hops, service level, handle time,
 * target breaches, mean sentiment, alerts, and what went to the dead-letter queue.
 */
final class LiveSummary {

  private final Simulator simulator;
  private final LiveCounters counters;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long previousEvents;
  private long previousNanos = startNanos;

  LiveSummary(Simulator simulator, LiveCounters counters, PrintStream out) {
    this.simulator = simulator;
    this.counters = counters;
    this.out = out;
  }

  synchronized void print() {
    long now = System.nanoTime();
    long uptime = (now - startNanos) / 1_000_000_000L;
    LiveCounters.Snapshot s = counters.snapshot();
    double seconds = Math.max(1e-9, (now - previousNanos) / 1e9);
    double rate = (s.eventsAccepted() - previousEvents) / seconds;
    previousEvents = s.eventsAccepted();
    previousNanos = now;

    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT, "[%02d:%02d:%02d]", uptime / 3600, (uptime / 60) % 60, uptime % 60));
    line.append(String.format(Locale.ROOT, " events %d (%.1f/s)", s.eventsAccepted(), rate));
    s.eventsByChannel()
        .forEach(
            (channel, n) ->
                line.append(' ')
                    .append(channel.name().toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(n));
    line.append(
        String.format(
            Locale.ROOT,
            " | FCR %s final, %s provisional (%d resolved, %d not, %d pending)",
            percent(s.fcrRate()),
            percent(s.provisionalFcrRate()),
            s.resolved(),
            s.notResolved(),
            s.pending()));
    line.append(
        String.format(
            Locale.ROOT,
            " | repeats %s (%d), channel hops %d",
            percent(s.repeatRate()),
            s.repeats(),
            s.channelHops()));
    line.append(
        String.format(
            Locale.ROOT,
            " | service level %s, AHT %s, target breaches %d | CSAT %s, NPS %s",
            percent(s.serviceLevel()),
            s.averageHandleMs() == null
                ? "-"
                : String.format(Locale.ROOT, "%.0fs", s.averageHandleMs() / 1000),
            s.targetBreaches(),
            percent(s.csat()),
            s.nps() == null ? "-" : String.format(Locale.ROOT, "%+.0f", s.nps())));
    line.append(
        String.format(
            Locale.ROOT,
            " | sentiment %s over %d msgs | alerts %d | DLQ %d",
            s.meanSentiment() == null
                ? "-"
                : String.format(Locale.ROOT, "%+.2f", s.meanSentiment()),
            s.sentimentMessages(),
            s.alerts(),
            s.deadLettered()));
    if (simulator != null) {
      if (simulator.failures() > 0) {
        line.append(" | simulator failures ").append(simulator.failures());
      }
      line.append(" | event clock ").append(simulator.eventClock().truncatedTo(ChronoUnit.MINUTES));
    }
    out.println(line);
    out.flush();
  }

  private static String percent(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }
}

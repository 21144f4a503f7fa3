package io.journeyline.adapters.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The default event-time window (400 days back, 5 minutes ahead) at a fixed instant. */
public final class TestBounds {

  /** The instant the unit tests' clocks stand at. */
  public static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private TestBounds() {}

  public static TimeBounds at(Instant now) {
    return new TimeBounds(
        Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(400), Duration.ofMinutes(5));
  }

  public static TimeBounds now() {
    return at(NOW);
  }
}

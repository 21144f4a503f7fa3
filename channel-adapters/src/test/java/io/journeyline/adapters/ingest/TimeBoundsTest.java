package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.journeyline.adapters.heartbeat.HeartbeatPublisher;
import io.journeyline.adapters.metrics.AdapterMetrics;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10 item 5: bounded timestamps on the canonical endpoints and in the heartbeat. */
class TimeBoundsTest {

  private static final Instant NOW = TestBounds.NOW; // 2026-03-01T10:00:00Z
  private final TimeBounds bounds = TestBounds.at(NOW); // 400 days back, 5 minutes ahead
  private final CanonicalJson json = new CanonicalJson(new Identifiers("US"), bounds, 100);

  @Test
  void shouldAcceptExactlyTheWindow() {
    assertThat(bounds.violation(NOW.plus(Duration.ofMinutes(5)))).isNull();
    assertThat(bounds.violation(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))
        .isEqualTo("must not be more than 300 s in the future");
    // 400 days before 2026-03-01T10:00Z is 2025-01-25T10:00Z.
    assertThat(bounds.earliest()).isEqualTo(Instant.parse("2025-01-25T10:00:00Z"));
    assertThat(bounds.violation(Instant.parse("2025-01-25T10:00:00Z"))).isNull();
    assertThat(bounds.violation(Instant.parse("2025-01-25T09:59:59.999Z")))
        .isEqualTo("must not be more than 400 days in the past");
    assertThat(bounds.violation(Instant.parse("2025-03-01T10:00:00Z"))).isNull(); // a year old
    TimeBounds unbounded =
        new TimeBounds(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(1_000_000), Duration.ZERO);
    assertThat(unbounded.violation(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("must not be before 1970-01-01T00:00:00Z");
  }

  private static String event(String id, String occurredAt) {
    return ("{\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"channel\":\"CHAT\",\"type\":\"MESSAGE\","
            + "\"contactId\":\"c\",\"customer\":{\"customerId\":\"x\"}}")
        .formatted(id, occurredAt);
  }

  @Test
  void shouldNameOccurredAtOutsideTheWindowOnEveryItem() {
    String body =
        "["
            + String.join(
                ",",
                event("future", "9999-12-31T23:59:59Z"),
                event("overflow", "+999999999-12-31T23:59:59Z"),
                event("pre-1970", "1969-07-20T20:17:00Z"),
                event("too-old", "2024-12-31T23:59:59Z"),
                event("year-old", "2025-03-01T10:00:00Z"),
                event("skewed", "2026-03-01T10:04:59Z"))
            + "]";
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () -> json.events(json.items(body.getBytes(StandardCharsets.UTF_8), false)));
    assertThat(e.problem().status()).isEqualTo(400);
    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactly(
            tuple(0, "occurredAt"),
            tuple(1, "occurredAt"),
            tuple(2, "occurredAt"),
            tuple(3, "occurredAt"));
  }

  @Test
  void shouldNameLinkedAtOutsideTheWindow() {
    String body =
        "[{\"type\":\"PHONE\",\"value\":\"+14158675309\",\"customerId\":\"c\","
            + "\"linkedAt\":\"3000-01-01T00:00:00Z\"},"
            + "{\"type\":\"PHONE\",\"value\":\"+14158675309\",\"customerId\":\"c\","
            + "\"linkedAt\":\"1900-01-01T00:00:00Z\"},"
            + "{\"type\":\"PHONE\",\"value\":\"+14158675309\",\"customerId\":\"c\","
            + "\"linkedAt\":\"2025-06-01T00:00:00Z\"}]";
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () -> json.identities(json.items(body.getBytes(StandardCharsets.UTF_8), false)));
    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactly(tuple(0, "linkedAt"), tuple(1, "linkedAt"));
  }

  @Test
  void shouldNeverLetTheHeartbeatWatermarkPassWallClockPlusSkew() {
    HeartbeatPublisher heartbeats =
        new HeartbeatPublisher(
            null,
            List.of(),
            "test",
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5),
            new AdapterMetrics(new SimpleMeterRegistry()));
    heartbeats.observe(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(heartbeats.watermark()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    heartbeats.observe(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(heartbeats.watermark()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
    heartbeats.observe(Instant.parse("2026-03-01T09:30:00Z"));
    assertThat(heartbeats.watermark()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
  }
}

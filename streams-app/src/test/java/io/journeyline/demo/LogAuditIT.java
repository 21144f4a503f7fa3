package io.journeyline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.CustomerRef;
import io.journeyline.embedded.Await;
import io.journeyline.simulator.EventSink;
import io.journeyline.simulator.HttpEventSink;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.simulator.Simulator;
import io.journeyline.testing.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log audit: the demo (embedded broker, adapters, topology, query API) runs the simulator's
 * traffic, plus a few events whose text carries a card number, an email address and a phone number,
 * a refused event and a CRM link, with DEBUG logging for {@code io.journeyline} and INFO for Kafka
 * (clients, Streams and the broker); no log line holds a phone number, an email address, a card
 * number or a message text that was sent.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LogAuditIT {

  private static final Instant CLOCK_START =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int SIMULATED = 800;

  private static final String CARD = "5555 5555 5555 4444";
  private static final String CARD_DIGITS = "5555555555554444";
  private static final String AUDIT_EMAIL = "audit.person@example.org";
  private static final String AUDIT_PHONE = "+14155550199";
  private static final String CRM_PHONE = "+14155550188";
  private static final String AUDIT_TEXT =
      "my card is " + CARD + " and you can reach me on (415) 555-0199 or " + AUDIT_EMAIL;

  @TempDir Path dir;

  /** Passes every batch on to the adapters and keeps what personal data it carried. */
  static final class RecordingSink implements EventSink {
    final EventSink delegate;
    final Set<String> texts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final Set<String> identifiers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicLong sent = new AtomicLong();

    RecordingSink(EventSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void send(List<SimulatedEvent> events) {
      for (SimulatedEvent e : events) {
        SpecificRecord event = e.event();
        for (String field : List.of("text", "subject")) {
          Object value = value(event, field);
          if (value != null) {
            texts.add(value.toString());
          }
        }
        if (value(event, "customer") instanceof CustomerRef c) {
          for (String id : new String[] {c.getPhone(), c.getEmail(), c.getChatUserId()}) {
            if (id != null) {
              identifiers.add(id);
            }
          }
        }
      }
      delegate.send(events);
      sent.addAndGet(events.size());
    }

    private static Object value(SpecificRecord record, String field) {
      Schema.Field f = record.getSchema().getField(field);
      return f == null ? null : record.get(f.pos());
    }

    @Override
    public long failures() {
      return delegate.failures();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void shouldLogNoPhoneNumberEmailAddressCardNumberOrMessageText() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RecordingSink sink;
    List<String> lines;
    try (CapturedLogs logs =
        CapturedLogs.start(
            Map.of(
                "io.journeyline", Level.DEBUG,
                "org.apache.kafka", Level.INFO,
                "kafka", Level.INFO))) {
      DemoRunner.Options options =
          new DemoRunner.Options(
              0, // the test runs the simulator itself, to see what it sends
              0,
              0,
              0,
              Optional.of(dir.resolve("data")),
              2,
              SimulationProfile.defaults(7, CLOCK_START),
              Duration.ofSeconds(2));
      try (DemoRunner demo =
          DemoRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
        sink = new RecordingSink(new HttpEventSink(demo.ingestUri(), Optional.empty()));
        Simulator simulator =
            new Simulator(SimulationProfile.defaults(7, CLOCK_START), 200, sink).start();
        try {
          Await.until(
              WAIT, SIMULATED + " simulated events sent", () -> sink.sent.get() >= SIMULATED);
        } finally {
          simulator.close();
        }
        assertThat(sink.failures()).as("the adapters took every simulated batch").isZero();
        postAuditTraffic(demo);
        HttpClient http = HttpClient.newHttpClient();
        Await.until(
            WAIT,
            "the audit contact and the CRM link answered by the query API",
            () ->
                status(http, demo.queryUri() + "/v1/contacts/email-audit-1") == 200
                    && status(
                            http,
                            demo.queryUri()
                                + "/v1/identities/"
                                + URLEncoder.encode(CRM_PHONE, StandardCharsets.UTF_8))
                        == 200);
      }
      lines = logs.lines();
    }
    // What the demo prints is not audited: its banner shows fixed example requests, whose
    // fictional numbers may coincide with the simulator's.

    assertThat(lines.stream().filter(l -> l.startsWith("DEBUG") && l.contains("io.journeyline")))
        .as("DEBUG logging was on")
        .isNotEmpty();
    assertThat(sink.texts).as("the simulator sent message texts").hasSizeGreaterThan(10);
    assertThat(sink.identifiers).as("and identifiers").hasSizeGreaterThan(10);

    Set<String> forbidden = new LinkedHashSet<>();
    sink.texts.stream().filter(t -> t.length() >= 12).forEach(forbidden::add);
    for (String id : sink.identifiers) {
      forbidden.add(id);
      String digits = id.replaceAll("\\D", "");
      if (id.startsWith("+") && digits.length() >= 10) {
        forbidden.add(digits.substring(digits.length() - 10)); // the national number
      }
    }
    forbidden.addAll(
        List.of(
            CARD,
            CARD_DIGITS,
            AUDIT_EMAIL,
            AUDIT_PHONE,
            "4155550199",
            "555-0199",
            CRM_PHONE,
            "4155550188",
            AUDIT_TEXT));
    List<String> leaks = new ArrayList<>();
    for (String line : lines) {
      for (String secret : forbidden) {
        if (line.contains(secret)) {
          leaks.add("'" + secret + "' in: " + line.strip());
        }
      }
    }
    assertThat(leaks).as("personal data in %d log lines", lines.size()).isEmpty();
  }

  private static void postAuditTraffic(DemoRunner demo) throws Exception {
    Instant at = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
    String events =
        "[{\"eventId\":\"audit-1\",\"occurredAt\":\""
            + at
            + "\",\"channel\":\"EMAIL\",\"type\":\"CONTACT_STARTED\",\"contactId\":\"email-audit-1\","
            + "\"customer\":{\"email\":\""
            + AUDIT_EMAIL
            + "\",\"phone\":\""
            + AUDIT_PHONE
            + "\"}},"
            + "{\"eventId\":\"audit-2\",\"occurredAt\":\""
            + at.plusSeconds(30)
            + "\",\"channel\":\"EMAIL\",\"type\":\"MESSAGE\",\"contactId\":\"email-audit-1\","
            + "\"participant\":\"CUSTOMER\",\"text\":\""
            + AUDIT_TEXT
            + "\",\"customer\":{\"email\":\""
            + AUDIT_EMAIL
            + "\"}}]";
    String link =
        "{\"type\":\"PHONE\",\"value\":\"" + CRM_PHONE + "\",\"customerId\":\"crm-audit-1\"}";
    // Refused (400): the validation path must not log what it refuses either.
    String invalid =
        "{\"eventId\":\"audit-3\",\"occurredAt\":\"yesterday\",\"channel\":\"EMAIL\","
            + "\"type\":\"MESSAGE\",\"contactId\":\"email-audit-1\",\"text\":\""
            + AUDIT_TEXT
            + "\",\"customer\":{\"email\":\""
            + AUDIT_EMAIL
            + "\"}}";
    assertThat(post(demo, "/v1/events", events)).isEqualTo(202);
    assertThat(post(demo, "/v1/identities", link)).isEqualTo(202);
    assertThat(post(demo, "/v1/events", invalid)).isEqualTo(400);
  }

  private static int post(DemoRunner demo, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(demo.ingestUri() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int status(HttpClient http, String uri) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.channels.genesys.GenesysEventsTest;
import io.journeyline.adapters.channels.twilio.TwilioSignature;
import io.journeyline.adapters.channels.twilio.TwilioSms;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17 item 5: a corpus of about 1 MiB pathological bodies, one per shape that used to take
 * super-linear time or could hurt the service, each posted over real HTTP to a server with
 * authentication and a Twilio token on. Every answer must be below 500 and arrive well under a
 * second; the bound asserted here is a generous 3 s because this machine's two cores are shared
 * with other builds. The measured times are printed (see docs/ingest-native.md for a run).
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class HostileCorpusIT {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final int MIB = 1 << 20;
  private static final String KEY = "hostile-key";
  private static final String TOKEN = "hostile-token";
  private static final long BOUND_MS = 3_000;

  private record Case(String name, String path, String type, Supplier<byte[]> body) {}

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** About 1 MiB of canonical events whose text fields are 16,000 characters of one shape. */
  private static byte[] canonical(String unit) {
    ArrayNode events = CanonicalJson.MAPPER.createArrayNode();
    String text = unit.repeat(16_000 / unit.length() + 1).substring(0, 16_000);
    int n = MIB / 16_200;
    for (int i = 0; i < n; i++) {
      ObjectNode e = events.addObject();
      e.put("eventId", "hostile-" + unit.hashCode() + "-" + i);
      e.put("occurredAt", "2026-03-01T09:00:00Z");
      e.put("channel", "CHAT");
      e.put("type", "MESSAGE");
      e.put("contactId", "hostile");
      e.putObject("customer").put("customerId", "hostile");
      e.put("participant", "CUSTOMER");
      e.put("text", text);
    }
    return utf8(events.toString());
  }

  private static byte[] email(String contentType, String body) {
    return utf8(
        "From: mary@example.net\r\nTo: support@example.com\r\nSubject: hostile\r\n"
            + "Message-ID: <hostile-"
            + body.length()
            + contentType.hashCode()
            + "@example.net>\r\nContent-Type: "
            + contentType
            + "\r\n\r\n"
            + body);
  }

  private static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    String events = "/v1/events";
    String json = "application/json";
    for (String unit :
        new String[] {"a", "a.", "a@", "1 ", "12/", "4111<", "cvv 1", "exp 1/", "1&"}) {
      cases.add(new Case("canonical text of '" + unit + "'", events, json, () -> canonical(unit)));
    }
    cases.add(new Case("JSON nested 1 MiB deep", events, json, () -> utf8("[".repeat(MIB))));
    cases.add(
        new Case(
            "JSON number of 1 MiB digits",
            events,
            json,
            () -> utf8("{\"sentiment\":" + "9".repeat(MIB) + "}")));
    cases.add(
        new Case(
            "JSON string of \\u0000 escapes",
            events,
            json,
            () -> utf8("{\"eventId\":\"" + "\\u0000".repeat(MIB / 6) + "\"}")));
    cases.add(
        new Case(
            "NDJSON of blank lines", events, "application/x-ndjson", () -> utf8("\n".repeat(MIB))));
    cases.add(
        new Case(
            "NDJSON of 100k tiny items",
            events,
            "application/x-ndjson",
            () -> utf8("{}\n".repeat(MIB / 3))));
    cases.add(
        new Case(
            "email HTML of unclosed <script>",
            "/v1/channels/email",
            "message/rfc822",
            () -> email("text/html; charset=UTF-8", "<script>".repeat(MIB / 8))));
    cases.add(
        new Case(
            "email HTML nested 100k <div>",
            "/v1/channels/email",
            "message/rfc822",
            () -> email("text/html; charset=UTF-8", "<div>".repeat(MIB / 5))));
    cases.add(
        new Case(
            "email one 1 MiB line starting 'On '",
            "/v1/channels/email",
            "message/rfc822",
            () -> email("text/plain; charset=UTF-8", "On " + "x ".repeat(MIB / 2))));
    cases.add(
        new Case(
            "email 100k quote-like lines",
            "/v1/channels/email",
            "message/rfc822",
            () ->
                email(
                    "text/plain; charset=UTF-8",
                    "On Mon, a wrote:x\r\nFrom: a b\r\n".repeat(MIB / 30))));
    cases.add(
        new Case(
            "email 1 MiB Subject header",
            "/v1/channels/email",
            "message/rfc822",
            () ->
                utf8(
                    "From: mary@example.net\r\nSubject: "
                        + "=?x-unknown?Q?a?= ".repeat(MIB / 20)
                        + "\r\n\r\nhi")));
    cases.add(
        new Case(
            "Genesys 600 notifications with 1 KiB addresses",
            "/v1/channels/genesys/events",
            json,
            () -> {
              ArrayNode items = CanonicalJson.MAPPER.createArrayNode();
              for (int i = 0; i < 600; i++) {
                ObjectNode n = GenesysEventsTest.sample();
                ((ObjectNode) n.get("eventBody")).put("addressFrom", "a@".repeat(500));
                items.add(n);
              }
              return utf8(items.toString());
            }));
    cases.add(
        new Case(
            "Firehose record of 1 MiB nested arrays",
            "/v1/channels/amazon-connect/ctr",
            json,
            () ->
                utf8(
                    "{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\""
                        + Base64.getEncoder().encodeToString(utf8("[".repeat(700_000)))
                        + "\"}]}")));
    cases.add(
        new Case(
            "Connect 1 MiB of concatenated {}",
            "/v1/channels/amazon-connect/ctr",
            json,
            () -> utf8("{}".repeat(MIB / 2))));
    return cases;
  }

  /** A signed Twilio webhook with 60,000 extra parameters and a 16 k digit-group Body. */
  private static byte[] twilioBody(String url) {
    StringBuilder form =
        new StringBuilder("MessageSid=SMhostile&From=%2B14158675309&To=%2B18005551212&Body=");
    form.append(URLEncoder.encode("1 ".repeat(8_000), StandardCharsets.UTF_8));
    for (int i = 0; i < 60_000; i++) {
      form.append("&p").append(i).append("=x");
    }
    Map<String, List<String>> params = TwilioSms.parseForm(utf8(form.toString()));
    return utf8(form.toString() + "\u0000" + TwilioSignature.compute(TOKEN, url, params));
  }

  @Test
  void shouldAnswerEveryHostileBodyBelow500AndWellUnderASecond(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "hostile-it", 2);
    List<String> report = new ArrayList<>();
    List<Long> warmup = new ArrayList<>();
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            Map.of(
                AdaptersConfig.API_KEYS_CONFIG,
                KEY,
                AdaptersConfig.TWILIO_AUTH_TOKEN_CONFIG,
                TOKEN,
                AdaptersConfig.MAX_BODY_BYTES_CONFIG,
                String.valueOf(MIB + MIB / 8),
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG,
                "0"),
            new SimpleMeterRegistry(),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      // Warm up the JIT and the producer with one ordinary request of each kind.
      Harness.post(
          server, "/v1/events", "application/json", canonical("hello "), Map.of("X-API-Key", KEY));
      List<Case> cases = new ArrayList<>(corpus());
      String twilioUrl = server.baseUri() + "/v1/channels/twilio/sms";
      cases.add(
          new Case(
              "Twilio signed, 60k parameters",
              "/v1/channels/twilio/sms",
              "application/x-www-form-urlencoded",
              () -> twilioBody(twilioUrl)));
      long worst = 0;
      // Pass 0 warms the JIT on every shape (a service in steady state); pass 1 is measured.
      for (int pass = 0; pass < 2; pass++) {
        for (Case c : cases) {
          byte[] body = c.body().get();
          Map<String, String> headers = Map.of("X-API-Key", KEY);
          if (c.path().endsWith("twilio/sms")) {
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\u0000");
            body = utf8(parts[0]);
            headers = Map.of("X-Twilio-Signature", parts[1]);
          }
          long start = System.nanoTime();
          Harness.Answer answer = Harness.post(server, c.path(), c.type(), body, headers);
          long ms = (System.nanoTime() - start) / 1_000_000;
          assertThat(answer.status()).as("%s: %s", c.name(), answer.body()).isLessThan(500);
          assertThat(ms).as(c.name()).isLessThan(BOUND_MS);
          if (pass == 0) {
            warmup.add(ms);
            continue;
          }
          worst = Math.max(worst, ms);
          report.add(
              String.format(
                  "| %-46s | %8d | %4d | %5d |", c.name(), body.length, answer.status(), ms));
        }
      }
      report.add(
          "first (cold) pass: slowest "
              + warmup.stream().mapToLong(x -> x).max().orElse(0)
              + " ms");
      report.add("worst " + worst + " ms");
    } finally {
      System.out.println("| body | bytes | status | ms |\n|---|---:|---:|---:|");
      report.forEach(System.out::println);
    }
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.channels.connect.ConnectCtrTest;
import io.journeyline.adapters.channels.email.EmailMessagesTest;
import io.journeyline.adapters.channels.genesys.GenesysEventsTest;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of random and mutated bodies: never a 5xx, and never a partial publish (every eventId
 * of an accepted request is committed, no eventId of a rejected request is ever written).
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class FuzzIT {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final long SEED = 20260301L;
  private static final int CANONICAL_BODIES = 2000;
  private static final int NATIVE_BODIES = 800;
  private static final String[] VALUES = {
    "null",
    "1e999",
    "-1",
    "\"\"",
    "[]",
    "{}",
    "true",
    "\"x\"",
    "99999999999999999999",
    "1.5",
    "\"2026-13-45T99:99:99Z\"",
    "\"CHAT\"",
    "\"MESSAGE\"",
    "\"\\u0000\"",
    "\"4111111111111111\"",
    "\"" + "y".repeat(300) + "\""
  };

  private static String template(int n, int items) {
    StringBuilder sb = new StringBuilder("[");
    String[] channels = {"CHAT", "VOICE", "EMAIL", "SMS"};
    for (int i = 0; i < items; i++) {
      sb.append(i == 0 ? "" : ",")
          .append(
              ("{\"eventId\":\"fz-%d-%d\",\"occurredAt\":\"2026-03-01T09:%02d:00Z\",\"channel\":\"%s\","
                      + "\"type\":\"MESSAGE\",\"contactId\":\"fz-c-%d\",\"customer\":{\"phone\":"
                      + "\"+14158675309\",\"email\":\"a@b.example\"},\"participant\":\"CUSTOMER\","
                      + "\"text\":\"hi, card 4111 1111 1111 1111\",\"sentiment\":0.5,\"queue\":\"q\"}")
                  .formatted(n, i, i % 60, channels[(n + i) % 4], n));
    }
    return sb.append("]").toString();
  }

  private static String mutate(String body, Random random) {
    int ops = 1 + random.nextInt(3);
    String s = body;
    for (int k = 0; k < ops && !s.isEmpty(); k++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(6)) {
        case 0 ->
            s =
                s.substring(0, at)
                    + (char) random.nextInt(128)
                    + s.substring(Math.min(s.length(), at + 1));
        case 1 ->
            s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(20)));
        case 2 -> {
          int end = Math.min(s.length(), at + random.nextInt(30));
          s = s.substring(0, end) + s.substring(at, end) + s.substring(end);
        }
        case 3 -> {
          // Replace the value after a random ':' with an odd one.
          int colon = s.indexOf(':', at);
          if (colon > 0) {
            int end = colon + 1;
            while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
              end++;
            }
            s =
                s.substring(0, colon + 1)
                    + VALUES[random.nextInt(VALUES.length)]
                    + s.substring(end);
          }
        }
        case 4 -> s = s.substring(0, at);
        default -> {
          // Drop a field.
          int quote = s.indexOf(",\"", at);
          if (quote > 0) {
            int next = s.indexOf(",\"", quote + 2);
            s = next > 0 ? s.substring(0, quote) + s.substring(next) : s;
          }
        }
      }
    }
    return s;
  }

  private static String random(Random random) {
    int len = random.nextInt(200);
    StringBuilder sb = new StringBuilder();
    String alphabet = "{}[]\":,0123456789.eE+-truefalsnl \n\\abcxyz\u00e9\u4e2d";
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static Set<String> ids(String body) {
    Set<String> out = new HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("fz-\\d+-\\d+").matcher(body);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String eventId(Object value) {
    if (value instanceof ChatEvent e) {
      return e.getEventId();
    } else if (value instanceof VoiceEvent e) {
      return e.getEventId();
    } else if (value instanceof EmailEvent e) {
      return e.getEventId();
    } else if (value instanceof SmsEvent e) {
      return e.getEventId();
    }
    return null;
  }

  @Test
  void shouldNeverAnswer5xxNorPublishPartOfABatch(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "fuzz-it", 2);
    List<String> interactionTopics =
        JourneylineTopic.interactionTopics().stream().map(topics::name).toList();
    Random random = new Random(SEED);
    Set<String> accepted = new HashSet<>();
    Set<String> rejected = new HashSet<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            Map.of(
                AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                AdaptersConfig.MAX_BODY_BYTES_CONFIG, "65536",
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0"),
            new SimpleMeterRegistry(),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      for (int n = 0; n < CANONICAL_BODIES; n++) {
        String body =
            switch (n % 4) {
              case 0 -> random(random);
              case 3 -> template(n, 1 + random.nextInt(5));
              default -> mutate(template(n, 1 + random.nextInt(5)), random);
            };
        String type = random.nextInt(10) == 0 ? "application/x-ndjson" : "application/json";
        Harness.Answer answer =
            Harness.post(
                server, "/v1/events", type, body.getBytes(StandardCharsets.UTF_8), Map.of());
        statuses.merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as("status for body %s", body).isLessThan(500);
        if (answer.status() == 202) {
          accepted.addAll(ids(body));
        } else {
          rejected.addAll(ids(body));
        }
      }
      String[] paths = {
        "/v1/identities",
        "/v1/channels/amazon-connect/ctr",
        "/v1/channels/genesys/events",
        "/v1/channels/email",
        "/v1/channels/twilio/sms"
      };
      String[] seeds = {
        "[{\"type\":\"PHONE\",\"value\":\"+14158675309\",\"customerId\":\"c\"}]",
        ConnectCtrTest.sample().toString(),
        GenesysEventsTest.sample().toString(),
        EmailMessagesTest.REPLY,
        "MessageSid=SM1&From=%2B14158675309&To=%2B18005551212&Body=hi"
      };
      String[] types = {
        "application/json",
        "application/json",
        "application/json",
        "message/rfc822",
        "application/x-www-form-urlencoded"
      };
      for (int n = 0; n < NATIVE_BODIES; n++) {
        int e = n % paths.length;
        String body = n % 3 == 0 ? random(random) : mutate(seeds[e], random);
        Harness.Answer answer =
            Harness.post(
                server, paths[e], types[e], body.getBytes(StandardCharsets.UTF_8), Map.of());
        statuses.merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as("status on %s for body %s", paths[e], body).isLessThan(500);
      }
    }
    rejected.removeAll(accepted);
    Set<String> committed =
        Await.until(
            Duration.ofSeconds(60),
            "every accepted eventId committed",
            () ->
                Harness.readAll(kafka, registry.url(), interactionTopics).stream()
                    .map(r -> eventId(r.value()))
                    .filter(Objects::nonNull)
                    .filter(id -> id.matches("fz-\\d+-\\d+"))
                    .collect(Collectors.toSet()),
            set -> set.containsAll(accepted));
    Set<String> written =
        Harness.readAll(kafka, registry.url(), interactionTopics, false).stream()
            .map(r -> eventId(r.value()))
            .filter(Objects::nonNull)
            .filter(id -> id.matches("fz-\\d+-\\d+"))
            .collect(Collectors.toSet());
    assertThat(new ArrayList<>(committed)).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(written).doesNotContainAnyElementsOf(rejected);
    assertThat(statuses).containsKeys(202, 400);
    System.out.printf(
        "fuzz statuses: %s, accepted ids %d, rejected ids %d%n",
        statuses, accepted.size(), rejected.size());
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 17 item 8: every endpoint, with authentication and a Twilio token on; property-based
  // timestamps (extremes and the window's edges) with an exact oracle; a time bound per request.

  private static final String KEY = "fuzz-key";
  private static final String TOKEN = "fuzz-token";
  private static final long PER_REQUEST_MS = 2_000;
  private static final Instant EARLIEST = NOW.minus(Duration.ofDays(400));
  private static final Instant LATEST = NOW.plus(Duration.ofMinutes(5));

  /** A random instant: the window's edges, near now, or anywhere from year -3000 to 11000. */
  private static Instant instant(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> EARLIEST.minusMillis(random.nextInt(2));
      case 1 -> LATEST.plusMillis(random.nextInt(2));
      case 2 -> Instant.ofEpochMilli(0).minusMillis(random.nextInt(2));
      case 3 -> NOW.minusSeconds(random.nextInt(400 * 86_400));
      case 4 -> NOW.plusSeconds(random.nextInt(600));
      default -> Instant.ofEpochSecond(-157_000_000_000L + (long) (random.nextDouble() * 4.0e11));
    };
  }

  private static boolean inWindow(Instant t) {
    return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
  }

  private record Probe(
      String path,
      String type,
      byte[] body,
      Map<String, String> headers,
      int expected,
      String id) {}

  private static Probe probe(int n, Random random, String twilioUrl) {
    Instant t = instant(random);
    Instant t2 = t.plusSeconds(random.nextInt(3600));
    Map<String, String> auth = Map.of("X-API-Key", KEY);
    String id = "pf-" + n;
    switch (n % 6) {
      case 0 -> {
        String body =
            ("{\"eventId\":\"%s\",\"occurredAt\":\"%s\",\"channel\":\"%s\",\"type\":"
                    + "\"MESSAGE\",\"contactId\":\"pf\",\"customer\":{\"phone\":\"+14158675309\"},"
                    + "\"participant\":\"CUSTOMER\",\"text\":\"pay 4111 1111 1111 1111 exp 1/27 %d\"}")
                .formatted(
                    id,
                    t,
                    new String[] {"CHAT", "VOICE", "EMAIL", "SMS"}[random.nextInt(4)],
                    100 + random.nextInt(900));
        return new Probe(
            "/v1/events",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth,
            inWindow(t) ? 202 : 400,
            inWindow(t) ? id : null);
      }
      case 1 -> {
        String body =
            "{\"type\":\"EMAIL\",\"value\":\"pf%d@example.com\",\"customerId\":\"c\",\"linkedAt\":\"%s\"}"
                .formatted(n, t);
        return new Probe(
            "/v1/identities",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth,
            inWindow(t) ? 202 : 400,
            null);
      }
      case 2 -> {
        ObjectNode ctr = (ObjectNode) ConnectCtrTest.sample().deepCopy();
        ctr.put("ContactId", id);
        if (random.nextBoolean()) {
          ctr.put("InitiationTimestamp", t.toEpochMilli());
        } else {
          ctr.put("InitiationTimestamp", t.toString());
        }
        ctr.put("DisconnectTimestamp", t2.toString());
        ctr.put("LastUpdateTimestamp", t2.toString());
        boolean ok = inWindow(t) && inWindow(t2) && t.getEpochSecond() < 253_402_300_799L;
        return new Probe(
            "/v1/channels/amazon-connect/ctr",
            "application/json",
            ctr.toString().getBytes(StandardCharsets.UTF_8),
            auth,
            ok ? 202 : 400,
            ok ? "connect:" + id + ":start" : null);
      }
      case 3 -> {
        ObjectNode g = GenesysEventsTest.withTopic("customer.start");
        ((ObjectNode) g.get("eventBody")).put("eventTime", t.toEpochMilli());
        ((ObjectNode) g.get("eventBody")).put("participantId", id);
        return new Probe(
            "/v1/channels/genesys/events",
            "application/json",
            g.toString().getBytes(StandardCharsets.UTF_8),
            auth,
            inWindow(t) ? 202 : 400,
            null);
      }
      case 4 -> {
        // RFC 5322 dates have four-digit years: keep those instants, others become missing.
        boolean representable =
            t.isAfter(Instant.parse("1900-01-01T00:00:00Z"))
                && t.isBefore(Instant.parse("9999-01-01T00:00:00Z"));
        String date =
            representable
                ? java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    t.atOffset(ZoneOffset.UTC))
                : null;
        String mail =
            EmailMessagesTest.REPLY.replace(
                "Message-ID: <3456@example.net>", "Message-ID: <" + id + "@example.net>");
        mail =
            date == null
                ? mail.replaceAll("Date: [^\\r]*\\r\\n", "")
                : mail.replace("Sun, 01 Mar 2026 09:26:00 +0100", date);
        boolean ok = date == null || inWindow(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return new Probe(
            "/v1/channels/email",
            "message/rfc822",
            mail.getBytes(StandardCharsets.UTF_8),
            auth,
            ok ? 202 : 400,
            null);
      }
      default -> {
        String[] senders = {"+14158675309", "89898", "ACME", "whatsapp:+14158675309", "x:y", "+"};
        String[] statuses = {"received", "delivered", "failed", "read", ""};
        String status = statuses[random.nextInt(statuses.length)];
        String form =
            "MessageSid=SM"
                + n
                + "&From="
                + java.net.URLEncoder.encode(
                    senders[random.nextInt(senders.length)], StandardCharsets.UTF_8)
                + "&To=%2B18005551212&Body=hi+"
                + n
                + (status.isEmpty()
                    ? ""
                    : "&SmsStatus="
                        + status
                        + (status.equals("received") ? "" : "&MessageStatus=" + status));
        Map<String, List<String>> params =
            io.journeyline.adapters.channels.twilio.TwilioSms.parseForm(
                form.getBytes(StandardCharsets.UTF_8));
        boolean signed = random.nextInt(4) > 0;
        String signature =
            io.journeyline.adapters.channels.twilio.TwilioSignature.compute(
                signed ? TOKEN : "wrong", twilioUrl, params);
        return new Probe(
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Twilio-Signature", signature),
            signed ? 200 : 403,
            null);
      }
    }
  }

  @Test
  void shouldMeetTheOracleOnEveryEndpointWithAuthenticationAndATwilioTokenOn(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "fuzz-all", 2);
    List<String> interactionTopics =
        JourneylineTopic.interactionTopics().stream().map(topics::name).toList();
    Random random = new Random(SEED + 1);
    Set<String> accepted = new HashSet<>();
    Set<String> rejected = new HashSet<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    long worst = 0;
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
                "65536",
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG,
                "0"),
            new SimpleMeterRegistry(),
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      String twilioUrl = server.baseUri() + "/v1/channels/twilio/sms";
      for (int n = 0; n < 1200; n++) {
        Probe p = probe(n, random, twilioUrl);
        // One in five: no key, a wrong key, or a mutated body (the oracle then only bounds it).
        int twist = random.nextInt(10);
        Map<String, String> headers = p.headers();
        byte[] body = p.body();
        Integer expected = p.expected();
        if (!p.path().endsWith("twilio/sms") && twist == 0) {
          headers = Map.of();
          expected = 401;
        } else if (!p.path().endsWith("twilio/sms") && twist == 1) {
          headers = Map.of("X-API-Key", "nope");
          expected = 401;
        } else if (twist == 2) {
          body =
              mutate(new String(body, StandardCharsets.UTF_8), random)
                  .getBytes(StandardCharsets.UTF_8);
          expected = null;
        }
        long start = System.nanoTime();
        Harness.Answer answer = Harness.post(server, p.path(), p.type(), body, headers);
        long ms = (System.nanoTime() - start) / 1_000_000;
        worst = Math.max(worst, ms);
        statuses.merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as("%s %s", p.path(), answer.body()).isLessThan(500);
        assertThat(ms).as("time of %s", p.path()).isLessThan(PER_REQUEST_MS);
        if (expected != null) {
          assertThat(answer.status())
              .as("%s %s -> %s", p.path(), new String(body, StandardCharsets.UTF_8), answer.body())
              .isEqualTo(expected);
          if (p.id() != null) {
            (answer.status() == 202 ? accepted : rejected).add(p.id());
          }
        } else if (p.id() != null && answer.status() != 202) {
          rejected.add(p.id());
        } else if (p.id() != null) {
          accepted.add(p.id());
        }
      }
    }
    rejected.removeAll(accepted);
    Set<String> committed =
        Await.until(
            Duration.ofSeconds(60),
            "every accepted probe committed",
            () ->
                Harness.readAll(kafka, registry.url(), interactionTopics).stream()
                    .map(r -> eventId(r.value()))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet()),
            set -> set.containsAll(accepted));
    Set<String> written =
        Harness.readAll(kafka, registry.url(), interactionTopics, false).stream()
            .map(r -> eventId(r.value()))
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    assertThat(committed).containsAll(accepted);
    assertThat(written).doesNotContainAnyElementsOf(rejected);
    assertThat(statuses).containsKeys(200, 202, 400, 401, 403);
    System.out.printf(
        "fuzz-all statuses: %s, accepted %d, rejected %d, slowest %d ms%n",
        statuses, accepted.size(), rejected.size(), worst);
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

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
}

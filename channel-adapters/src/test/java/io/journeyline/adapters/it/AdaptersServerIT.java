package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.channels.connect.ConnectCtrTest;
import io.journeyline.adapters.channels.email.EmailMessagesTest;
import io.journeyline.adapters.channels.genesys.GenesysEventsTest;
import io.journeyline.adapters.channels.twilio.TwilioSignature;
import io.journeyline.adapters.channels.twilio.TwilioSms;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.Participant;
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
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint on a real port, with a real HTTP client, against the in-process broker and
 * registry; results are checked by reading the topics (read_committed).
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmbeddedKafkaExtension.class)
class AdaptersServerIT {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String KEY = "it-key";
  private static final String EVENTS_ONLY_KEY = "events-only";
  private static final String TWILIO_TOKEN = "12345";
  private static final String[] TEST_PANS = {
    "4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004"
  };

  private EmbeddedKafkaCluster kafka;
  private EmbeddedSchemaRegistry registry;
  private TopicCatalog topics;
  private AdaptersServer server;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  void start(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
    this.topics = Harness.createTopics(kafka, "adapters-it", 3);
    this.server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            Map.of(
                AdaptersConfig.API_KEYS_CONFIG,
                KEY + "," + EVENTS_ONLY_KEY + ":events",
                AdaptersConfig.TWILIO_AUTH_TOKEN_CONFIG,
                TWILIO_TOKEN,
                AdaptersConfig.MAX_BODY_BYTES_CONFIG,
                "65536",
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG,
                "300ms"),
            meters,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> auth() {
    return Map.of("X-API-Key", KEY);
  }

  private List<Harness.Read> read(JourneylineTopic... which) {
    return Harness.readAll(
        kafka, registry.url(), java.util.Arrays.stream(which).map(topics::name).toList());
  }

  /**
   * Reads committed records until at least {@code count} match: a commit returns once the
   * coordinator has it, and the markers that make records visible land shortly after.
   */
  private List<Harness.Read> awaitRecords(
      JourneylineTopic topic, java.util.function.Predicate<Harness.Read> match, int count) {
    return Await.until(
        Duration.ofSeconds(30),
        count + " matching record(s) on " + topic,
        () -> read(topic).stream().filter(match).toList(),
        list -> list.size() >= count);
  }

  /** Every record ever written (even uncommitted or aborted) to the interaction topics. */
  private Set<String> writtenEventIds() {
    return Harness.readAll(
            kafka,
            registry.url(),
            JourneylineTopic.interactionTopics().stream().map(topics::name).toList(),
            false)
        .stream()
        .map(r -> eventId(r.value()))
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
  }

  private List<Harness.Read> readInteractions() {
    return read(
        JourneylineTopic.INTERACTIONS_CHAT,
        JourneylineTopic.INTERACTIONS_VOICE,
        JourneylineTopic.INTERACTIONS_EMAIL,
        JourneylineTopic.INTERACTIONS_SMS);
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

  private static String event(
      String id, String channel, String type, String contact, String extra) {
    return ("{\"eventId\":\"%s\",\"occurredAt\":\"2026-03-01T09:%s:00Z\",\"channel\":\"%s\","
            + "\"type\":\"%s\",\"contactId\":\"%s\",\"customer\":{\"customerId\":\"c-1\","
            + "\"phone\":\"+1 415 867 5309\"}%s}")
        .formatted(
            id, String.format("%02d", Math.abs(id.hashCode()) % 60), channel, type, contact, extra);
  }

  private static JsonNode json(String body) {
    return CanonicalJson.parseOne(body.getBytes(StandardCharsets.UTF_8), "answer");
  }

  private void assertNoTestPanAnywhere() {
    List<Harness.Read> all =
        Harness.readAll(
            kafka,
            registry.url(),
            java.util.Arrays.stream(JourneylineTopic.values())
                .filter(t -> t.valueType().isPresent())
                .map(topics::name)
                .toList(),
            false);
    for (Harness.Read r : all) {
      String raw = new String(r.rawValue(), StandardCharsets.ISO_8859_1);
      for (String pan : TEST_PANS) {
        assertThat(raw).doesNotContain(pan);
      }
    }
  }

  @Test
  void shouldPublishACanonicalChatBatchAsAvroAfterCommit() throws Exception {
    String id = "chat-" + UUID.randomUUID();
    String body =
        "["
            + event(id + "-1", "CHAT", "CONTACT_STARTED", id, ",\"queue\":\"billing\"")
            + ","
            + event(
                id + "-2",
                "CHAT",
                "MESSAGE",
                id,
                ",\"participant\":\"CUSTOMER\",\"text\":\"my card 4111 1111 1111 1111 cvv 123,"
                    + " mail jane@example.com\",\"sentiment\":-0.5")
            + ","
            + event(
                id + "-3", "CHAT", "CONTACT_ENDED", id, ",\"resolved\":true,\"issue\":\"refund\"")
            + "]";

    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/events",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(202);
    JsonNode accepted = json(answer.body());
    assertThat(accepted.get("accepted").asInt()).isEqualTo(3);
    assertThat(accepted.get("eventIds").toString()).contains(id + "-1", id + "-2", id + "-3");
    List<Harness.Read> chat =
        read(JourneylineTopic.INTERACTIONS_CHAT).stream().filter(r -> id.equals(r.key())).toList();
    assertThat(chat)
        .extracting(r -> ((ChatEvent) r.value()).getType())
        .containsExactly(EventType.CONTACT_STARTED, EventType.MESSAGE, EventType.CONTACT_ENDED);
    ChatEvent message = (ChatEvent) chat.get(1).value();
    assertThat(message.getText()).isEqualTo("my card [PAN] cvv [CVV], mail [EMAIL]");
    assertThat(message.getCustomer()).isEqualTo(new CustomerRef("c-1", "+14158675309", null, null));
    assertThat(message.getParticipant()).isEqualTo(Participant.CUSTOMER);
    assertThat(message.getSentiment()).isEqualTo(-0.5);
    assertThat(message.getSource()).isEqualTo("canonical");
    // Event time travels in the payload; the record timestamp is the (later) ingest time.
    assertThat(chat.get(1).timestamp()).isGreaterThan(message.getOccurredAt().toEpochMilli());
    assertThat(((ChatEvent) chat.get(2).value()).getResolved()).isTrue();
    assertNoTestPanAnywhere();
  }

  @Test
  void shouldRouteEachChannelToItsTopicFromNdjson() throws Exception {
    String id = "nd-" + UUID.randomUUID();
    String body =
        event(id + "-v", "VOICE", "CONTACT_STARTED", id + "-v", "")
            + "\n"
            + event(id + "-e", "EMAIL", "MESSAGE", id + "-e", ",\"direction\":\"OUTBOUND\"")
            + "\n"
            + event(id + "-s", "SMS", "MESSAGE", id + "-s", "")
            + "\n";

    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/events",
            "application/x-ndjson",
            body.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(202);
    awaitRecords(JourneylineTopic.INTERACTIONS_VOICE, r -> (id + "-v").equals(r.key()), 1);
    awaitRecords(
        JourneylineTopic.INTERACTIONS_EMAIL,
        r ->
            (id + "-e").equals(r.key())
                && ((EmailEvent) r.value()).getDirection() == Direction.OUTBOUND,
        1);
    awaitRecords(JourneylineTopic.INTERACTIONS_SMS, r -> (id + "-s").equals(r.key()), 1);
  }

  @Test
  void shouldPublishNothingFromABatchWithOneBadItem() throws Exception {
    String id = "bad-" + UUID.randomUUID();
    String body =
        "["
            + event(id + "-1", "CHAT", "MESSAGE", id, ",\"text\":\"4111111111111111\"")
            + ","
            + event(id + "-2", "CHAT", "MESSAGE", id, ",\"sentiment\":3")
            + "]";

    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/events",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem = json(answer.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("type").asText()).endsWith("/validation");
    assertThat(problem.get("errors")).hasSize(1);
    assertThat(problem.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("sentiment");
    assertThat(writtenEventIds()).doesNotContain(id + "-1", id + "-2");
  }

  @Test
  void shouldAnswerEachKindOfBadRequestWithItsStatusAndPublishNothing() throws Exception {
    String id = "kinds-" + UUID.randomUUID();
    byte[] good = event(id, "CHAT", "MESSAGE", id, "").getBytes(StandardCharsets.UTF_8);

    Harness.Answer noKey = Harness.post(server, "/v1/events", "application/json", good, Map.of());
    Harness.Answer wrongKey =
        Harness.post(server, "/v1/events", "application/json", good, Map.of("X-API-Key", "nope"));
    Harness.Answer bearer =
        Harness.post(
            server,
            "/v1/identities",
            "application/json",
            good,
            Map.of("Authorization", "Bearer nope"));
    Harness.Answer notAllowed =
        Harness.post(
            server,
            "/v1/identities",
            "application/json",
            good,
            Map.of("X-API-Key", EVENTS_ONLY_KEY));
    Harness.Answer wrongType = Harness.post(server, "/v1/events", "text/plain", good, auth());
    Harness.Answer tooLarge =
        Harness.post(server, "/v1/events", "application/json", new byte[70_000], auth());
    Harness.Answer malformed =
        Harness.post(
            server,
            "/v1/events",
            "application/json",
            "{\"eventId\":".getBytes(StandardCharsets.UTF_8),
            auth());
    Harness.Answer missing = Harness.post(server, "/v1/nothing", "application/json", good, auth());

    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.raw().headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(notAllowed.status()).isEqualTo(403);
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(missing.status()).isEqualTo(404);
    for (Harness.Answer a :
        List.of(noKey, wrongKey, notAllowed, wrongType, tooLarge, malformed, missing)) {
      assertThat(a.contentType()).startsWith("application/problem+json");
      JsonNode problem = json(a.body());
      assertThat(problem.get("status").asInt()).isEqualTo(a.status());
      assertThat(problem.has("type") && problem.has("title") && problem.has("detail")).isTrue();
    }
    assertThat(writtenEventIds()).doesNotContain(id);
  }

  @Test
  void shouldPublishTheSameKeysAndIdsWhenARequestIsRetried() throws Exception {
    String id = "retry-" + UUID.randomUUID();
    byte[] body =
        ("[" + event(id + "-1", "VOICE", "CONTACT_STARTED", id, "") + "]")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(Harness.post(server, "/v1/events", "application/json", body, auth()).status())
        .isEqualTo(202);
    assertThat(Harness.post(server, "/v1/events", "application/json", body, auth()).status())
        .isEqualTo(202);

    List<Harness.Read> copies =
        awaitRecords(JourneylineTopic.INTERACTIONS_VOICE, r -> id.equals(r.key()), 2);
    assertThat(copies).hasSize(2);
    assertThat(copies.get(0).value()).isEqualTo(copies.get(1).value());
    assertThat(copies.get(0).partition()).isEqualTo(copies.get(1).partition());
  }

  @Test
  void shouldPublishIdentityLinksKeyedByNormalizedIdentifier() throws Exception {
    String customer = "crm-" + UUID.randomUUID();
    String body =
        "[{\"type\":\"PHONE\",\"value\":\"(415) 555-2671\",\"customerId\":\"%s\"},"
                .formatted(customer)
            + "{\"type\":\"EMAIL\",\"value\":\"Pat@Example.com\",\"customerId\":\"%s\"}]"
                .formatted(customer);

    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/identities",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(202);
    List<Harness.Read> links =
        awaitRecords(
            JourneylineTopic.IDENTITIES,
            r -> ((IdentityLink) r.value()).getCustomerId().equals(customer),
            2);
    assertThat(links)
        .extracting(Harness.Read::key)
        .containsExactlyInAnyOrder("PHONE:+14155552671", "EMAIL:pat@example.com");
    assertThat(links)
        .extracting(r -> (IdentityLink) r.value())
        .containsExactlyInAnyOrder(
            new IdentityLink(IdentifierType.PHONE, "+14155552671", customer, LinkSource.CRM, NOW),
            new IdentityLink(
                IdentifierType.EMAIL, "pat@example.com", customer, LinkSource.CRM, NOW));
  }

  @Test
  void shouldAcceptASignedTwilioWebhookAndRejectABadSignature() throws Exception {
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    String form =
        "MessageSid="
            + sid
            + "&AccountSid=AC123&From=%2B14158675309&To=%2B18005551212"
            + "&Body=card+4111111111111111+please&NumMedia=0";
    Map<String, List<String>> params = TwilioSms.parseForm(form.getBytes(StandardCharsets.UTF_8));
    String url = server.baseUri() + "/v1/channels/twilio/sms";
    String signature = TwilioSignature.compute(TWILIO_TOKEN, url, params);

    Harness.Answer forged =
        Harness.post(
            server,
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.replace("please", "now").getBytes(StandardCharsets.UTF_8),
            Map.of("X-Twilio-Signature", signature));
    Harness.Answer unsigned =
        Harness.post(
            server,
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            auth());
    Harness.Answer signed =
        Harness.post(
            server,
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Twilio-Signature", signature));

    assertThat(forged.status()).isEqualTo(403);
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(signed.status()).isEqualTo(200);
    assertThat(signed.contentType()).startsWith("text/xml");
    assertThat(signed.body()).isEqualTo(TwilioSms.EMPTY_TWIML);
    List<Harness.Read> sms =
        awaitRecords(
            JourneylineTopic.INTERACTIONS_SMS,
            r -> ("twilio:" + sid).equals(eventId(r.value())),
            1);
    assertThat(sms).hasSize(1);
    assertThat(sms.get(0).key()).isEqualTo("sms:+14158675309:+18005551212");
    SmsEvent e = (SmsEvent) sms.get(0).value();
    assertThat(e.getText()).isEqualTo("card [PAN] please");
    assertThat(e.getSource()).isEqualTo("twilio");
    assertThat(e.getOccurredAt()).isEqualTo(NOW);
  }

  @Test
  void shouldMapAmazonConnectRecordsDirectAndThroughFirehose() throws Exception {
    String ctr = ConnectCtrTest.sample().toString();
    Harness.Answer direct =
        Harness.post(
            server,
            "/v1/channels/amazon-connect/ctr",
            "application/json",
            (ctr + ctr).getBytes(StandardCharsets.UTF_8),
            auth());
    assertThat(direct.status()).isEqualTo(202);
    // Per record: start, answer, end, wrap-up (after-contact work end).
    assertThat(json(direct.body()).get("accepted").asInt()).isEqualTo(8);

    String data = Base64.getEncoder().encodeToString((ctr + "\n").getBytes(StandardCharsets.UTF_8));
    String envelope =
        "{\"requestId\":\"fh-1\",\"timestamp\":1772355600000,\"records\":[{\"data\":\""
            + data
            + "\"}]}";
    Harness.Answer firehose =
        Harness.post(
            server,
            "/v1/channels/amazon-connect/ctr",
            "application/json",
            envelope.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Amz-Firehose-Access-Key", KEY));
    assertThat(firehose.status()).isEqualTo(200);
    assertThat(json(firehose.body()).get("requestId").asText()).isEqualTo("fh-1");

    List<Harness.Read> voice =
        awaitRecords(
            JourneylineTopic.INTERACTIONS_VOICE,
            r -> "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21".equals(r.key()),
            12);
    assertThat(voice).hasSize(12);
    assertThat(((VoiceEvent) voice.get(1).value()).getType()).isEqualTo(EventType.ANSWERED);
    VoiceEvent end = (VoiceEvent) voice.get(2).value();
    assertThat(end.getType()).isEqualTo(EventType.CONTACT_ENDED);
    assertThat(end.getIssue()).isEqualTo("billing-dispute");
    assertThat(end.getAttributes().get("note")).isEqualTo("customer read card [PAN] aloud");
    assertNoTestPanAnywhere();
  }

  @Test
  void shouldMapGenesysNotifications() throws Exception {
    String body =
        "[" + GenesysEventsTest.sample() + "," + GenesysEventsTest.withTopic("user.start") + "]";
    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/channels/genesys/events",
            "application/json",
            body.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(202);
    assertThat(json(answer.body()).get("ignored").asInt()).isEqualTo(1);
    // Committed records become visible a moment after the 202 (see awaitRecords).
    assertThat(
            awaitRecords(
                JourneylineTopic.INTERACTIONS_VOICE,
                r ->
                    "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9".equals(r.key())
                        && ((VoiceEvent) r.value()).getSource().equals("genesys"),
                1))
        .isNotEmpty();
  }

  @Test
  void shouldMapARawEmailIntoItsThread() throws Exception {
    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/channels/email",
            "message/rfc822",
            EmailMessagesTest.REPLY.getBytes(StandardCharsets.UTF_8),
            auth());
    Harness.Answer wrongType =
        Harness.post(
            server,
            "/v1/channels/email",
            "application/json",
            EmailMessagesTest.REPLY.getBytes(StandardCharsets.UTF_8),
            auth());

    assertThat(answer.status()).isEqualTo(202);
    assertThat(wrongType.status()).isEqualTo(415);
    List<Harness.Read> email =
        awaitRecords(
            JourneylineTopic.INTERACTIONS_EMAIL,
            r -> "email:1234@local.machine.example".equals(r.key()),
            1);
    assertThat(email).hasSize(1);
    EmailEvent e = (EmailEvent) email.get(0).value();
    assertThat(e.getText())
        .isEqualTo("Still not refunded. My card was [PAN].\nCall me on [PHONE].");
    assertThat(e.getCustomer().getEmail()).isEqualTo("mary@example.net");
    assertNoTestPanAnywhere();
  }

  @Test
  void shouldSendWatermarkHeartbeatsToEveryPartition() throws Exception {
    String id = "hb-" + UUID.randomUUID();
    byte[] body =
        ("{\"eventId\":\""
                + id
                + "\",\"occurredAt\":\"2026-03-01T09:59:59Z\",\"channel\":\"CHAT\","
                + "\"type\":\"CONTACT_STARTED\",\"contactId\":\""
                + id
                + "\",\"customer\":{\"chatUserId\":\"u\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Harness.post(server, "/v1/events", "application/json", body, auth()).status())
        .isEqualTo(202);
    Instant watermark = Instant.parse("2026-03-01T09:59:59Z");

    List<Harness.Read> heartbeats =
        Await.until(
            Duration.ofSeconds(30),
            "heartbeats with the watermark on all 12 partitions",
            () ->
                readInteractions().stream()
                    .filter(
                        r ->
                            r.value() instanceof Heartbeat hb
                                && hb.getWatermark().equals(watermark))
                    .toList(),
            list ->
                list.stream().map(r -> r.topic() + "/" + r.partition()).distinct().count() == 12);

    for (Harness.Read r : heartbeats) {
      Heartbeat hb = (Heartbeat) r.value();
      assertThat(r.key()).isNull();
      assertThat(hb.getPartition()).isEqualTo(r.partition());
      assertThat(hb.getPartitions()).isEqualTo(3);
      // marked, so that generic consumers can skip it without decoding it
      assertThat(r.headers()).containsEntry("journeyline.record-type", "heartbeat");
      // The record timestamp is the ingest time, not the (older) event-time watermark.
      assertThat(r.timestamp()).isGreaterThan(watermark.toEpochMilli());
    }
    Set<String> subjects = new HashSet<>(registrySubjects());
    assertThat(subjects)
        .contains(
            "io.journeyline.avro.Heartbeat",
            topics.name(JourneylineTopic.INTERACTIONS_CHAT) + "-value")
        .doesNotContain(
            topics.name(JourneylineTopic.INTERACTIONS_CHAT) + "-io.journeyline.avro.Heartbeat");
  }

  @Test
  void shouldCountRequestsRejectionsAndPublishedRecords() throws Exception {
    String id = "m-" + UUID.randomUUID();
    Harness.post(
        server,
        "/v1/events",
        "application/json",
        event(id, "CHAT", "MESSAGE", id, "").getBytes(StandardCharsets.UTF_8),
        auth());
    Harness.post(
        server, "/v1/events", "application/json", "[]".getBytes(StandardCharsets.UTF_8), auth());

    assertThat(
            meters
                .get("journeyline.adapters.requests")
                .tags("endpoint", "events", "status", "202")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            meters
                .get("journeyline.adapters.rejected")
                .tags("endpoint", "events", "reason", "malformed")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            meters
                .get("journeyline.adapters.records.published")
                .tags("topic", topics.name(JourneylineTopic.INTERACTIONS_CHAT))
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.get("journeyline.adapters.publish.latency").timer().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldCarryAvroEventsThroughTheJavaClientUnchanged() throws Exception {
    String id = "client-" + UUID.randomUUID();
    VoiceEvent original =
        VoiceEvent.newBuilder()
            .setEventId(id)
            .setOccurredAt(Instant.parse("2026-03-01T09:15:00Z"))
            .setType(EventType.CONTACT_ENDED)
            .setContactId(id)
            .setCustomer(new CustomerRef("c-9", "+14158675309", "x@y.example", null))
            .setDirection(Direction.OUTBOUND)
            .setQueue("retention")
            .setAgentId("a-1")
            .setIssue("cancel")
            .setResolved(true)
            .setSource("canonical")
            .setAttributes(Map.of("campaign", "spring"))
            .setDialedNumber("+18005551212")
            .setHoldSeconds(30)
            .build();
    io.journeyline.adapters.client.AdaptersClient client =
        new io.journeyline.adapters.client.AdaptersClient(
            server.baseUri(), java.util.Optional.of(KEY), Duration.ofSeconds(30));

    io.journeyline.adapters.client.AdaptersClient.Result result = client.send(List.of(original));

    assertThat(result.accepted()).isTrue();
    assertThat(result.eventIds()).containsExactly(id);
    assertThat(awaitRecords(JourneylineTopic.INTERACTIONS_VOICE, r -> id.equals(r.key()), 1))
        .extracting(Harness.Read::value)
        .containsExactly(original);
  }

  private List<String> registrySubjects() throws Exception {
    java.net.http.HttpResponse<String> response =
        Harness.HTTP.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.url() + "/subjects"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    List<String> out = new java.util.ArrayList<>();
    json(response.body()).forEach(n -> out.add(n.asText()));
    return out;
  }
}

package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.channels.connect.ConnectCtrTest;
import io.journeyline.adapters.channels.email.EmailMessagesTest;
import io.journeyline.adapters.channels.genesys.GenesysEventsTest;
import io.journeyline.adapters.channels.twilio.TwilioSignature;
import io.journeyline.adapters.channels.twilio.TwilioSms;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The native endpoints and the edge over real HTTP on a real port against the in-process broker:
 * Firehose delivery, Twilio status callbacks, bounded timestamps on every endpoint (issue 10 item
 * 5), read/parse timeouts and the graceful drain (issue 17 item 6).
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(EmbeddedKafkaExtension.class)
class NativeEdgeIT {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String KEY = "edge-key";
  private static final String TWILIO_TOKEN = "edge-token";

  private EmbeddedKafkaCluster kafka;
  private EmbeddedSchemaRegistry registry;
  private TopicCatalog topics;
  private AdaptersServer server;

  @BeforeAll
  void start(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
    this.topics = Harness.createTopics(kafka, "edge-it", 2);
    this.server = start(Map.of());
  }

  private AdaptersServer start(Map<String, String> extra) {
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put(AdaptersConfig.API_KEYS_CONFIG, KEY);
    settings.put(AdaptersConfig.TWILIO_AUTH_TOKEN_CONFIG, TWILIO_TOKEN);
    settings.put(AdaptersConfig.MAX_BATCH_SIZE_CONFIG, "10");
    settings.put(AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0");
    settings.put(AdaptersConfig.READ_TIMEOUT_CONFIG, "1s");
    settings.put(AdaptersConfig.REQUEST_PARSE_TIMEOUT_CONFIG, "1s");
    settings.put(AdaptersConfig.IDLE_TIMEOUT_CONFIG, "2s");
    settings.putAll(extra);
    return Harness.start(
        kafka,
        registry.url(),
        topics,
        settings,
        new SimpleMeterRegistry(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private List<Harness.Read> interactions() {
    return Harness.readAll(
        kafka,
        registry.url(),
        JourneylineTopic.interactionTopics().stream().map(topics::name).toList());
  }

  /**
   * Amazon Data Firehose Developer Guide, "Understand HTTP endpoint delivery request and response
   * specifications": body {requestId, timestamp, records: [{data: base64}]}, Content-Encoding gzip
   * when enabled, the access key in X-Amz-Firehose-Access-Key, answer 200 {requestId, timestamp}.
   */
  @Test
  void shouldTakeAGzippedFirehoseDeliveryLargerThanTheBatchLimit() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    ArrayNode records = CanonicalJson.MAPPER.createArrayNode();
    for (int i = 0; i < 30; i++) {
      ObjectNode ctr = (ObjectNode) ConnectCtrTest.sample().deepCopy();
      ctr.put("ContactId", "fh-" + run + "-" + i);
      byte[] line = (ctr + "\n").getBytes(StandardCharsets.UTF_8);
      records.addObject().put("data", Base64.getEncoder().encodeToString(line));
    }
    ObjectNode envelope = CanonicalJson.MAPPER.createObjectNode();
    envelope.put("requestId", "ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
    envelope.put("timestamp", 1772359200000L);
    envelope.set("records", records);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(envelope.toString().getBytes(StandardCharsets.UTF_8));
    }

    Harness.Answer answer =
        Harness.post(
            server,
            "/v1/channels/amazon-connect/ctr",
            "application/json",
            gz.toByteArray(),
            Map.of(
                "Content-Encoding", "gzip",
                "X-Amz-Firehose-Access-Key", KEY,
                "X-Amz-Firehose-Request-Id", "ed4acda5-034f-9f42-bba1-f29aea6d7d8f",
                "X-Amz-Firehose-Protocol-Version", "1.0"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode body = CanonicalJson.MAPPER.readTree(answer.body());
    assertThat(body.get("requestId").asText()).isEqualTo("ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
    assertThat(body.get("timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
    Set<String> ids =
        Await.until(
            Duration.ofSeconds(30),
            "120 Firehose events committed",
            () ->
                interactions().stream()
                    .map(r -> r.value())
                    .filter(v -> v instanceof VoiceEvent)
                    .map(v -> ((VoiceEvent) v).getEventId())
                    .filter(id -> id.startsWith("connect:fh-" + run))
                    .collect(Collectors.toSet()),
            s -> s.size() == 120); // per record: start, answer, end, wrap-up
    assertThat(ids).hasSize(120);

    // The same 30 records posted plainly are over max-batch-size (10): 413.
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      ndjson.append(ConnectCtrTest.sample()).append('\n');
    }
    assertThat(
            Harness.post(
                    server,
                    "/v1/channels/amazon-connect/ctr",
                    "application/json",
                    ndjson.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of("X-API-Key", KEY))
                .status())
        .isEqualTo(413);
  }

  /** Twilio "Messaging Webhooks", Outbound Message Status Callback: 200, nothing published. */
  @Test
  void shouldAcknowledgeSignedStatusCallbacksAndPublishNothing() throws Exception {
    String sid = "SMstatus" + UUID.randomUUID().toString().replace("-", "");
    String form =
        "SmsSid="
            + sid
            + "&SmsStatus=delivered&MessageStatus=delivered&To=%2B14158675309"
            + "&MessageSid="
            + sid
            + "&AccountSid=AC1&From=%2B18005551212&ApiVersion=2010-04-01";
    Map<String, List<String>> params = TwilioSms.parseForm(form.getBytes(StandardCharsets.UTF_8));
    String url = server.baseUri() + "/v1/channels/twilio/sms";
    Harness.Answer signed =
        Harness.post(
            server,
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            Map.of("X-Twilio-Signature", TwilioSignature.compute(TWILIO_TOKEN, url, params)));
    Harness.Answer unsigned =
        Harness.post(
            server,
            "/v1/channels/twilio/sms",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            Map.of());

    assertThat(signed.status()).isEqualTo(200);
    assertThat(signed.body()).isEqualTo(TwilioSms.EMPTY_TWIML);
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(
            Harness.readAll(
                    kafka,
                    registry.url(),
                    List.of(
                        topics.name(
                            JourneylineTopic.interactions(io.journeyline.avro.Channel.SMS))),
                    false)
                .stream()
                .map(r -> ((SmsEvent) r.value()).getMessageSid()))
        .doesNotContain(sid);
  }

  private Harness.Answer post(String path, String type, String body) throws Exception {
    return Harness.post(
        server, path, type, body.getBytes(StandardCharsets.UTF_8), Map.of("X-API-Key", KEY));
  }

  /** Issue 10 item 5: a 400 naming the field on every endpoint, and the watermark unchanged. */
  @Test
  void shouldAnswer400NamingTheFieldForTimestampsOutsideTheWindowOnEveryEndpoint()
      throws Exception {
    String ok =
        "{\"eventId\":\"tb-ok-%s\",\"occurredAt\":\"2026-03-01T09:00:00Z\",\"channel\":\"CHAT\","
            + "\"type\":\"MESSAGE\",\"contactId\":\"tb\",\"customer\":{\"customerId\":\"x\"}}";
    assertThat(post("/v1/events", "application/json", ok.formatted(UUID.randomUUID())).status())
        .isEqualTo(202);
    Instant before = server.heartbeatWatermark().orElseThrow();
    assertThat(before).isAfterOrEqualTo(Instant.parse("2026-03-01T09:00:00Z"));

    ObjectNode ctr = (ObjectNode) ConnectCtrTest.sample().deepCopy();
    ctr.put("InitiationTimestamp", "9999-12-31T23:59:59Z");
    ObjectNode genesys = GenesysEventsTest.sample();
    ((ObjectNode) genesys.get("eventBody")).put("eventTime", -1L);
    String email =
        EmailMessagesTest.REPLY.replace(
            "Sun, 01 Mar 2026 09:26:00 +0100", "Fri, 01 Jan 2100 00:00:00 +0000");
    Object[][] cases = {
      {
        "/v1/events",
        "application/json",
        ok.replace("2026-03-01T09:00:00Z", "9999-12-31T23:59:59Z"),
        "occurredAt"
      },
      {
        "/v1/events",
        "application/json",
        ok.replace("2026-03-01T09:00:00Z", "1969-12-31T23:59:59Z"),
        "occurredAt"
      },
      {
        "/v1/events",
        "application/json",
        ok.replace("2026-03-01T09:00:00Z", "+999999999-12-31T23:59:59Z"),
        "occurredAt"
      },
      {
        "/v1/identities",
        "application/json",
        "{\"type\":\"PHONE\",\"value\":\"+14158675309\",\"customerId\":\"c\",\"linkedAt\":\"1900-01-01T00:00:00Z\"}",
        "linkedAt"
      },
      {
        "/v1/channels/amazon-connect/ctr", "application/json", ctr.toString(), "InitiationTimestamp"
      },
      {
        "/v1/channels/genesys/events", "application/json", genesys.toString(), "eventBody.eventTime"
      },
      {"/v1/channels/email", "message/rfc822", email, "Date"}
    };
    for (Object[] c : cases) {
      Harness.Answer answer =
          post((String) c[0], (String) c[1], ((String) c[2]).formatted(UUID.randomUUID()));
      assertThat(answer.status()).as("%s %s", c[0], answer.body()).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      JsonNode problem = CanonicalJson.MAPPER.readTree(answer.body());
      assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(c[3]);
    }
    assertThat(server.heartbeatWatermark()).contains(before);
  }

  /** Issue 17 item 6: a client that sends headers or a body too slowly is cut off. */
  @Test
  void shouldCloseSlowClientsAfterTheParseAndReadTimeouts() throws Exception {
    // Headers that never finish: closed after the 1 s parse timeout.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      int read = socket.getInputStream().read();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(read).isEqualTo(-1);
      assertThat(ms).isBetween(500L, 6_000L);
    }
    // A body that stops halfway: the worker is released after the 1 s read timeout.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/events HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                  + KEY
                  + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"eventId\"")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readAllBytes();
      long ms = (System.nanoTime() - start) / 1_000_000;
      String text = new String(answer, StandardCharsets.US_ASCII);
      assertThat(text).doesNotContain(" 202 ").doesNotStartWith("HTTP/1.1 5");
      assertThat(ms).isBetween(500L, 6_000L);
    }
  }

  /** Issue 17 item 6: on shutdown, a request in flight completes and is published. */
  @Test
  void shouldCompleteRequestsInFlightWhenClosing() throws Exception {
    AdaptersServer draining = start(Map.of(AdaptersConfig.READ_TIMEOUT_CONFIG, "10s"));
    String id = "drain-" + UUID.randomUUID();
    String body =
        ("[{\"eventId\":\"%s\",\"occurredAt\":\"2026-03-01T09:00:00Z\",\"channel\":\"CHAT\","
                + "\"type\":\"MESSAGE\",\"contactId\":\"drain\",\"customer\":{\"customerId\":\"x\"}}]")
            .formatted(id);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", draining.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/events HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                  + KEY
                  + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 0, 20);
      out.flush();
      Thread.sleep(300); // the request is now in flight, its body half read
      CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);
      Thread.sleep(300);
      assertThat(closing).isNotDone(); // close waits for the request in flight
      out.write(bytes, 20, bytes.length - 20);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 202");
      closing.get(20, TimeUnit.SECONDS);
    }
    assertThat(
            Harness.readAll(
                    kafka,
                    registry.url(),
                    List.of(
                        topics.name(
                            JourneylineTopic.interactions(io.journeyline.avro.Channel.CHAT))))
                .stream()
                .map(r -> ((io.journeyline.avro.ChatEvent) r.value()).getEventId()))
        .contains(id);
  }
}

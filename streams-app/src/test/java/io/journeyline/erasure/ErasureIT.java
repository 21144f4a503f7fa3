package io.journeyline.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.ErasureAudit;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.query.QueryServer;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import io.journeyline.topology.TopologyNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GDPR erasure end to end on the in-process broker, with the adapters and the query API on real
 * ports and text encryption on: after {@code DELETE /v1/customers/{id}} no store answers anything
 * about the customer, the compacted topics (read with last-value-per-key, as compaction leaves
 * them) hold nothing about it, the text it wrote before the erasure can no longer be decrypted, a
 * repeated erasure is harmless, and an event from before the erasure that arrives afterwards does
 * not bring the customer back. Another customer is left as it was. Last, the broker's log cleaner
 * compacts the key topic for real, and no record of it holds the shredded keys any more.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(EmbeddedKafkaExtension.class)
class ErasureIT {

  static final int PARTITIONS = 3;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  private HttpResponse<String> send(String method, URI uri, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(URI uri) {
    try {
      return send("GET", uri, null).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private JsonNode json(URI uri) {
    try {
      HttpResponse<String> r = send("GET", uri, null);
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private void post(URI uri, Object body) throws Exception {
    HttpResponse<String> response = send("POST", uri, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private String erase(URI ingest, String customerId) throws Exception {
    HttpResponse<String> response =
        send(
            "DELETE",
            ingest.resolve(
                "/v1/customers/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8)),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("accepted").asInt()).isEqualTo(1);
    return answer.path("requestId").asText();
  }

  /** An inbound chat: start, two customer messages, end. */
  static List<Map<String, Object>> chat(
      String id, Instant start, Map<String, Object> customer, String first, String second) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(event(id, "s", start, "CONTACT_STARTED", customer, null));
    out.add(event(id, "m1", start.plusSeconds(60), "MESSAGE", customer, first));
    out.add(event(id, "m2", start.plusSeconds(120), "MESSAGE", customer, second));
    Map<String, Object> end =
        event(id, "e", start.plusSeconds(600), "CONTACT_ENDED", customer, null);
    end.put("issue", "billing");
    out.add(end);
    return out;
  }

  static Map<String, Object> event(
      String contactId,
      String suffix,
      Instant at,
      String type,
      Map<String, Object> customer,
      String text) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventId", contactId + "-" + suffix);
    e.put("occurredAt", at.toString());
    e.put("channel", "CHAT");
    e.put("type", type);
    e.put("contactId", contactId);
    e.put("customer", customer);
    if (text != null) {
      e.put("participant", "CUSTOMER");
      e.put("text", text);
    }
    return e;
  }

  /** The texts written to the raw chat topic for a contact. */
  static List<String> rawTexts(List<ConsumerRecord<Object, Object>> records, String contactId) {
    return records.stream()
        .filter(r -> contactId.equals(r.key()) && r.value() instanceof ChatEvent)
        .map(r -> ((ChatEvent) r.value()).getText())
        .filter(Objects::nonNull)
        .toList();
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The text as a reader holding the master key and the key topic could read it, or null. */
  static String decrypt(TextCrypto crypto, Map<String, WrappedDataKey> keys, String text) {
    String name = TextCrypto.keyName(text).orElseThrow();
    WrappedDataKey key = keys.get(name);
    if (key == null || key.getWrappedKey() == null) {
      return null;
    }
    return TextCrypto.decrypt(text, crypto.unwrap(name, bytes(key.getWrappedKey())));
  }

  /**
   * How many windows of {@code contact-identity-store} hold the contact; -1 while not queryable.
   */
  private static int contactIdentityWindows(JourneylineStreams app, String contactKey) {
    try {
      ReadOnlyWindowStore<String, String> store =
          app.kafkaStreams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      TopologyNames.CONTACT_IDENTITY_STORE,
                      QueryableStoreTypes.<String, String>windowStore()));
      int n = 0;
      try (WindowStoreIterator<String> it =
          store.fetch(contactKey, Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)))) {
        while (it.hasNext()) {
          it.next();
          n++;
        }
      }
      return n;
    } catch (InvalidStateStoreException e) {
      return -1;
    }
  }

  /** An entry of one of the identity graph's key-value stores; "?" while not queryable. */
  private static Object graphEntry(JourneylineStreams app, String store, String key) {
    try {
      Object value =
          app.kafkaStreams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      store, QueryableStoreTypes.<String, Object>keyValueStore()))
              .get(key);
      return value == null ? "none" : value;
    } catch (InvalidStateStoreException e) {
      return "?";
    }
  }

  private static double metric(JourneylineStreams app, String name) {
    return app.kafkaStreams().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldLeaveNothingOfAnErasedCustomerAndShredTheirText(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    String masterKey = TextCrypto.generateMasterKey();
    TextCrypto crypto = TextCrypto.fromBase64(masterKey);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, PARTITIONS);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-erasure-it-").toString());
    props.put(StreamsAppConfig.QUERY_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_PORT_CONFIG, 0);
    props.put(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(StreamsAppConfig.QUERY_AUTH_CONFIG, StreamsAppConfig.QUERY_AUTH_NONE);
    props.put(StreamsAppConfig.MASTER_KEY_CONFIG, masterKey);
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(config.serdeProperties());

    String phone = "+14155550123";
    String email = "erin.erase@example.com";
    String keepPhone = "+14155550999";
    Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    String angry = "This is terrible, I am furious and want a refund";
    String worse = "Awful service, the worst, I hate this";

    try (QueryServer query =
            QueryServer.start(
                config,
                serdes.key().serializer(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JourneylineStreams app =
            JourneylineStreams.start(
                config.withApplicationServer(query.applicationServer()), serdes);
        AdaptersServer adapters =
            TestApps.adapters(
                kafka, registry, topics, Map.of(AdaptersConfig.MASTER_KEY_CONFIG, masterKey))) {
      query.attach(app);
      URI api = query.baseUri();
      URI ingest = adapters.baseUri();
      Await.until(WAIT, "the app ready", () -> status(api.resolve("/health/ready")) == 200);

      // Given a customer C-erase with a phone (events) and an email (a CRM link), two chats of
      // negative text, and another customer C-keep
      post(
          ingest.resolve("/v1/identities"),
          List.of(Map.of("type", "EMAIL", "value", email, "customerId", "C-erase")));
      List<Map<String, Object>> events = new ArrayList<>();
      events.addAll(
          chat("er-chat-1", start, Map.of("customerId", "C-erase", "phone", phone), angry, worse));
      events.addAll(
          chat("er-chat-2", start.plusSeconds(1800), Map.of("phone", phone), worse, angry));
      events.addAll(
          chat(
              "keep-chat-1",
              start,
              Map.of("customerId", "C-keep", "phone", keepPhone),
              worse,
              angry));
      post(ingest.resolve("/v1/events"), events);

      // Then the customer is known everywhere, and its text was read (scored negative) by stage A
      JsonNode contact =
          Await.until(
              WAIT,
              "er-chat-2 to be C-erase's, with two scored messages",
              () -> json(api.resolve("/v1/contacts/er-chat-2")),
              n ->
                  "C-erase".equals(n.path("customerId").asText())
                      && n.path("sentiment").path("messages").asInt() == 2);
      assertThat(contact.path("sentiment").path("mean").asDouble()).isLessThan(-0.5);
      Await.until(
          WAIT,
          "C-erase's journey with both chats",
          () -> json(api.resolve("/v1/customers/C-erase/journey")),
          n -> n.path("contacts").size() == 2);
      Await.until(
          WAIT,
          "the email linked to C-erase",
          () -> json(api.resolve("/v1/identities/EMAIL:" + email)),
          n -> "C-erase".equals(n.path("customerId").asText()));
      Await.until(
          WAIT,
          "C-keep's journey",
          () -> status(api.resolve("/v1/customers/C-keep/journey")) == 200);

      // And the raw chat topic holds the text encrypted, readable with the key topic's data key
      String chatTopic = topics.name(JourneylineTopic.INTERACTIONS_CHAT);
      List<ConsumerRecord<Object, Object>> raw =
          io.all(chatTopic, name + "-raw", Duration.ofSeconds(2));
      List<String> erasedTexts = new ArrayList<>(rawTexts(raw, "er-chat-1"));
      erasedTexts.addAll(rawTexts(raw, "er-chat-2"));
      List<String> keptTexts = rawTexts(raw, "keep-chat-1");
      assertThat(erasedTexts)
          .hasSize(4)
          .allSatisfy(t -> assertThat(t).startsWith(TextCrypto.PREFIX));
      assertThat(String.join(" ", erasedTexts)).doesNotContain("furious", "refund", "Awful");
      String keysTopic = topics.name(JourneylineTopic.DATA_KEYS);
      Map<String, WrappedDataKey> keysBefore =
          io.latest(
              keysTopic,
              name + "-keys-before",
              WAIT,
              (Map<String, WrappedDataKey> m) -> !m.isEmpty());
      assertThat(erasedTexts.stream().map(t -> decrypt(crypto, keysBefore, t)).toList())
          .containsExactlyInAnyOrder(angry, worse, worse, angry);

      // (stage A and the identity graph hold its contacts' identifiers)
      assertThat(contactIdentityWindows(app, "er-chat-1")).isEqualTo(1);
      assertThat(graphEntry(app, TopologyNames.IDENTITY_NODE_STORE, "PHONE:" + phone))
          .isNotEqualTo("none");
      assertThat(graphEntry(app, TopologyNames.IDENTITY_CONTACT_STORE, "er-chat-2"))
          .isNotEqualTo("none");

      // When C-erase is erased
      String requestId = erase(ingest, "C-erase");

      // Then the query API answers nothing about it: journey, contacts, identifiers
      Await.until(
          WAIT,
          "C-erase's journey to be gone",
          () -> status(api.resolve("/v1/customers/C-erase/journey")) == 404);
      Await.until(
          WAIT, "er-chat-1 to be gone", () -> status(api.resolve("/v1/contacts/er-chat-1")) == 404);
      Await.until(
          WAIT, "er-chat-2 to be gone", () -> status(api.resolve("/v1/contacts/er-chat-2")) == 404);
      for (String id : List.of("PHONE:" + phone, "EMAIL:" + email, "CUSTOMER_ID:C-erase")) {
        Await.until(
            WAIT,
            id + " to be unknown",
            () ->
                status(
                    api.resolve("/v1/identities/" + URLEncoder.encode(id, StandardCharsets.UTF_8))),
            s -> s == 404);
      }

      // And no store of the app holds them: stage A's contact identifiers, the graph's nodes and
      // contacts (the journey, history and resolution stores answered 404 above)
      for (String contactKey : List.of("er-chat-1", "er-chat-2")) {
        Await.until(
            WAIT,
            contactKey + " to leave contact-identity-store",
            () -> contactIdentityWindows(app, contactKey),
            n -> n == 0);
        assertThat(graphEntry(app, TopologyNames.IDENTITY_CONTACT_STORE, contactKey))
            .isEqualTo("none");
      }
      for (String id : List.of("PHONE:" + phone, "EMAIL:" + email, "CUSTOMER_ID:C-erase")) {
        assertThat(graphEntry(app, TopologyNames.IDENTITY_NODE_STORE, id)).isEqualTo("none");
      }
      assertThat(contactIdentityWindows(app, "keep-chat-1")).isEqualTo(1);

      // And each stage audited the erasure under the request id, without personal data
      Map<String, ErasureAudit> audit = new LinkedHashMap<>();
      String auditTopic = topics.name(JourneylineTopic.ERASURE_AUDIT);
      Await.until(
          WAIT,
          "the audit of the graph, the journey stage and every history task",
          () -> {
            audit.clear();
            for (ConsumerRecord<Object, Object> r :
                io.all(auditTopic, name + "-audit-" + System.nanoTime(), Duration.ofMillis(500))) {
              ErasureAudit a = (ErasureAudit) r.value();
              if (a.getRequestId().equals(requestId)) {
                audit.put(a.getStage() + "#" + r.partition() + "#" + r.offset(), a);
              }
            }
            return audit;
          },
          m ->
              m.values().stream().anyMatch(a -> a.getStage().equals("identity-graph"))
                  && m.values().stream().filter(a -> a.getStage().equals("contact-history")).count()
                      == PARTITIONS);
      ErasureAudit graph =
          audit.values().stream()
              .filter(a -> a.getStage().equals("identity-graph"))
              .findFirst()
              .orElseThrow();
      assertThat(graph.getRemoved()).containsEntry("identifiers", 3L);
      assertThat(graph.getRemoved().get("dataKeys")).isGreaterThanOrEqualTo(2L);
      assertThat(
              audit.values().stream()
                  .filter(a -> a.getStage().equals("contact-history"))
                  .mapToLong(a -> a.getRemoved().get("contactSummaries"))
                  .sum())
          .isEqualTo(2);
      assertThat(audit.values().toString()).doesNotContain("C-erase", phone, email, "4155550123");

      // And the compacted topics, read as compaction leaves them (last value per key), hold
      // nothing about the customer
      Map<String, ContactSummary> contacts =
          io.readUntil(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) ->
                  m.containsKey("er-chat-1")
                      && m.get("er-chat-1") == null
                      && m.containsKey("er-chat-2")
                      && m.get("er-chat-2") == null);
      assertThat(contacts.get("er-chat-1")).isNull();
      assertThat(contacts.get("er-chat-2")).isNull();
      assertThat(contacts.get("keep-chat-1")).isNotNull();
      assertThat(contacts.values().toString()).doesNotContain("C-erase", phone);
      Map<String, CustomerJourney> journeys =
          io.readUntil(
              topics.name(JourneylineTopic.JOURNEYS),
              name + "-journeys",
              WAIT,
              (Map<String, CustomerJourney> m) ->
                  m.containsKey("C-erase") && m.get("C-erase") == null);
      assertThat(journeys.get("C-erase")).isNull();
      assertThat(journeys.values().toString()).doesNotContain("C-erase", phone);
      Map<String, ResolvedIdentifier> resolutions =
          io.readUntil(
              topics.name(JourneylineTopic.IDENTITY_RESOLUTION),
              name + "-resolutions",
              WAIT,
              (Map<String, ResolvedIdentifier> m) ->
                  m.containsKey("PHONE:" + phone) && m.get("PHONE:" + phone) == null);
      assertThat(resolutions.get("PHONE:" + phone)).isNull();
      assertThat(resolutions.get("EMAIL:" + email)).isNull();
      assertThat(resolutions.get("CUSTOMER_ID:C-erase")).isNull();
      assertThat(resolutions.get("PHONE:" + keepPhone)).isNotNull();
      assertThat(resolutions.values().toString()).doesNotContain("C-erase", phone, email);
      Map<String, IdentityLink> links =
          io.readUntil(
              topics.name(JourneylineTopic.IDENTITIES),
              name + "-links",
              WAIT,
              (Map<String, IdentityLink> m) ->
                  m.containsKey("EMAIL:" + email) && m.get("EMAIL:" + email) == null);
      assertThat(links.get("EMAIL:" + email)).isNull();

      // And the text written before the erasure cannot be decrypted: its keys are shredded
      Map<String, WrappedDataKey> keysAfter =
          io.readUntil(
              keysTopic,
              name + "-keys-after",
              WAIT,
              (Map<String, WrappedDataKey> m) ->
                  erasedTexts.stream().allMatch(t -> decrypt(crypto, m, t) == null));
      assertThat(erasedTexts).allSatisfy(t -> assertThat(decrypt(crypto, keysAfter, t)).isNull());
      for (String t : erasedTexts) {
        String keyName = TextCrypto.keyName(t).orElseThrow();
        assertThat(keysAfter.get(keyName).getShreddedAt()).isNotNull();
        // nor with any other key the topic holds
        for (WrappedDataKey other : keysAfter.values()) {
          if (other.getWrappedKey() != null) {
            assertThatThrownBy(
                    () ->
                        TextCrypto.decrypt(t, crypto.unwrap(keyName, bytes(other.getWrappedKey()))))
                .isInstanceOf(TextCrypto.CryptoException.class);
          }
        }
      }
      // while the other customer's text still reads
      assertThat(keptTexts.stream().map(t -> decrypt(crypto, keysAfter, t)).toList())
          .containsExactly(worse, angry);
      assertThat(status(api.resolve("/v1/customers/C-keep/journey"))).isEqualTo(200);
      assertThat(status(api.resolve("/v1/contacts/keep-chat-1"))).isEqualTo(200);

      // When an event from before the erasure arrives late (within the allowed lateness), and the
      // customer is erased once more
      double droppedBefore = metric(app, "erased-events-total");
      post(
          ingest.resolve("/v1/events"),
          List.of(
              event(
                  "er-chat-late",
                  "late",
                  start.plusSeconds(3000),
                  "MESSAGE",
                  Map.of("phone", phone),
                  "one more angry message")));
      String again = erase(ingest, "C-erase");
      assertThat(again).isNotEqualTo(requestId);

      // Then the late event is dropped and counted, and the second erasure finds nothing left
      Await.until(
          WAIT,
          "the late event to be dropped as erased",
          () -> metric(app, "erased-events-total"),
          n -> n > droppedBefore);
      Await.until(
          WAIT,
          "the second erasure's graph audit",
          () ->
              io
                  .all(auditTopic, name + "-audit2-" + System.nanoTime(), Duration.ofMillis(500))
                  .stream()
                  .map(r -> (ErasureAudit) r.value())
                  .filter(
                      a -> a.getRequestId().equals(again) && a.getStage().equals("identity-graph"))
                  .findFirst(),
          a -> a.isPresent() && a.get().getRemoved().get("identifiers") == 0L);
      assertThat(status(api.resolve("/v1/customers/C-erase/journey"))).isEqualTo(404);
      assertThat(
              status(
                  api.resolve(
                      "/v1/customers/"
                          + URLEncoder.encode("prov:PHONE:" + phone, StandardCharsets.UTF_8)
                          + "/journey")))
          .isEqualTo(404);
      assertThat(status(api.resolve("/v1/contacts/er-chat-late"))).isEqualTo(404);
      assertThat(
              status(
                  api.resolve(
                      "/v1/identities/PHONE:" + URLEncoder.encode(phone, StandardCharsets.UTF_8))))
          .isEqualTo(404);
      assertThat(status(api.resolve("/v1/customers/C-keep/journey"))).isEqualTo(200);

      // And after the broker's log cleaner has compacted the key topic (segments rolled every
      // 100 ms, any dirty share cleanable), no record of it holds the shredded keys' material
      List<String> erasedKeyNames =
          erasedTexts.stream().map(t -> TextCrypto.keyName(t).orElseThrow()).distinct().toList();
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, keysTopic);
        admin
            .incrementalAlterConfigs(
                Map.of(
                    resource,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, "100"),
                            AlterConfigOp.OpType.SET),
                        new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      int[] round = {0};
      List<ConsumerRecord<Object, Object>> compacted =
          Await.until(
              WAIT,
              "the cleaner to drop the key material of the shredded keys",
              () -> {
                // an append after segment.ms rolls the active segment, so the cleaner may clean it
                List<org.apache.kafka.clients.producer.ProducerRecord<Object, Object>> fillers =
                    new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                  fillers.add(
                      new org.apache.kafka.clients.producer.ProducerRecord<>(
                          keysTopic,
                          p,
                          "filler/" + p + "/" + round[0],
                          WrappedDataKey.newBuilder()
                              .setCreatedAt(Instant.now())
                              .setShreddedAt(Instant.now())
                              .build()));
                }
                round[0]++;
                io.produce(fillers);
                return io.all(keysTopic, name + "-compacted-" + round[0], Duration.ofMillis(300));
              },
              records ->
                  records.stream()
                      .filter(r -> erasedKeyNames.contains(r.key()))
                      .allMatch(r -> ((WrappedDataKey) r.value()).getWrappedKey() == null));
      assertThat(compacted)
          .filteredOn(r -> erasedKeyNames.contains(r.key()))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(((WrappedDataKey) r.value()).getWrappedKey()).isNull());
    }
  }
}

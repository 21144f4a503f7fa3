package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ErasureRequest;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code DELETE /v1/customers/{customerId}} and the text encryption on a real port, against the
 * in-process broker: the erasure request is written only for a key with the {@code
 * customers-delete} scope, a bad id is a problem document naming {@code customerId}, and message
 * text reaches the topic encrypted, with its data key in the same transaction.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class CustomerErasureIT {

  private static final String MASTER_KEY = TextCrypto.generateMasterKey();

  private static final Map<String, String> SETTINGS =
      Map.of(
          AdaptersConfig.API_KEYS_CONFIG,
          "feed-key:events|identities|identities-delete, privacy-key:customers-delete",
          AdaptersConfig.MASTER_KEY_CONFIG,
          MASTER_KEY);

  private static Map<String, String> key(String key) {
    return Map.of("X-API-Key", key);
  }

  private static String topicPrefix(TestInfo test) {
    return "erasure-it-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
  }

  @Test
  void shouldPublishTheRequestOnlyForTheErasureScopeAndNameABadId(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 2);
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            SETTINGS,
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      // When a key without the scope, no key, a blank id and the privacy key ask
      Harness.Answer feed = Harness.send(server, "DELETE", "/v1/customers/C-7", key("feed-key"));
      Harness.Answer none = Harness.send(server, "DELETE", "/v1/customers/C-7", Map.of());
      Harness.Answer blank =
          Harness.send(server, "DELETE", "/v1/customers/%20", key("privacy-key"));
      Harness.Answer get = Harness.send(server, "GET", "/v1/customers/C-7", key("privacy-key"));
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Harness.Answer erased =
          Harness.send(
              server, "DELETE", "/v1/customers/prov%3APHONE%3A%2B14155550100", key("privacy-key"));

      // Then only the last is accepted, and only it is on the topic
      assertThat(feed.status()).isEqualTo(403);
      assertThat(none.status()).isEqualTo(401);
      assertThat(blank.status()).isEqualTo(400);
      assertThat(blank.contentType()).isEqualTo("application/problem+json");
      assertThat(blank.body()).contains("\"field\":\"customerId\"");
      assertThat(get.status()).isEqualTo(405);
      assertThat(erased.status()).as(erased.body()).isEqualTo(202);
      assertThat(erased.body()).startsWith("{\"accepted\":1,\"requestId\":\"");

      List<Harness.Read> records =
          Harness.readAll(
              kafka, registry.url(), List.of(topics.name(JourneylineTopic.ERASURES)), false);
      assertThat(records).hasSize(1);
      assertThat(records.get(0).key()).isEqualTo("prov:PHONE:+14155550100");
      ErasureRequest request = (ErasureRequest) records.get(0).value();
      assertThat(request.getCustomerId()).isEqualTo("prov:PHONE:+14155550100");
      assertThat(erased.body()).contains(request.getRequestId());
      assertThat(request.getRequestedAt()).isAfterOrEqualTo(before);
    }
  }

  @Test
  void shouldWriteTextEncryptedWithItsDataKeyInTheSameTransaction(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 2);
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            SETTINGS,
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      String event =
          "{\"eventId\":\"e-1\",\"occurredAt\":\"%s\",\"channel\":\"CHAT\",\"type\":\"MESSAGE\","
              + "\"contactId\":\"chat-1\",\"customer\":{\"phone\":\"+1 415 555 0100\"},"
              + "\"participant\":\"CUSTOMER\",\"text\":\"Charged twice on 4111 1111 1111 1111\"}";
      Harness.Answer posted =
          Harness.post(
              server,
              "/v1/events",
              "application/json",
              String.format(event, Instant.now().minusSeconds(60)).getBytes(StandardCharsets.UTF_8),
              key("feed-key"));
      assertThat(posted.status()).as(posted.body()).isEqualTo(202);

      List<Harness.Read> chat =
          Harness.readAll(
              kafka,
              registry.url(),
              List.of(topics.name(JourneylineTopic.INTERACTIONS_CHAT)),
              true);
      List<Harness.Read> keys =
          Harness.readAll(
              kafka, registry.url(), List.of(topics.name(JourneylineTopic.DATA_KEYS)), true);
      String text =
          chat.stream()
              .filter(r -> "chat-1".equals(r.key()))
              .map(r -> ((ChatEvent) r.value()).getText())
              .findFirst()
              .orElseThrow();
      TextCrypto crypto = TextCrypto.fromBase64(MASTER_KEY);
      assertThat(text).startsWith(TextCrypto.PREFIX).doesNotContain("Charged", "4111");
      assertThat(keys).hasSize(1);
      String name = (String) keys.get(0).key();
      assertThat(name)
          .isEqualTo(TextCrypto.keyName(text).orElseThrow())
          .startsWith(crypto.keyPrefix("PHONE:+14155550100"))
          .doesNotContain("4155550100");
      ByteBuffer wrapped = ((WrappedDataKey) keys.get(0).value()).getWrappedKey().duplicate();
      byte[] bytes = new byte[wrapped.remaining()];
      wrapped.get(bytes);
      // redacted, then encrypted
      assertThat(TextCrypto.decrypt(text, crypto.unwrap(name, bytes)))
          .isEqualTo("Charged twice on [PAN]");
    }
  }
}

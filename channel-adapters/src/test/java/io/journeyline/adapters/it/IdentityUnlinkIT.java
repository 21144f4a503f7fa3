package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.IdentityLink;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11 item 3: {@code DELETE /v1/identities/{type}/{value}} on a real port, against the
 * in-process broker. The tombstone is read back from journeyline.identities under the key the
 * posted link was written with; refused requests publish nothing.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class IdentityUnlinkIT {

  /**
   * A CRM feed key that may link, a data steward's key that may also unlink, an unrestricted one.
   */
  private static final Map<String, String> AUTH =
      Map.of(
          AdaptersConfig.API_KEYS_CONFIG,
          "crm-key:identities, steward-key:identities|identities-delete, admin-key");

  private static Map<String, String> key(String key) {
    return Map.of("X-API-Key", key);
  }

  private static String topicPrefix(TestInfo test) {
    return "unlink-it-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
  }

  private static List<Harness.Read> identities(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TopicCatalog topics) {
    return Harness.readAll(
        kafka,
        registry.url(),
        List.of(topics.name(JourneylineTopic.IDENTITIES)),
        false, // also uncommitted and aborted records: an empty answer means nothing was written
        true);
  }

  @Test
  void shouldPublishATombstoneUnderTheKeyThePostedLinkWasWrittenWith(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    // Given a link posted in national format and an email posted in mixed case
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 2);
    try (AdaptersServer server =
        Harness.start(
            kafka, registry.url(), topics, AUTH, new SimpleMeterRegistry(), Clock.systemUTC())) {
      Harness.Answer linked =
          Harness.post(
              server,
              "/v1/identities",
              "application/json",
              ("[{\"type\":\"PHONE\",\"value\":\"(415) 867-5309\",\"customerId\":\"C-1\"},"
                      + "{\"type\":\"EMAIL\",\"value\":\"Ana.Silva@Example.com\","
                      + "\"customerId\":\"C-1\"}]")
                  .getBytes(StandardCharsets.UTF_8),
              key("crm-key"));
      assertThat(linked.status()).as(linked.body()).isEqualTo(202);

      // When the CRM unlinks them, written another way, percent-encoded in the path
      Harness.Answer phone =
          Harness.send(
              server, "DELETE", "/v1/identities/PHONE/%2B1%20415-867-5309", key("steward-key"));
      Harness.Answer email =
          Harness.send(
              server, "DELETE", "/v1/identities/EMAIL/ANA.SILVA%40example.com", key("admin-key"));

      // Then each answer names the key, and the topic's last word on that key is a tombstone
      assertThat(phone.status()).as(phone.body()).isEqualTo(202);
      assertThat(phone.contentType()).isEqualTo("application/json");
      assertThat(phone.body())
          .isEqualTo("{\"accepted\":1,\"identifiers\":[\"PHONE:+14158675309\"]}");
      assertThat(email.status()).as(email.body()).isEqualTo(202);
      assertThat(email.body())
          .isEqualTo("{\"accepted\":1,\"identifiers\":[\"EMAIL:ana.silva@example.com\"]}");

      List<Harness.Read> records = identities(kafka, registry, topics);
      assertThat(records)
          .filteredOn(r -> r.key().equals("PHONE:+14158675309"))
          .extracting(
              r -> r.value() == null ? "tombstone" : ((IdentityLink) r.value()).getCustomerId())
          .containsExactly("C-1", "tombstone");
      assertThat(records)
          .filteredOn(r -> r.key().equals("EMAIL:ana.silva@example.com"))
          .extracting(
              r -> r.value() == null ? "tombstone" : ((IdentityLink) r.value()).getCustomerId())
          .containsExactly("C-1", "tombstone");
      // Same key, same partition: compaction keeps the tombstone, not the link.
      assertThat(records)
          .filteredOn(r -> r.key().equals("PHONE:+14158675309"))
          .extracting(Harness.Read::partition)
          .containsOnly(
              records.stream()
                  .filter(r -> r.key().equals("PHONE:+14158675309"))
                  .findFirst()
                  .orElseThrow()
                  .partition());
      assertThat(records)
          .filteredOn(r -> r.value() == null)
          .extracting(Harness.Read::rawValue)
          .containsOnlyNulls();
    }
  }

  @Test
  void shouldUnlinkAChatUserWhoseIdHasAnEncodedSlash(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 1);
    try (AdaptersServer server =
        Harness.start(
            kafka, registry.url(), topics, AUTH, new SimpleMeterRegistry(), Clock.systemUTC())) {

      Harness.Answer answer =
          Harness.send(server, "DELETE", "/v1/identities/CHAT_USER/team%2FU-1", key("steward-key"));

      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
      assertThat(identities(kafka, registry, topics))
          .extracting(Harness.Read::key, Harness.Read::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("CHAT_USER:team/U-1", null));
    }
  }

  @Test
  void shouldRefuseBadIdentifiersAndKeysWithoutTheUnlinkScopeAndPublishNothing(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TestInfo test) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, topicPrefix(test), 1);
    try (AdaptersServer server =
        Harness.start(
            kafka, registry.url(), topics, AUTH, new SimpleMeterRegistry(), Clock.systemUTC())) {

      Harness.Answer unknownType =
          Harness.send(server, "DELETE", "/v1/identities/FAX/123", key("steward-key"));
      Harness.Answer badPhone =
          Harness.send(server, "DELETE", "/v1/identities/PHONE/not-a-number", key("steward-key"));
      Harness.Answer badEncoding =
          Harness.send(server, "DELETE", "/v1/identities/EMAIL/a%E9%40b.com", key("steward-key"));
      Harness.Answer noKey =
          Harness.send(server, "DELETE", "/v1/identities/PHONE/+14158675309", Map.of());
      Harness.Answer wrongKey =
          Harness.send(server, "DELETE", "/v1/identities/PHONE/+14158675309", key("nope"));
      Harness.Answer linkOnlyKey =
          Harness.send(server, "DELETE", "/v1/identities/PHONE/+14158675309", key("crm-key"));
      Harness.Answer get =
          Harness.send(server, "GET", "/v1/identities/PHONE/+14158675309", key("admin-key"));

      assertThat(unknownType.status()).isEqualTo(400);
      assertThat(unknownType.contentType()).isEqualTo("application/problem+json");
      assertThat(unknownType.body())
          .contains("\"field\":\"type\"")
          .contains("must be one of PHONE, EMAIL, CHAT_USER");
      assertThat(badPhone.status()).isEqualTo(400);
      assertThat(badPhone.body()).contains("\"field\":\"value\"").doesNotContain("not-a-number");
      assertThat(badEncoding.status()).isEqualTo(400);
      assertThat(badEncoding.body()).contains("\"field\":\"value\"");
      assertThat(noKey.status()).isEqualTo(401);
      assertThat(wrongKey.status()).isEqualTo(401);
      assertThat(linkOnlyKey.status()).isEqualTo(403);
      assertThat(linkOnlyKey.body()).contains("identities-delete");
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.raw().headers().firstValue("Allow")).hasValue("DELETE");
      assertThat(identities(kafka, registry, topics)).isEmpty();
    }
  }
}

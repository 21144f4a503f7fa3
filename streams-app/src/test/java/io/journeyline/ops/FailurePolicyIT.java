package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A failure that would repeat on every retry stops the app (Kafka Streams in ERROR, so that {@code
 * journeyline run} exits with status 1) instead of replacing the thread forever: here the schema
 * registry refuses the contact summary's schema as incompatible with what the subject already
 * holds, a deployment error no retry can fix.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedKafkaExtension.class)
class FailurePolicyIT {

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  @Test
  void shouldShutDownInsteadOfLoopingWhenTheRegistryRefusesAnOutputSchema(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    String name = TestNames.unique(info);
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 1);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-failure-").toString());
    StreamsAppConfig config = new StreamsAppConfig(props);
    TopicCatalog topics = config.topicCatalog();
    // Given the contacts subject holds a schema the contact summary cannot evolve from (BACKWARD)
    String legacy =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "schema",
                    "{\"type\":\"record\",\"name\":\"ContactSummary\",\"namespace\":\"io.journeyline.avro\","
                        + "\"fields\":[{\"name\":\"legacyId\",\"type\":\"int\"}]}"));
    HttpResponse<String> registered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            registry.url()
                                + "/subjects/"
                                + topics.name(JourneylineTopic.CONTACTS)
                                + "-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(legacy))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

    try (JourneylineStreams app =
        JourneylineStreams.start(config, JourneylineSerdes.fromConfig(config.serdeProperties()))) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      // When an event makes the app write a contact summary
      io.produce(
          List.of(
              AvroTopics.record(
                  topics.name(JourneylineTopic.INTERACTIONS_CHAT),
                  "chat-1",
                  ChatEvent.newBuilder()
                      .setEventId("e-1")
                      .setOccurredAt(Instant.parse("2025-03-03T09:00:00Z"))
                      .setType(EventType.CONTACT_STARTED)
                      .setContactId("chat-1")
                      .setCustomer(CustomerRef.newBuilder().setCustomerId("cust-1").build())
                      .build())));

      // Then the client shuts down into ERROR, once, rather than replacing the thread again and
      // again
      Await.until(
          Duration.ofSeconds(60),
          "Kafka Streams in ERROR",
          () -> app.state() == KafkaStreams.State.ERROR);
      assertThat(app.kafkaStreams().metadataForLocalThreads()).isEmpty();
    }
  }
}

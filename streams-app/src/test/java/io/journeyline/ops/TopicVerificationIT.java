package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up refuses topics that do not fit the app, naming each topic and setting at fault. */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedKafkaExtension.class)
class TopicVerificationIT {

  static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void connect(EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
  }

  private static StreamsAppConfig config(EmbeddedKafkaCluster kafka, String name) throws Exception {
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 3);
    props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, false);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-verify-").toString());
    return new StreamsAppConfig(props);
  }

  @Test
  void shouldRefuseToStartOnTopicsCreatedWrongly(EmbeddedKafkaCluster kafka, TestInfo info)
      throws Exception {
    // Given the topics created by hand, three of them wrongly: the identities topic not
    // compacted (as a producer's auto-creation would make it), the voice topic with 2 partitions
    // where the others have 3, and the chat topic keeping records for one hour only
    StreamsAppConfig config = config(kafka, TestNames.unique(info));
    TopicCatalog catalog = config.topicCatalog();
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec spec : catalog.all()) {
      String name = spec.name();
      if (name.equals(catalog.name(JourneylineTopic.IDENTITIES))) {
        topics.add(new NewTopic(name, 3, (short) 1));
      } else if (name.equals(catalog.name(JourneylineTopic.INTERACTIONS_VOICE))) {
        topics.add(new NewTopic(name, 2, (short) 1).configs(spec.configs()));
      } else if (name.equals(catalog.name(JourneylineTopic.JOURNEY_TRANSFERS))) {
        topics.add(new NewTopic(name, 2, (short) 1).configs(spec.configs()));
      } else if (name.equals(catalog.name(JourneylineTopic.INTERACTIONS_CHAT))) {
        topics.add(
            new NewTopic(name, 3, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")));
      } else {
        topics.add(spec.toNewTopic());
      }
    }
    kafka.createTopics(topics);

    // Then start-up stops with every problem named
    assertThatThrownBy(
            () ->
                JourneylineStreams.start(
                    config, JourneylineSerdes.fromConfig(config.serdeProperties())))
        .isInstanceOf(TopicVerifier.TopicMismatchException.class)
        .hasMessageContaining(
            catalog.name(JourneylineTopic.IDENTITIES)
                + ": cleanup.policy is 'delete', must be 'compact'")
        .hasMessageContaining(
            catalog.name(JourneylineTopic.INTERACTIONS_VOICE)
                + " has 2 partitions but "
                + catalog.name(JourneylineTopic.INTERACTIONS_CHAT)
                + " has 3")
        .hasMessageContaining(
            catalog.name(JourneylineTopic.INTERACTIONS_CHAT)
                + ": retention.ms is 3600000, shorter than the allowed lateness (86400000 ms")
        .hasMessageContaining(
            catalog.name(JourneylineTopic.JOURNEY_TRANSFERS)
                + " has 2 partitions but "
                + catalog.name(JourneylineTopic.INTERACTIONS_CHAT)
                + " has 3");
  }

  @Test
  void shouldNameAMissingTopicWhenItIsNotToBeCreated(EmbeddedKafkaCluster kafka, TestInfo info)
      throws Exception {
    StreamsAppConfig config = config(kafka, TestNames.unique(info));
    TopicCatalog catalog = config.topicCatalog();
    String missing = catalog.name(JourneylineTopic.METRICS_FCR);
    kafka.createTopics(
        catalog.all().stream()
            .filter(s -> !s.name().equals(missing))
            .map(TopicSpec::toNewTopic)
            .toList());

    assertThatThrownBy(
            () ->
                JourneylineStreams.start(
                    config, JourneylineSerdes.fromConfig(config.serdeProperties())))
        .isInstanceOf(TopicVerifier.TopicMismatchException.class)
        .hasMessageContaining(missing + " does not exist")
        .hasMessageContaining(StreamsAppConfig.CREATE_TOPICS_CONFIG + "=true");
  }
}

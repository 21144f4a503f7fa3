package io.journeyline.testing;

import io.journeyline.avro.Channel;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Settings of a streams app in an integration test on the in-process broker. */
public final class TestApps {

  private TestApps() {}

  /**
   * What every such app needs: its own application id and topics (named after the test), created by
   * the app and kept forever (the tests' fixed 2025 event times are record timestamps, which a
   * 7-day retention would let the broker delete mid-test), the broker and registry, and one grace
   * for every channel.
   *
   * @return a mutable map the caller adds its own settings to
   */
  public static Map<String, Object> settings(
      EmbeddedKafkaCluster kafka,
      EmbeddedSchemaRegistry registry,
      String name,
      int partitions,
      Duration grace) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, name);
    props.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, partitions);
    props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, true);
    props.put(StreamsAppConfig.TOPIC_RETENTION_MS_CONFIG, -1L);
    props.put("journeyline.kafka.bootstrap.servers", kafka.bootstrapServers());
    props.put("journeyline.schema-registry.schema.registry.url", registry.url());
    for (Channel c : Channel.values()) {
      props.put(
          StreamsAppConfig.GRACE_MS_PREFIX + c.name().toLowerCase(Locale.ROOT), grace.toMillis());
    }
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      props.put(TopicCatalog.NAME_PREFIX + topic.id(), name + "." + topic.id());
    }
    return props;
  }
}

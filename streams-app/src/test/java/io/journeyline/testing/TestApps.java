package io.journeyline.testing;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Settings of a streams app in an integration test on the in-process broker. */
public final class TestApps {

  private TestApps() {}

  /**
   * What every such app needs: its own application id and topics (named after the test), created by
   * the app with the default settings (retention, grace, allowed lateness), and the broker and
   * registry.
   *
   * @return a mutable map the caller adds its own settings to
   */
  public static Map<String, Object> settings(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, String name, int partitions) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, name);
    props.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, partitions);
    props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, true);
    props.put("journeyline.kafka.bootstrap.servers", kafka.bootstrapServers());
    props.put("journeyline.schema-registry.schema.registry.url", registry.url());
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      props.put(TopicCatalog.NAME_PREFIX + topic.id(), name + "." + topic.id());
    }
    return props;
  }

  /**
   * The channel adapters on a free loopback port with their default settings (heartbeat interval,
   * clock skew, past bound), authentication off, publishing to {@code topics}.
   */
  public static AdaptersServer adapters(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, TopicCatalog topics) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    settings.put(AdaptersConfig.PORT_CONFIG, 0);
    settings.put(AdaptersConfig.AUTH_ENABLED_CONFIG, false);
    return AdaptersServer.builder(new AdaptersConfig(settings))
        .kafka(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))
        .serdeConfig(Map.of("schema.registry.url", registry.url()))
        .topics(topics)
        .start();
  }
}

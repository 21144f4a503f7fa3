package io.journeyline.testing;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topology.JourneylineSerdes;
import java.time.Duration;
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
    return adapters(kafka, registry, topics, Map.of());
  }

  /**
   * {@link #adapters(EmbeddedKafkaCluster, EmbeddedSchemaRegistry, TopicCatalog)} with settings.
   */
  public static AdaptersServer adapters(
      EmbeddedKafkaCluster kafka,
      EmbeddedSchemaRegistry registry,
      TopicCatalog topics,
      Map<String, Object> extra) {
    Map<String, Object> settings = new HashMap<>(extra);
    settings.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    settings.put(AdaptersConfig.PORT_CONFIG, 0);
    settings.put(AdaptersConfig.AUTH_ENABLED_CONFIG, false);
    return AdaptersServer.builder(new AdaptersConfig(settings))
        .kafka(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))
        .serdeConfig(Map.of("schema.registry.url", registry.url()))
        .topics(topics)
        .start();
  }

  /** A streams app and the adapters publishing to its topics, closed together. */
  public record Pipeline(JourneylineStreams app, AdaptersServer adapters) implements AutoCloseable {
    @Override
    public void close() {
      adapters.close();
      app.close();
    }
  }

  /**
   * Starts the streams app with {@code config} (its topics created and verified), waits until it is
   * RUNNING, then starts {@link #adapters} on its topics.
   *
   * @throws AssertionError when the app is not RUNNING within {@code timeout}
   */
  public static Pipeline pipeline(
      EmbeddedKafkaCluster kafka,
      EmbeddedSchemaRegistry registry,
      StreamsAppConfig config,
      Duration timeout)
      throws InterruptedException {
    JourneylineStreams app =
        JourneylineStreams.start(config, JourneylineSerdes.fromConfig(config.serdeProperties()));
    try {
      if (!app.awaitRunning(timeout)) {
        throw new AssertionError("the streams app is not RUNNING after " + timeout);
      }
      return new Pipeline(app, adapters(kafka, registry, config.topicCatalog()));
    } catch (InterruptedException | RuntimeException | AssertionError e) {
      app.close();
      throw e;
    }
  }
}

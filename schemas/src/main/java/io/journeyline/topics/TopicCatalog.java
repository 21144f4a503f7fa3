package io.journeyline.topics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one list of topic specs: every Journeyline topic with its configured name, partitions,
 * replication, compaction and retention. Built from configuration so that the demo, the integration
 * tests and production all create topics from the same place.
 */
public final class TopicCatalog {

  /** Prefix of the name overrides: {@code journeyline.topics.<id>=<name>}. */
  public static final String NAME_PREFIX = "journeyline.topics.";

  private final Map<JourneylineTopic, TopicSpec> specs;

  private TopicCatalog(Map<JourneylineTopic, TopicSpec> specs) {
    this.specs = specs;
  }

  /**
   * Builds the catalog.
   *
   * @param names name overrides by topic (missing entries use the default name)
   * @param partitions partitions of every topic
   * @param replicationFactor replication factor of every topic
   * @param retention retention of the non-compacted topics
   */
  public static TopicCatalog of(
      Map<JourneylineTopic, String> names,
      int partitions,
      short replicationFactor,
      Duration retention) {
    Objects.requireNonNull(names, "names");
    Map<JourneylineTopic, TopicSpec> specs = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      String name = names.getOrDefault(topic, topic.defaultName());
      Map<String, String> configs =
          topic.compacted()
              ? Map.of(
                  TopicConfig.CLEANUP_POLICY_CONFIG,
                  TopicConfig.CLEANUP_POLICY_COMPACT,
                  TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                  "0")
              : Map.of(
                  TopicConfig.CLEANUP_POLICY_CONFIG,
                  TopicConfig.CLEANUP_POLICY_DELETE,
                  TopicConfig.RETENTION_MS_CONFIG,
                  // the audit is the lasting record that an erasure happened (no personal data)
                  topic == JourneylineTopic.ERASURE_AUDIT
                      ? "-1"
                      : Long.toString(retention.toMillis()));
      specs.put(topic, new TopicSpec(name, partitions, replicationFactor, configs));
    }
    return new TopicCatalog(specs);
  }

  /** Defaults: default names, the given partitions and replication, 7 days retention. */
  public static TopicCatalog defaults(int partitions, short replicationFactor) {
    return of(Map.of(), partitions, replicationFactor, Duration.ofDays(7));
  }

  /** The spec of one topic. */
  public TopicSpec spec(JourneylineTopic topic) {
    return specs.get(topic);
  }

  /** The configured name of one topic. */
  public String name(JourneylineTopic topic) {
    return specs.get(topic).name();
  }

  /** All specs, in {@link JourneylineTopic} order. */
  public List<TopicSpec> all() {
    return List.copyOf(specs.values());
  }
}

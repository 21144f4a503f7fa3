package io.journeyline.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one Journeyline topic is created: name, partitions, replication and topic-level configs.
 *
 * @param name the topic name
 * @param partitions number of partitions
 * @param replicationFactor replication factor, or -1 for the broker's {@code
 *     default.replication.factor}
 * @param configs topic-level configs such as {@code cleanup.policy} and {@code retention.ms}
 */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
    }
    if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
      throw new IllegalArgumentException(
          "topic " + name + ": replication factor must be >= 1, or -1 for the broker's default");
    }
    configs = Map.copyOf(configs);
  }

  /** The replication factor that leaves the choice to the broker's default. */
  public static final short BROKER_DEFAULT_REPLICATION = -1;

  /** True when the topic keeps only the latest record per key. */
  public boolean compacted() {
    return TopicConfig.CLEANUP_POLICY_COMPACT.equals(
        configs.get(TopicConfig.CLEANUP_POLICY_CONFIG));
  }

  /** The retention in milliseconds, when set. */
  public Optional<Long> retentionMs() {
    return Optional.ofNullable(configs.get(TopicConfig.RETENTION_MS_CONFIG)).map(Long::parseLong);
  }

  /** The Admin API request that creates this topic. */
  public NewTopic toNewTopic() {
    Optional<Short> replication =
        replicationFactor == BROKER_DEFAULT_REPLICATION
            ? Optional.empty()
            : Optional.of(replicationFactor);
    return new NewTopic(name, Optional.of(partitions), replication)
        .configs(new LinkedHashMap<>(configs));
  }
}

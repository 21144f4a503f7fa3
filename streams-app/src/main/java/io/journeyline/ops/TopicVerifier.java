package io.journeyline.ops;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before the app starts, that the Journeyline topics it reads and writes exist and fit it,
 * so that a wrongly created topic stops start-up with a message naming the topic and the setting
 * instead of losing or mixing data later:
 *
 * <ul>
 *   <li>every topic exists (create them with {@code journeyline.streams.create-topics=true}, or as
 *       the operations guide lists);
 *   <li>the four interaction topics have the same number of partitions: they are read together,
 *       partition by partition, so events of one contact on two topics meet in one task; and {@code
 *       journeyline.journey-transfers} has as many, since the journey stage reads it beside the
 *       {@code by-customer} repartition, partition by partition;
 *   <li>{@code journeyline.identities}, {@code .identity-resolution}, {@code .contacts} and {@code
 *       .journeys} are compacted (they hold the latest value per key), and no other topic is
 *       compacted only (that would drop events and metric updates that share a key);
 *   <li>the interaction topics keep records at least as long as the allowed lateness ({@code
 *       retention.ms} is measured on the ingest time): an event may still be applied that long
 *       after the watermark passed it.
 * </ul>
 *
 * And {@code journeyline.surveys} has as many partitions as {@code journeyline.contacts}: its
 * answers are re-partitioned by contactId into as many partitions as it has, and read beside the
 * contacts, partition by partition, to find their contact.
 */
public final class TopicVerifier {

  private TopicVerifier() {}

  /** A topic that does not fit the app, named with the setting at fault. */
  public static final class TopicMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TopicMismatchException(String message) {
      super(message);
    }
  }

  /**
   * Verifies the app's topics.
   *
   * @throws TopicMismatchException listing every problem found
   */
  public static void verify(Admin admin, StreamsAppConfig config) {
    verify(admin, config, DEFAULT_SETTLE);
  }

  /**
   * How long a topic reported missing is looked for again. A topic that was just created (by this
   * app or by a script just before it) is committed by the controller before every broker's
   * metadata shows it, so a describe right after creation can answer "unknown topic".
   */
  static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);

  /**
   * Verifies the app's topics, looking again for missing ones until {@code settle} has passed.
   *
   * @throws TopicMismatchException listing every problem found
   */
  static void verify(Admin admin, StreamsAppConfig config, Duration settle) {
    TopicCatalog catalog = config.topicCatalog();
    List<JourneylineTopic> pending = new ArrayList<>();
    pending.addAll(List.of(JourneylineTopic.values()));
    Map<JourneylineTopic, TopicDescription> described = new LinkedHashMap<>();
    long deadline = System.nanoTime() + settle.toNanos();
    while (true) {
      pending = describe(admin, catalog, pending, described);
      if (pending.isEmpty() || System.nanoTime() >= deadline) {
        break;
      }
      try {
        Thread.sleep(RETRY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while describing topics", e);
      }
    }
    List<String> problems = new ArrayList<>();
    for (JourneylineTopic topic : pending) {
      problems.add(
          catalog.name(topic)
              + " does not exist: create it (see docs/operations.md) or set "
              + StreamsAppConfig.CREATE_TOPICS_CONFIG
              + "=true");
    }
    Map<String, Config> configs = configs(admin, described);
    problems.addAll(check(catalog, described, configs, config.allowedLateness().toMillis()));
    if (!problems.isEmpty()) {
      throw new TopicMismatchException(
          "The Journeyline topics do not fit the app: " + String.join("; ", problems));
    }
  }

  private static final long RETRY_PAUSE_MS = 250;

  /**
   * Describes the topics in one request, adding what it finds to {@code described}; returns the
   * topics the cluster does not know (yet).
   */
  private static List<JourneylineTopic> describe(
      Admin admin,
      TopicCatalog catalog,
      List<JourneylineTopic> topics,
      Map<JourneylineTopic, TopicDescription> described) {
    // A missing topic fails only its own future.
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(topics.stream().map(catalog::name).toList()).topicNameValues();
    List<JourneylineTopic> missing = new ArrayList<>();
    for (JourneylineTopic topic : topics) {
      String name = catalog.name(topic);
      try {
        described.put(topic, futures.get(name).get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(topic);
        } else {
          throw new IllegalStateException(
              "Cannot describe topic " + name + ": " + e.getCause().getMessage(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out describing topic " + name, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while describing topics", e);
      }
    }
    return missing;
  }

  private static Map<String, Config> configs(
      Admin admin, Map<JourneylineTopic, TopicDescription> described) {
    List<ConfigResource> resources = new ArrayList<>();
    described
        .values()
        .forEach(d -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, d.name())));
    Map<String, Config> out = new LinkedHashMap<>();
    if (resources.isEmpty()) {
      return out;
    }
    try {
      admin
          .describeConfigs(resources)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((resource, config) -> out.put(resource.name(), config));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read the topics' configuration: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading topic configuration", e);
    }
    return out;
  }

  /** The problems of the described topics, each naming the topic and the setting. */
  static List<String> check(
      TopicCatalog catalog,
      Map<JourneylineTopic, TopicDescription> described,
      Map<String, Config> configs,
      long allowedLatenessMs) {
    List<String> problems = new ArrayList<>();
    String first = null;
    int firstPartitions = 0;
    for (JourneylineTopic topic : JourneylineTopic.interactionTopics()) {
      TopicDescription d = described.get(topic);
      if (d == null) {
        continue;
      }
      if (first == null) {
        first = d.name();
        firstPartitions = d.partitions().size();
      } else if (d.partitions().size() != firstPartitions) {
        problems.add(
            d.name()
                + " has "
                + d.partitions().size()
                + " partitions but "
                + first
                + " has "
                + firstPartitions
                + ": the interaction topics must have the same number of partitions");
      }
    }
    TopicDescription transfers = described.get(JourneylineTopic.JOURNEY_TRANSFERS);
    if (first != null && transfers != null && transfers.partitions().size() != firstPartitions) {
      problems.add(
          transfers.name()
              + " has "
              + transfers.partitions().size()
              + " partitions but "
              + first
              + " has "
              + firstPartitions
              + ": the journey transfers must be partitioned like the journey stage, which has"
              + " as many partitions as the interaction topics");
    }
    TopicDescription surveys = described.get(JourneylineTopic.SURVEYS);
    TopicDescription contacts = described.get(JourneylineTopic.CONTACTS);
    if (surveys != null
        && contacts != null
        && surveys.partitions().size() != contacts.partitions().size()) {
      problems.add(
          surveys.name()
              + " has "
              + surveys.partitions().size()
              + " partitions but "
              + contacts.name()
              + " has "
              + contacts.partitions().size()
              + ": survey answers are joined to their contact partition by partition, so the two"
              + " must have the same number of partitions");
    }
    for (Map.Entry<JourneylineTopic, TopicDescription> entry : described.entrySet()) {
      TopicSpec spec = catalog.spec(entry.getKey());
      String name = entry.getValue().name();
      Config config = configs.get(name);
      if (config == null) {
        continue;
      }
      String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
      boolean compact = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
      boolean delete = policy.contains(TopicConfig.CLEANUP_POLICY_DELETE);
      if (spec.compacted() && !compact) {
        problems.add(
            name
                + ": cleanup.policy is '"
                + policy
                + "', must be 'compact' (it holds the latest value per key)");
      } else if (!spec.compacted() && compact && !delete) {
        problems.add(
            name
                + ": cleanup.policy is '"
                + policy
                + "', must be 'delete' (compaction would drop records that share a key)");
      }
      if (JourneylineTopic.interactionTopics().contains(entry.getKey()) && delete) {
        long retention = Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG, "-1"));
        if (retention != -1 && retention < allowedLatenessMs) {
          problems.add(
              name
                  + ": retention.ms is "
                  + retention
                  + ", shorter than the allowed lateness ("
                  + allowedLatenessMs
                  + " ms, "
                  + StreamsAppConfig.ALLOWED_LATENESS_MS_CONFIG
                  + ")");
        }
      }
    }
    return problems;
  }

  private static String value(Config config, String name, String fallback) {
    ConfigEntry entry = config.get(name);
    return entry == null || entry.value() == null ? fallback : entry.value();
  }
}

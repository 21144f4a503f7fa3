package io.journeyline.config;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks at start-up, before any record moves, that the Kafka principal of {@code
 * journeyline.kafka.*} holds the permissions a service needs (the ACLs of {@code docs/acls.md}), so
 * that a principal without them is refused with one message naming every missing permission,
 * instead of a stream thread that dies later or an ingest API that answers 503 to every request.
 *
 * <p>What the Kafka API lets a client learn about its own rights without side effects:
 *
 * <ul>
 *   <li>topics that exist: the operations the broker reports as authorized ({@code
 *       includeAuthorizedOperations}, which counts implied operations: Read and Write imply
 *       Describe);
 *   <li>the consumer group: the same, through a group description;
 *   <li>a prefix of topics that do not exist yet (Kafka Streams' internal topics): Create, by a
 *       validate-only creation of a probe topic, and Describe, by describing it (an authorized
 *       client hears "unknown topic", an unauthorized one "not authorized");
 *   <li>a prefix of transactional ids: Describe (which Write implies), by describing a probe id.
 * </ul>
 *
 * Write on a transactional id, and Read, Write and Delete on internal topics that do not exist yet,
 * cannot be checked without creating something; a missing one still fails at once when the stream
 * thread or the producer first uses it, with Kafka's authorization error.
 */
public final class KafkaAccess {

  private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
  private static final long TIMEOUT_MS = 30_000;

  /** A permission the service needs: operations on one resource, and why. */
  public record Need(String resource, String name, boolean prefix, Set<AclOperation> operations) {
    public Need {
      operations = Set.copyOf(operations);
    }

    String describe(Set<AclOperation> missing) {
      String ops =
          missing.stream()
              .sorted()
              .map(KafkaAccess::operationName)
              .collect(Collectors.joining(", "));
      return ops + " on " + resource + (prefix ? " prefix " : " ") + name;
    }
  }

  /** Raised when the principal lacks permissions; its message names each of them. */
  public static final class AccessDeniedException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    AccessDeniedException(String message, List<String> missing) {
      super(message);
      this.missing = List.copyOf(missing);
    }

    /** Each missing permission, as "Read on topic journeyline.interactions.chat". */
    public List<String> missing() {
      return missing;
    }
  }

  private KafkaAccess() {}

  /** What the streams app needs (see docs/acls.md, "Streams app"). */
  public static List<Need> streamsApp(StreamsAppConfig config) {
    TopicCatalog topics = config.topicCatalog();
    List<Need> needs = new ArrayList<>();
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      // A switch expression: a new topic does not compile until it is decided here.
      EnumSet<AclOperation> ops =
          switch (topic) {
            case INTERACTIONS_CHAT,
                INTERACTIONS_VOICE,
                INTERACTIONS_EMAIL,
                INTERACTIONS_SMS,
                SURVEYS,
                ERASURES ->
                EnumSet.of(AclOperation.READ);
            // identities: erasure tombstones the CRM links of an erased customer
            case IDENTITIES, IDENTITY_RESOLUTION, JOURNEY_TRANSFERS, CONTACTS, DATA_KEYS ->
                EnumSet.of(AclOperation.READ, AclOperation.WRITE);
            case JOURNEYS,
                METRICS_FCR,
                METRICS_SENTIMENT,
                METRICS_REPEAT_CONTACTS,
                METRICS_SERVICE,
                METRICS_SURVEYS,
                ALERTS,
                ERASURE_AUDIT,
                DLQ ->
                EnumSet.of(AclOperation.WRITE);
          };
      // The start-up topic check reads each topic's cleanup policy and retention.
      ops.add(AclOperation.DESCRIBE_CONFIGS);
      needs.add(new Need("topic", topics.name(topic), false, ops));
    }
    String app = config.applicationId();
    needs.add(
        new Need("topic", app + "-", true, EnumSet.of(AclOperation.CREATE, AclOperation.DESCRIBE)));
    needs.add(new Need("group", app, false, EnumSet.of(AclOperation.READ)));
    if (config.getString(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG).startsWith("exactly_once")) {
      needs.add(new Need("transactional-id", app + "-", true, EnumSet.of(AclOperation.DESCRIBE)));
    }
    return needs;
  }

  /**
   * What the channel adapters need (see docs/acls.md, "Channel adapters"): Write on the topics they
   * publish to, and their transactional ids {@code <transactionalIdPrefix>-<n>}.
   */
  public static List<Need> adapters(AdaptersConfig config) {
    TopicCatalog topics = config.topicCatalog();
    String transactionalIdPrefix = config.transactionalIdPrefix();
    List<Need> needs = new ArrayList<>();
    for (JourneylineTopic topic : JourneylineTopic.interactionTopics()) {
      needs.add(new Need("topic", topics.name(topic), false, EnumSet.of(AclOperation.WRITE)));
    }
    for (JourneylineTopic topic :
        List.of(
            JourneylineTopic.IDENTITIES,
            JourneylineTopic.SURVEYS,
            JourneylineTopic.DATA_KEYS,
            JourneylineTopic.ERASURES)) {
      needs.add(new Need("topic", topics.name(topic), false, EnumSet.of(AclOperation.WRITE)));
    }
    needs.add(
        new Need(
            "transactional-id",
            transactionalIdPrefix + "-",
            true,
            EnumSet.of(AclOperation.DESCRIBE)));
    return needs;
  }

  /**
   * Checks every need with {@code admin}.
   *
   * @param kafkaSettings the client settings, to name the principal in the message
   * @throws AccessDeniedException naming every missing permission and the principal
   */
  public static void require(Admin admin, Map<String, ?> kafkaSettings, List<Need> needs) {
    List<String> missing = new ArrayList<>();
    Map<String, Need> topicNeeds = new TreeMap<>();
    for (Need need : needs) {
      if (need.resource().equals("topic") && !need.prefix()) {
        topicNeeds.put(need.name(), need);
      }
    }
    checkTopics(admin, topicNeeds, missing);
    for (Need need : needs) {
      if (need.resource().equals("topic") && need.prefix()) {
        checkTopicPrefix(admin, need, missing);
      } else if (need.resource().equals("group")) {
        checkGroup(admin, need, missing);
      } else if (need.resource().equals("transactional-id")) {
        checkTransactionalIdPrefix(admin, need, missing);
      }
    }
    if (!missing.isEmpty()) {
      String principal = principal(kafkaSettings).map(p -> "User:" + p).orElse("the principal");
      throw new AccessDeniedException(
          "Kafka refuses "
              + principal
              + " of journeyline.kafka.* permissions this service needs: "
              + String.join("; ", missing)
              + ". Grant the ACLs listed in docs/acls.md (or use the principal that has them).",
          missing);
    }
  }

  private static void checkTopics(Admin admin, Map<String, Need> needs, List<String> missing) {
    if (needs.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin
            .describeTopics(
                needs.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
            .topicNameValues();
    for (Map.Entry<String, Need> entry : needs.entrySet()) {
      Need need = entry.getValue();
      try {
        TopicDescription description = get(futures.get(entry.getKey()));
        Set<AclOperation> granted = description.authorizedOperations();
        if (granted == null) {
          continue; // a broker that does not report them: Kafka decides later
        }
        Set<AclOperation> lacking = lacking(need.operations(), granted);
        if (!lacking.isEmpty()) {
          missing.add(need.describe(lacking));
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicAuthorizationException) {
          missing.add(need.describe(need.operations()));
        } else if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw unusable("describe topic " + entry.getKey(), e.getCause());
        }
        // A missing topic: the topic check names it.
      }
    }
  }

  private static void checkTopicPrefix(Admin admin, Need need, List<String> missing) {
    String probe = need.name() + "journeyline-access-check";
    EnumSet<AclOperation> lacking = EnumSet.noneOf(AclOperation.class);
    if (need.operations().contains(AclOperation.CREATE)) {
      try {
        get(
            admin
                .createTopics(
                    List.of(new NewTopic(probe, Optional.empty(), Optional.empty())),
                    new CreateTopicsOptions().validateOnly(true))
                .all());
      } catch (ExecutionException e) {
        // Any other refusal (the topic exists, a policy, a replication factor) is not about
        // access.
        if (e.getCause() instanceof TopicAuthorizationException
            || e.getCause() instanceof ClusterAuthorizationException) {
          lacking.add(AclOperation.CREATE);
        }
      }
    }
    if (need.operations().contains(AclOperation.DESCRIBE)) {
      try {
        get(admin.describeTopics(List.of(probe)).allTopicNames());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicAuthorizationException) {
          lacking.add(AclOperation.DESCRIBE);
        }
      }
    }
    if (!lacking.isEmpty()) {
      missing.add(need.describe(lacking));
    }
  }

  private static void checkGroup(Admin admin, Need need, List<String> missing) {
    try {
      ConsumerGroupDescription description =
          get(
              admin
                  .describeConsumerGroups(
                      List.of(need.name()),
                      new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                  .describedGroups()
                  .get(need.name()));
      Set<AclOperation> granted = description.authorizedOperations();
      if (granted != null) {
        Set<AclOperation> lacking = lacking(need.operations(), granted);
        if (!lacking.isEmpty()) {
          missing.add(need.describe(lacking));
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupAuthorizationException) {
        missing.add(need.describe(need.operations()));
      } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw unusable("describe group " + need.name(), e.getCause());
      }
    }
  }

  private static void checkTransactionalIdPrefix(Admin admin, Need need, List<String> missing) {
    String probe = need.name() + "journeyline-access-check";
    try {
      get(admin.describeTransactions(List.of(probe)).all());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransactionalIdAuthorizationException) {
        missing.add(
            "Write on transactional-id prefix " + need.name() + " (not even Describe is allowed)");
      } else if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
        throw unusable("describe transactional id " + probe, e.getCause());
      }
    }
  }

  private static Set<AclOperation> lacking(Set<AclOperation> needed, Set<AclOperation> granted) {
    if (granted.contains(AclOperation.ALL)) {
      return Set.of();
    }
    EnumSet<AclOperation> lacking = EnumSet.noneOf(AclOperation.class);
    for (AclOperation op : needed) {
      if (!granted.contains(op)) {
        lacking.add(op);
      }
    }
    return lacking;
  }

  private static <T> T get(KafkaFuture<T> future) throws ExecutionException {
    try {
      return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("Interrupted while checking Kafka permissions");
    } catch (TimeoutException e) {
      throw new ConfigException(
          "Kafka did not answer the permission check within " + TIMEOUT_MS / 1000 + " s");
    }
  }

  private static ConfigException unusable(String what, Throwable cause) {
    if (cause instanceof AuthorizationException) {
      return new ConfigException("Kafka refuses to " + what + ": " + cause.getMessage());
    }
    return new ConfigException("Cannot " + what + " to check permissions: " + cause);
  }

  private static String operationName(AclOperation op) {
    return switch (op) {
      case DESCRIBE_CONFIGS -> "DescribeConfigs";
      case ALTER_CONFIGS -> "AlterConfigs";
      case IDEMPOTENT_WRITE -> "IdempotentWrite";
      default -> {
        String name = op.name().toLowerCase(Locale.ROOT);
        yield Character.toUpperCase(name.charAt(0)) + name.substring(1);
      }
    };
  }

  /** The SASL user name of the settings, when their JAAS configuration names one. */
  static Optional<String> principal(Map<String, ?> kafkaSettings) {
    Object jaas = kafkaSettings.get(SaslConfigs.SASL_JAAS_CONFIG);
    if (jaas == null) {
      return Optional.empty();
    }
    String text = jaas instanceof Password p ? p.value() : jaas.toString();
    Matcher m = JAAS_USER.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}

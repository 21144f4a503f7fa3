package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ContactSummary;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.KafkaAccess;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.SaslSslKafka;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.http.ApiKeyHash;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.testing.AclGuide;
import io.journeyline.testing.AvroTopics;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.journeyline.topology.JourneylineSerdes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security end to end: a SASL_SSL broker (SCRAM-SHA-512, a CA made for the test, {@code
 * StandardAuthorizer} with nothing allowed unless an ACL says so) on which the principals {@code
 * User:journeyline-streams} and {@code User:journeyline-adapters} hold exactly the ACLs that
 * docs/acls.md tells an operator to add (read from the guide's commands) and the topics are created
 * up front, as the deployer would.
 *
 * <ul>
 *   <li>The streams app and the adapters, configured only through {@code journeyline.kafka.*}, run
 *       with those ACLs alone: an event posted to the ingest API (with a hashed API key) comes out
 *       as a contact summary and an FCR aggregate.
 *   <li>A principal without them is refused at start-up by {@code journeyline run} and {@code
 *       journeyline adapters}, with one message naming the principal and every missing permission;
 *       so is a principal with the other service's ACLs.
 * </ul>
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SaslSslKafka
@ExtendWith(EmbeddedKafkaExtension.class)
class KafkaSecurityIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String APP_ID = "journeyline-streams";
  private static final String INGEST_KEY = ApiKeyHash.generateKey("jli_", new SecureRandom());

  @TempDir static Path dir;

  static Map<String, Object> streamsUser;
  static Map<String, Object> adaptersUser;
  static Map<String, Object> intruder;

  @BeforeAll
  static void grantTheGuidesAclsAndCreateTheTopics(EmbeddedKafkaCluster kafka) throws Exception {
    streamsUser = kafka.createUser("journeyline-streams");
    adaptersUser = kafka.createUser("journeyline-adapters");
    intruder = kafka.createUser("journeyline-intruder");

    List<AclBinding> acls = new ArrayList<>(AclGuide.section("## Channel adapters"));
    acls.addAll(AclGuide.section("## Streams app"));
    kafka.admin().createAcls(acls).all().get(30, TimeUnit.SECONDS);
    Await.until(
        WAIT,
        "the broker's authorizer holds the guide's ACLs",
        () -> aclCount(kafka) >= acls.size());

    // The deployer's part (a super user here): the topics with the policies the contract needs.
    StreamsAppConfig config = new StreamsAppConfig(streamsSettings(streamsUser));
    kafka.createTopics(config.topicCatalog().all().stream().map(TopicSpec::toNewTopic).toList());
  }

  private static int aclCount(EmbeddedKafkaCluster kafka) {
    try {
      return kafka.admin().describeAcls(AclBindingFilter.ANY).values().get().size();
    } catch (ExecutionException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The streams app's settings, as a properties file would hold them. */
  private static Map<String, Object> streamsSettings(Map<String, Object> user) throws IOException {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsAppConfig.APPLICATION_ID_CONFIG, APP_ID);
    props.put(StreamsAppConfig.TOPIC_PARTITIONS_CONFIG, "2");
    props.put(StreamsAppConfig.TOPIC_REPLICATION_CONFIG, "1");
    props.put(StreamsAppConfig.CREATE_TOPICS_CONFIG, "false");
    props.put(StreamsAppConfig.QUERY_ENABLED_CONFIG, "false");
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG, Files.createTempDirectory(dir, "state-").toString());
    user.forEach((k, v) -> props.put(ConfigSources.KAFKA_PREFIX + k, v.toString()));
    return props;
  }

  /** The adapters' settings, as a properties file would hold them. */
  private static Map<String, Object> adaptersSettings(
      Map<String, Object> user, EmbeddedSchemaRegistry registry) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    props.put(AdaptersConfig.PORT_CONFIG, "0");
    props.put(AdaptersConfig.INSTANCE_ID_CONFIG, "security-it");
    props.put(
        AdaptersConfig.API_KEYS_CONFIG,
        "crm:events:" + ApiKeyHash.of(INGEST_KEY, 1000, new SecureRandom()).encode());
    props.put(ConfigSources.SCHEMA_REGISTRY_PREFIX + "schema.registry.url", registry.url());
    user.forEach((k, v) -> props.put(ConfigSources.KAFKA_PREFIX + k, v.toString()));
    return props;
  }

  @Test
  void shouldRunTheStreamsAppAndTheAdaptersWithOnlyTheDocumentedAcls(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    Map<String, Object> streamsProps = streamsSettings(streamsUser);
    streamsProps.put(ConfigSources.SCHEMA_REGISTRY_PREFIX + "schema.registry.url", registry.url());
    StreamsAppConfig config = new StreamsAppConfig(streamsProps);
    AdaptersConfig adaptersConfig = new AdaptersConfig(adaptersSettings(adaptersUser, registry));
    // What `journeyline adapters` checks before it listens
    try (Admin admin = Admin.create(adaptersConfig.kafkaSettings())) {
      KafkaAccess.require(
          admin, adaptersConfig.kafkaSettings(), KafkaAccess.adapters(adaptersConfig));
    }

    try (JourneylineStreams app =
            JourneylineStreams.start(
                config, JourneylineSerdes.fromConfig(config.serdeProperties()));
        AdaptersServer adapters = AdaptersServer.start(adaptersConfig)) {
      assertThat(app.awaitRunning(WAIT)).as("the streams app is RUNNING").isTrue();

      Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
      String body =
          "["
              + event("sec-1", start, "CONTACT_STARTED", "")
              + ","
              + event("sec-2", start.plusSeconds(240), "CONTACT_ENDED", ",\"issue\":\"billing\"")
              + "]";
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder post =
          HttpRequest.newBuilder(URI.create(adapters.baseUri() + "/v1/events"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      assertThat(http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("without a key")
          .isEqualTo(401);
      HttpResponse<String> accepted =
          http.send(
              post.header("X-API-Key", INGEST_KEY).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      HttpResponse<String> outOfScope =
          http.send(
              HttpRequest.newBuilder(URI.create(adapters.baseUri() + "/v1/identities"))
                  .header("Content-Type", "application/json")
                  .header("X-API-Key", INGEST_KEY)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"type\":\"PHONE\",\"value\":\"+14155550100\",\"customerId\":\"c\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(outOfScope.statusCode()).as("a key for events only").isEqualTo(403);

      TopicCatalog topics = config.topicCatalog();
      AvroTopics io = new AvroTopics(kafka, registry);
      Map<String, ContactSummary> contacts =
          io.latest(
              topics.name(JourneylineTopic.CONTACTS),
              "security-it-contacts",
              WAIT,
              (Map<String, ContactSummary> m) ->
                  m.containsKey("chat-sec-1") && m.get("chat-sec-1").getEndedAt() != null);
      assertThat(contacts.get("chat-sec-1").getCustomerId()).isEqualTo("cust-sec-1");
      Map<Object, Object> fcr =
          io.latest(
              topics.name(JourneylineTopic.METRICS_FCR),
              "security-it-fcr",
              WAIT,
              (Map<Object, Object> m) -> !m.isEmpty());
      assertThat(fcr).isNotEmpty();
      assertThat(app.state().isRunningOrRebalancing()).as("no thread died on an ACL").isTrue();
    }
  }

  private static String event(String id, Instant at, String type, String extra) {
    return "{\"eventId\":\""
        + id
        + "\",\"occurredAt\":\""
        + at
        + "\",\"channel\":\"CHAT\",\"type\":\""
        + type
        + "\",\"contactId\":\"chat-sec-1\",\"customer\":{\"customerId\":\"cust-sec-1\"}"
        + extra
        + "}";
  }

  @Test
  void shouldRefuseRunWithAPrincipalWithoutTheAclsNamingEachMissingPermission(
      EmbeddedSchemaRegistry registry) throws Exception {
    Map<String, Object> props = streamsSettings(intruder);
    props.put(ConfigSources.SCHEMA_REGISTRY_PREFIX + "schema.registry.url", registry.url());

    Result run = cli(props, "run");

    assertThat(run.code()).isNotZero();
    assertThat(run.err())
        .contains("journeyline: Kafka refuses User:journeyline-intruder")
        .contains("Read, DescribeConfigs on topic journeyline.interactions.chat")
        .contains("Write, DescribeConfigs on topic journeyline.metrics.fcr")
        .contains("Create, Describe on topic prefix journeyline-streams-")
        .contains("Read on group journeyline-streams")
        .contains("on transactional-id prefix journeyline-streams-")
        .contains("docs/acls.md");
    assertThat(run.seconds()).as("refused at once, no hang").isLessThan(60);
  }

  @Test
  void shouldRefuseAdaptersWithAPrincipalWithoutTheAclsNamingEachMissingPermission(
      EmbeddedSchemaRegistry registry) throws Exception {
    Result adapters = cli(adaptersSettings(intruder, registry), "adapters");

    assertThat(adapters.code()).isNotZero();
    assertThat(adapters.err())
        .contains("journeyline: Kafka refuses User:journeyline-intruder")
        .contains("Write on topic journeyline.interactions.sms")
        .contains("Write on topic journeyline.identities")
        .contains("on transactional-id prefix journeyline-adapters-security-it-")
        .contains("docs/acls.md");
    assertThat(adapters.seconds()).as("refused at once, no hang").isLessThan(60);
  }

  @Test
  void shouldRefuseTheStreamsAppWithTheAdaptersPrincipal(EmbeddedSchemaRegistry registry)
      throws Exception {
    Map<String, Object> props = streamsSettings(adaptersUser);
    props.put(ConfigSources.SCHEMA_REGISTRY_PREFIX + "schema.registry.url", registry.url());
    StreamsAppConfig config = new StreamsAppConfig(props);

    assertThatThrownBy(
            () ->
                JourneylineStreams.start(
                    config, JourneylineSerdes.fromConfig(config.serdeProperties())))
        .isInstanceOf(KafkaAccess.AccessDeniedException.class)
        .hasMessageContaining("User:journeyline-adapters")
        .hasMessageContaining("Read, DescribeConfigs on topic journeyline.interactions.chat")
        .hasMessageContaining("Read on group journeyline-streams")
        // it may write the interaction topics, but not read them
        .hasMessageNotContaining("Write, DescribeConfigs on topic journeyline.interactions.chat");
  }

  record Result(int code, String out, String err, long seconds) {}

  /** Runs a command as a user does: a properties file, the command line, its exit code. */
  private static Result cli(Map<String, Object> settings, String command) throws IOException {
    Properties file = new Properties();
    settings.forEach((k, v) -> file.setProperty(k, v.toString()));
    Path config = Files.createTempFile(dir, command + "-", ".properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      file.store(out, null);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code =
        JourneylineCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            command,
            "--config",
            config.toString());
    return new Result(
        code,
        out.toString(),
        err.toString(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
  }
}

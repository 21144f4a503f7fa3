package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of {@code docker/} without a Docker engine: the compose file parses and wires
 * two streams instances with distinct application.server endpoints, every JOURNEYLINE_* variable
 * names a real setting, Prometheus scrapes the query ports (and {@code promtool} accepts its config
 * when installed), Grafana is provisioned, and the Dockerfile runs as non-root with a readiness
 * healthcheck. That the dashboard's metrics exist in a real {@code /metrics} is {@code
 * DemoRunnerIT}'s job.
 */
public class DockerDeploymentTest {

  static final Path DOCKER = Path.of("..", "docker");

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  static Map<String, Object> compose() throws IOException {
    return map(new Yaml().load(Files.readString(DOCKER.resolve("docker-compose.yml"))));
  }

  static Map<String, Object> services() throws IOException {
    return map(compose().get("services"));
  }

  @Test
  void shouldRunKafkaInKraftARegistryTheAdaptersTwoStreamsInstancesPrometheusAndGrafana()
      throws IOException {
    Map<String, Object> services = services();
    assertThat(services)
        .containsKeys(
            "kafka",
            "schema-registry",
            "adapters",
            "streams-1",
            "streams-2",
            "prometheus",
            "grafana");
    Map<String, Object> kafka = map(services.get("kafka"));
    assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
    assertThat(map(kafka.get("environment")).get("KAFKA_PROCESS_ROLES"))
        .isEqualTo("broker,controller");
    assertThat((String) map(services.get("schema-registry")).get("image"))
        .contains("schema-registry");
    assertThat(map(services.get("adapters")).get("command")).isEqualTo(List.of("adapters"));
  }

  @Test
  void shouldGiveEachStreamsInstanceItsOwnApplicationServerInOneGroup() throws IOException {
    Map<String, Object> services = services();
    Set<String> advertised = new TreeSet<>();
    Set<Object> appIds = new TreeSet<>();
    Set<Object> published = new TreeSet<>();
    for (String name : List.of("streams-1", "streams-2")) {
      Map<String, Object> service = map(services.get(name));
      assertThat(service.get("command")).isEqualTo(List.of("run"));
      Map<String, Object> env = map(service.get("environment"));
      String host =
          env.get(ConfigSources.envName(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG)).toString();
      assertThat(host).isEqualTo(name).isEqualTo(service.get("hostname"));
      advertised.add(
          host
              + ":"
              + env.get(ConfigSources.envName(StreamsAppConfig.QUERY_ADVERTISED_PORT_CONFIG)));
      appIds.add(env.get(ConfigSources.envName(StreamsAppConfig.APPLICATION_ID_CONFIG)));
      published.addAll((List<?>) service.get("ports"));
      assertThat(env.get(ConfigSources.envName(StreamsAppConfig.QUERY_PORT_CONFIG)))
          .isEqualTo("8081");
    }
    assertThat(advertised).containsExactly("streams-1:8081", "streams-2:8081");
    assertThat(appIds).hasSize(1);
    assertThat(published).containsExactly("8081:8081", "8082:8081");
  }

  @Test
  void shouldNameOnlyRealSettingsInTheEnvironment() throws IOException {
    Map<String, Object> services = services();
    check(map(services.get("streams-1")).get("environment"), StreamsAppConfig.CONFIG_DEF);
    check(map(services.get("streams-2")).get("environment"), StreamsAppConfig.CONFIG_DEF);
    check(map(services.get("adapters")).get("environment"), AdaptersConfig.CONFIG_DEF);
  }

  private static void check(Object environment, ConfigDef def) {
    Set<String> known = new TreeSet<>();
    def.names().forEach(n -> known.add(ConfigSources.envName(n)));
    for (String name : map(environment).keySet()) {
      if (name.startsWith("JOURNEYLINE_KAFKA_")
          || name.startsWith("JOURNEYLINE_SCHEMA_REGISTRY_")) {
        continue; // pass-through
      }
      assertThat(known).as("setting for " + name).contains(name);
    }
  }

  @Test
  void shouldScrapeEveryQueryAndIngestPort() throws Exception {
    Map<String, Object> prometheus =
        map(new Yaml().load(Files.readString(DOCKER.resolve("prometheus/prometheus.yml"))));
    Set<String> targets = new TreeSet<>();
    for (Object job : (List<?>) prometheus.get("scrape_configs")) {
      assertThat(map(job).get("metrics_path")).isEqualTo("/metrics");
      for (Object sc : (List<?>) map(job).get("static_configs")) {
        ((List<?>) map(sc).get("targets")).forEach(t -> targets.add(t.toString()));
      }
    }
    assertThat(targets).containsExactly("adapters:8080", "streams-1:8081", "streams-2:8081");
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
    Process check =
        new ProcessBuilder(
                promtool.toString(),
                "check",
                "config",
                DOCKER.resolve("prometheus/prometheus.yml").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }

  @Test
  void shouldProvisionTheDatasourceAndADashboardWithEveryPanelQueryingMetrics() throws Exception {
    Map<String, Object> ds =
        map(
            new Yaml()
                .load(
                    Files.readString(
                        DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"))));
    Map<String, Object> source = map(((List<?>) ds.get("datasources")).get(0));
    assertThat(source.get("type")).isEqualTo("prometheus");
    assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(dashboardMetricNames())
        .contains(
            "kafka_consumer_fetch_manager_records_lag",
            "journeyline_consumer_lag_records",
            "kafka_stream_thread_process_rate",
            "journeyline_dlq_records_total",
            "journeyline_fcr_contacts",
            "journeyline_repeat_contacts",
            "journeyline_service_contacts",
            "journeyline_service_handle_ms_sum",
            "journeyline_survey_answers",
            "journeyline_sentiment_messages",
            "journeyline_alerts_total");
  }

  /** Metric names of the services' own and Kafka's metrics (DemoRunnerIT finds them all). */
  static final Pattern APP_METRIC = Pattern.compile("\\b((?:kafka|journeyline)_[a-z0-9_]+)\\b");

  /** JVM and process metric names (ProcessMetricsTest finds them all). */
  static final Pattern PROCESS_METRIC =
      Pattern.compile("\\b((?:jvm|process|system)_[a-z0-9_]+)\\b");

  /**
   * Every Kafka and Journeyline metric name the dashboard's panels query (each panel queries at
   * least one metric).
   */
  public static Set<String> dashboardMetricNames() throws IOException {
    return names(dashboardExpressions(), APP_METRIC);
  }

  /** Every JVM and process metric name the dashboard's panels query. */
  public static Set<String> dashboardProcessMetricNames() throws IOException {
    return names(dashboardExpressions(), PROCESS_METRIC);
  }

  static List<String> dashboardExpressions() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/journeyline.json").toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(APP_METRIC.matcher(expr).find() || PROCESS_METRIC.matcher(expr).find())
            .as("a metric in " + expr)
            .isTrue();
        expressions.add(expr);
      }
    }
    return expressions;
  }

  static Set<String> names(List<String> expressions, Pattern metric) {
    Set<String> names = new TreeSet<>();
    for (String expr : expressions) {
      Matcher m = metric.matcher(expr);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void shouldLetTheDashboardSelectInstancesAndShowTheJvm() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/journeyline.json").toFile());
    JsonNode variable = dashboard.path("templating").path("list").path(0);
    assertThat(variable.path("name").asText()).isEqualTo("instance");
    assertThat(variable.path("type").asText()).isEqualTo("query");
    assertThat(variable.path("includeAll").asBoolean()).isTrue();
    assertThat(variable.path("multi").asBoolean()).isTrue();
    Pattern selector =
        Pattern.compile("\\b(?:kafka|journeyline|jvm|process|system)_[a-z0-9_]+(\\{[^}]*\\})?");
    for (String expr : dashboardExpressions()) {
      Matcher m = selector.matcher(expr);
      while (m.find()) {
        assertThat(m.group(1)).as(expr).isNotNull().contains("instance=~\"$instance\"");
      }
    }
    assertThat(dashboardProcessMetricNames())
        .contains(
            "jvm_memory_used_bytes",
            "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_sum",
            "jvm_threads_live_threads",
            "process_cpu_usage");
    assertThat(dashboardMetricNames())
        .contains(
            "kafka_stream_failed_stream_threads_total",
            "kafka_stream_task_restore_remaining_records_total");
  }

  /** Every rule of docker/prometheus/alerts.yml. */
  static List<Map<String, Object>> alertRules() throws IOException {
    Map<String, Object> file =
        map(new Yaml().load(Files.readString(DOCKER.resolve("prometheus/alerts.yml"))));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : (List<?>) file.get("groups")) {
      assertThat(map(group).get("name")).isNotNull();
      for (Object rule : (List<?>) map(group).get("rules")) {
        rules.add(map(rule));
      }
    }
    return rules;
  }

  /** Every JVM and process metric name the alert rules use. */
  public static Set<String> alertProcessMetricNames() throws IOException {
    List<String> exprs = new ArrayList<>();
    for (Map<String, Object> rule : alertRules()) {
      exprs.add((String) rule.get("expr"));
    }
    return names(exprs, PROCESS_METRIC);
  }

  @Test
  void shouldAlertOnLagDeadLettersThreadDeathsAndRestoreWithMetricsThatExist() throws Exception {
    List<Map<String, Object>> rules = alertRules();
    Set<String> alerts = new TreeSet<>();
    Set<String> known = new TreeSet<>(dashboardMetricNames());
    known.add("journeyline_adapters_rejected_total"); // AdapterMetrics, reason="unavailable"
    for (Map<String, Object> rule : rules) {
      String name = (String) rule.get("alert");
      alerts.add(name);
      String expr = (String) rule.get("expr");
      assertThat(map(rule.get("labels")).get("severity")).as(name).isIn("warning", "critical");
      assertThat(map(rule.get("annotations"))).as(name).containsKeys("summary", "description");
      Set<String> used = names(List.of(expr), APP_METRIC);
      assertThat(known).as(name + " uses metrics on the dashboard").containsAll(used);
      if (rule.containsKey("for")) {
        assertThat((String) rule.get("for")).matches("[0-9]+[smh]");
      }
    }
    assertThat(alerts)
        .contains(
            "JourneylineConsumerLagHigh",
            "JourneylineDeadLetterRate",
            "JourneylineStreamThreadFailed",
            "JourneylineStateRestoreSlow");
    Map<String, Object> prometheus =
        map(new Yaml().load(Files.readString(DOCKER.resolve("prometheus/prometheus.yml"))));
    assertThat(prometheus.get("rule_files")).isEqualTo(List.of("/etc/prometheus/alerts.yml"));
    assertThat(map(services().get("prometheus")).get("volumes").toString())
        .contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");

    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
    Process check =
        new ProcessBuilder(
                promtool.toString(),
                "check",
                "rules",
                DOCKER.resolve("prometheus/alerts.yml").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }

  @Test
  void shouldRunTheRuntimeJarAsNonRootWithAReadinessHealthcheck() throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jre")
        .contains("USER 10001:10001")
        .contains("HEALTHCHECK")
        .contains("/health/ready")
        .contains(
            "COPY --chown=journeyline:journeyline runtime/target/journeyline-runtime.jar"
                + " /app/journeyline-runtime.jar")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/journeyline-runtime.jar\"]");
  }

  @Test
  void shouldValidateTheComposeFileAgainstTheComposeSchema() throws IOException {
    Schema schema = DeploySchemas.schema("compose-subset.schema.yaml");

    assertThat(DeploySchemas.errors(schema, compose())).isEmpty();

    Map<String, Object> broken = compose();
    map(map(broken.get("services")).get("kafka")).put("depend_on", Map.of());
    map(map(map(broken.get("services")).get("adapters")).get("healthcheck")).put("retries", "6");
    assertThat(String.join("\n", DeploySchemas.errors(schema, broken)))
        .contains("depend_on", "retries");
  }

  @Test
  void shouldKeepKafkaDataOnItsVolumeWithAFixedClusterIdAndNoAutoCreatedTopics()
      throws IOException {
    Map<String, Object> kafka = map(services().get("kafka"));
    Map<String, Object> env = map(kafka.get("environment"));
    String logDirs = (String) env.get("KAFKA_LOG_DIRS");
    assertThat(kafka.get("volumes")).isEqualTo(List.of("kafka-data:" + logDirs));
    assertThat(map(compose().get("volumes"))).containsKey("kafka-data");
    // a Kafka cluster id is a UUID in URL-safe base64 without padding
    byte[] clusterId = Base64.getUrlDecoder().decode((String) env.get("CLUSTER_ID"));
    assertThat(clusterId).hasSize(16);
    assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    for (String streams : List.of("streams-1", "streams-2")) {
      assertThat(map(map(services().get(streams)).get("environment")))
          .containsEntry(ConfigSources.envName(StreamsAppConfig.CREATE_TOPICS_CONFIG), "true");
    }
  }

  @Test
  void shouldRunTheBrokerOfTheClientsKafkaVersion() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
    assertThat(version.find()).isTrue();

    assertThat(map(services().get("kafka")).get("image"))
        .isEqualTo("apache/kafka:" + version.group(1));
  }

  @Test
  void shouldCheckHealthOfEveryServiceAndWaitForHealthyDependencies() throws IOException {
    Map<String, Object> services = services();
    for (Map.Entry<String, Object> entry : services.entrySet()) {
      Map<String, Object> service = map(entry.getValue());
      Map<String, Object> healthcheck = map(service.get("healthcheck"));
      assertThat(healthcheck).as(entry.getKey() + " has a healthcheck").isNotNull();
      boolean oneShot = "no".equals(service.get("restart"));
      assertThat(Boolean.TRUE.equals(healthcheck.get("disable")))
          .as(entry.getKey() + ": only a one-shot service goes without")
          .isEqualTo(oneShot);
      Object dependsOn = service.get("depends_on");
      if (dependsOn == null) {
        continue;
      }
      for (Map.Entry<String, Object> dep : map(dependsOn).entrySet()) {
        Map<String, Object> target = map(services.get(dep.getKey()));
        boolean targetOneShot = "no".equals(target.get("restart"));
        assertThat(map(dep.getValue()).get("condition"))
            .as(entry.getKey() + " waits for " + dep.getKey())
            .isEqualTo(targetOneShot ? "service_completed_successfully" : "service_healthy");
      }
    }
    assertThat(map(map(services.get("adapters")).get("healthcheck")).get("test").toString())
        .contains("/health/ready");
  }

  @Test
  void shouldRegisterSchemasOnceAndRunTheAppsWithoutAutoRegistration() throws IOException {
    Map<String, Object> services = services();
    assertThat(map(services.get("schemas")).get("command"))
        .isEqualTo(List.of("schemas", "register"));
    for (String app : List.of("adapters", "streams-1", "streams-2")) {
      Map<String, Object> service = map(services.get(app));
      assertThat(map(service.get("environment")))
          .as(app)
          .containsEntry("JOURNEYLINE_SCHEMA_REGISTRY_AUTO_REGISTER_SCHEMAS", "false");
      assertThat(map(service.get("depends_on"))).as(app).containsKey("schemas");
    }
  }

  @Test
  void shouldPassDockerComposeConfigWhenTheCliIsInstalled() throws Exception {
    Path docker = Path.of("/usr/bin/docker");
    assumeTrue(Files.isExecutable(docker), "the docker CLI is not installed");
    Process check =
        new ProcessBuilder(
                docker.toString(),
                "compose",
                "-f",
                DOCKER.resolve("docker-compose.yml").toString(),
                "config",
                "--quiet")
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }
}

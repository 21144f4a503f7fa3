package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            "journeyline_sentiment_messages",
            "journeyline_alerts_total");
  }

  /** Every metric name the dashboard's panels query. */
  public static Set<String> dashboardMetricNames() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/journeyline.json").toFile());
    Set<String> names = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:kafka|journeyline)_[a-z0-9_]+)\\b");
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = metric.matcher(target.path("expr").asText());
        boolean any = false;
        while (m.find()) {
          names.add(m.group(1));
          any = true;
        }
        assertThat(any).as("a metric in " + target.path("expr").asText()).isTrue();
      }
    }
    return names;
  }

  @Test
  void shouldRunTheJarAsNonRootWithAReadinessHealthcheck() throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jre")
        .contains("USER journeyline")
        .contains("HEALTHCHECK")
        .contains("/health/ready")
        .contains("COPY --chown=journeyline:journeyline streams-app/target/journeyline.jar");
  }
}

package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Schema;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes} checked offline: every document against a JSON Schema of the Kubernetes
 * API subset it uses (types, required fields, enums, no unknown keys), then the wiring a schema
 * cannot see: the StatefulSet's headless Service, application.server from the pod's DNS name, the
 * state volume at the state directory, probes on the served ports, a grace period longer than the
 * shutdown, and environment variables that name real settings. {@code kubeconform} or {@code
 * kubectl} also check it when installed.
 */
class KubernetesManifestsTest {

  static final Path DIR = Path.of("..", "deploy", "kubernetes");
  static final Set<String> NOT_SETTINGS = Set.of("POD_NAME", "POD_NAMESPACE");

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static Map<String, Object> at(Object o, String... path) {
    Object current = o;
    for (String key : path) {
      current = map(current).get(key);
    }
    return map(current);
  }

  /** Every document of every manifest the kustomization lists, by "Kind/name". */
  static Map<String, Map<String, Object>> resources() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    Map<String, Object> kustomization =
        map(DeploySchemas.documents(DIR.resolve("kustomization.yaml")).get(0));
    for (Object file : list(kustomization.get("resources"))) {
      for (Object doc : DeploySchemas.documents(DIR.resolve(file.toString()))) {
        Map<String, Object> resource = map(doc);
        out.put(resource.get("kind") + "/" + at(resource, "metadata").get("name"), resource);
      }
    }
    return out;
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    return map(list(at(workload, "spec", "template", "spec").get("containers")).get(0));
  }

  static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Object e : list(container.get("env"))) {
      env.put((String) map(e).get("name"), (String) map(e).get("value"));
    }
    return env;
  }

  @Test
  void shouldValidateEveryDocumentAgainstTheKubernetesSchema() throws Exception {
    Schema schema = DeploySchemas.schema("kubernetes-subset.schema.yaml");
    List<String> errors = new ArrayList<>();
    int documents = 0;
    try (var files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : DeploySchemas.documents(file)) {
          documents++;
          DeploySchemas.errors(schema, doc).forEach(e -> errors.add(file.getFileName() + ": " + e));
        }
      }
    }
    assertThat(errors).isEmpty();
    assertThat(documents).isEqualTo(1 + resources().size());
    assertThat(resources())
        .containsKeys(
            "ConfigMap/journeyline-config",
            "StatefulSet/journeyline-streams",
            "Service/journeyline-streams-headless",
            "Service/journeyline-streams",
            "PodDisruptionBudget/journeyline-streams",
            "Deployment/journeyline-adapters",
            "Service/journeyline-adapters",
            "PodDisruptionBudget/journeyline-adapters");
  }

  @Test
  void shouldRejectAMisspeltProbeAndAMissingImage() {
    Schema schema = DeploySchemas.schema("kubernetes-subset.schema.yaml");
    Map<String, Object> streams = resources().get("StatefulSet/journeyline-streams");
    Map<String, Object> probe = map(container(streams).get("readinessProbe"));
    probe.put("periodSecond", 10);
    container(streams).remove("image");

    List<String> errors = DeploySchemas.errors(schema, streams);

    assertThat(String.join("\n", errors)).contains("periodSecond", "image");
  }

  @Test
  void shouldRunTheStreamsAppAsAStatefulSetBehindItsHeadlessService() {
    Map<String, Map<String, Object>> resources = resources();
    Map<String, Object> statefulSet = resources.get("StatefulSet/journeyline-streams");
    Map<String, Object> spec = at(statefulSet, "spec");
    Map<String, Object> headless =
        resources.get("Service/" + spec.get("serviceName")); // governing Service
    assertThat(headless).as("the StatefulSet's serviceName names a Service").isNotNull();
    assertThat(at(headless, "spec").get("clusterIP")).isEqualTo("None");
    assertThat(at(headless, "spec").get("publishNotReadyAddresses")).isEqualTo(true);
    Map<String, Object> labels = at(spec, "template", "metadata", "labels");
    assertThat(labels).containsAllEntriesOf(map(at(spec, "selector").get("matchLabels")));
    assertThat(labels).containsAllEntriesOf(map(at(headless, "spec").get("selector")));
    assertThat(labels)
        .containsAllEntriesOf(
            map(at(resources.get("Service/journeyline-streams"), "spec").get("selector")));

    Map<String, Object> container = container(statefulSet);
    assertThat(container.get("args")).isEqualTo(List.of("run", "--shutdown-timeout", "30"));
    Map<String, String> env = env(container);
    assertThat(env.get(ConfigSources.envName(StreamsAppConfig.QUERY_ADVERTISED_HOST_CONFIG)))
        .isEqualTo(
            "$(POD_NAME)." + spec.get("serviceName") + ".$(POD_NAMESPACE).svc.cluster.local");
    String port = env.get(ConfigSources.envName(StreamsAppConfig.QUERY_PORT_CONFIG));
    assertThat(env.get(ConfigSources.envName(StreamsAppConfig.QUERY_ADVERTISED_PORT_CONFIG)))
        .isEqualTo(port);
    assertThat(map(list(container.get("ports")).get(0)))
        .containsEntry("name", "query")
        .containsEntry("containerPort", Integer.parseInt(port));

    // state on the claim template's volume
    String stateDir = env.get(ConfigSources.envName(StreamsAppConfig.STATE_DIR_CONFIG));
    String claim =
        (String) at(list(spec.get("volumeClaimTemplates")).get(0), "metadata").get("name");
    Map<String, Object> mount = map(list(container.get("volumeMounts")).get(0));
    assertThat(mount.get("name")).isEqualTo(claim);
    assertThat(stateDir).startsWith(mount.get("mountPath") + "/");
    assertThat(at(spec, "template", "spec", "securityContext")).containsKey("fsGroup");

    assertProbes(container, "query");
    // graceful termination: preStop pause + Kafka Streams' close fit in the grace period
    int grace = (Integer) at(spec, "template", "spec").get("terminationGracePeriodSeconds");
    assertThat(grace).isGreaterThan(5 + 30);
  }

  @Test
  void shouldRunTheAdaptersAsADeploymentWithProbesAndUniqueInstanceIds() {
    Map<String, Map<String, Object>> resources = resources();
    Map<String, Object> deployment = resources.get("Deployment/journeyline-adapters");
    Map<String, Object> container = container(deployment);
    assertThat(container.get("args")).isEqualTo(List.of("adapters"));
    assertProbes(container, "http");
    Map<String, String> env = env(container);
    assertThat(env.get(ConfigSources.envName(AdaptersConfig.INSTANCE_ID_CONFIG)))
        .isEqualTo("$(POD_NAME)");
    assertThat(map(list(container.get("ports")).get(0)))
        .containsEntry(
            "containerPort",
            Integer.parseInt(env.get(ConfigSources.envName(AdaptersConfig.PORT_CONFIG))));
    assertThat(at(resources.get("Service/journeyline-adapters"), "spec", "selector").toString())
        .isEqualTo(at(deployment, "spec", "template", "metadata", "labels").toString());
  }

  private static void assertProbes(Map<String, Object> container, String portName) {
    assertThat(at(container, "readinessProbe", "httpGet"))
        .containsEntry("path", "/health/ready")
        .containsEntry("port", portName);
    assertThat(at(container, "livenessProbe", "httpGet"))
        .containsEntry("path", "/health/live")
        .containsEntry("port", portName);
    assertThat(at(container, "lifecycle", "preStop", "exec").get("command"))
        .isEqualTo(List.of("sleep", "5"));
  }

  @Test
  void shouldNameOnlyRealSettingsInTheEnvironmentAndConfigMap() {
    Map<String, Map<String, Object>> resources = resources();
    Set<String> names =
        new TreeSet<>(at(resources.get("ConfigMap/journeyline-config"), "data").keySet());
    names.addAll(env(container(resources.get("StatefulSet/journeyline-streams"))).keySet());
    names.addAll(env(container(resources.get("Deployment/journeyline-adapters"))).keySet());
    Set<String> known = new TreeSet<>();
    for (ConfigDef def : List.of(StreamsAppConfig.CONFIG_DEF, AdaptersConfig.CONFIG_DEF)) {
      def.names().forEach(n -> known.add(ConfigSources.envName(n)));
    }
    known.add("JOURNEYLINE_LOG_FORMAT"); // read by log4j2.xml
    for (String name : names) {
      if (NOT_SETTINGS.contains(name)
          || name.startsWith("JOURNEYLINE_KAFKA_")
          || name.startsWith("JOURNEYLINE_SCHEMA_REGISTRY_")) {
        continue; // pass-through
      }
      assertThat(known).as("setting for " + name).contains(name);
    }
  }

  @Test
  void shouldPassKubeconformWhenInstalled() throws Exception {
    Path kubeconform = Path.of("/usr/local/bin/kubeconform");
    assumeTrue(Files.isExecutable(kubeconform), "kubeconform is not installed");
    Process check =
        new ProcessBuilder(
                kubeconform.toString(),
                "-strict",
                "-summary",
                "-ignore-filename-pattern",
                "kustomization.yaml",
                DIR.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }
}

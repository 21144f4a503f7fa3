package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.embedded.Await;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

  @Test
  void shouldExposeJvmAndProcessMetricsUnderTheirPrometheusNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics bound = ProcessMetrics.bindTo(registry);
    try {

      String scrape = registry.scrape();

      assertThat(scrape)
          .contains(
              "jvm_memory_used_bytes{area=\"heap\"",
              "jvm_memory_max_bytes",
              "jvm_threads_live_threads",
              "jvm_threads_states_threads",
              "jvm_classes_loaded_classes",
              "jvm_gc_overhead",
              "jvm_info",
              "process_cpu_usage",
              "system_cpu_count",
              "process_uptime_seconds",
              "process_start_time_seconds",
              "process_files_open_files");
    } finally {
      bound.close();
    }
  }

  @Test
  void shouldExposeEveryJvmAndProcessMetricTheDashboardAndAlertsUse() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics bound = ProcessMetrics.bindTo(registry);
    try {
      Set<String> wanted = new TreeSet<>(DockerDeploymentTest.dashboardProcessMetricNames());
      wanted.addAll(DockerDeploymentTest.alertProcessMetricNames());
      // GC pauses are timed once a collection happened.
      Await.until(
          Duration.ofSeconds(20),
          "a GC pause to be recorded",
          () -> {
            System.gc();
            return registry.scrape().contains("jvm_gc_pause_seconds_sum");
          });
      Set<String> exposed =
          registry
              .scrape()
              .lines()
              .filter(l -> !l.startsWith("#") && !l.isBlank())
              .map(l -> l.replaceAll("[{ ].*", ""))
              .collect(Collectors.toCollection(TreeSet::new));

      assertThat(exposed).containsAll(wanted);
    } finally {
      bound.close();
    }
  }
}

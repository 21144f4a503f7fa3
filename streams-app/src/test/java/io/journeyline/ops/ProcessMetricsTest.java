package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
}

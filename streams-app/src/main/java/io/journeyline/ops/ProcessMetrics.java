package io.journeyline.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM and process metrics for a service's registry (bound once per process: the GC binders count
 * every pause once per binding). Prometheus names: {@code jvm_memory_used_bytes{area,id}}, {@code
 * jvm_memory_max_bytes}, {@code jvm_gc_pause_seconds}, {@code jvm_gc_overhead}, {@code
 * jvm_memory_usage_after_gc}, {@code jvm_threads_live_threads}, {@code jvm_threads_states_threads},
 * {@code jvm_classes_loaded_classes}, {@code jvm_compilation_time_ms_total}, {@code jvm_info},
 * {@code process_cpu_usage}, {@code system_cpu_usage}, {@code system_cpu_count}, {@code
 * process_uptime_seconds}, {@code process_start_time_seconds}, {@code process_files_open_files},
 * {@code process_files_max_files}.
 */
public final class ProcessMetrics implements AutoCloseable {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  private ProcessMetrics() {}

  /** Binds every JVM and process binder to the registry; close to stop the GC listeners. */
  public static ProcessMetrics bindTo(MeterRegistry registry) {
    ProcessMetrics bound = new ProcessMetrics();
    JvmGcMetrics gc = new JvmGcMetrics();
    JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    bound.closeables.add(gc);
    bound.closeables.add(heapPressure);
    List<MeterBinder> binders =
        List.of(
            new JvmMemoryMetrics(),
            gc,
            heapPressure,
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new JvmCompilationMetrics(),
            new JvmInfoMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics(),
            new FileDescriptorMetrics());
    binders.forEach(b -> b.bindTo(registry));
    return bound;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort at shutdown
      }
    }
  }
}

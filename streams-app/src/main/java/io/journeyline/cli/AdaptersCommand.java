package io.journeyline.cli;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.config.KafkaAccess;
import io.journeyline.ops.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code journeyline adapters}: the HTTP ingest service against an external Kafka and registry. */
@Command(
    name = "adapters",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the channel adapters (the HTTP ingest API: canonical JSON, Twilio, Amazon Connect,"
          + " Genesys, email) against an external Kafka cluster and schema registry, configured by"
          + " a properties file and JOURNEYLINE_* environment variables.",
      "Refuses to start without API keys (journeyline.adapters.api-keys) unless"
          + " journeyline.adapters.auth-enabled=false, and when the Kafka principal lacks a"
          + " permission the adapters need (docs/acls.md). Stops cleanly on Ctrl-C / SIGTERM."
    })
final class AdaptersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProductionPreflight preflight;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> props = preflight.load(AdaptersConfig.CONFIG_DEF);
    // Validates types and values, and that keys exist when authentication is on.
    AdaptersConfig adaptersConfig = new AdaptersConfig(props);
    preflight.check(props);
    // Refuse a principal without the ACLs now, rather than answer 503 to every request.
    try (Admin admin = Admin.create(adaptersConfig.kafkaSettings())) {
      KafkaAccess.require(
          admin, adaptersConfig.kafkaSettings(), KafkaAccess.adapters(adaptersConfig));
    }

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics processMetrics = ProcessMetrics.bindTo(meters);
    AdaptersServer server =
        AdaptersServer.builder(adaptersConfig)
            .meterRegistry(meters)
            .metricsScrape(meters::scrape)
            .start();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Journeyline %s adapters listening on %s (authentication %s)%n",
        CliSupport.version(), server.baseUri(), adaptersConfig.authEnabled() ? "on" : "OFF");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  processMetrics.close();
                  meters.close();
                  stopped.countDown();
                },
                "journeyline-shutdown"));
    stopped.await();
    return 0;
  }
}

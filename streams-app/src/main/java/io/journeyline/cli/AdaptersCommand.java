package io.journeyline.cli;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.config.ConfigSources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
          + " journeyline.adapters.auth-enabled=false. Stops cleanly on Ctrl-C / SIGTERM."
    })
final class AdaptersCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AdaptersCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (journeyline.adapters.*, journeyline.kafka.*, ...).")
  Path config;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long to wait for Kafka to answer at start-up (default: ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> props = ProductionPreflight.load(AdaptersConfig.CONFIG_DEF, config);
    // Validates types and values, and that keys exist when authentication is on.
    AdaptersConfig adaptersConfig = new AdaptersConfig(props);
    Set<String> unknown = ConfigSources.unknownKeys(AdaptersConfig.CONFIG_DEF, props);
    if (!unknown.isEmpty()) {
      log.warn("Ignoring unknown settings (typos?): {}", unknown);
    }
    ProductionPreflight.check(props, Duration.ofSeconds(connectTimeout));

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AdaptersServer server =
        AdaptersServer.builder(adaptersConfig)
            .meterRegistry(meters)
            .metricsScrape(meters::scrape)
            .start();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Journeyline %s adapters listening on %s (authentication %s)%n",
        JourneylineCli.version(), server.baseUri(), adaptersConfig.authEnabled() ? "on" : "OFF");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  meters.close();
                  stopped.countDown();
                },
                "journeyline-shutdown"));
    stopped.await();
    return 0;
  }
}

package io.journeyline.cli;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.ops.ProcessMetrics;
import io.journeyline.query.QueryServer;
import io.journeyline.topology.JourneylineSerdes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code journeyline run}: the Kafka Streams topology against an external Kafka and registry. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Kafka Streams topology (identity, journeys, FCR, repeat contacts, sentiment,"
          + " aggregates, alerts) against an external Kafka cluster and schema registry,"
          + " configured by a properties file and JOURNEYLINE_* environment variables.",
      "Checks Kafka, the registry and the Kafka principal's permissions (docs/acls.md) first and"
          + " fails fast with one clear message. Stops cleanly on Ctrl-C / SIGTERM (Kafka Streams"
          + " is closed and leaves its group)."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProductionPreflight preflight;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "How long to wait for Kafka Streams to close on shutdown (default: ${DEFAULT-VALUE}).")
  int shutdownTimeout;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> props = preflight.load(StreamsAppConfig.CONFIG_DEF);
    StreamsAppConfig streamsConfig = new StreamsAppConfig(props);
    if (streamsConfig.queryEnabled()) {
      // No keys and authentication not turned off explicitly: refuse before connecting anywhere.
      QueryServer.checkAccess(streamsConfig);
    }
    preflight.check(props);

    JourneylineSerdes serdes = JourneylineSerdes.fromConfig(streamsConfig.serdeProperties());
    QueryServer query = null;
    StreamsAppConfig effective = streamsConfig;
    if (streamsConfig.queryEnabled()) {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ProcessMetrics.bindTo(meters); // for the life of the process
      query = QueryServer.start(streamsConfig, serdes.key().serializer(), meters);
      effective = streamsConfig.withApplicationServer(query.applicationServer());
    }
    JourneylineStreams streams = JourneylineStreams.start(effective, serdes);
    if (query != null) {
      query.attach(streams);
    }
    QueryServer queryServer = query;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Journeyline %s streams app %s started (%s)%n",
        CliSupport.version(),
        streamsConfig.applicationId(),
        streamsConfig.getString(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG));
    if (queryServer != null) {
      out.printf(
          "Query and operations API on %s port %d (application.server %s), authentication %s%n",
          streamsConfig.queryScheme(),
          queryServer.port(),
          queryServer.applicationServer(),
          queryServer.authenticationEnabled() ? "by API keys" : "OFF");
      if (!queryServer.authenticationEnabled()) {
        out.printf(
            "WARNING: %s=%s: anyone who reaches port %d reads personal data%n",
            StreamsAppConfig.QUERY_AUTH_CONFIG,
            StreamsAppConfig.QUERY_AUTH_NONE,
            queryServer.port());
      }
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Kafka Streams first (it leaves the group); the API answers 503 meanwhile.
                  streams.close(Duration.ofSeconds(shutdownTimeout));
                  if (queryServer != null) {
                    queryServer.close();
                  }
                  stopped.countDown();
                },
                "journeyline-shutdown"));
    // Ends at Ctrl-C/SIGTERM (the hook closes everything: status 0), or when Kafka Streams shut
    // itself down after a fatal error (FailurePolicy: status 1, so the orchestrator restarts it).
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (streams.state() == KafkaStreams.State.ERROR) {
        spec.commandLine()
            .getErr()
            .println("The streams app stopped after a fatal error (see the log); exiting with 1");
        if (queryServer != null) {
          queryServer.close();
        }
        return 1;
      }
    }
    return 0;
  }
}

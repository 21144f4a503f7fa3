package io.journeyline.adapters;

import io.journeyline.adapters.channels.connect.ConnectCtr;
import io.journeyline.adapters.channels.email.EmailMessages;
import io.journeyline.adapters.channels.genesys.GenesysEvents;
import io.journeyline.adapters.channels.twilio.TwilioSms;
import io.journeyline.adapters.crypto.TextEncryptor;
import io.journeyline.adapters.health.Readiness;
import io.journeyline.adapters.heartbeat.HeartbeatPublisher;
import io.journeyline.adapters.http.Endpoints;
import io.journeyline.adapters.http.IngestHandler;
import io.journeyline.adapters.http.IngestService;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TimeBounds;
import io.journeyline.adapters.metrics.AdapterMetrics;
import io.journeyline.adapters.publish.AvroMapper;
import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.adapters.publish.TransactionalPublisher;
import io.journeyline.adapters.redact.PiiRedactor;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemWriter;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The channel adapters' HTTP ingest server (Undertow), publishing validated, redacted Avro events
 * to Kafka, one transaction per request.
 *
 * <pre>{@code
 * AdaptersConfig config = new AdaptersConfig(ConfigSources.load(AdaptersConfig.CONFIG_DEF, ...));
 * try (AdaptersServer server = AdaptersServer.builder(config)
 *         .kafka(Map.of("bootstrap.servers", bootstrap))
 *         .serdeConfig(Map.of("schema.registry.url", registryUrl))
 *         .meterRegistry(prometheusRegistry)
 *         .start()) {
 *   URI api = server.baseUri();
 * }
 * }</pre>
 *
 * Without explicit settings the builder takes Kafka settings from {@code journeyline.kafka.*},
 * serde/registry settings from {@code journeyline.schema-registry.*} (and plain Confluent names),
 * and topic names from {@code journeyline.topics.*} of the config.
 */
public final class AdaptersServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdaptersServer.class);

  private final Undertow undertow;
  private final GracefulShutdownHandler graceful;
  private final Duration drainTimeout;
  private final TransactionalPublisher publisher;
  private final HeartbeatPublisher heartbeats;
  private final RecordSerializers serializers;
  private final boolean ownsSerializers;
  private final Readiness readiness;
  private final int port;
  private final String scheme;
  private final List<Route> routes;
  private volatile boolean closed;

  private AdaptersServer(
      Undertow undertow,
      GracefulShutdownHandler graceful,
      Duration drainTimeout,
      TransactionalPublisher publisher,
      HeartbeatPublisher heartbeats,
      RecordSerializers serializers,
      boolean ownsSerializers,
      Readiness readiness,
      String scheme,
      List<Route> routes) {
    this.undertow = undertow;
    this.routes = routes;
    this.graceful = graceful;
    this.drainTimeout = drainTimeout;
    this.readiness = readiness;
    this.publisher = publisher;
    this.heartbeats = heartbeats;
    this.serializers = serializers;
    this.ownsSerializers = ownsSerializers;
    this.scheme = scheme;
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  public static Builder builder(AdaptersConfig config) {
    return new Builder(config);
  }

  /** Starts with everything taken from the config and a private meter registry. */
  public static AdaptersServer start(AdaptersConfig config) {
    return builder(config).start();
  }

  /** The port the server listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return port;
  }

  /** One route the server answers: a method and a path (template, e.g. {@code {type}}). */
  public record Route(String method, String path) {
    static Route post(String path) {
      return new Route("POST", path);
    }

    static Route get(String path) {
      return new Route("GET", path);
    }
  }

  /** Every route this server registered, in registration order (the OpenAPI test reads it). */
  public List<Route> routes() {
    return routes;
  }

  /** {@code http(s)://127.0.0.1:<port>}, for clients on this machine. */
  public URI baseUri() {
    return URI.create(scheme + "://127.0.0.1:" + port);
  }

  /**
   * Sends one heartbeat round now if the watermark moved (tests and shutdown use it; the timer
   * sends them every {@code heartbeat-interval}).
   *
   * @return true when a round was committed
   */
  public boolean sendHeartbeats() {
    return heartbeats.sendRound();
  }

  /** The event-time watermark the heartbeats carry (never beyond wall clock plus skew), if any. */
  public java.util.Optional<java.time.Instant> heartbeatWatermark() {
    return java.util.Optional.ofNullable(heartbeats.watermark());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    readiness.stopping();
    // Graceful drain: new requests are answered 503, requests in flight complete (and publish).
    graceful.shutdown();
    try {
      if (!graceful.awaitShutdown(drainTimeout.toMillis())) {
        log.warn("Requests still in flight after {} ms; stopping anyway", drainTimeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    readiness.close();
    heartbeats.close();
    publisher.close();
    if (ownsSerializers) {
      serializers.close();
    }
    log.info("Channel adapters stopped");
  }

  /** Configures and starts an {@link AdaptersServer}. */
  public static final class Builder {
    private final AdaptersConfig config;
    private Map<String, ?> kafka;
    private Map<String, ?> serdeConfig;
    private RecordSerializers serializers;
    private TopicCatalog topics;
    private MeterRegistry meterRegistry;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> metricsScrape;

    private Builder(AdaptersConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Kafka producer settings (bootstrap servers, security); default: journeyline.kafka.*. */
    public Builder kafka(Map<String, ?> producerSettings) {
      this.kafka = producerSettings;
      return this;
    }

    /** Serde and registry settings for {@link RecordSerializers#fromConfig}. */
    public Builder serdeConfig(Map<String, ?> serdeConfig) {
      this.serdeConfig = serdeConfig;
      return this;
    }

    /** Explicit serializers (closed by the caller), instead of {@link #serdeConfig}. */
    public Builder serializers(RecordSerializers serializers) {
      this.serializers = serializers;
      return this;
    }

    /** Topic names; default: from the config's journeyline.topics.* overrides. */
    public Builder topics(TopicCatalog topics) {
      this.topics = topics;
      return this;
    }

    /** Where the adapters' meters go; default: a private registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The clock for receive times and the future-skew bound. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Serves {@code GET /metrics} with this Prometheus scrape. */
    public Builder metricsScrape(Supplier<String> scrape) {
      this.metricsScrape = scrape;
      return this;
    }

    public AdaptersServer start() {
      Map<String, ?> kafkaSettings = kafka != null ? kafka : config.kafkaSettings();
      if (!kafkaSettings.containsKey("bootstrap.servers")) {
        throw new ConfigException("journeyline.kafka.bootstrap.servers is required");
      }
      TopicCatalog catalog = topics != null ? topics : config.topicCatalog();
      boolean ownsSerializers = serializers == null;
      RecordSerializers recordSerializers =
          serializers != null
              ? serializers
              : RecordSerializers.fromConfig(
                  serdeConfig != null ? serdeConfig : config.serdeSettings());
      MeterRegistry registry = meterRegistry != null ? meterRegistry : new SimpleMeterRegistry();
      AdapterMetrics metrics = new AdapterMetrics(registry);
      String instance = config.instanceId();

      TransactionalPublisher publisher =
          new TransactionalPublisher(
              kafkaSettings,
              config.transactionalIdPrefix(),
              config.producerPoolSize(),
              config.publishTimeout(),
              recordSerializers,
              metrics);
      List<String> interactionTopics = new ArrayList<>();
      JourneylineTopic.interactionTopics().forEach(t -> interactionTopics.add(catalog.name(t)));
      TimeBounds bounds = new TimeBounds(clock, config.maxEventAge(), config.maxFutureSkew());
      HeartbeatPublisher heartbeats =
          new HeartbeatPublisher(
              publisher,
              interactionTopics,
              "adapters-" + instance,
              clock,
              config.maxFutureSkew(),
              metrics);

      Identifiers identifiers = new Identifiers(config.defaultRegion());
      PiiRedactor redactor = new PiiRedactor(config.redactionEnabled(), config.defaultRegion());
      IngestService ingest =
          new IngestService(
              new AvroMapper(catalog, redactor),
              publisher,
              heartbeats,
              config
                  .masterKey()
                  .map(
                      key ->
                          new TextEncryptor(
                              TextCrypto.fromBase64(key),
                              catalog.name(JourneylineTopic.DATA_KEYS),
                              config.dataKeyTtl(),
                              TextEncryptor.MAX_CACHED,
                              clock))
                  .orElse(null));
      CanonicalJson json = new CanonicalJson(identifiers, bounds, config.maxBatchSize());
      ProblemWriter problems = new ProblemWriter(CanonicalJson.MAPPER);
      long retryAfter = Math.max(1, (config.retryAfter().toMillis() + 999) / 1000);
      IngestHandler.Context context =
          new IngestHandler.Context(
              config.authEnabled(),
              config.apiKeyHeader(),
              config.apiKeys(),
              config.maxBodyBytes(),
              retryAfter,
              problems,
              metrics);

      // Ready while Kafka answers (cached probe); live while the process answers.
      Readiness readiness =
          new Readiness(
              kafkaSettings, min(config.publishTimeout(), Readiness.PROBE_TIMEOUT_DEFAULT));
      Map<Route, HttpHandler> table = new LinkedHashMap<>();
      table.put(Route.post("/v1/events"), new Endpoints.Events(context, json, ingest));
      table.put(Route.post("/v1/surveys"), new Endpoints.Surveys(context, json, ingest));
      table.put(Route.post("/v1/identities"), new Endpoints.Identities(context, json, ingest));
      table.put(
          new Route("DELETE", Endpoints.IdentityUnlink.PATH),
          new Endpoints.IdentityUnlink(context, json, ingest));
      table.put(
          new Route("DELETE", Endpoints.CustomerErasure.PATH),
          new Endpoints.CustomerErasure(context, ingest));
      table.put(
          Route.post("/v1/channels/twilio/sms"),
          new Endpoints.Twilio(
              context,
              new TwilioSms(identifiers, clock),
              ingest,
              config.twilioAuthToken(),
              config.publicBaseUrl()));
      table.put(
          Route.post("/v1/channels/amazon-connect/ctr"),
          new Endpoints.AmazonConnect(
              context,
              json,
              new ConnectCtr(identifiers, bounds),
              ingest,
              clock,
              config.firehoseMaxBodyBytes()));
      table.put(
          Route.post("/v1/channels/genesys/events"),
          new Endpoints.Genesys(
              context,
              json,
              new GenesysEvents(
                  identifiers,
                  bounds,
                  config.genesysResolvedWrapupCodes(),
                  config.genesysUnresolvedWrapupCodes()),
              ingest));
      table.put(
          Route.post("/v1/channels/email"),
          new Endpoints.Email(context, new EmailMessages(bounds), ingest));
      table.put(Route.get("/health/live"), text("application/json", () -> "{\"status\":\"UP\"}"));
      table.put(Route.get("/health/ready"), readiness);
      if (metricsScrape != null) {
        table.put(
            Route.get("/metrics"), text("text/plain; version=0.0.4; charset=utf-8", metricsScrape));
      }
      RoutingHandler routes = new RoutingHandler();
      PathTemplateMatcher<Set<String>> allowed = new PathTemplateMatcher<>();
      table.forEach(
          (route, handler) -> {
            routes.add(route.method(), route.path(), handler);
            Set<String> methods = allowed.get(route.path());
            if (methods == null) {
              methods = new TreeSet<>();
              allowed.add(route.path(), methods);
            }
            methods.add(route.method());
          });
      routes.setFallbackHandler(exchange -> problems.send(exchange, Problem.notFound()));
      routes.setInvalidMethodHandler(
          exchange -> {
            PathTemplateMatcher.PathMatchResult<Set<String>> match =
                allowed.match(exchange.getRelativePath());
            String allow = match == null ? "POST" : String.join(", ", match.getValue());
            problems.send(exchange, Problem.methodNotAllowed(allow));
          });

      GracefulShutdownHandler graceful = Handlers.gracefulShutdown(routes);
      Undertow.Builder server =
          Undertow.builder()
              .setHandler(graceful)
              // Slow clients cannot hold worker threads: a read that waits longer than the read
              // timeout, headers that take longer than the parse timeout, and kept-alive
              // connections idle longer than the idle timeout are closed.
              .setSocketOption(Options.READ_TIMEOUT, millis(config.readTimeout()))
              .setSocketOption(Options.WRITE_TIMEOUT, millis(config.readTimeout()))
              .setServerOption(
                  UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(config.requestParseTimeout()))
              .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(config.idleTimeout()))
              .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(config.idleTimeout()));
      String scheme = "http";
      if (config.tls().isPresent()) {
        try {
          config.tls().get().addHttpsListener(server, config.port(), config.host());
        } catch (IllegalArgumentException e) {
          readiness.close();
          publisher.close();
          if (ownsSerializers) {
            recordSerializers.close();
          }
          throw new ConfigException("journeyline.adapters.tls: " + e.getMessage());
        }
        scheme = "https";
      } else {
        server.addHttpListener(config.port(), config.host());
      }
      Undertow undertow = server.build();
      try {
        undertow.start();
      } catch (RuntimeException e) {
        readiness.close();
        publisher.close();
        if (ownsSerializers) {
          recordSerializers.close();
        }
        throw new ConfigException(
            "Cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
      }
      heartbeats.start(config.heartbeatInterval());
      AdaptersServer started =
          new AdaptersServer(
              undertow,
              graceful,
              config.shutdownDrainTimeout(),
              publisher,
              heartbeats,
              recordSerializers,
              ownsSerializers,
              readiness,
              scheme,
              List.copyOf(table.keySet()));
      if (config.authEnabled() && config.plainTextApiKeys() > 0) {
        log.warn(
            "{} holds {} plain-text key(s): deprecated, store them hashed ('journeyline keys hash"
                + " --api ingest')",
            AdaptersConfig.API_KEYS_CONFIG,
            config.plainTextApiKeys());
      }
      Package pkg = AdaptersServer.class.getPackage();
      log.info(
          "Channel adapters {} listening on {}://{}:{} (instance {}, authentication {}, redaction"
              + " {}, text encryption {}, Twilio signature {})",
          pkg.getImplementationVersion() == null ? "dev" : pkg.getImplementationVersion(),
          scheme,
          config.host(),
          started.port(),
          instance,
          config.authEnabled() ? "on" : "OFF",
          config.redactionEnabled() ? "on" : "OFF",
          config.masterKey().isPresent() ? "on" : "OFF",
          config.twilioAuthToken().isPresent() ? "verified" : "not configured");
      if (config.masterKey().isEmpty()) {
        log.warn(
            "{} is not set: message text is written in the clear, and an erasure cannot make"
                + " text already in the interaction topics unreadable",
            AdaptersConfig.MASTER_KEY_CONFIG);
      }
      return started;
    }

    private static int millis(Duration d) {
      return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }

    private static HttpHandler text(String contentType, Supplier<String> body) {
      return exchange -> {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body.get());
      };
    }
  }
}

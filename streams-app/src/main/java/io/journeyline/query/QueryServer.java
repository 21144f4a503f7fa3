package io.journeyline.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.ops.OpsMetrics;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import io.journeyline.problem.ProblemWriter;
import io.journeyline.topology.TopologyNames;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query and operations API (Undertow): {@code /v1/contacts/{contactId}}, {@code
 * /v1/customers/{customerId}/journey}, {@code /v1/identities/{identifier}}, {@code
 * /v1/metrics/{metric}}, {@code /health/live}, {@code /health/ready}, {@code /metrics} and {@code
 * /openapi.json}. Every error leaves through one funnel ({@link ProblemWriter}); an unexpected
 * error is logged once and answered with a generic 500.
 *
 * <p>Start it before Kafka Streams (so that {@code application.server} carries the real port), then
 * {@link #attach} the running app.
 *
 * <pre>{@code
 * QueryServer query = QueryServer.start(config, serdes.key().serializer(), registry);
 * JourneylineStreams app =
 *     JourneylineStreams.start(config.withApplicationServer(query.applicationServer()), serdes);
 * query.attach(app);
 * }</pre>
 */
public final class QueryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);

  /**
   * One route.
   *
   * @param method HTTP method
   * @param template Undertow path template
   * @param internal true for the instance-to-instance route (not in the OpenAPI document)
   */
  public record Route(String method, String template, boolean internal) {}

  /** Every route served; the OpenAPI document lists every public one (a test keeps it so). */
  public static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/v1/contacts/{contactId}", false),
          new Route("GET", "/v1/customers/{customerId}/journey", false),
          new Route("GET", "/v1/identities/{identifier}", false),
          new Route("GET", "/v1/identity-graph/shared", false),
          new Route("GET", "/v1/metrics/{metric}", false),
          new Route("GET", "/health/live", false),
          new Route("GET", "/health/ready", false),
          new Route("GET", "/metrics", false),
          new Route("GET", "/openapi.json", false),
          new Route("GET", "/internal/v1/identity-components/{key}", true));

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final StreamsAppConfig config;
  private final PrometheusMeterRegistry registry;
  private final QueryService service;
  private final QueryAccess access;
  private final ProblemWriter problems;
  private final Undertow undertow;
  private final int port;
  private final String openApi;
  private volatile JourneylineStreams app;
  private volatile OpsMetrics opsMetrics;

  private QueryServer(
      StreamsAppConfig config,
      Serializer<String> contactKeySerializer,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.access = QueryAccess.of(config);
    ObjectMapper mapper = new ObjectMapper();
    this.problems = new ProblemWriter(mapper);
    this.service =
        new QueryService(
            config,
            contactKeySerializer,
            new JsonViews(mapper).formula(config.serviceRules().formula()));
    this.openApi = readOpenApi();
    RoutingHandler routes = new RoutingHandler();
    routes.get(
        "/v1/contacts/{contactId}",
        guarded(
            ex ->
                send(
                    ex,
                    service.contact(
                        param(ex, "contactId"),
                        forwarded(ex),
                        // a client's contact query may fall back to a standby (as it always has)
                        !forwarded(ex) || staleAllowed(ex)))));
    routes.get(
        "/v1/customers/{customerId}/journey",
        guarded(
            ex ->
                send(
                    ex,
                    service.journey(param(ex, "customerId"), forwarded(ex), staleAllowed(ex)))));
    routes.get(
        "/v1/identities/{identifier}",
        guarded(ex -> send(ex, service.identity(param(ex, "identifier"), query(ex, "type")))));
    routes.get(
        "/v1/metrics/{metric}",
        guarded(
            ex ->
                send(
                    ex,
                    service.metrics(param(ex, "metric"), ex.getQueryParameters(), forwarded(ex)))));
    routes.get(
        "/v1/identity-graph/shared",
        guarded(ex -> send(ex, service.sharedIdentifiers(forwarded(ex)))));
    routes.get(
        "/internal/v1/identity-components/{key}",
        guarded(ex -> send(ex, service.identityComponent(param(ex, "key"), true))));
    routes.get("/health/live", guarded(ex -> send(ex, Reply.json("{\"status\":\"UP\"}"))));
    routes.get("/health/ready", guarded(this::ready));
    routes.get(
        "/metrics",
        guarded(
            ex -> {
              OpsMetrics ops = opsMetrics;
              if (ops != null) {
                ops.refresh();
              }
              send(ex, new Reply(200, PROMETHEUS_TEXT, registry.scrape(), Map.of()));
            }));
    routes.get("/openapi.json", guarded(ex -> send(ex, Reply.json(openApi))));
    routes.setFallbackHandler(ex -> problems.send(ex, Problem.notFound()));
    routes.setInvalidMethodHandler(ex -> problems.send(ex, Problem.methodNotAllowed("GET")));
    this.undertow = listen(config).setHandler(routes).build();
    undertow.start();
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Starts the server on {@code journeyline.query.host}:{@code journeyline.query.port}; queries
   * answer 503 until {@link #attach}.
   *
   * @param contactKeySerializer the key serializer of the Journeyline topics keyed by contactId
   *     (the partitioning of {@code contact-history-store}, as of {@code journeyline.contacts})
   * @param registry where the operations metrics go; {@code /metrics} scrapes it
   */
  public static QueryServer start(
      StreamsAppConfig config,
      Serializer<String> contactKeySerializer,
      PrometheusMeterRegistry registry) {
    QueryServer server = new QueryServer(config, contactKeySerializer, registry);
    log.info(
        "Query API listening on {}://{}:{} ({})",
        config.queryScheme(),
        config.queryHost(),
        server.port,
        server.access.describe());
    if (!server.access.enabled()) {
      log.warn(
          "Query API authentication is OFF ({}={}): anyone who reaches port {} reads personal"
              + " data (contacts, journeys, identities)",
          StreamsAppConfig.QUERY_AUTH_CONFIG,
          StreamsAppConfig.QUERY_AUTH_NONE,
          server.port);
    }
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** {@code http(s)://127.0.0.1:<port>}, for clients on this machine. */
  public URI baseUri() {
    return URI.create(config.queryScheme() + "://127.0.0.1:" + port);
  }

  /**
   * Fails with a {@link org.apache.kafka.common.config.ConfigException} when the query API would
   * refuse to start for its access settings (authentication on without keys), so that {@code
   * journeyline run} says so before it connects to anything.
   */
  public static void checkAccess(StreamsAppConfig config) {
    QueryAccess.of(config);
  }

  /** Whether the query API asks for API keys. */
  public boolean authenticationEnabled() {
    return access.enabled();
  }

  /** The Kafka Streams {@code application.server}: advertised host and port. */
  public String applicationServer() {
    return config.queryAdvertisedHost() + ":" + config.queryAdvertisedPort(port);
  }

  /** Serves queries from the running app and binds its metrics to the registry. */
  public void attach(JourneylineStreams streamsApp) {
    this.opsMetrics = OpsMetrics.bind(registry, streamsApp);
    String[] hostPort = applicationServer().split(":");
    this.app = streamsApp;
    service.attach(
        streamsApp.kafkaStreams(),
        new HostInfo(hostPort[0], Integer.parseInt(hostPort[hostPort.length - 1])));
  }

  @Override
  public void close() {
    undertow.stop();
    OpsMetrics ops = opsMetrics;
    if (ops != null) {
      ops.close();
    }
    log.info("Query API stopped");
  }

  // ------------------------------------------------------------------------------------------

  private void ready(HttpServerExchange ex) {
    JourneylineStreams current = app;
    if (current == null) {
      throw QueryProblems.unavailable("Kafka Streams is starting", config.queryRetryAfterSeconds());
    }
    KafkaStreams ks = current.kafkaStreams();
    KafkaStreams.State state = ks.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw QueryProblems.unavailable("Kafka Streams is " + state, config.queryRetryAfterSeconds());
    }
    try {
      for (String store :
          List.of(
              TopologyNames.JOURNEY_STORE,
              TopologyNames.CONTACT_HISTORY_STORE,
              TopologyNames.AGGREGATE_STORE,
              TopologyNames.IDENTITY_RESOLUTION_STORE)) {
        ks.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
      }
      ks.store(
          StoreQueryParameters.fromNameAndType(
              TopologyNames.CONTACT_IDENTITY_STORE, QueryableStoreTypes.windowStore()));
    } catch (InvalidStateStoreException e) {
      throw QueryProblems.unavailable("the stores are not queryable yet", 1);
    }
    send(ex, Reply.json("{\"status\":\"UP\",\"state\":\"" + state + "\"}"));
  }

  @FunctionalInterface
  private interface Action {
    void handle(HttpServerExchange exchange) throws Exception;
  }

  /**
   * The funnel: the caller's key is checked against the route's scope first ({@link QueryAccess});
   * problems as documents, anything else a generic 500 logged once.
   */
  @SuppressWarnings("try") // the grant is only closed: it forgets the caller's key
  private HttpHandler guarded(Action action) {
    return new BlockingHandler(
        exchange -> {
          try (QueryAccess.Grant grant = access.authorize(exchange)) {
            action.handle(exchange);
          } catch (ProblemException e) {
            problems.send(exchange, e.problem());
          } catch (InvalidStateStoreException e) {
            problems.send(
                exchange,
                QueryProblems.unavailable(
                        "the stores are not queryable right now", config.queryRetryAfterSeconds())
                    .problem());
          } catch (Exception | StackOverflowError e) {
            // The path may carry customer ids: log the route template, never the path.
            PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
            log.error(
                "Unexpected error answering {}",
                match == null ? "an unknown route" : match.getMatchedTemplate(),
                e);
            problems.send(exchange, Problem.internal());
          }
        });
  }

  /** A plain HTTP listener, or an HTTPS one with {@code journeyline.query.tls.*}. */
  private static Undertow.Builder listen(StreamsAppConfig config) {
    Undertow.Builder builder = Undertow.builder();
    if (config.queryTls().isEmpty()) {
      return builder.addHttpListener(config.queryPort(), config.queryHost());
    }
    try {
      config.queryTls().get().addHttpsListener(builder, config.queryPort(), config.queryHost());
    } catch (IllegalArgumentException e) {
      throw new org.apache.kafka.common.config.ConfigException(
          "journeyline.query.tls: " + e.getMessage());
    }
    return builder;
  }

  private static String param(HttpServerExchange ex, String name) {
    return ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
  }

  private static String query(HttpServerExchange ex, String name) {
    Deque<String> values = ex.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static boolean forwarded(HttpServerExchange ex) {
    return ex.getRequestHeaders().contains(QueryService.FORWARDED);
  }

  private static boolean staleAllowed(HttpServerExchange ex) {
    return "allow".equalsIgnoreCase(ex.getRequestHeaders().getFirst(QueryService.STALE));
  }

  private static void send(HttpServerExchange ex, Reply reply) {
    if (reply.status() >= 400 && !reply.contentType().startsWith(ProblemWriter.CONTENT_TYPE)) {
      // A forwarded answer that is not a problem document: never pass on what it says.
      throw new IllegalStateException("Unexpected answer of another instance: " + reply.status());
    }
    ex.setStatusCode(reply.status());
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().put(new HttpString(k), v));
    ex.getResponseSender().send(reply.body(), StandardCharsets.UTF_8);
  }

  private static String readOpenApi() {
    try (InputStream in = QueryServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

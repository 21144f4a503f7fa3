package io.journeyline.query;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.http.ScopedApiKeys;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call which route of the query API. With {@code journeyline.query.auth=api-keys} a request
 * presents a key ({@code X-API-Key}, or {@code Authorization: Bearer <key>}, as on the ingest API)
 * that {@code journeyline.query.api-keys} holds hashed; the route's scope decides:
 *
 * <ul>
 *   <li>{@code query:personal}: contacts, journeys, identities, the shared identifiers (and the
 *       internal identity-component route, which returns identifiers);
 *   <li>{@code query:metrics}: {@code /v1/metrics/*} (aggregates hold no personal data);
 *   <li>{@code ops:metrics}: {@code /metrics}, only with {@code
 *       journeyline.query.metrics-auth=true};
 *   <li>open: {@code /health/*} (probes), {@code /openapi.json}, and {@code /metrics} by default.
 * </ul>
 *
 * A missing or unknown key is 401 with {@code WWW-Authenticate}; a key without the scope is 403. A
 * route missing from {@link #SCOPES} needs {@code query:personal} (closed by default; a test keeps
 * the table complete).
 *
 * <p>Forwarding: an instance that forwards a query to the key's owner sends the caller's own key
 * along ({@link #callerKey()}, as {@code Authorization: Bearer}), so the owner checks it again. The
 * instances therefore share {@code journeyline.query.api-keys}; no instance-to-instance secret
 * exists that could open every route. {@code X-Journeyline-Forwarded} grants nothing.
 */
final class QueryAccess {

  private static final Logger log = LoggerFactory.getLogger(QueryAccess.class);

  /** Open routes: no key needed. */
  static final String OPEN = "open";

  /** The {@code /metrics} route's scope: {@code ops:metrics} or open, by configuration. */
  static final String OPS_METRICS_CONFIGURABLE = "ops-metrics-configurable";

  /** The scope of every route, by its path template. */
  static final Map<String, String> SCOPES =
      Map.of(
          "/v1/contacts/{contactId}", StreamsAppConfig.SCOPE_QUERY_PERSONAL,
          "/v1/customers/{customerId}/journey", StreamsAppConfig.SCOPE_QUERY_PERSONAL,
          "/v1/identities/{identifier}", StreamsAppConfig.SCOPE_QUERY_PERSONAL,
          "/internal/v1/identity-components/{key}", StreamsAppConfig.SCOPE_QUERY_PERSONAL,
          "/v1/identity-graph/shared", StreamsAppConfig.SCOPE_QUERY_PERSONAL,
          "/v1/metrics/{metric}", StreamsAppConfig.SCOPE_QUERY_METRICS,
          "/health/live", OPEN,
          "/health/ready", OPEN,
          "/openapi.json", OPEN,
          "/metrics", OPS_METRICS_CONFIGURABLE);

  /** The key of the request this thread is answering, for forwarding it to another instance. */
  private static final ThreadLocal<String> CALLER_KEY = new ThreadLocal<>();

  private final boolean enabled;
  private final boolean metricsAuth;
  private final String header;
  private final ScopedApiKeys keys;

  private QueryAccess(boolean enabled, boolean metricsAuth, String header, ScopedApiKeys keys) {
    this.enabled = enabled;
    this.metricsAuth = metricsAuth;
    this.header = header;
    this.keys = keys;
  }

  /**
   * The access rules of {@code config}.
   *
   * @throws ConfigException when authentication is on ({@code journeyline.query.auth=api-keys}, the
   *     default) and no key is configured: the query API refuses to start rather than serve
   *     personal data to anyone, or nobody
   */
  static QueryAccess of(StreamsAppConfig config) {
    if (config.queryAuthEnabled() && config.queryApiKeys().isEmpty()) {
      throw new ConfigException(
          StreamsAppConfig.QUERY_API_KEYS_CONFIG
              + " must name at least one key while "
              + StreamsAppConfig.QUERY_AUTH_CONFIG
              + "="
              + StreamsAppConfig.QUERY_AUTH_API_KEYS
              + " (make one with 'journeyline keys generate', or set "
              + StreamsAppConfig.QUERY_AUTH_CONFIG
              + "="
              + StreamsAppConfig.QUERY_AUTH_NONE
              + " to turn authentication off explicitly, for development)");
    }
    return new QueryAccess(
        config.queryAuthEnabled(),
        config.queryMetricsAuth(),
        config.queryApiKeyHeader(),
        config.queryApiKeys());
  }

  boolean enabled() {
    return enabled;
  }

  /** A one-line description for the start-up log: never a key or a hash. */
  String describe() {
    if (!enabled) {
      return "authentication OFF";
    }
    return "API keys ("
        + keys.entries().size()
        + " configured; /metrics "
        + (metricsAuth ? "needs ops:metrics" : "open")
        + ")";
  }

  /** The scope {@code template} needs, or {@link #OPEN}. */
  String scopeOf(String template) {
    String scope = SCOPES.getOrDefault(template, StreamsAppConfig.SCOPE_QUERY_PERSONAL);
    if (scope.equals(OPS_METRICS_CONFIGURABLE)) {
      return metricsAuth ? StreamsAppConfig.SCOPE_OPS_METRICS : OPEN;
    }
    return scope;
  }

  /**
   * Checks the request against its route's scope and remembers the caller's key for forwarding
   * until the returned handle is closed (call it on the thread that answers the request).
   *
   * @throws ProblemException 401 (no or unknown key) or 403 (the key lacks the scope)
   */
  Grant authorize(HttpServerExchange exchange) {
    if (!enabled) {
      return Grant.NONE;
    }
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String template = match == null ? "" : match.getMatchedTemplate();
    String scope = scopeOf(template);
    if (scope.equals(OPEN)) {
      return Grant.NONE;
    }
    Optional<String> presented = ScopedApiKeys.presentedKey(exchange, header);
    Optional<ScopedApiKeys.Entry> entry = presented.flatMap(keys::authenticate);
    if (entry.isEmpty()) {
      log.debug("Refused a request to {}: no valid API key", template);
      throw new ProblemException(Problem.unauthorized(header));
    }
    if (!entry.get().scopes().contains(scope)) {
      log.debug("Refused key '{}' on {}: it lacks {}", entry.get().name(), template, scope);
      throw new ProblemException(
          Problem.forbidden("this API key lacks the scope " + scope + " this route needs"));
    }
    CALLER_KEY.set(presented.get());
    return CALLER_KEY::remove;
  }

  /** The key of the request the current thread answers, if authentication is on. */
  static Optional<String> callerKey() {
    return Optional.ofNullable(CALLER_KEY.get());
  }

  /** Ends a request's grant (forgets the caller's key). */
  @FunctionalInterface
  interface Grant extends AutoCloseable {
    Grant NONE = () -> {};

    @Override
    void close();
  }
}

package io.journeyline.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry that speaks the part of the Confluent Schema Registry REST API that
 * serializers and common tools use. <strong>For development, demos and tests only</strong>: it runs
 * as a single instance, has no leader election, and stores its state in one compacted Kafka topic
 * of the cluster it is given.
 *
 * <p>Supported endpoints (Avro only; {@code schemaType} absent or {@code AVRO}):
 *
 * <pre>
 * POST   /subjects/{subject}/versions                 register; {"id":N}
 * POST   /subjects/{subject}                          look up a schema under a subject
 * GET    /subjects, /subjects/{subject}/versions
 * GET    /subjects/{subject}/versions/{version|latest}[/schema]
 * DELETE /subjects/{subject}[/versions/{version}]     soft delete
 * GET    /schemas/ids/{id}[/schema|/versions|/subjects], /schemas/types
 * POST   /compatibility/subjects/{subject}/versions[/{version|latest}][?verbose=true]
 * GET|PUT /config, GET|PUT|DELETE /config/{subject}, GET /mode
 * </pre>
 *
 * <p>Ids are global: identical schemas (compared by their normalized JSON, so whitespace does not
 * matter) share one id across subjects. The default compatibility level is {@code BACKWARD},
 * checked with Avro's {@link org.apache.avro.SchemaCompatibility}. Errors use Confluent's shape
 * {@code {"error_code":40401,"message":"..."}}.
 *
 * <p>Every registration and configuration change is written to a compacted topic (default {@value
 * #DEFAULT_TOPIC}, created if missing) and acknowledged by the broker before the request is
 * answered; on start the state is rebuilt from that topic, so ids survive a restart.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(cluster.bootstrapServers())) {
 *   String url = registry.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  /** The default topic that stores schemas and configuration. */
  public static final String DEFAULT_TOPIC = "_journeyline_schemas";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final ObjectMapper json = new ObjectMapper();
  private final SchemaStore store;
  private final Undertow server;
  private final String host;
  private final int port;
  private final String expectedAuthorization;

  private EmbeddedSchemaRegistry(Builder builder) {
    this.host = builder.host;
    this.expectedAuthorization = builder.expectedAuthorization;
    this.store = new SchemaStore(builder.bootstrapServers, builder.topic, builder.kafkaProperties);
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(builder.port, builder.host)
            .setIoThreads(1)
            .setWorkerThreads(4)
            .setHandler(new BlockingHandler(this::handle))
            .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      store.close();
      safeStop(undertow);
      if (hasCause(e, BindException.class)) {
        throw new IllegalStateException(
            "Cannot start the embedded schema registry: port "
                + builder.port
                + " on "
                + builder.host
                + " is already in use",
            e);
      }
      throw new IllegalStateException(
          "Cannot start the embedded schema registry on " + builder.host + ":" + builder.port, e);
    }
    this.server = undertow;
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    LOG.info(
        "Embedded schema registry (development only) listening on {} (topic {})",
        url(),
        builder.topic);
  }

  /** Starts a registry on an ephemeral port of 127.0.0.1 that stores its state in the cluster. */
  public static EmbeddedSchemaRegistry start(String bootstrapServers) {
    return builder().bootstrapServers(bootstrapServers).start();
  }

  /** A builder; {@link Builder#bootstrapServers(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, for example {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The port the registry listens on. */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    safeStop(server);
    store.close();
    LOG.info("Embedded schema registry on port {} stopped", port);
  }

  private static void safeStop(Undertow undertow) {
    try {
      undertow.stop();
    } catch (RuntimeException e) {
      LOG.debug("Ignoring an error while stopping Undertow", e);
    }
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------- HTTP

  private void handle(HttpServerExchange exchange) {
    try {
      authorize(exchange);
      Object body = route(exchange, segments(exchange));
      if (body instanceof RawSchema raw) {
        send(exchange, 200, raw.text());
      } else {
        send(exchange, 200, json.writeValueAsString(body));
      }
    } catch (RegistryException e) {
      sendError(exchange, e.status(), e.errorCode(), e.getMessage());
    } catch (Exception e) {
      LOG.error(
          "Unexpected error answering {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          e);
      sendError(exchange, 500, 50001, "Internal error in the embedded schema registry");
    }
  }

  private record RawSchema(String text) {}

  private void authorize(HttpServerExchange exchange) {
    if (expectedAuthorization == null) {
      return;
    }
    String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (!expectedAuthorization.equals(given)) {
      throw new RegistryException(
          401,
          401,
          given == null ? "Unauthorized: no credentials" : "Unauthorized: bad credentials");
    }
  }

  private static List<String> segments(HttpServerExchange exchange) {
    String raw = exchange.getRequestURI();
    int scheme = raw.indexOf("://");
    if (scheme >= 0) {
      int slash = raw.indexOf('/', scheme + 3);
      raw = slash < 0 ? "/" : raw.substring(slash);
    }
    List<String> out = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (!part.isEmpty()) {
        out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private Object route(HttpServerExchange exchange, List<String> path) throws IOException {
    HttpString method = exchange.getRequestMethod();
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    if (n == 0 && Methods.GET.equals(method)) {
      return json.createObjectNode();
    }
    switch (first) {
      case "subjects" -> {
        if (n == 1 && Methods.GET.equals(method)) {
          return store.subjects();
        }
        String subject = n > 1 ? path.get(1) : null;
        if (n == 2 && Methods.POST.equals(method)) {
          SchemaStore.Entry entry = store.lookup(subject, schemaFromBody(exchange));
          return entryJson(entry);
        }
        if (n == 2 && Methods.DELETE.equals(method)) {
          return store.deleteSubject(subject);
        }
        if (n >= 3 && "versions".equals(path.get(2))) {
          if (n == 3 && Methods.POST.equals(method)) {
            ObjectNode answer = json.createObjectNode();
            answer.put("id", store.register(subject, schemaFromBody(exchange)));
            return answer;
          }
          if (n == 3 && Methods.GET.equals(method)) {
            return store.liveVersionsOrThrow(subject).stream()
                .map(SchemaStore.Entry::version)
                .toList();
          }
          if (n == 4 && Methods.GET.equals(method)) {
            return entryJson(store.version(subject, path.get(3)));
          }
          if (n == 4 && Methods.DELETE.equals(method)) {
            return store.deleteVersion(subject, path.get(3));
          }
          if (n == 5 && "schema".equals(path.get(4)) && Methods.GET.equals(method)) {
            return new RawSchema(store.version(subject, path.get(3)).schema().toString());
          }
        }
      }
      case "schemas" -> {
        if (n == 2 && "types".equals(path.get(1)) && Methods.GET.equals(method)) {
          return List.of("AVRO");
        }
        if (n >= 3 && "ids".equals(path.get(1)) && Methods.GET.equals(method)) {
          int id = parseId(path.get(2));
          if (n == 3) {
            ObjectNode answer = json.createObjectNode();
            answer.put("schema", store.schemaById(id).toString());
            return answer;
          }
          if (n == 4 && "schema".equals(path.get(3))) {
            return new RawSchema(store.schemaById(id).toString());
          }
          if (n == 4 && "versions".equals(path.get(3))) {
            ArrayNode answer = json.createArrayNode();
            for (SchemaStore.Entry entry : store.versionsById(id)) {
              answer.addObject().put("subject", entry.subject()).put("version", entry.version());
            }
            return answer;
          }
          if (n == 4 && "subjects".equals(path.get(3))) {
            return store.versionsById(id).stream()
                .map(SchemaStore.Entry::subject)
                .distinct()
                .toList();
          }
        }
      }
      case "compatibility" -> {
        if (n >= 4
            && "subjects".equals(path.get(1))
            && "versions".equals(path.get(3))
            && n <= 5
            && Methods.POST.equals(method)) {
          String version = n == 5 ? path.get(4) : null;
          List<String> messages =
              store.testCompatibility(path.get(2), version, schemaFromBody(exchange));
          ObjectNode answer = json.createObjectNode();
          answer.put("is_compatible", messages.isEmpty());
          if ("true".equalsIgnoreCase(queryParameter(exchange, "verbose"))) {
            ArrayNode list = answer.putArray("messages");
            messages.forEach(list::add);
          }
          return answer;
        }
      }
      case "config" -> {
        String subject = n == 2 ? path.get(1) : null;
        if (n <= 2 && Methods.GET.equals(method)) {
          ObjectNode answer = json.createObjectNode();
          answer.put("compatibilityLevel", store.compatibility(subject).name());
          return answer;
        }
        if (n <= 2 && Methods.PUT.equals(method)) {
          JsonNode body = readBody(exchange);
          CompatibilityLevel level =
              CompatibilityLevel.parse(body.path("compatibility").asText(null));
          store.setCompatibility(subject, level);
          ObjectNode answer = json.createObjectNode();
          answer.put("compatibility", level.name());
          return answer;
        }
        if (n == 2 && Methods.DELETE.equals(method)) {
          ObjectNode answer = json.createObjectNode();
          answer.put("compatibilityLevel", store.deleteCompatibility(subject).name());
          return answer;
        }
      }
      case "mode" -> {
        if (n <= 2 && Methods.GET.equals(method)) {
          ObjectNode answer = json.createObjectNode();
          answer.put("mode", "READWRITE");
          return answer;
        }
      }
      default -> {
        // fall through to 404
      }
    }
    throw new RegistryException(
        404,
        404,
        "HTTP 404 Not Found: " + method + " " + String.join("/", path) + " is not supported");
  }

  private static String queryParameter(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null ? null : values.peekFirst();
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryException.schemaNotFound(text);
    }
  }

  private JsonNode readBody(HttpServerExchange exchange) throws IOException {
    byte[] bytes = exchange.getInputStream().readAllBytes();
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegistryException(400, 400, "The request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RegistryException(
          400, 400, "Unrecognized request body, expected JSON: " + e.getOriginalMessage());
    }
  }

  private Schema schemaFromBody(HttpServerExchange exchange) throws IOException {
    JsonNode body = readBody(exchange);
    String schemaType = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(schemaType)) {
      throw RegistryException.invalidSchema(
          "schemaType " + schemaType + " is not supported; this registry supports AVRO only");
    }
    JsonNode references = body.path("references");
    if (references.isArray() && !references.isEmpty()) {
      throw RegistryException.invalidSchema(
          "schema references are not supported by the embedded registry");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw RegistryException.invalidSchema("the request has no \"schema\" string");
    }
    return SchemaStore.parse(schema.asText());
  }

  private ObjectNode entryJson(SchemaStore.Entry entry) {
    ObjectNode answer = json.createObjectNode();
    answer.put("subject", entry.subject());
    answer.put("version", entry.version());
    answer.put("id", entry.id());
    answer.put("schema", entry.schema().toString());
    return answer;
  }

  private void send(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  private void sendError(HttpServerExchange exchange, int status, int errorCode, String message) {
    ObjectNode error = json.createObjectNode();
    error.put("error_code", errorCode);
    error.put("message", message);
    if (status == 401) {
      exchange
          .getResponseHeaders()
          .put(Headers.WWW_AUTHENTICATE, "Basic realm=\"schema-registry\"");
    }
    send(exchange, status, error.toString());
  }

  /** Builder for {@link EmbeddedSchemaRegistry}. */
  public static final class Builder {
    private String bootstrapServers;
    private String host = "127.0.0.1";
    private int port;
    private String topic = DEFAULT_TOPIC;
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private String expectedAuthorization;

    private Builder() {}

    /** The Kafka cluster that stores the registry's state (required). */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return this;
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to listen on; default 0 (an ephemeral port). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
      }
      this.port = port;
      return this;
    }

    /** The compacted topic that stores the state; default {@value #DEFAULT_TOPIC}. */
    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** Extra Kafka client settings (for example security settings) for the store's clients. */
    public Builder kafkaProperties(Map<String, ?> properties) {
      this.kafkaProperties.putAll(properties);
      return this;
    }

    /** Requires HTTP basic authentication with these credentials on every request. */
    public Builder basicAuth(String user, String password) {
      String token = user + ":" + password;
      this.expectedAuthorization =
          "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on every request. */
    public Builder bearerToken(String token) {
      this.expectedAuthorization = "Bearer " + Objects.requireNonNull(token, "token");
      return this;
    }

    /** Starts the registry: creates or reads the topic, then listens. */
    public EmbeddedSchemaRegistry start() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("bootstrapServers is required");
      }
      return new EmbeddedSchemaRegistry(this);
    }
  }
}

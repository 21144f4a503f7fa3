package io.journeyline.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (also served by Karapace, Apicurio's {@code
 * /apis/ccompat/v7} and Journeyline's embedded registry), with caches: id to schema and
 * subject+schema to id never expire (they are immutable in the registry); the latest version of a
 * subject is cached for {@link AvroSerdeConfig#LATEST_CACHE_TTL_SEC}. Thread-safe.
 *
 * <p>Several URLs may be configured (comma-separated); when one cannot be reached the next is
 * tried, and the one that answered is used first from then on. Errors are {@link
 * SchemaRegistryException}s that carry the registry's own {@code error_code} and {@code message}.
 * Credentials are sent as HTTP basic or bearer authorization and never appear in messages or logs.
 */
public final class SchemaRegistryClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";

  private final ObjectMapper json = new ObjectMapper();
  private final List<Endpoint> endpoints;
  private final String staticAuthorization;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final long latestTtlNanos;
  private final AtomicInteger preferred = new AtomicInteger();

  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> registered = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> lookedUp = new ConcurrentHashMap<>();
  private final Map<String, Timed> latest = new ConcurrentHashMap<>();

  private record Endpoint(URI base, String display, String authorization) {}

  private record Timed(SchemaMetadata metadata, long expiresAt) {}

  /** Builds a client from a configuration map (see {@link AvroSerdeConfig}). */
  public SchemaRegistryClient(Map<String, ?> config) {
    this(new AvroSerdeConfig(config));
  }

  /** Builds a client from a parsed configuration. */
  public SchemaRegistryClient(AvroSerdeConfig config) {
    String basicSource = upper(config.string(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE), "URL");
    String bearerSource =
        upper(config.string(AvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE), null);
    String authorization = null;
    if (bearerSource != null) {
      if (!bearerSource.equals("STATIC_TOKEN")) {
        throw new ConfigException(
            AvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE,
            bearerSource,
            "Only STATIC_TOKEN is supported");
      }
      String token = config.string(AvroSerdeConfig.BEARER_AUTH_TOKEN);
      if (token == null) {
        throw new ConfigException(
            "Missing " + AvroSerdeConfig.BEARER_AUTH_TOKEN + " for bearer authentication");
      }
      authorization = "Bearer " + token;
    } else if (basicSource.equals("USER_INFO")) {
      String userInfo = config.string(AvroSerdeConfig.BASIC_AUTH_USER_INFO);
      if (userInfo == null || !userInfo.contains(":")) {
        throw new ConfigException(
            "Missing or malformed "
                + AvroSerdeConfig.BASIC_AUTH_USER_INFO
                + " (expected user:password) for basic authentication");
      }
      authorization = basic(userInfo);
    } else if (!basicSource.equals("URL")) {
      throw new ConfigException(
          AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
          basicSource,
          "Supported sources are URL and USER_INFO");
    }
    this.staticAuthorization = authorization;
    List<Endpoint> list = new ArrayList<>();
    for (String url : config.urls()) {
      list.add(endpoint(url, basicSource.equals("URL") && bearerSource == null));
    }
    this.endpoints = List.copyOf(list);
    this.requestTimeout = config.requestTimeout();
    this.latestTtlNanos = config.latestCacheTtl().toNanos();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    SSLContext ssl = sslContext(config);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  private static String upper(String value, String defaultValue) {
    return value == null ? defaultValue : value.trim().toUpperCase(Locale.ROOT);
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static Endpoint endpoint(String url, boolean credentialsFromUrl) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          AvroSerdeConfig.SCHEMA_REGISTRY_URL, "(invalid URL)", e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new ConfigException(
          AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          "(invalid URL)",
          "Expected an absolute http(s) URL such as http://localhost:8081");
    }
    String authorization = null;
    if (uri.getRawUserInfo() != null) {
      if (credentialsFromUrl) {
        authorization = basic(URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8));
      }
      try {
        uri =
            new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, "(invalid URL)", e.getMessage());
      }
    }
    return new Endpoint(uri, uri.toString(), authorization);
  }

  private static SSLContext sslContext(AvroSerdeConfig config) {
    String trustLocation = config.string(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
    String keyLocation = config.string(AvroSerdeConfig.SSL_KEYSTORE_LOCATION);
    if (trustLocation == null && keyLocation == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (trustLocation != null) {
        KeyStore trust =
            load(
                trustLocation,
                config.string(AvroSerdeConfig.SSL_TRUSTSTORE_TYPE),
                config.string(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD));
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (keyLocation != null) {
        String storePassword = config.string(AvroSerdeConfig.SSL_KEYSTORE_PASSWORD);
        KeyStore keys =
            load(keyLocation, config.string(AvroSerdeConfig.SSL_KEYSTORE_TYPE), storePassword);
        String keyPassword = config.string(AvroSerdeConfig.SSL_KEY_PASSWORD);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "Cannot set up TLS for the schema registry client from "
              + AvroSerdeConfig.SSL_PREFIX
              + "* settings: "
              + e.getMessage());
    }
  }

  private static KeyStore load(String location, String type, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type == null ? "JKS" : type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }

  /** The configured base URLs, without credentials. */
  public List<String> urls() {
    return endpoints.stream().map(Endpoint::display).toList();
  }

  // ---------------------------------------------------------------------------- API

  /**
   * Registers a schema under a subject (or finds it there) and answers its global id; cached.
   *
   * @throws SchemaRegistryException with status 409 when the schema is incompatible
   */
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> bySchema =
        registered.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = bySchema.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = answer.path("id").asInt();
    bySchema.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /**
   * The id of a schema already registered under a subject; cached.
   *
   * @throws SchemaRegistryException with status 404 (40401 subject / 40403 schema not found)
   */
  public int getId(String subject, Schema schema) {
    Map<Schema, Integer> bySchema =
        lookedUp.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = bySchema.get(schema);
    if (cached != null) {
      return cached;
    }
    SchemaMetadata metadata = lookup(subject, schema);
    bySchema.put(schema, metadata.id());
    return metadata.id();
  }

  /**
   * Looks a schema up under a subject (POST /subjects/{subject}); not cached. The registry compares
   * schema text, so when the portable form (see {@link PortableSchemas}) is not found, the form
   * with Java-only properties is tried too: a subject may hold it, registered by an earlier
   * Journeyline or by a Java producer without Confluent's {@code avro.remove.java.properties=true}.
   */
  public SchemaMetadata lookup(String subject, Schema schema) {
    String path = "/subjects/" + encode(subject);
    try {
      return metadata(call("POST", path, schemaBody(schema)), subject);
    } catch (SchemaRegistryException e) {
      String raw = schema.toString();
      if (e.errorCode() != 40403 || raw.equals(PortableSchemas.toJson(schema))) {
        throw e;
      }
      return metadata(call("POST", path, schemaBody(raw)), subject);
    }
  }

  /** The schema with a global id; cached forever. */
  public Schema getSchemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "/schemas/ids/" + id, null);
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new SchemaRegistryException(
          "Schema id " + id + " is of type " + type + ", not AVRO", -1, -1, null);
    }
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  /** The latest version of a subject; cached for {@code latest.cache.ttl.sec}. */
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    Timed timed = latest.get(subject);
    long now = System.nanoTime();
    if (timed != null && now - timed.expiresAt() < 0) {
      return timed.metadata();
    }
    SchemaMetadata metadata = getSchemaMetadata(subject, "latest");
    latest.put(subject, new Timed(metadata, now + latestTtlNanos));
    return metadata;
  }

  /** A version ("latest" or a number) of a subject; not cached. */
  public SchemaMetadata getSchemaMetadata(String subject, String version) {
    return metadata(
        call("GET", "/subjects/" + encode(subject) + "/versions/" + encode(version), null),
        subject);
  }

  /** Whether a schema is compatible with the latest version of a subject. */
  public boolean testCompatibility(String subject, Schema schema) {
    return testCompatibilityVerbose(subject, schema).isEmpty();
  }

  /** The registry's incompatibility messages against the latest version; empty if compatible. */
  public List<String> testCompatibilityVerbose(String subject, Schema schema) {
    JsonNode answer =
        call(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            schemaBody(schema));
    return compatibilityMessages(answer);
  }

  /**
   * The registry's incompatibility messages against the versions that the subject's compatibility
   * level names ({@code POST /compatibility/subjects/{subject}/versions}: the latest version, or
   * every version for a {@code *_TRANSITIVE} level); empty if compatible. A registry that does not
   * serve that form is asked against the latest version.
   */
  public List<String> testCompatibilityUnderLevel(String subject, Schema schema) {
    JsonNode answer;
    try {
      answer =
          call(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions?verbose=true",
              schemaBody(schema));
    } catch (SchemaRegistryException e) {
      boolean routeMissing =
          (e.status() == 404 || e.status() == 405)
              && e.errorCode() != 40401
              && e.errorCode() != 40402;
      if (!routeMissing) {
        throw e;
      }
      return testCompatibilityVerbose(subject, schema);
    }
    return compatibilityMessages(answer);
  }

  private static List<String> compatibilityMessages(JsonNode answer) {
    if (answer.path("is_compatible").asBoolean(false)) {
      return List.of();
    }
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(m -> messages.add(m.asText()));
    if (messages.isEmpty()) {
      messages.add("incompatible");
    }
    return messages;
  }

  /** All subjects. */
  public List<String> getAllSubjects() {
    List<String> out = new ArrayList<>();
    call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The versions of a subject. */
  public List<Integer> getAllVersions(String subject) {
    List<Integer> out = new ArrayList<>();
    call("GET", "/subjects/" + encode(subject) + "/versions", null)
        .forEach(n -> out.add(n.asInt()));
    return out;
  }

  /** The compatibility level of a subject, or the global one with a null subject. */
  public String getCompatibility(String subject) {
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    return call("GET", path, null).path("compatibilityLevel").asText();
  }

  /** Sets the compatibility level of a subject, or the global one with a null subject. */
  public void updateCompatibility(String subject, String level) {
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level);
    call("PUT", path, body.toString());
    latest.clear();
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads end when unreferenced.
  }

  // ----------------------------------------------------------------------- transport

  private String schemaBody(Schema schema) {
    return schemaBody(PortableSchemas.toJson(schema));
  }

  private String schemaBody(String schemaJson) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schemaJson);
    return body.toString();
  }

  private SchemaMetadata metadata(JsonNode answer, String subject) {
    int id = answer.path("id").asInt();
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    schemasById.putIfAbsent(id, schema);
    return new SchemaMetadata(
        answer.path("subject").asText(subject), answer.path("version").asInt(), id, schema);
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException | NullPointerException e) {
      throw new SchemaRegistryException(
          "The registry answered an unparseable Avro schema for " + what + ": " + e.getMessage(),
          -1,
          -1,
          e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode call(String method, String path, String body) {
    int start = Math.floorMod(preferred.get(), endpoints.size());
    List<String> failures = new ArrayList<>();
    IOException lastFailure = null;
    for (int i = 0; i < endpoints.size(); i++) {
      int index = (start + i) % endpoints.size();
      Endpoint endpoint = endpoints.get(index);
      HttpResponse<String> response;
      try {
        response =
            http.send(request(endpoint, method, path, body), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastFailure = e;
        failures.add(endpoint.display() + " (" + describe(e) + ")");
        LOG.debug(
            "Schema registry {} unreachable for {} {}: {}",
            endpoint.display(),
            method,
            path,
            describe(e));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted while calling the schema registry at " + endpoint.display(), -1, -1, e);
      }
      preferred.set(index);
      return answer(endpoint, method, path, response);
    }
    throw new SchemaRegistryException(
        "Schema registry unreachable: "
            + method
            + " "
            + path
            + " failed at "
            + String.join(", ", failures),
        -1,
        -1,
        lastFailure);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message == null ? type : type + ": " + message;
  }

  private HttpRequest request(Endpoint endpoint, String method, String path, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(endpoint.display() + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
    String authorization =
        staticAuthorization != null ? staticAuthorization : endpoint.authorization();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE);
      builder.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private JsonNode answer(
      Endpoint endpoint, String method, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode node = null;
    try {
      node = json.readTree(response.body());
    } catch (IOException e) {
      // not JSON; handled below
    }
    if (status >= 200 && status < 300) {
      if (node == null) {
        throw new SchemaRegistryException(
            "The schema registry at "
                + endpoint.display()
                + " answered "
                + method
                + " "
                + path
                + " with a body that is not JSON",
            status,
            -1,
            null);
      }
      return node;
    }
    int errorCode = node != null ? node.path("error_code").asInt(-1) : -1;
    String message =
        node != null && node.hasNonNull("message")
            ? node.path("message").asText()
            : truncate(response.body());
    String prefix;
    if (status == 401 || status == 403) {
      prefix =
          "Authentication to the schema registry at "
              + endpoint.display()
              + " failed (HTTP "
              + status
              + "); check the basic.auth.* / bearer.auth.* settings";
    } else {
      prefix =
          "Schema registry at "
              + endpoint.display()
              + " answered HTTP "
              + status
              + " to "
              + method
              + " "
              + path;
    }
    throw new SchemaRegistryException(
        prefix + ": " + message + (errorCode >= 0 ? " (error_code " + errorCode + ")" : ""),
        status,
        errorCode,
        null);
  }

  private static String truncate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}

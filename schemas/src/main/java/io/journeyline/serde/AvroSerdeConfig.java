package io.journeyline.serde;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration of the Avro serde and schema registry client, read from a Kafka-style map with
 * the same property names as Confluent's serde, so one configuration serves both.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SCHEMA_REGISTRY_URL}</td><td>(required)</td><td>comma-separated URLs;
 *       the next one is tried when one cannot be reached</td></tr>
 *   <tr><td>{@value #AUTO_REGISTER_SCHEMAS}</td><td>true</td><td>register the writer schema
 *       (else look its id up)</td></tr>
 *   <tr><td>{@value #USE_LATEST_VERSION}</td><td>false</td><td>write with the subject's latest
 *       id (its schema must equal the record's in Parsing Canonical Form)</td></tr>
 *   <tr><td>{@value #KEY_SUBJECT_NAME_STRATEGY}, {@value #VALUE_SUBJECT_NAME_STRATEGY}</td>
 *       <td>TopicNameStrategy</td><td>TopicNameStrategy, RecordNameStrategy,
 *       TopicRecordNameStrategy (short names, Confluent's or our class names), or a class
 *       implementing {@link SubjectNameStrategy}</td></tr>
 *   <tr><td>{@value #SPECIFIC_AVRO_READER}</td><td>false</td><td>decode records into their
 *       generated classes when on the classpath</td></tr>
 *   <tr><td>{@value #BASIC_AUTH_CREDENTIALS_SOURCE}</td><td>URL</td><td>URL (userinfo of the
 *       URL) or USER_INFO (with {@value #BASIC_AUTH_USER_INFO} = user:password)</td></tr>
 *   <tr><td>{@value #BEARER_AUTH_CREDENTIALS_SOURCE}</td><td></td><td>STATIC_TOKEN (with
 *       {@value #BEARER_AUTH_TOKEN})</td></tr>
 *   <tr><td>{@code schema.registry.ssl.truststore.location/password/type},
 *       {@code schema.registry.ssl.keystore.location/password/type},
 *       {@code schema.registry.ssl.key.password}</td><td></td><td>TLS</td></tr>
 *   <tr><td>{@value #HTTP_CONNECT_TIMEOUT_MS}, {@value #HTTP_READ_TIMEOUT_MS}</td>
 *       <td>10000, 30000</td><td>connect and request timeouts</td></tr>
 *   <tr><td>{@value #LATEST_CACHE_TTL_SEC}</td><td>60</td><td>how long the latest version of a
 *       subject is cached</td></tr>
 * </table>
 *
 * <p>Every key is also accepted with the prefix {@code schema.registry.} where Confluent's own
 * clients accept it (for example {@code schema.registry.basic.auth.user.info}). Secrets may be
 * given as Kafka {@link Password} values and are never logged.
 */
public final class AvroSerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  public static final String SSL_PREFIX = "schema.registry.ssl.";
  public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
  public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
  public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

  private static final String CLIENT_PREFIX = "schema.registry.";

  private final Map<String, ?> originals;

  /** Reads a Kafka-style configuration map. */
  public AvroSerdeConfig(Map<String, ?> originals) {
    this.originals = Map.copyOf(withoutNulls(originals));
  }

  private static Map<String, Object> withoutNulls(Map<String, ?> map) {
    Map<String, Object> out = new java.util.HashMap<>();
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The original map (without null values). */
  public Map<String, ?> originals() {
    return originals;
  }

  private Object raw(String key) {
    Object value = originals.get(key);
    if (value == null && !key.startsWith(CLIENT_PREFIX)) {
      value = originals.get(CLIENT_PREFIX + key);
    }
    return value;
  }

  String string(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Password password) {
      return password.value();
    }
    if (value instanceof Class<?> type) {
      return type.getName();
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new ConfigException(key, value, "Expected true or false");
  }

  long number(String key, long defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "Expected a whole number");
    }
  }

  /** The registry URLs, in order. */
  public List<String> urls() {
    Object value = originals.get(SCHEMA_REGISTRY_URL);
    List<String> urls = new ArrayList<>();
    if (value instanceof Collection<?> list) {
      list.forEach(u -> addUrls(urls, String.valueOf(u)));
    } else if (value != null) {
      addUrls(urls, value.toString());
    }
    if (urls.isEmpty()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL
              + "\" (the schema registry URL, for example http://localhost:8081)");
    }
    return urls;
  }

  private static void addUrls(List<String> urls, String text) {
    for (String part : text.split(",")) {
      String url = part.trim();
      if (!url.isEmpty()) {
        urls.add(url);
      }
    }
  }

  public boolean autoRegisterSchemas() {
    return bool(AUTO_REGISTER_SCHEMAS, true);
  }

  public boolean useLatestVersion() {
    return bool(USE_LATEST_VERSION, false);
  }

  public boolean specificAvroReader() {
    return bool(SPECIFIC_AVRO_READER, false);
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(number(HTTP_CONNECT_TIMEOUT_MS, 10_000));
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(number(HTTP_READ_TIMEOUT_MS, 30_000));
  }

  public Duration latestCacheTtl() {
    return Duration.ofSeconds(number(LATEST_CACHE_TTL_SEC, 60));
  }

  /** The subject name strategy for keys or values. */
  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
    Object value = originals.get(key);
    if (value == null) {
      return new TopicNameStrategy();
    }
    if (value instanceof SubjectNameStrategy strategy) {
      return strategy;
    }
    String name = value instanceof Class<?> type ? type.getName() : value.toString().trim();
    SubjectNameStrategy known = knownStrategy(name);
    if (known != null) {
      return known;
    }
    try {
      Class<?> type =
          value instanceof Class<?> c
              ? c
              : Class.forName(name, true, Thread.currentThread().getContextClassLoader());
      if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
        throw new ConfigException(
            key, name, "The class does not implement " + SubjectNameStrategy.class.getName());
      }
      return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key,
          name,
          "Unknown subject name strategy; use TopicNameStrategy, RecordNameStrategy or"
              + " TopicRecordNameStrategy");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
      throw new ConfigException(key, name, "Cannot instantiate: " + cause);
    }
  }

  /** Our strategies by short name, Confluent class name or our class name; else null. */
  static SubjectNameStrategy knownStrategy(String name) {
    String simple = name.substring(name.lastIndexOf('.') + 1);
    boolean ours =
        name.equals(simple)
            || name.startsWith("io.confluent.kafka.serializers.subject.")
            || name.startsWith(AvroSerdeConfig.class.getPackageName() + ".");
    if (!ours) {
      return null;
    }
    return switch (simple) {
      case "TopicNameStrategy" -> new TopicNameStrategy();
      case "RecordNameStrategy" -> new RecordNameStrategy();
      case "TopicRecordNameStrategy" -> new TopicRecordNameStrategy();
      default -> null;
    };
  }
}

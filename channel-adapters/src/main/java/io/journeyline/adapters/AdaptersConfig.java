package io.journeyline.adapters;

import io.journeyline.config.ConfigSources;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.http.ApiKeyHash;
import io.journeyline.http.ScopedApiKeys;
import io.journeyline.http.TlsSettings;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed configuration of the channel adapters ({@code journeyline.adapters.*}). Every key is also
 * settable as an environment variable {@code JOURNEYLINE_ADAPTERS_<NAME>} (see {@link
 * io.journeyline.config.ConfigSources}). Kafka client settings pass through under {@code
 * journeyline.kafka.*}; they are not defined here.
 */
public final class AdaptersConfig extends AbstractConfig {

  private static final String PREFIX = "journeyline.adapters.";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public static final String HOST_CONFIG = PREFIX + "host";
  private static final String HOST_DOC = "Address the HTTP server binds to.";

  public static final String PORT_CONFIG = PREFIX + "port";
  private static final String PORT_DOC = "HTTP port of the ingest API; 0 picks a free port.";

  public static final String AUTH_ENABLED_CONFIG = PREFIX + "auth-enabled";
  private static final String AUTH_ENABLED_DOC =
      "Require an API key on every endpoint (the Twilio webhook is authenticated by its signature"
          + " when a Twilio auth token is configured). When true, at least one key must be set.";

  public static final String API_KEYS_CONFIG = PREFIX + "api-keys";
  private static final String API_KEYS_DOC =
      "Comma-separated API key entries, stored hashed:"
          + " '<name>:<endpoints>:pbkdf2-sha256:<iterations>:<salt>:<hash>' (make one with"
          + " 'journeyline keys generate --api ingest'). Endpoints, '|'-separated: events,"
          + " surveys (POST /v1/surveys), identities (POST links), identities-delete (DELETE"
          + " /v1/identities/{type}/{value}: unlinks, which split customers), customers-delete"
          + " (DELETE /v1/customers/{customerId}: GDPR erasure), twilio,"
          + " amazon-connect, genesys, email, or '*' for all. Deprecated: a plain-text entry"
          + " 'key[:endpoints]' is still accepted (hashed in memory at start, with a warning).";

  public static final String API_KEY_HEADER_CONFIG = PREFIX + "api-key-header";
  private static final String API_KEY_HEADER_DOC =
      "Request header carrying the API key ('Authorization: Bearer <key>' is accepted too).";

  public static final String TWILIO_AUTH_TOKEN_CONFIG = PREFIX + "twilio.auth-token";
  private static final String TWILIO_AUTH_TOKEN_DOC =
      "Twilio auth token; when set, every Twilio webhook must carry a valid X-Twilio-Signature"
          + " (HMAC-SHA1) or is answered 403, in every mode.";

  public static final String PUBLIC_BASE_URL_CONFIG = PREFIX + "public-base-url";
  private static final String PUBLIC_BASE_URL_DOC =
      "The external base URL Twilio calls (scheme, host, optional port and path prefix, no"
          + " trailing slash), used to verify Twilio signatures. Empty: derived from the request's"
          + " Host header and scheme.";

  public static final String MAX_BODY_BYTES_CONFIG = PREFIX + "max-body-bytes";
  private static final String MAX_BODY_BYTES_DOC =
      "Largest request body accepted; larger requests are answered 413 without being read.";

  public static final String MAX_BATCH_SIZE_CONFIG = PREFIX + "max-batch-size";
  private static final String MAX_BATCH_SIZE_DOC =
      "Largest number of items in one request; more is answered 413.";

  public static final String MAX_FUTURE_SKEW_CONFIG = PREFIX + "max-future-skew";
  private static final String MAX_FUTURE_SKEW_DOC =
      "How far in the future (relative to the server clock) an occurredAt may lie, as a duration"
          + " ('300s', '5m', '1h', '500ms' or ISO-8601 'PT5M').";

  public static final String MAX_EVENT_AGE_CONFIG = PREFIX + "max-event-age";
  private static final String MAX_EVENT_AGE_DOC =
      "How far in the past (relative to the server clock) an event time (occurredAt, linkedAt,"
          + " a vendor timestamp, an email Date) may lie; older is answered 400 naming the field."
          + " The default is wide enough to backfill a year of history.";

  public static final String READ_TIMEOUT_CONFIG = PREFIX + "read-timeout";
  private static final String READ_TIMEOUT_DOC =
      "How long a read of the request (headers or body) may wait for the next bytes before the"
          + " connection is closed, so slow clients cannot hold worker threads.";

  public static final String IDLE_TIMEOUT_CONFIG = PREFIX + "idle-timeout";
  private static final String IDLE_TIMEOUT_DOC =
      "How long a kept-alive connection may stay idle between requests before it is closed.";

  public static final String REQUEST_PARSE_TIMEOUT_CONFIG = PREFIX + "request-parse-timeout";
  private static final String REQUEST_PARSE_TIMEOUT_DOC =
      "How long the request line and headers of one request may take to arrive in full.";

  public static final String SHUTDOWN_DRAIN_TIMEOUT_CONFIG = PREFIX + "shutdown-drain-timeout";
  private static final String SHUTDOWN_DRAIN_TIMEOUT_DOC =
      "On shutdown, new requests are answered 503 and requests in flight get this long to"
          + " complete (and publish) before the server stops.";

  public static final String FIREHOSE_MAX_BODY_BYTES_CONFIG = PREFIX + "firehose.max-body-bytes";
  private static final String FIREHOSE_MAX_BODY_BYTES_DOC =
      "Largest Amazon Connect request body (after gzip decoding) accepted; Firehose HTTP"
          + " endpoint delivery buffers up to 64 MiB, 5 MiB by default, so this is larger than"
          + " max-body-bytes. A Firehose delivery is also exempt from max-batch-size.";

  public static final String GENESYS_RESOLVED_WRAPUP_CODES_CONFIG =
      PREFIX + "genesys.resolved-wrapup-codes";
  private static final String GENESYS_RESOLVED_WRAPUP_CODES_DOC =
      "Genesys wrap-up codes (ids as acw events carry them, comma-separated) that mean the issue"
          + " was resolved: an acw with one of them carries resolved=true.";

  public static final String GENESYS_UNRESOLVED_WRAPUP_CODES_CONFIG =
      PREFIX + "genesys.unresolved-wrapup-codes";
  private static final String GENESYS_UNRESOLVED_WRAPUP_CODES_DOC =
      "Genesys wrap-up codes (comma-separated) that mean the issue was not resolved: an acw with"
          + " one of them carries resolved=false, so the contact is NOT_RESOLVED.";

  public static final String REDACTION_ENABLED_CONFIG = PREFIX + "redaction-enabled";
  private static final String REDACTION_ENABLED_DOC =
      "Replace card numbers, CVVs, email addresses and phone numbers in free text (message text,"
          + " subjects, attributes, survey comments) by [PAN], [CVV], [EMAIL], [PHONE] before"
          + " anything is written.";

  public static final String DEFAULT_REGION_CONFIG = PREFIX + "default-region";
  private static final String DEFAULT_REGION_DOC =
      "ISO 3166 region used to read phone numbers written without a country code.";

  /** The master key of the text encryption; the streams app reads the same setting. */
  public static final String MASTER_KEY_CONFIG = "journeyline.crypto.master-key";

  private static final String MASTER_KEY_DOC =
      "Master key of the message-text encryption (crypto-shredding): 32 random bytes in base64"
          + " ('journeyline keys master-key' makes one). Message text is encrypted under a data"
          + " key per customer identifier, written wrapped under this key to the compacted"
          + " journeyline.data-keys topic; an erasure shreds the keys. The streams app must have"
          + " the same key. Empty: text is written in the clear, and erasure cannot make text"
          + " already in the interaction topics unreadable.";

  public static final String DATA_KEY_TTL_CONFIG = PREFIX + "data-key-ttl";
  private static final String DATA_KEY_TTL_DOC =
      "How long an adapter instance encrypts new text of one identifier under the same data key"
          + " before it makes a new one. Bounds how long an instance may keep using a key an"
          + " erasure shredded.";

  public static final String HEARTBEAT_INTERVAL_CONFIG = PREFIX + "heartbeat-interval";
  private static final String HEARTBEAT_INTERVAL_DOC =
      "How often the event-time watermark heartbeat goes to every partition of the interaction"
          + " topics (a duration; 0 turns heartbeats off).";

  public static final String PUBLISH_TIMEOUT_CONFIG = PREFIX + "publish-timeout";
  private static final String PUBLISH_TIMEOUT_DOC =
      "Bound on each blocking Kafka step of a batch (metadata, send, commit; producer"
          + " max.block.ms and request.timeout.ms). When Kafka cannot take the batch in time the"
          + " transaction is aborted and the request answered 503.";

  public static final String RETRY_AFTER_CONFIG = PREFIX + "retry-after";
  private static final String RETRY_AFTER_DOC =
      "Retry-After sent with a 503 (a duration, rounded up to whole seconds).";

  public static final String PRODUCER_POOL_SIZE_CONFIG = PREFIX + "producer-pool-size";
  private static final String PRODUCER_POOL_SIZE_DOC =
      "Transactional producers per instance; each runs one batch transaction at a time.";

  public static final String INSTANCE_ID_CONFIG = PREFIX + "instance-id";
  private static final String INSTANCE_ID_DOC =
      "Stable id of this adapter instance, the base of its producers' transactional.id (so a"
          + " restarted instance fences its zombie). Empty: a random id per process. Two running"
          + " instances must never share it.";

  public static final String TLS_KEYSTORE_PATH_CONFIG = PREFIX + "tls.keystore-path";
  private static final String TLS_KEYSTORE_PATH_DOC =
      "Key store (PKCS12 or JKS) with the server certificate; when set the API is served over"
          + " HTTPS only.";

  public static final String TLS_KEYSTORE_PASSWORD_CONFIG = PREFIX + "tls.keystore-password";
  private static final String TLS_KEYSTORE_PASSWORD_DOC = "Password of the key store and its key.";

  public static final String TLS_KEYSTORE_TYPE_CONFIG = PREFIX + "tls.keystore-type";
  private static final String TLS_KEYSTORE_TYPE_DOC = "Key store type: PKCS12 or JKS.";

  public static final String TLS_TRUSTSTORE_PATH_CONFIG = PREFIX + "tls.truststore-path";
  private static final String TLS_TRUSTSTORE_PATH_DOC =
      "Trust store (PKCS12 or JKS) with the CA certificates that vouch for client certificates"
          + " (with client-auth want or need).";

  public static final String TLS_TRUSTSTORE_PASSWORD_CONFIG = PREFIX + "tls.truststore-password";
  private static final String TLS_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";

  public static final String TLS_TRUSTSTORE_TYPE_CONFIG = PREFIX + "tls.truststore-type";
  private static final String TLS_TRUSTSTORE_TYPE_DOC = "Trust store type: PKCS12 or JKS.";

  public static final String TLS_CLIENT_AUTH_CONFIG = PREFIX + "tls.client-auth";
  private static final String TLS_CLIENT_AUTH_DOC =
      "Client certificates: none, want (checked when sent) or need (every client must present"
          + " one the trust store vouches for, in addition to its API key).";

  /** The definition: the README's configuration table is generated from it. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(HOST_CONFIG, Type.STRING, "0.0.0.0", Importance.MEDIUM, HOST_DOC)
          .define(
              PORT_CONFIG,
              Type.INT,
              8080,
              ConfigDef.Range.between(0, 65535),
              Importance.HIGH,
              PORT_DOC)
          .define(AUTH_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, AUTH_ENABLED_DOC)
          .define(API_KEYS_CONFIG, Type.PASSWORD, "", Importance.HIGH, API_KEYS_DOC)
          .define(
              API_KEY_HEADER_CONFIG,
              Type.STRING,
              "X-API-Key",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              API_KEY_HEADER_DOC)
          .define(
              TWILIO_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH, TWILIO_AUTH_TOKEN_DOC)
          .define(
              PUBLIC_BASE_URL_CONFIG,
              Type.STRING,
              "",
              (name, value) -> {
                String url = (String) value;
                if (url != null
                    && !url.isEmpty()
                    && (!(url.startsWith("http://") || url.startsWith("https://"))
                        || url.endsWith("/"))) {
                  throw new ConfigException(
                      name, value, "must be an http(s) URL without a trailing slash");
                }
              },
              Importance.MEDIUM,
              PUBLIC_BASE_URL_DOC)
          .define(
              MAX_BODY_BYTES_CONFIG,
              Type.INT,
              1_048_576,
              ConfigDef.Range.atLeast(1024),
              Importance.MEDIUM,
              MAX_BODY_BYTES_DOC)
          .define(
              MAX_BATCH_SIZE_CONFIG,
              Type.INT,
              1000,
              ConfigDef.Range.between(1, 100_000),
              Importance.MEDIUM,
              MAX_BATCH_SIZE_DOC)
          .define(
              MAX_FUTURE_SKEW_CONFIG,
              Type.STRING,
              "5m",
              durationValidator(false),
              Importance.MEDIUM,
              MAX_FUTURE_SKEW_DOC)
          .define(
              MAX_EVENT_AGE_CONFIG,
              Type.STRING,
              "400d",
              durationValidator(false),
              Importance.MEDIUM,
              MAX_EVENT_AGE_DOC)
          .define(
              READ_TIMEOUT_CONFIG,
              Type.STRING,
              "30s",
              durationValidator(false),
              Importance.LOW,
              READ_TIMEOUT_DOC)
          .define(
              IDLE_TIMEOUT_CONFIG,
              Type.STRING,
              "60s",
              durationValidator(false),
              Importance.LOW,
              IDLE_TIMEOUT_DOC)
          .define(
              REQUEST_PARSE_TIMEOUT_CONFIG,
              Type.STRING,
              "10s",
              durationValidator(false),
              Importance.LOW,
              REQUEST_PARSE_TIMEOUT_DOC)
          .define(
              SHUTDOWN_DRAIN_TIMEOUT_CONFIG,
              Type.STRING,
              "30s",
              durationValidator(true),
              Importance.LOW,
              SHUTDOWN_DRAIN_TIMEOUT_DOC)
          .define(
              FIREHOSE_MAX_BODY_BYTES_CONFIG,
              Type.INT,
              16 * 1_048_576,
              ConfigDef.Range.between(1024, 64 * 1_048_576),
              Importance.LOW,
              FIREHOSE_MAX_BODY_BYTES_DOC)
          .define(
              GENESYS_RESOLVED_WRAPUP_CODES_CONFIG,
              Type.LIST,
              "",
              Importance.LOW,
              GENESYS_RESOLVED_WRAPUP_CODES_DOC)
          .define(
              GENESYS_UNRESOLVED_WRAPUP_CODES_CONFIG,
              Type.LIST,
              "",
              Importance.LOW,
              GENESYS_UNRESOLVED_WRAPUP_CODES_DOC)
          .define(
              REDACTION_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, REDACTION_ENABLED_DOC)
          .define(
              DEFAULT_REGION_CONFIG,
              Type.STRING,
              "US",
              (name, value) -> {
                String region = (String) value;
                if (region == null || !region.matches("[A-Z]{2}")) {
                  throw new ConfigException(name, value, "must be a two-letter ISO 3166 region");
                }
              },
              Importance.MEDIUM,
              DEFAULT_REGION_DOC)
          .define(MASTER_KEY_CONFIG, Type.PASSWORD, null, Importance.HIGH, MASTER_KEY_DOC)
          .define(
              DATA_KEY_TTL_CONFIG,
              Type.STRING,
              "1h",
              durationValidator(false),
              Importance.LOW,
              DATA_KEY_TTL_DOC)
          .define(
              HEARTBEAT_INTERVAL_CONFIG,
              Type.STRING,
              "5s",
              durationValidator(true),
              Importance.MEDIUM,
              HEARTBEAT_INTERVAL_DOC)
          .define(
              PUBLISH_TIMEOUT_CONFIG,
              Type.STRING,
              "5s",
              durationValidator(false),
              Importance.MEDIUM,
              PUBLISH_TIMEOUT_DOC)
          .define(
              RETRY_AFTER_CONFIG,
              Type.STRING,
              "5s",
              durationValidator(false),
              Importance.LOW,
              RETRY_AFTER_DOC)
          .define(
              PRODUCER_POOL_SIZE_CONFIG,
              Type.INT,
              2,
              ConfigDef.Range.between(1, 64),
              Importance.LOW,
              PRODUCER_POOL_SIZE_DOC)
          .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.MEDIUM, INSTANCE_ID_DOC)
          .define(
              TLS_KEYSTORE_PATH_CONFIG, Type.STRING, "", Importance.MEDIUM, TLS_KEYSTORE_PATH_DOC)
          .define(
              TLS_KEYSTORE_PASSWORD_CONFIG,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              TLS_KEYSTORE_PASSWORD_DOC)
          .define(
              TLS_KEYSTORE_TYPE_CONFIG,
              Type.STRING,
              "PKCS12",
              ConfigDef.ValidString.in("PKCS12", "JKS"),
              Importance.LOW,
              TLS_KEYSTORE_TYPE_DOC)
          .define(
              TLS_TRUSTSTORE_PATH_CONFIG,
              Type.STRING,
              "",
              Importance.MEDIUM,
              TLS_TRUSTSTORE_PATH_DOC)
          .define(
              TLS_TRUSTSTORE_PASSWORD_CONFIG,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              TLS_TRUSTSTORE_PASSWORD_DOC)
          .define(
              TLS_TRUSTSTORE_TYPE_CONFIG,
              Type.STRING,
              "PKCS12",
              ConfigDef.ValidString.in("PKCS12", "JKS"),
              Importance.LOW,
              TLS_TRUSTSTORE_TYPE_DOC)
          .define(
              TLS_CLIENT_AUTH_CONFIG,
              Type.STRING,
              "none",
              ConfigDef.CaseInsensitiveValidString.in("none", "want", "need"),
              Importance.MEDIUM,
              TLS_CLIENT_AUTH_DOC);

  /** Endpoint ids an API key may be restricted to. */
  public static final Set<String> ENDPOINTS =
      Set.of(
          "events",
          "surveys",
          "identities",
          "identities-delete",
          "customers-delete",
          "twilio",
          "amazon-connect",
          "genesys",
          "email");

  private final String instanceId;
  private final ScopedApiKeys apiKeys;
  private final int plainTextKeys;
  private final Optional<TlsSettings> tls;

  public AdaptersConfig(Map<?, ?> props) {
    super(CONFIG_DEF, props, false);
    String configured = getString(INSTANCE_ID_CONFIG);
    this.instanceId =
        configured.isBlank() ? UUID.randomUUID().toString().substring(0, 8) : configured;
    String keys = getPassword(API_KEYS_CONFIG) == null ? "" : getPassword(API_KEYS_CONFIG).value();
    this.plainTextKeys = countPlainText(keys);
    this.apiKeys = parseApiKeys(keys);
    if (authEnabled() && apiKeys.isEmpty()) {
      throw new ConfigException(
          API_KEYS_CONFIG
              + " must name at least one key while "
              + AUTH_ENABLED_CONFIG
              + "=true (turn authentication off explicitly for development)");
    }
    if (!getString(TLS_KEYSTORE_PATH_CONFIG).isBlank()
        && getPassword(TLS_KEYSTORE_PASSWORD_CONFIG) == null) {
      throw new ConfigException(
          TLS_KEYSTORE_PASSWORD_CONFIG + " is required with " + TLS_KEYSTORE_PATH_CONFIG);
    }
    masterKey()
        .ifPresent(
            key -> {
              try {
                TextCrypto.fromBase64(key);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(MASTER_KEY_CONFIG + ": " + e.getMessage());
              }
            });
    try {
      this.tls = tlsSettings();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TLS_CLIENT_AUTH_CONFIG + ": " + e.getMessage());
    }
  }

  /** Parses a duration written as '300s', '5m', '1h', '2d', '500ms' or ISO-8601 ('PT5M'). */
  public static Duration parseDuration(String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
  }

  private static ConfigDef.Validator durationValidator(boolean zeroAllowed) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        Duration d;
        try {
          d = parseDuration((String) value);
        } catch (RuntimeException e) {
          throw new ConfigException(name, value, "must be a duration such as 5s, 5m or PT5M");
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
          throw new ConfigException(
              name, value, zeroAllowed ? "must not be negative" : "must be positive");
        }
      }

      @Override
      public String toString() {
        return zeroAllowed ? "duration >= 0" : "duration > 0";
      }
    };
  }

  /** Whether an entry is a hashed one ({@code <name>:<endpoints>:pbkdf2-sha256:...}). */
  private static boolean hashed(String entry) {
    return entry.contains(":" + ApiKeyHash.ALGORITHM + ":");
  }

  private static int countPlainText(String raw) {
    int n = 0;
    for (String entry : raw.split(",")) {
      if (!entry.isBlank() && !hashed(entry)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Hashed entries as {@link ScopedApiKeys} reads them; a deprecated plain-text entry {@code
   * key[:endpoints]} is hashed here with a fresh salt (named {@code plain-text-<n>}), so that every
   * key is checked the same way, in constant time.
   */
  private static ScopedApiKeys parseApiKeys(String raw) {
    List<String> entries = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    int plain = 0;
    for (String entry : raw.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (hashed(trimmed)) {
        entries.add(trimmed);
        continue;
      }
      int colon = trimmed.indexOf(':');
      String key = colon < 0 ? trimmed : trimmed.substring(0, colon);
      if (key.isEmpty()) {
        throw new ConfigException(API_KEYS_CONFIG + " has an empty key");
      }
      Set<String> endpoints = ENDPOINTS;
      if (colon >= 0) {
        List<String> named = new ArrayList<>();
        for (String endpoint : trimmed.substring(colon + 1).split("\\|")) {
          String e = endpoint.trim();
          if (e.equals("*")) {
            named.addAll(ENDPOINTS);
          } else if (ENDPOINTS.contains(e)) {
            named.add(e);
          } else {
            // The key itself is a secret: name only the unknown endpoint.
            throw new ConfigException(
                API_KEYS_CONFIG + " names an unknown endpoint '" + e + "'; known: " + ENDPOINTS);
          }
        }
        endpoints = Set.copyOf(named);
      }
      plain++;
      entries.add(
          "plain-text-"
              + plain
              + ":"
              + String.join("|", new TreeSet<>(endpoints))
              + ":"
              + ApiKeyHash.of(key, ApiKeyHash.DEFAULT_ITERATIONS, random).encode());
    }
    try {
      return ScopedApiKeys.parse(String.join(",", entries), ENDPOINTS);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(API_KEYS_CONFIG + ": " + e.getMessage());
    }
  }

  /** The topic names: defaults, overridden by {@code journeyline.topics.<id>=<name>}. */
  public TopicCatalog topicCatalog() {
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      Object name = originals().get(TopicCatalog.NAME_PREFIX + topic.id());
      if (name != null && !name.toString().isBlank()) {
        names.put(topic, name.toString().trim());
      }
    }
    return TopicCatalog.of(names, 1, (short) 1, Duration.ofDays(7));
  }

  /** Kafka client settings from {@code journeyline.kafka.*}, prefix stripped. */
  public Map<String, Object> kafkaSettings() {
    return ConfigSources.withPrefix(originals(), ConfigSources.KAFKA_PREFIX);
  }

  /** Serde and registry settings, as {@link io.journeyline.serde.SerdeFactory} reads them. */
  public Map<String, Object> serdeSettings() {
    Map<String, Object> out = new LinkedHashMap<>();
    originals()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(PREFIX) && !k.startsWith(ConfigSources.KAFKA_PREFIX)) {
                out.put(k, v);
              }
            });
    return out;
  }

  public String host() {
    return getString(HOST_CONFIG);
  }

  public int port() {
    return getInt(PORT_CONFIG);
  }

  public boolean authEnabled() {
    return getBoolean(AUTH_ENABLED_CONFIG);
  }

  /** API keys (hashed) and the endpoints each may call. */
  public ScopedApiKeys apiKeys() {
    return apiKeys;
  }

  /** How many entries of {@code api-keys} are deprecated plain-text keys. */
  public int plainTextApiKeys() {
    return plainTextKeys;
  }

  public String apiKeyHeader() {
    return getString(API_KEY_HEADER_CONFIG);
  }

  public Optional<String> twilioAuthToken() {
    Password token = getPassword(TWILIO_AUTH_TOKEN_CONFIG);
    return token == null || token.value().isEmpty() ? Optional.empty() : Optional.of(token.value());
  }

  /** The master key of the text encryption (base64), when configured. */
  public Optional<String> masterKey() {
    Password key = getPassword(MASTER_KEY_CONFIG);
    return key == null || key.value().isBlank() ? Optional.empty() : Optional.of(key.value());
  }

  public Duration dataKeyTtl() {
    return parseDuration(getString(DATA_KEY_TTL_CONFIG));
  }

  public Optional<String> publicBaseUrl() {
    String url = getString(PUBLIC_BASE_URL_CONFIG);
    return url == null || url.isEmpty() ? Optional.empty() : Optional.of(url);
  }

  public int maxBodyBytes() {
    return getInt(MAX_BODY_BYTES_CONFIG);
  }

  public int maxBatchSize() {
    return getInt(MAX_BATCH_SIZE_CONFIG);
  }

  public Duration maxFutureSkew() {
    return parseDuration(getString(MAX_FUTURE_SKEW_CONFIG));
  }

  public Duration maxEventAge() {
    return parseDuration(getString(MAX_EVENT_AGE_CONFIG));
  }

  public Duration readTimeout() {
    return parseDuration(getString(READ_TIMEOUT_CONFIG));
  }

  public Duration idleTimeout() {
    return parseDuration(getString(IDLE_TIMEOUT_CONFIG));
  }

  public Duration requestParseTimeout() {
    return parseDuration(getString(REQUEST_PARSE_TIMEOUT_CONFIG));
  }

  public Duration shutdownDrainTimeout() {
    return parseDuration(getString(SHUTDOWN_DRAIN_TIMEOUT_CONFIG));
  }

  public int firehoseMaxBodyBytes() {
    return getInt(FIREHOSE_MAX_BODY_BYTES_CONFIG);
  }

  public Set<String> genesysResolvedWrapupCodes() {
    return Set.copyOf(getList(GENESYS_RESOLVED_WRAPUP_CODES_CONFIG));
  }

  public Set<String> genesysUnresolvedWrapupCodes() {
    return Set.copyOf(getList(GENESYS_UNRESOLVED_WRAPUP_CODES_CONFIG));
  }

  public boolean redactionEnabled() {
    return getBoolean(REDACTION_ENABLED_CONFIG);
  }

  public String defaultRegion() {
    return getString(DEFAULT_REGION_CONFIG);
  }

  public Duration heartbeatInterval() {
    return parseDuration(getString(HEARTBEAT_INTERVAL_CONFIG));
  }

  public Duration publishTimeout() {
    return parseDuration(getString(PUBLISH_TIMEOUT_CONFIG));
  }

  public Duration retryAfter() {
    return parseDuration(getString(RETRY_AFTER_CONFIG));
  }

  public int producerPoolSize() {
    return getInt(PRODUCER_POOL_SIZE_CONFIG);
  }

  /** The configured instance id, or the random one chosen for this process. */
  public String instanceId() {
    return instanceId;
  }

  /**
   * The base of the producers' transactional ids, {@code journeyline-adapters-<instance id>}; the
   * producers append {@code -<n>} (the ACLs grant the prefix {@code journeyline-adapters-}).
   */
  public String transactionalIdPrefix() {
    return "journeyline-adapters-" + instanceId;
  }

  /** The TLS settings of the ingest API; empty when it speaks plain HTTP. */
  public Optional<TlsSettings> tls() {
    return tls;
  }

  private Optional<TlsSettings> tlsSettings() {
    String truststore = getString(TLS_TRUSTSTORE_PATH_CONFIG).trim();
    if (tlsKeystorePath().isEmpty()) {
      if (!truststore.isEmpty() || !"none".equalsIgnoreCase(getString(TLS_CLIENT_AUTH_CONFIG))) {
        throw new ConfigException(
            TLS_KEYSTORE_PATH_CONFIG
                + " is required with "
                + TLS_TRUSTSTORE_PATH_CONFIG
                + " or "
                + TLS_CLIENT_AUTH_CONFIG);
      }
      return Optional.empty();
    }
    Password trustPassword = getPassword(TLS_TRUSTSTORE_PASSWORD_CONFIG);
    return Optional.of(
        new TlsSettings(
            Path.of(tlsKeystorePath().get()),
            tlsKeystorePassword().orElseThrow().value(),
            tlsKeystoreType(),
            truststore.isEmpty() ? Optional.empty() : Optional.of(Path.of(truststore)),
            trustPassword == null ? null : trustPassword.value(),
            getString(TLS_TRUSTSTORE_TYPE_CONFIG),
            TlsSettings.ClientAuth.parse(getString(TLS_CLIENT_AUTH_CONFIG))));
  }

  public Optional<String> tlsKeystorePath() {
    String path = getString(TLS_KEYSTORE_PATH_CONFIG);
    return path.isBlank() ? Optional.empty() : Optional.of(path);
  }

  public Optional<Password> tlsKeystorePassword() {
    return Optional.ofNullable(getPassword(TLS_KEYSTORE_PASSWORD_CONFIG));
  }

  public String tlsKeystoreType() {
    return getString(TLS_KEYSTORE_TYPE_CONFIG);
  }
}

package io.journeyline.config;

import io.journeyline.avro.Channel;
import io.journeyline.crypto.TextCrypto;
import io.journeyline.fcr.IssueMatching;
import io.journeyline.http.ScopedApiKeys;
import io.journeyline.http.TlsSettings;
import io.journeyline.journey.JourneyProcessor;
import io.journeyline.journey.ServiceRules;
import io.journeyline.metrics.MetricWindow;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Typed, validated settings of the streams app (see DESIGN.md "Definitions": every number is
 * configurable). Load the raw map with {@link ConfigSources#load}; Kafka client settings pass
 * through under {@code journeyline.kafka.*} into {@link #streamsProperties()}.
 */
public final class StreamsAppConfig extends AbstractConfig {

  public static final String APPLICATION_ID_CONFIG = "journeyline.streams.application-id";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application.id: consumer group, internal topic and state directory prefix.";
  public static final String APPLICATION_ID_DEFAULT = "journeyline";

  public static final String PROCESSING_GUARANTEE_CONFIG =
      "journeyline.streams.processing-guarantee";
  private static final String PROCESSING_GUARANTEE_DOC =
      "exactly_once_v2 (default) or at_least_once.";

  public static final String COMMIT_INTERVAL_MS_CONFIG = "journeyline.streams.commit-interval-ms";
  private static final String COMMIT_INTERVAL_MS_DOC =
      "How often Kafka Streams commits (and, with exactly_once_v2, publishes) its results.";
  public static final long COMMIT_INTERVAL_MS_DEFAULT = 100L;

  public static final String STANDBY_REPLICAS_CONFIG = "journeyline.streams.standby-replicas";
  private static final String STANDBY_REPLICAS_DOC =
      "Warm standby copies of every state store on other instances.";

  public static final String NUM_THREADS_CONFIG = "journeyline.streams.num-threads";
  private static final String NUM_THREADS_DOC = "Stream threads in this instance.";

  public static final String CACHE_MAX_BYTES_CONFIG = "journeyline.streams.cache-max-bytes";
  private static final String CACHE_MAX_BYTES_DOC =
      "Bytes of Kafka Streams' record cache in this instance, shared by its stream threads"
          + " (statestore.cache.max.bytes, whose own default is 10 MiB). The cached stores (the"
          + " journey state, the outboxes, the aggregates) reach RocksDB and their changelogs once"
          + " per commit interval per key while their keys fit; a full cache writes earlier.";

  public static final String STATE_COMPRESSION_CONFIG = "journeyline.streams.state-compression";
  private static final String STATE_COMPRESSION_DOC =
      "How the RocksDB state stores compress their blocks on disk: zstd (default), lz4 (about a"
          + " third larger, a little less CPU) or none (Kafka Streams' own default, about twice as"
          + " large as lz4). Changelogs are compressed by the producer's compression.type instead."
          + " A store written with one codec reads with any.";

  public static final String STATE_DIR_CONFIG = "journeyline.streams.state-dir";
  private static final String STATE_DIR_DOC =
      "Directory of the local state stores; empty means the JVM temporary directory + /journeyline-streams."
          + " Keep it on persistent storage in production, or every restart restores all state"
          + " from the changelogs.";

  public static final String TOPIC_PARTITIONS_CONFIG = "journeyline.streams.topic-partitions";
  private static final String TOPIC_PARTITIONS_DOC =
      "Partitions of the Journeyline topics when this app creates them.";

  public static final String TOPIC_REPLICATION_CONFIG = "journeyline.streams.topic-replication";
  private static final String TOPIC_REPLICATION_DOC =
      "Replication factor of the Journeyline topics when this app creates them, and of its"
          + " internal topics (changelogs, repartitions); -1 takes the broker's"
          + " default.replication.factor.";

  public static final String TOPIC_RETENTION_MS_CONFIG = "journeyline.streams.topic-retention-ms";
  private static final String TOPIC_RETENTION_MS_DOC =
      "retention.ms of the non-compacted Journeyline topics (interactions, surveys,"
          + " metrics, alerts, DLQ) when this app creates them; -1 keeps records forever."
          + " Retention is measured against record timestamps, which are ingest times (event time"
          + " travels in the payload), so a replay of last year's history is kept as long as"
          + " today's traffic.";

  public static final String CREATE_TOPICS_CONFIG = "journeyline.streams.create-topics";
  private static final String CREATE_TOPICS_DOC =
      "Create missing Journeyline topics at start (the internal topics are always created).";

  public static final String THREAD_RESTARTS_CONFIG = "journeyline.streams.thread-restarts";
  private static final String THREAD_RESTARTS_DOC =
      "How many times a stream thread that failed with a transient error (a retriable Kafka"
          + " error, an I/O error) is replaced within the restart window; one more, or any other"
          + " error, shuts the app down with exit status 1.";

  public static final String THREAD_RESTART_WINDOW_MS_CONFIG =
      "journeyline.streams.thread-restart-window-ms";
  private static final String THREAD_RESTART_WINDOW_MS_DOC =
      "The window of the thread restart budget.";

  public static final String WATERMARK_INTERVAL_MS_CONFIG =
      "journeyline.streams.watermark-interval-ms";
  private static final String WATERMARK_INTERVAL_MS_DOC =
      "Event time the low watermark of an input partition group must advance by, through"
          + " data alone, before it is passed on (to the journey stage, and from there to every"
          + " aggregate partition, where it sets completeUpTo); a heartbeat always passes it on.";

  public static final String FCR_WINDOW_MS_CONFIG = "journeyline.fcr.window-ms";
  private static final String FCR_WINDOW_MS_DOC =
      "The FCR window N: a matching INBOUND contact within N after a contact ended makes it"
          + " NOT_RESOLVED; without one it is RESOLVED once the watermark passes end + N + grace.";

  public static final String ISSUE_MATCHING_CONFIG = "journeyline.fcr.issue-matching";
  private static final String ISSUE_MATCHING_DOC =
      "LENIENT: a contact without an issue code matches any issue; STRICT: it matches none.";

  public static final String GRACE_MS_PREFIX = "journeyline.time.grace-ms.";

  public static final String ANSWER_THRESHOLD_MS_PREFIX =
      "journeyline.service.answer-threshold-ms.";
  public static final String SHORT_ABANDON_MS_CONFIG = "journeyline.service.short-abandon-ms";
  private static final String SHORT_ABANDON_MS_DOC =
      "An INBOUND voice or chat contact abandoned before an answer after a shorter wait is a short"
          + " abandon (a misdial, a caller who hung up at once), left out of the service level by"
          + " the SHORT_ABANDONS_EXCLUDED formula and counted apart.";
  public static final String SERVICE_LEVEL_FORMULA_CONFIG = "journeyline.service.level-formula";
  private static final String SERVICE_LEVEL_FORMULA_DOC =
      "How the service level is computed: ANSWERED_ONLY = answered within the threshold /"
          + " answered; ABANDONS_COUNTED = answered within the threshold / offered (answered +"
          + " abandoned); SHORT_ABANDONS_EXCLUDED = answered within the threshold / (offered -"
          + " short abandons). The counts behind each are in every record.";
  public static final String RESPONSE_TARGET_MS_PREFIX =
      "journeyline.service.first-response-target-ms.";
  public static final String VOICE_HOLD_TARGET_MS_CONFIG = "journeyline.service.hold-target-ms";
  private static final String VOICE_HOLD_TARGET_MS_DOC =
      "Response-time target of an INBOUND voice contact: a hold longer than this (the largest"
          + " holdSeconds its events report) misses it.";
  public static final String SURVEY_PENDING_RETENTION_MS_CONFIG =
      "journeyline.surveys.pending-retention-ms";
  private static final String SURVEY_PENDING_RETENTION_MS_DOC =
      "How long (wall clock) a survey answer that arrived before its contact waits for it; one"
          + " still unmatched then goes to the DLQ with reason 'unmatched'.";
  public static final String REPEAT_ALERT_RETURNS_CONFIG =
      "journeyline.alerts.repeat-contact.returns";
  private static final String REPEAT_ALERT_RETURNS_DOC =
      "A REPEAT_CONTACT alert is raised for a contact that is at least the customer's Nth return"
          + " on the same issue within the FCR window (its repeatCount reaches N).";

  public static final String JOURNEY_MAX_CONTACTS_CONFIG = "journeyline.journeys.max-contacts";
  private static final String JOURNEY_MAX_CONTACTS_DOC =
      "The most contacts a journeyline.journeys record lists (the latest by start); its"
          + " contactCount says how many the journey holds. Bounds the record for a customer with"
          + " thousands of contacts.";

  public static final String JOURNEY_MEMORY_EVENTS_CONFIG = "journeyline.journey.memory-events";
  private static final String JOURNEY_MEMORY_EVENTS_DOC =
      "How many events of recently active customers each journey task keeps in memory, with the"
          + " contacts derived from them: the next event of such a customer reads one small record"
          + " (checked against a stamp the store holds) instead of all of the customer's records,"
          + " does not derive the contacts before its change again, and folds again only the"
          + " conversation the event belongs to. About 0.5 KB of heap per event; 0 turns it off.";

  public static final String ALLOWED_LATENESS_MS_CONFIG = "journeyline.time.allowed-lateness-ms";
  private static final String ALLOWED_LATENESS_MS_DOC =
      "How late an event may be and still be applied: an event older than the low watermark of"
          + " its input partitions minus this goes to the DLQ with reason 'late'. An event later"
          + " than its channel's grace but within this is applied as a counted correction. At"
          + " least the largest grace, at most the journey horizon.";

  public static final String MAX_CLOCK_SKEW_MS_CONFIG = "journeyline.time.max-clock-skew-ms";
  private static final String MAX_CLOCK_SKEW_MS_DOC =
      "How far beyond this machine's clock an event time or heartbeat watermark may lie. An event"
          + " further in the future goes to the DLQ with reason 'invalid'; a heartbeat watermark is"
          + " capped at the clock plus this, so that one bad timestamp cannot move time for"
          + " everyone.";

  public static final String LIFECYCLE_TIMEOUT_MS_CONFIG =
      "journeyline.sessions.lifecycle-timeout-ms";
  private static final String LIFECYCLE_TIMEOUT_MS_DOC =
      "A contact that began with CONTACT_STARTED is closed by its end event; when that never comes,"
          + " it closes (at its last event) after this much event time without events. Inactivity"
          + " gaps split only contacts without an explicit start (SMS, email).";
  public static final String GAP_MS_PREFIX = "journeyline.sessions.inactivity-gap-ms.";

  public static final String DEDUP_RETENTION_MS_CONFIG = "journeyline.dedup.retention-ms";
  private static final String DEDUP_RETENTION_MS_DOC =
      "How long (event time) an eventId is remembered to drop duplicates; at least the allowed"
          + " lateness plus the largest grace, so that a re-sent event is recognised for as long as"
          + " its original could still be applied.";

  public static final String JOURNEY_HORIZON_MS_CONFIG = "journeyline.journey.horizon-ms";
  private static final String JOURNEY_HORIZON_MS_DOC =
      "How long after its end a contact stays in the customer's journey (and the per-customer"
          + " state); at least N + allowed lateness + the longest inactivity gap or lifecycle"
          + " timeout.";

  public static final String MAX_CUSTOMERS_PER_IDENTIFIER_CONFIG =
      "journeyline.identity.max-customers-per-identifier";
  private static final String MAX_CUSTOMERS_PER_IDENTIFIER_DOC =
      "An identifier (phone, email, chat user) linked to more than this many different customer"
          + " ids, or to more than this many different identifiers of one other type, is shared (a"
          + " switchboard number, a family address): it stops linking, and each of its contacts"
          + " goes to the customer of its other identifiers.";

  public static final String MAX_COMPONENT_SIZE_CONFIG = "journeyline.identity.max-component-size";
  private static final String MAX_COMPONENT_SIZE_DOC =
      "The most identifiers one customer may hold. A link that would join two customers into a"
          + " bigger one is refused (logged and counted): a safety fuse against evidence that"
          + " would merge a large part of the customer base.";

  public static final String CONTACT_HISTORY_RETENTION_MS_CONFIG =
      "journeyline.contacts.history-retention-ms";
  private static final String CONTACT_HISTORY_RETENTION_MS_DOC =
      "How long a contact stays in the contact history (contact-history-store, which answers GET"
          + " /v1/contacts/{id}) and on the compacted journeyline.contacts topic after its last"
          + " activity (the latest of endedAt, lastEventAt and startedAt). Judged against the"
          + " wall clock, checked every minute: an older contact is removed by a tombstone on"
          + " journeyline.contacts, so a replay of history older than this is tombstoned as it"
          + " arrives. The default is 395 days (13 months); -1 keeps contacts forever. At least"
          + " the journey horizon.";

  /** A duration in ms that is -1 (forever) or positive. */
  private static final ConfigDef.Validator FOREVER_OR_POSITIVE =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            long ms = (Long) value;
            if (ms != -1 && ms < 1) {
              throw new ConfigException(name, value, "must be -1 (forever) or positive");
            }
          },
          () -> "-1 or [1,...]");

  /** 13 months, taken as 395 days. */
  public static final long CONTACT_HISTORY_RETENTION_MS_DEFAULT = Duration.ofDays(395).toMillis();

  public static final String METRICS_RETENTION_MS_CONFIG = "journeyline.metrics.retention-ms";
  private static final String METRICS_RETENTION_MS_DOC =
      "How long an aggregate bucket stays in aggregate-store (which answers GET /v1/metrics) after"
          + " its end, in event time: a bucket is deleted once every journey partition's watermark"
          + " has passed its end plus this, swept every 30 seconds. The metric topics keep every"
          + " bucket (no tombstones). The default is 395 days (13 months, as the contact history);"
          + " -1 keeps buckets forever. At least the journey horizon, so that no correction can"
          + " reach a deleted bucket.";

  public static final String WINDOWS_CONFIG = "journeyline.metrics.windows";
  private static final String WINDOWS_DOC =
      "Aggregate bucket sizes by contact start, aligned to UTC, e.g. 1h,1d (units m, h, d).";

  public static final String DEFAULT_REGION_CONFIG = "journeyline.identity.default-region";
  private static final String DEFAULT_REGION_DOC =
      "Region (ISO 3166) for phone numbers without a country code.";

  public static final String QUERY_ENABLED_CONFIG = "journeyline.query.enabled";
  private static final String QUERY_ENABLED_DOC =
      "Serve the query and operations API (/v1/..., /health/..., /metrics, /openapi.json).";

  public static final String QUERY_HOST_CONFIG = "journeyline.query.host";
  private static final String QUERY_HOST_DOC = "Interface the query API binds to.";

  public static final String QUERY_PORT_CONFIG = "journeyline.query.port";
  private static final String QUERY_PORT_DOC =
      "Port of the query and operations API; 0 picks a free port.";
  public static final int QUERY_PORT_DEFAULT = 8081;

  public static final String QUERY_ADVERTISED_HOST_CONFIG = "journeyline.query.advertised-host";
  private static final String QUERY_ADVERTISED_HOST_DOC =
      "Host name other instances use to reach this one (Kafka Streams application.server ="
          + " advertised-host:advertised-port); empty = this machine's host name. Set it to the"
          + " service or pod name when several instances run.";

  public static final String QUERY_ADVERTISED_PORT_CONFIG = "journeyline.query.advertised-port";
  private static final String QUERY_ADVERTISED_PORT_DOC =
      "Port other instances use to reach this one; -1 = the port the query API listens on.";

  public static final String QUERY_FORWARD_TIMEOUT_MS_CONFIG =
      "journeyline.query.forward-timeout-ms";
  private static final String QUERY_FORWARD_TIMEOUT_MS_DOC =
      "Timeout of a query forwarded to the instance that owns the key (or of one instance's"
          + " share of a metric query).";

  public static final String QUERY_RETRY_AFTER_SECONDS_CONFIG =
      "journeyline.query.retry-after-seconds";
  private static final String QUERY_RETRY_AFTER_SECONDS_DOC =
      "Retry-After of the 503 answered while Kafka Streams rebalances or a store is not"
          + " queryable.";

  public static final String QUERY_STALE_READS_CONFIG = "journeyline.query.stale-reads";
  private static final String QUERY_STALE_READS_DOC =
      "With standby replicas: answer a key query from a standby (marked by the response header"
          + " X-Journeyline-Stale: true) when the active instance cannot answer. Metric queries"
          + " always read active stores only.";

  public static final String QUERY_AUTH_CONFIG = "journeyline.query.auth";
  private static final String QUERY_AUTH_DOC =
      "Authentication of the query API: 'api-keys' (every /v1 route needs a key from"
          + " journeyline.query.api-keys with the route's scope; the query API refuses to start"
          + " without keys) or 'none' (anyone who reaches the port reads personal data: development"
          + " only). /health/* and /openapi.json are always open.";
  public static final String QUERY_AUTH_API_KEYS = "api-keys";
  public static final String QUERY_AUTH_NONE = "none";

  public static final String MASTER_KEY_CONFIG = "journeyline.crypto.master-key";
  private static final String MASTER_KEY_DOC =
      "Master key of the message-text encryption (crypto-shredding), the same as the adapters':"
          + " 32 random bytes in base64. Stage A unwraps the data keys of journeyline.data-keys with"
          + " it to score the text; an erasure shreds the customer's data keys. Empty: encrypted"
          + " text cannot be read (it is not scored) and plain text is scored as it is.";

  public static final String KEY_WAIT_MS_CONFIG = "journeyline.crypto.key-wait-ms";
  private static final String KEY_WAIT_MS_DOC =
      "How long stage A waits (wall clock) for the data key of an encrypted text to reach its"
          + " copy of journeyline.data-keys (the adapters write it in the same transaction as the"
          + " text, but a global table is read by a thread of its own). A text whose key does not"
          + " come in time is not scored, and counted.";

  public static final String QUERY_API_KEYS_CONFIG = "journeyline.query.api-keys";
  private static final String QUERY_API_KEYS_DOC =
      "Comma-separated API keys, stored hashed: <name>:<scope>[|<scope>...]:pbkdf2-sha256:"
          + "<iterations>:<salt>:<hash> ('journeyline keys generate' or 'keys hash' makes one)."
          + " Scopes: query:personal (contacts, journeys, identities), query:metrics"
          + " (/v1/metrics/*), ops:metrics (/metrics when metrics-auth is on), * for all.";

  public static final String QUERY_API_KEY_HEADER_CONFIG = "journeyline.query.api-key-header";
  private static final String QUERY_API_KEY_HEADER_DOC =
      "Request header carrying the API key ('Authorization: Bearer <key>' is accepted too).";

  public static final String QUERY_METRICS_AUTH_CONFIG = "journeyline.query.metrics-auth";
  private static final String QUERY_METRICS_AUTH_DOC =
      "Require a key with the ops:metrics scope on the Prometheus endpoint /metrics (with"
          + " auth=api-keys); false leaves it open for scrapers.";

  public static final String QUERY_TLS_KEYSTORE_PATH_CONFIG = "journeyline.query.tls.keystore-path";
  private static final String QUERY_TLS_KEYSTORE_PATH_DOC =
      "Key store (PKCS12 or JKS) with the server certificate; when set the query API is served"
          + " over HTTPS only, and queries forwarded between instances go over HTTPS (every"
          + " instance must then have TLS on).";

  public static final String QUERY_TLS_KEYSTORE_PASSWORD_CONFIG =
      "journeyline.query.tls.keystore-password";
  private static final String QUERY_TLS_KEYSTORE_PASSWORD_DOC =
      "Password of the key store and its key.";

  public static final String QUERY_TLS_KEYSTORE_TYPE_CONFIG = "journeyline.query.tls.keystore-type";
  private static final String QUERY_TLS_KEYSTORE_TYPE_DOC = "Key store type: PKCS12 or JKS.";

  public static final String QUERY_TLS_TRUSTSTORE_PATH_CONFIG =
      "journeyline.query.tls.truststore-path";
  private static final String QUERY_TLS_TRUSTSTORE_PATH_DOC =
      "Trust store (PKCS12 or JKS) with the CA certificates that vouch for client certificates"
          + " and for the other instances' server certificates (forwarded queries); empty: the"
          + " JDK's default trust.";

  public static final String QUERY_TLS_TRUSTSTORE_PASSWORD_CONFIG =
      "journeyline.query.tls.truststore-password";
  private static final String QUERY_TLS_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";

  public static final String QUERY_TLS_TRUSTSTORE_TYPE_CONFIG =
      "journeyline.query.tls.truststore-type";
  private static final String QUERY_TLS_TRUSTSTORE_TYPE_DOC = "Trust store type: PKCS12 or JKS.";

  public static final String QUERY_TLS_CLIENT_AUTH_CONFIG = "journeyline.query.tls.client-auth";
  private static final String QUERY_TLS_CLIENT_AUTH_DOC =
      "Client certificates: none, want (checked when sent) or need (every client, other"
          + " instances included, must present one the trust store vouches for; an instance"
          + " presents its own server certificate when it forwards).";

  /** Scopes a query API key may carry. */
  public static final String SCOPE_QUERY_PERSONAL = "query:personal";

  public static final String SCOPE_QUERY_METRICS = "query:metrics";
  public static final String SCOPE_OPS_METRICS = "ops:metrics";
  public static final Set<String> QUERY_SCOPES =
      Set.of(SCOPE_QUERY_PERSONAL, SCOPE_QUERY_METRICS, SCOPE_OPS_METRICS);

  /**
   * Grace per channel, sized for how the vendors deliver: a contact record (Amazon Connect CTR) is
   * sent after the contact ends, so its start event is as old as the call or chat; 4 h 15 min
   * covers a call or chat as long as the voice inactivity gap delivered within 15 minutes of its
   * end (and a Genesys wrap-up after it). Mail relays delay a Date header by hours; SMS webhooks
   * are real time, retried within minutes.
   */
  private static final Map<Channel, Long> GRACE_DEFAULTS =
      Map.of(
          Channel.CHAT, Duration.ofHours(4).plusMinutes(15).toMillis(),
          Channel.VOICE, Duration.ofHours(4).plusMinutes(15).toMillis(),
          Channel.EMAIL, Duration.ofHours(6).toMillis(),
          Channel.SMS, Duration.ofMinutes(15).toMillis());

  private static final Map<Channel, Long> ANSWER_THRESHOLD_DEFAULTS =
      Map.of(Channel.VOICE, 20_000L, Channel.CHAT, 20_000L);

  private static final Map<Channel, Long> RESPONSE_TARGET_DEFAULTS =
      Map.of(
          Channel.EMAIL, Duration.ofHours(4).toMillis(),
          Channel.CHAT, Duration.ofSeconds(30).toMillis(),
          Channel.SMS, Duration.ofHours(1).toMillis());

  private static final Map<Channel, Long> GAP_DEFAULTS =
      Map.of(
          Channel.CHAT, Duration.ofMinutes(30).toMillis(),
          Channel.VOICE, Duration.ofHours(4).toMillis(),
          Channel.EMAIL, Duration.ofHours(24).toMillis(),
          Channel.SMS, Duration.ofHours(2).toMillis());

  /** The definition of every setting, with defaults, validators and documentation. */
  public static final ConfigDef CONFIG_DEF = buildDef();

  private static ConfigDef buildDef() {
    ConfigDef def =
        new ConfigDef()
            .define(
                APPLICATION_ID_CONFIG,
                Type.STRING,
                APPLICATION_ID_DEFAULT,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                APPLICATION_ID_DOC)
            .define(
                PROCESSING_GUARANTEE_CONFIG,
                Type.STRING,
                StreamsConfig.EXACTLY_ONCE_V2,
                ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                Importance.HIGH,
                PROCESSING_GUARANTEE_DOC)
            .define(
                COMMIT_INTERVAL_MS_CONFIG,
                Type.LONG,
                COMMIT_INTERVAL_MS_DEFAULT,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                COMMIT_INTERVAL_MS_DOC)
            .define(
                STANDBY_REPLICAS_CONFIG,
                Type.INT,
                0,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                STANDBY_REPLICAS_DOC)
            .define(
                NUM_THREADS_CONFIG,
                Type.INT,
                1,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                NUM_THREADS_DOC)
            .define(
                CACHE_MAX_BYTES_CONFIG,
                Type.LONG,
                64L * 1024 * 1024,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                CACHE_MAX_BYTES_DOC)
            .define(
                STATE_COMPRESSION_CONFIG,
                Type.STRING,
                StateCompression.DEFAULT.setting(),
                ValidString.in(StateCompression.Codec.settings()),
                Importance.LOW,
                STATE_COMPRESSION_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, "", null, Importance.MEDIUM, STATE_DIR_DOC)
            .define(
                TOPIC_PARTITIONS_CONFIG,
                Type.INT,
                3,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                TOPIC_PARTITIONS_DOC)
            .define(
                TOPIC_REPLICATION_CONFIG,
                Type.SHORT,
                (short) -1,
                ConfigDef.LambdaValidator.with(
                    (name, value) -> {
                      short n = (Short) value;
                      if (n != -1 && n < 1) {
                        throw new ConfigException(
                            name, value, "must be -1 (the broker's default) or at least 1");
                      }
                    },
                    () -> "-1 or [1,...]"),
                Importance.LOW,
                TOPIC_REPLICATION_DOC)
            .define(
                TOPIC_RETENTION_MS_CONFIG,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                FOREVER_OR_POSITIVE,
                Importance.LOW,
                TOPIC_RETENTION_MS_DOC)
            .define(CREATE_TOPICS_CONFIG, Type.BOOLEAN, false, Importance.LOW, CREATE_TOPICS_DOC)
            .define(
                THREAD_RESTARTS_CONFIG,
                Type.INT,
                5,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                THREAD_RESTARTS_DOC)
            .define(
                THREAD_RESTART_WINDOW_MS_CONFIG,
                Type.LONG,
                Duration.ofMinutes(10).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                THREAD_RESTART_WINDOW_MS_DOC)
            .define(
                WATERMARK_INTERVAL_MS_CONFIG,
                Type.LONG,
                Duration.ofMinutes(1).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                WATERMARK_INTERVAL_MS_DOC)
            .define(
                FCR_WINDOW_MS_CONFIG,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.HIGH,
                FCR_WINDOW_MS_DOC)
            .define(
                ISSUE_MATCHING_CONFIG,
                Type.STRING,
                IssueMatching.LENIENT.name(),
                ConfigDef.CaseInsensitiveValidString.in("LENIENT", "STRICT"),
                Importance.HIGH,
                ISSUE_MATCHING_DOC)
            .define(
                DEDUP_RETENTION_MS_CONFIG,
                Type.LONG,
                Duration.ofDays(2).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                DEDUP_RETENTION_MS_DOC)
            .define(
                ALLOWED_LATENESS_MS_CONFIG,
                Type.LONG,
                Duration.ofDays(1).toMillis(),
                ConfigDef.Range.atLeast(0),
                Importance.HIGH,
                ALLOWED_LATENESS_MS_DOC)
            .define(
                MAX_CLOCK_SKEW_MS_CONFIG,
                Type.LONG,
                Duration.ofMinutes(5).toMillis(),
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                MAX_CLOCK_SKEW_MS_DOC)
            .define(
                LIFECYCLE_TIMEOUT_MS_CONFIG,
                Type.LONG,
                Duration.ofHours(12).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                LIFECYCLE_TIMEOUT_MS_DOC)
            .define(
                JOURNEY_HORIZON_MS_CONFIG,
                Type.LONG,
                Duration.ofDays(30).toMillis(),
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                JOURNEY_HORIZON_MS_DOC)
            .define(
                MAX_CUSTOMERS_PER_IDENTIFIER_CONFIG,
                Type.INT,
                5,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                MAX_CUSTOMERS_PER_IDENTIFIER_DOC)
            .define(
                MAX_COMPONENT_SIZE_CONFIG,
                Type.INT,
                1000,
                ConfigDef.Range.atLeast(2),
                Importance.LOW,
                MAX_COMPONENT_SIZE_DOC)
            .define(
                CONTACT_HISTORY_RETENTION_MS_CONFIG,
                Type.LONG,
                CONTACT_HISTORY_RETENTION_MS_DEFAULT,
                FOREVER_OR_POSITIVE,
                Importance.MEDIUM,
                CONTACT_HISTORY_RETENTION_MS_DOC)
            .define(
                METRICS_RETENTION_MS_CONFIG,
                Type.LONG,
                CONTACT_HISTORY_RETENTION_MS_DEFAULT,
                FOREVER_OR_POSITIVE,
                Importance.MEDIUM,
                METRICS_RETENTION_MS_DOC)
            .define(
                WINDOWS_CONFIG,
                Type.LIST,
                List.of("1h", "1d"),
                (name, value) -> {
                  @SuppressWarnings("unchecked")
                  List<String> list = (List<String>) value;
                  if (list == null || list.isEmpty()) {
                    throw new ConfigException(name, value, "At least one window is required");
                  }
                  for (String w : list) {
                    try {
                      MetricWindow.parse(w);
                    } catch (IllegalArgumentException e) {
                      throw new ConfigException(name, value, e.getMessage());
                    }
                  }
                },
                Importance.MEDIUM,
                WINDOWS_DOC)
            .define(
                DEFAULT_REGION_CONFIG,
                Type.STRING,
                "US",
                new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                DEFAULT_REGION_DOC)
            .define(QUERY_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, QUERY_ENABLED_DOC)
            .define(
                QUERY_HOST_CONFIG,
                Type.STRING,
                "0.0.0.0",
                new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                QUERY_HOST_DOC)
            .define(
                QUERY_PORT_CONFIG,
                Type.INT,
                QUERY_PORT_DEFAULT,
                ConfigDef.Range.between(0, 65535),
                Importance.HIGH,
                QUERY_PORT_DOC)
            .define(
                QUERY_ADVERTISED_HOST_CONFIG,
                Type.STRING,
                "",
                Importance.HIGH,
                QUERY_ADVERTISED_HOST_DOC)
            .define(
                QUERY_ADVERTISED_PORT_CONFIG,
                Type.INT,
                -1,
                ConfigDef.Range.between(-1, 65535),
                Importance.MEDIUM,
                QUERY_ADVERTISED_PORT_DOC)
            .define(
                QUERY_FORWARD_TIMEOUT_MS_CONFIG,
                Type.LONG,
                5_000L,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                QUERY_FORWARD_TIMEOUT_MS_DOC)
            .define(
                QUERY_RETRY_AFTER_SECONDS_CONFIG,
                Type.INT,
                1,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                QUERY_RETRY_AFTER_SECONDS_DOC)
            .define(
                QUERY_STALE_READS_CONFIG, Type.BOOLEAN, true, Importance.LOW, QUERY_STALE_READS_DOC)
            .define(
                QUERY_AUTH_CONFIG,
                Type.STRING,
                QUERY_AUTH_API_KEYS,
                ConfigDef.ValidString.in(QUERY_AUTH_API_KEYS, QUERY_AUTH_NONE),
                Importance.HIGH,
                QUERY_AUTH_DOC)
            .define(QUERY_API_KEYS_CONFIG, Type.PASSWORD, "", Importance.HIGH, QUERY_API_KEYS_DOC)
            .define(MASTER_KEY_CONFIG, Type.PASSWORD, null, Importance.HIGH, MASTER_KEY_DOC)
            .define(
                KEY_WAIT_MS_CONFIG,
                Type.LONG,
                10_000L,
                ConfigDef.Range.between(0, 60_000),
                Importance.LOW,
                KEY_WAIT_MS_DOC)
            .define(
                QUERY_API_KEY_HEADER_CONFIG,
                Type.STRING,
                "X-API-Key",
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                QUERY_API_KEY_HEADER_DOC)
            .define(
                QUERY_METRICS_AUTH_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.MEDIUM,
                QUERY_METRICS_AUTH_DOC)
            .define(
                QUERY_TLS_KEYSTORE_PATH_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                QUERY_TLS_KEYSTORE_PATH_DOC)
            .define(
                QUERY_TLS_KEYSTORE_PASSWORD_CONFIG,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                QUERY_TLS_KEYSTORE_PASSWORD_DOC)
            .define(
                QUERY_TLS_KEYSTORE_TYPE_CONFIG,
                Type.STRING,
                "PKCS12",
                ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW,
                QUERY_TLS_KEYSTORE_TYPE_DOC)
            .define(
                QUERY_TLS_TRUSTSTORE_PATH_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                QUERY_TLS_TRUSTSTORE_PATH_DOC)
            .define(
                QUERY_TLS_TRUSTSTORE_PASSWORD_CONFIG,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                QUERY_TLS_TRUSTSTORE_PASSWORD_DOC)
            .define(
                QUERY_TLS_TRUSTSTORE_TYPE_CONFIG,
                Type.STRING,
                "PKCS12",
                ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW,
                QUERY_TLS_TRUSTSTORE_TYPE_DOC)
            .define(
                QUERY_TLS_CLIENT_AUTH_CONFIG,
                Type.STRING,
                "none",
                ConfigDef.CaseInsensitiveValidString.in("none", "want", "need"),
                Importance.MEDIUM,
                QUERY_TLS_CLIENT_AUTH_DOC);
    for (Channel channel : Channel.values()) {
      String name = channel.name().toLowerCase(Locale.ROOT);
      def.define(
          GRACE_MS_PREFIX + name,
          Type.LONG,
          GRACE_DEFAULTS.get(channel),
          ConfigDef.Range.atLeast(0),
          Importance.MEDIUM,
          "Grace for "
              + name
              + " events: how long to wait for late events before a status or bucket is final"
              + " (RESOLVED needs the watermark past end + N + the largest grace; completeUpTo"
              + " lags by as much). A "
              + name
              + " event older than the watermark minus this is applied as a counted"
              + " correction.");
      def.define(
          GAP_MS_PREFIX + name,
          Type.LONG,
          GAP_DEFAULTS.get(channel),
          ConfigDef.Range.atLeast(1),
          Importance.MEDIUM,
          "Inactivity gap after which a "
              + name
              + " contact without an explicit start or end closes (at its last event); a later"
              + " event of its conversation key opens a new contact.");
    }
    for (Map.Entry<Channel, Long> e : new EnumMap<>(ANSWER_THRESHOLD_DEFAULTS).entrySet()) {
      String name = e.getKey().name().toLowerCase(Locale.ROOT);
      def.define(
          ANSWER_THRESHOLD_MS_PREFIX + name,
          Type.LONG,
          e.getValue(),
          ConfigDef.Range.atLeast(0),
          Importance.MEDIUM,
          "Service-level threshold of INBOUND "
              + name
              + " contacts: answered within this wait counts as answered within the threshold.");
    }
    for (Map.Entry<Channel, Long> e : new EnumMap<>(RESPONSE_TARGET_DEFAULTS).entrySet()) {
      String name = e.getKey().name().toLowerCase(Locale.ROOT);
      def.define(
          RESPONSE_TARGET_MS_PREFIX + name,
          Type.LONG,
          e.getValue(),
          ConfigDef.Range.atLeast(1),
          Importance.MEDIUM,
          "First-response target of INBOUND "
              + name
              + " contacts: the first AGENT message must follow the first CUSTOMER message within"
              + " this; a contact still without one when the watermark passes the deadline is a"
              + " breach, and an alert while the contact is open.");
    }
    def.define(
            SHORT_ABANDON_MS_CONFIG,
            Type.LONG,
            5_000L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            SHORT_ABANDON_MS_DOC)
        .define(
            SERVICE_LEVEL_FORMULA_CONFIG,
            Type.STRING,
            ServiceRules.ServiceLevelFormula.SHORT_ABANDONS_EXCLUDED.name(),
            ConfigDef.CaseInsensitiveValidString.in(
                "ANSWERED_ONLY", "ABANDONS_COUNTED", "SHORT_ABANDONS_EXCLUDED"),
            Importance.MEDIUM,
            SERVICE_LEVEL_FORMULA_DOC)
        .define(
            VOICE_HOLD_TARGET_MS_CONFIG,
            Type.LONG,
            157_000L,
            ConfigDef.Range.atLeast(1),
            Importance.MEDIUM,
            VOICE_HOLD_TARGET_MS_DOC)
        .define(
            SURVEY_PENDING_RETENTION_MS_CONFIG,
            Type.LONG,
            Duration.ofDays(7).toMillis(),
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            SURVEY_PENDING_RETENTION_MS_DOC)
        .define(
            REPEAT_ALERT_RETURNS_CONFIG,
            Type.INT,
            2,
            ConfigDef.Range.atLeast(1),
            Importance.MEDIUM,
            REPEAT_ALERT_RETURNS_DOC)
        .define(
            JOURNEY_MAX_CONTACTS_CONFIG,
            Type.INT,
            100,
            ConfigDef.Range.between(1, 10_000),
            Importance.LOW,
            JOURNEY_MAX_CONTACTS_DOC)
        .define(
            JOURNEY_MEMORY_EVENTS_CONFIG,
            Type.INT,
            JourneyProcessor.DEFAULT_COPY_EVENTS,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            JOURNEY_MEMORY_EVENTS_DOC);
    return def;
  }

  private final Map<String, ?> raw;
  private final Optional<TextCrypto> textCrypto;
  private final ScopedApiKeys queryApiKeys;
  private final Optional<TlsSettings> queryTls;

  /** Parses and validates; throws {@link ConfigException} with a clear message on bad input. */
  public StreamsAppConfig(Map<String, ?> props) {
    super(CONFIG_DEF, props, false);
    this.raw = Map.copyOf(new LinkedHashMap<>(withoutNulls(props)));
    long allowed = allowedLateness().toMillis();
    if (allowed < maxGrace().toMillis()) {
      throw new ConfigException(
          ALLOWED_LATENESS_MS_CONFIG,
          allowed,
          "must be at least the largest grace (" + maxGrace().toMillis() + " ms)");
    }
    long horizon = getLong(JOURNEY_HORIZON_MS_CONFIG);
    long needed =
        fcrWindow().toMillis()
            + allowed
            + Math.max(maxGap().toMillis(), lifecycleTimeout().toMillis());
    if (horizon < needed) {
      throw new ConfigException(
          JOURNEY_HORIZON_MS_CONFIG,
          horizon,
          "must be at least the FCR window + the allowed lateness + the longest inactivity gap or"
              + " lifecycle timeout ("
              + needed
              + " ms)");
    }
    long dedupNeeded = allowed + maxGrace().toMillis();
    if (getLong(DEDUP_RETENTION_MS_CONFIG) < dedupNeeded) {
      throw new ConfigException(
          DEDUP_RETENTION_MS_CONFIG,
          getLong(DEDUP_RETENTION_MS_CONFIG),
          "must be at least the allowed lateness + the largest grace (" + dedupNeeded + " ms)");
    }
    long historyRetention = getLong(CONTACT_HISTORY_RETENTION_MS_CONFIG);
    if (historyRetention != -1 && historyRetention < horizon) {
      throw new ConfigException(
          CONTACT_HISTORY_RETENTION_MS_CONFIG,
          historyRetention,
          "must be -1 (forever) or at least the journey horizon ("
              + JOURNEY_HORIZON_MS_CONFIG
              + " = "
              + horizon
              + " ms): a contact must not leave the history while its journey can still change"
              + " it");
    }
    long metricsRetention = getLong(METRICS_RETENTION_MS_CONFIG);
    if (metricsRetention != -1 && metricsRetention < horizon) {
      throw new ConfigException(
          METRICS_RETENTION_MS_CONFIG,
          metricsRetention,
          "must be -1 (forever) or at least the journey horizon ("
              + JOURNEY_HORIZON_MS_CONFIG
              + " = "
              + horizon
              + " ms): a bucket must not be deleted while a correction can still reach it");
    }
    try {
      this.queryApiKeys =
          ScopedApiKeys.parse(getPassword(QUERY_API_KEYS_CONFIG).value(), QUERY_SCOPES);
    } catch (IllegalArgumentException e) {
      // The message names the entry and the problem, never a hash.
      throw new ConfigException(QUERY_API_KEYS_CONFIG + ": " + e.getMessage());
    }
    try {
      this.textCrypto =
          Optional.ofNullable(getPassword(MASTER_KEY_CONFIG))
              .map(Password::value)
              .filter(v -> !v.isBlank())
              .map(TextCrypto::fromBase64);
    } catch (IllegalArgumentException e) {
      // the message never contains the key
      throw new ConfigException(MASTER_KEY_CONFIG + ": " + e.getMessage());
    }
    try {
      this.queryTls = tls();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(QUERY_TLS_CLIENT_AUTH_CONFIG + ": " + e.getMessage());
    }
    try {
      new io.journeyline.identity.IdentifierNormalizer(getString(DEFAULT_REGION_CONFIG));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          DEFAULT_REGION_CONFIG, getString(DEFAULT_REGION_CONFIG), e.getMessage());
    }
  }

  private static Map<String, Object> withoutNulls(Map<String, ?> props) {
    Map<String, Object> out = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The state directory: the configured one, or {@code <java.io.tmpdir>/journeyline-streams}. */
  public String stateDir() {
    String configured = getString(STATE_DIR_CONFIG);
    return configured.isBlank()
        ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "journeyline-streams")
            .toString()
        : configured;
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public Duration fcrWindow() {
    return Duration.ofMillis(getLong(FCR_WINDOW_MS_CONFIG));
  }

  /** The service-level thresholds and response-time targets. */
  public ServiceRules serviceRules() {
    Map<Channel, Duration> thresholds = new EnumMap<>(Channel.class);
    ANSWER_THRESHOLD_DEFAULTS
        .keySet()
        .forEach(
            c ->
                thresholds.put(
                    c,
                    Duration.ofMillis(
                        getLong(ANSWER_THRESHOLD_MS_PREFIX + c.name().toLowerCase(Locale.ROOT)))));
    Map<Channel, Duration> targets = new EnumMap<>(Channel.class);
    RESPONSE_TARGET_DEFAULTS
        .keySet()
        .forEach(
            c ->
                targets.put(
                    c,
                    Duration.ofMillis(
                        getLong(RESPONSE_TARGET_MS_PREFIX + c.name().toLowerCase(Locale.ROOT)))));
    return new ServiceRules(
        thresholds,
        Duration.ofMillis(getLong(SHORT_ABANDON_MS_CONFIG)),
        targets,
        Duration.ofMillis(getLong(VOICE_HOLD_TARGET_MS_CONFIG)),
        ServiceRules.ServiceLevelFormula.valueOf(
            getString(SERVICE_LEVEL_FORMULA_CONFIG).toUpperCase(Locale.ROOT)));
  }

  /** How long a survey answer waits for its contact. */
  public Duration surveyPendingRetention() {
    return Duration.ofMillis(getLong(SURVEY_PENDING_RETENTION_MS_CONFIG));
  }

  /** The most contacts a published journey lists. */
  public int journeyMaxContacts() {
    return getInt(JOURNEY_MAX_CONTACTS_CONFIG);
  }

  /** How many events of recently active customers a journey task keeps in memory. */
  public int journeyMemoryEvents() {
    return getInt(JOURNEY_MEMORY_EVENTS_CONFIG);
  }

  /** A REPEAT_CONTACT alert is raised at this repeat count. */
  public int repeatAlertReturns() {
    return getInt(REPEAT_ALERT_RETURNS_CONFIG);
  }

  public IssueMatching issueMatching() {
    return IssueMatching.valueOf(getString(ISSUE_MATCHING_CONFIG).toUpperCase(Locale.ROOT));
  }

  public Duration grace(Channel channel) {
    return Duration.ofMillis(getLong(GRACE_MS_PREFIX + channel.name().toLowerCase(Locale.ROOT)));
  }

  public Map<Channel, Duration> graces() {
    Map<Channel, Duration> out = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      out.put(channel, grace(channel));
    }
    return out;
  }

  /** The largest per-channel grace: what a return contact may be late by. */
  public Duration maxGrace() {
    return graces().values().stream().max(Duration::compareTo).orElseThrow();
  }

  /** How many transient thread failures are answered with a new thread within the window. */
  public int threadRestarts() {
    return getInt(THREAD_RESTARTS_CONFIG);
  }

  /** The window of the thread restart budget. */
  public Duration threadRestartWindow() {
    return Duration.ofMillis(getLong(THREAD_RESTART_WINDOW_MS_CONFIG));
  }

  /** How late an event may be and still be applied (beyond it: the DLQ, reason 'late'). */
  public Duration allowedLateness() {
    return Duration.ofMillis(getLong(ALLOWED_LATENESS_MS_CONFIG));
  }

  /** How far beyond the clock an event time or heartbeat watermark may lie. */
  public Duration maxClockSkew() {
    return Duration.ofMillis(getLong(MAX_CLOCK_SKEW_MS_CONFIG));
  }

  /** The timeout of a contact with an explicit start whose end never comes. */
  public Duration lifecycleTimeout() {
    return Duration.ofMillis(getLong(LIFECYCLE_TIMEOUT_MS_CONFIG));
  }

  public Duration inactivityGap(Channel channel) {
    return Duration.ofMillis(getLong(GAP_MS_PREFIX + channel.name().toLowerCase(Locale.ROOT)));
  }

  public Map<Channel, Duration> inactivityGaps() {
    Map<Channel, Duration> out = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      out.put(channel, inactivityGap(channel));
    }
    return out;
  }

  private Duration maxGap() {
    return inactivityGaps().values().stream().max(Duration::compareTo).orElseThrow();
  }

  public Duration dedupRetention() {
    return Duration.ofMillis(getLong(DEDUP_RETENTION_MS_CONFIG));
  }

  /** More distinct customers than this on one identifier make it shared. */
  public int maxCustomersPerIdentifier() {
    return getInt(MAX_CUSTOMERS_PER_IDENTIFIER_CONFIG);
  }

  /** The most identifiers one customer may hold. */
  public int maxComponentSize() {
    return getInt(MAX_COMPONENT_SIZE_CONFIG);
  }

  public Duration journeyHorizon() {
    return Duration.ofMillis(getLong(JOURNEY_HORIZON_MS_CONFIG));
  }

  /**
   * The commit interval Kafka Streams runs with ({@code journeyline.kafka.commit.interval.ms} if
   * given, else {@code journeyline.streams.commit-interval-ms}); the journey stage also flushes its
   * delta outbox at this interval.
   */
  public Duration commitInterval() {
    Object override = kafkaProperties().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(
        override != null
            ? Long.parseLong(override.toString().trim())
            : getLong(COMMIT_INTERVAL_MS_CONFIG));
  }

  public Duration watermarkInterval() {
    return Duration.ofMillis(getLong(WATERMARK_INTERVAL_MS_CONFIG));
  }

  /**
   * How long after its last activity (wall clock) a contact is kept in the contact history and on
   * {@code journeyline.contacts}; empty when kept forever.
   */
  /** The text encryption of the master key, when one is configured. */
  public Optional<TextCrypto> textCrypto() {
    return textCrypto;
  }

  /** How long stage A waits for a data key that has not reached its global table yet. */
  public Duration keyWait() {
    return Duration.ofMillis(getLong(KEY_WAIT_MS_CONFIG));
  }

  public Optional<Duration> contactHistoryRetention() {
    long ms = getLong(CONTACT_HISTORY_RETENTION_MS_CONFIG);
    return ms == -1 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /** How long after its end (event time) a bucket stays in aggregate-store; empty: forever. */
  public Optional<Duration> metricsRetention() {
    long ms = getLong(METRICS_RETENTION_MS_CONFIG);
    return ms == -1 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  public List<MetricWindow> windows() {
    return getList(WINDOWS_CONFIG).stream().map(MetricWindow::parse).toList();
  }

  public String defaultRegion() {
    return getString(DEFAULT_REGION_CONFIG);
  }

  /**
   * This config with {@code application.server} set (through the {@code journeyline.kafka.*}
   * pass-through) to the advertised query endpoint, once the query API's port is known.
   */
  public StreamsAppConfig withApplicationServer(String hostAndPort) {
    Map<String, Object> props = new LinkedHashMap<>(raw);
    props.put(ConfigSources.KAFKA_PREFIX + StreamsConfig.APPLICATION_SERVER_CONFIG, hostAndPort);
    return new StreamsAppConfig(props);
  }

  public boolean queryEnabled() {
    return getBoolean(QUERY_ENABLED_CONFIG);
  }

  public String queryHost() {
    return getString(QUERY_HOST_CONFIG);
  }

  public int queryPort() {
    return getInt(QUERY_PORT_CONFIG);
  }

  /** The advertised host; this machine's host name when not set. */
  public String queryAdvertisedHost() {
    String host = getString(QUERY_ADVERTISED_HOST_CONFIG);
    if (host != null && !host.isBlank()) {
      return host.trim();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** The advertised port, or {@code boundPort} when not set. */
  public int queryAdvertisedPort(int boundPort) {
    int port = getInt(QUERY_ADVERTISED_PORT_CONFIG);
    return port < 0 ? boundPort : port;
  }

  public Duration queryForwardTimeout() {
    return Duration.ofMillis(getLong(QUERY_FORWARD_TIMEOUT_MS_CONFIG));
  }

  public int queryRetryAfterSeconds() {
    return getInt(QUERY_RETRY_AFTER_SECONDS_CONFIG);
  }

  public boolean queryStaleReads() {
    return getBoolean(QUERY_STALE_READS_CONFIG);
  }

  /** Whether the query API requires API keys ({@code journeyline.query.auth=api-keys}). */
  public boolean queryAuthEnabled() {
    return QUERY_AUTH_API_KEYS.equals(getString(QUERY_AUTH_CONFIG));
  }

  /** The query API's keys (parsed and validated; possibly none). */
  public ScopedApiKeys queryApiKeys() {
    return queryApiKeys;
  }

  public String queryApiKeyHeader() {
    return getString(QUERY_API_KEY_HEADER_CONFIG);
  }

  /** Whether {@code /metrics} needs the {@code ops:metrics} scope (with authentication on). */
  public boolean queryMetricsAuth() {
    return getBoolean(QUERY_METRICS_AUTH_CONFIG);
  }

  /** The query API's TLS settings; empty when it speaks plain HTTP. */
  public Optional<TlsSettings> queryTls() {
    return queryTls;
  }

  /** {@code https} with TLS on, else {@code http}: how the instances reach one another. */
  public String queryScheme() {
    return queryTls.isPresent() ? "https" : "http";
  }

  private Optional<TlsSettings> tls() {
    String keystore = getString(QUERY_TLS_KEYSTORE_PATH_CONFIG).trim();
    String truststore = getString(QUERY_TLS_TRUSTSTORE_PATH_CONFIG).trim();
    if (keystore.isEmpty()) {
      if (!truststore.isEmpty()
          || !"none".equalsIgnoreCase(getString(QUERY_TLS_CLIENT_AUTH_CONFIG))) {
        throw new ConfigException(
            QUERY_TLS_KEYSTORE_PATH_CONFIG
                + " is required with "
                + QUERY_TLS_TRUSTSTORE_PATH_CONFIG
                + " or "
                + QUERY_TLS_CLIENT_AUTH_CONFIG);
      }
      return Optional.empty();
    }
    Password password = getPassword(QUERY_TLS_KEYSTORE_PASSWORD_CONFIG);
    if (password == null) {
      throw new ConfigException(
          QUERY_TLS_KEYSTORE_PASSWORD_CONFIG
              + " is required with "
              + QUERY_TLS_KEYSTORE_PATH_CONFIG);
    }
    Password trustPassword = getPassword(QUERY_TLS_TRUSTSTORE_PASSWORD_CONFIG);
    return Optional.of(
        new TlsSettings(
            java.nio.file.Path.of(keystore),
            password.value(),
            getString(QUERY_TLS_KEYSTORE_TYPE_CONFIG),
            truststore.isEmpty()
                ? Optional.empty()
                : Optional.of(java.nio.file.Path.of(truststore)),
            trustPassword == null ? null : trustPassword.value(),
            getString(QUERY_TLS_TRUSTSTORE_TYPE_CONFIG),
            TlsSettings.ClientAuth.parse(getString(QUERY_TLS_CLIENT_AUTH_CONFIG))));
  }

  /** The topic names, from {@code journeyline.topics.<id>} overrides. */
  public TopicCatalog topicCatalog() {
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      Object name = raw.get(TopicCatalog.NAME_PREFIX + topic.id());
      if (name != null && !name.toString().isBlank()) {
        names.put(topic, name.toString().trim());
      }
    }
    return TopicCatalog.of(
        names,
        getInt(TOPIC_PARTITIONS_CONFIG),
        getShort(TOPIC_REPLICATION_CONFIG),
        Duration.ofMillis(getLong(TOPIC_RETENTION_MS_CONFIG)));
  }

  public boolean createTopics() {
    return getBoolean(CREATE_TOPICS_CONFIG);
  }

  /** The Kafka client settings passed through under {@code journeyline.kafka.*}. */
  public Map<String, Object> kafkaProperties() {
    return ConfigSources.withPrefix(raw, ConfigSources.KAFKA_PREFIX);
  }

  /** The registry and serde settings (see {@link io.journeyline.serde.SerdeFactory}). */
  public Map<String, Object> serdeProperties() {
    return new LinkedHashMap<>(raw);
  }

  /**
   * The Kafka Streams properties: ours, then the {@code journeyline.kafka.*} pass-through (which
   * may override any of them), and always {@code ensure.explicit.internal.resource.naming=true}.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS_CONFIG));
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(STANDBY_REPLICAS_CONFIG));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_THREADS_CONFIG));
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(CACHE_MAX_BYTES_CONFIG));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateCompression.class);
    props.put(STATE_COMPRESSION_CONFIG, getString(STATE_COMPRESSION_CONFIG));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) getShort(TOPIC_REPLICATION_CONFIG));
    // Also for the global identity table (the default from Kafka 5.0; the constant is deprecated).
    props.put("processing.exception.handler.global.enabled", true);
    props.putAll(kafkaProperties());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    return props;
  }
}

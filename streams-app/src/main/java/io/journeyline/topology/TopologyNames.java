package io.journeyline.topology;

/**
 * Every processor, store and internal topic of the topology, named once. Renaming a store or a
 * repartition silently loses state on upgrade: these names are part of the app's compatibility.
 */
public final class TopologyNames {

  private TopologyNames() {}

  // Sources
  public static final String INTERACTIONS_SOURCE = "interactions-source";
  public static final String IDENTITIES_SOURCE = "identities-source";
  public static final String IDENTITIES_TABLE_SOURCE = "identities-table-source";

  // Stage A: keyed by contactId
  public static final String VALIDATE_DEDUP_RESOLVE = "validate-dedup-resolve";
  public static final String DEDUP_STORE = "dedup-store";
  public static final String CONTACT_CUSTOMER_STORE = "contact-customer-store";
  public static final String IDENTITY_LINKS_STORE = "identity-links-store";
  public static final String INPUT_WATERMARK_STORE = "input-watermark-store";
  public static final String SELECT_LEARNED_LINKS = "select-learned-links";
  public static final String TO_IDENTITY_LINK = "to-identity-link";
  public static final String IDENTITIES_SINK = "identities-sink";
  public static final String SELECT_CUSTOMER_EVENTS = "select-customer-events";
  public static final String TO_CUSTOMER_EVENT = "to-customer-event";
  public static final String BY_CUSTOMER = "by-customer";

  // Stage B: keyed by customerId
  public static final String JOURNEY = "journey";
  public static final String JOURNEY_STORE = "journey-store";
  public static final String TIMER_INDEX_STORE = "timer-index-store";
  public static final String SOURCE_WATERMARK_STORE = "source-watermark-store";
  public static final String SELECT_CONTACTS = "select-contacts";
  public static final String TO_CONTACT_SUMMARY = "to-contact-summary";
  public static final String CONTACTS_SINK = "contacts-sink";
  public static final String SELECT_JOURNEYS = "select-journeys";
  public static final String TO_CUSTOMER_JOURNEY = "to-customer-journey";
  public static final String JOURNEYS_SINK = "journeys-sink";
  public static final String SELECT_ALERTS = "select-alerts";
  public static final String TO_ALERT = "to-alert";
  public static final String ALERTS_SINK = "alerts-sink";
  public static final String SELECT_DELTAS = "select-deltas";
  public static final String TO_DELTA = "to-delta";
  public static final String BY_BUCKET = "by-bucket";

  // Stage C: keyed by bucket
  public static final String DELTA_OUTBOX_STORE = "delta-outbox-store";
  public static final String AGGREGATE = "aggregate";
  public static final String SELECT_WATERMARKS = "select-watermarks";
  public static final String RECORD_WATERMARKS = "record-watermarks";
  public static final String SELECT_BUCKET_DELTAS = "select-bucket-deltas";
  public static final String AGGREGATE_CHANGES = "aggregate-changes";
  public static final String EMIT_AGGREGATES = "emit-aggregates";
  public static final String AGGREGATE_STORE = "aggregate-store";
  public static final String WATERMARK_STORE = "watermark-store";
  public static final String SELECT_FCR = "select-fcr";
  public static final String TO_FCR_KEY = "to-fcr-key";
  public static final String TO_FCR_AGGREGATE = "to-fcr-aggregate";
  public static final String FCR_SINK = "metrics-fcr-sink";
  public static final String SELECT_SENTIMENT = "select-sentiment";
  public static final String TO_SENTIMENT_KEY = "to-sentiment-key";
  public static final String TO_SENTIMENT_AGGREGATE = "to-sentiment-aggregate";
  public static final String SENTIMENT_SINK = "metrics-sentiment-sink";
  public static final String SELECT_REPEAT = "select-repeat";
  public static final String TO_REPEAT_KEY = "to-repeat-key";
  public static final String TO_REPEAT_AGGREGATE = "to-repeat-aggregate";
  public static final String REPEAT_SINK = "metrics-repeat-contacts-sink";

  // Contact history: keyed by contactId, read from journeyline.contacts
  public static final String CONTACT_HISTORY_SOURCE = "contact-history-source";
  public static final String CONTACT_HISTORY = "contact-history";
  public static final String CONTACT_HISTORY_STORE = "contact-history-store";
  public static final String CONTACT_HISTORY_INDEX_STORE = "contact-history-index-store";
  public static final String CONTACT_HISTORY_TOMBSTONES_SINK = "contact-history-tombstones-sink";

  /** Key of the heartbeat and watermark records on the repartition topics (never a real key). */
  public static final String TICK_KEY = "\u0000tick";
}

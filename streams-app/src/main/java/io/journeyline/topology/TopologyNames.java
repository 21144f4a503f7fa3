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
  public static final String IDENTITY_RESOLUTION_SOURCE = "identity-resolution-source";
  public static final String JOURNEY_TRANSFERS_SOURCE = "journey-transfers-source";

  // Stage A: keyed by contactId
  public static final String VALIDATE_DEDUP_RESOLVE = "validate-dedup-resolve";
  public static final String DEDUP_STORE = "dedup-store";
  public static final String CONTACT_IDENTITY_STORE = "contact-identity-store";
  public static final String IDENTITY_RESOLUTION_STORE = "identity-resolution-store";
  public static final String INPUT_WATERMARK_STORE = "input-watermark-store";
  public static final String SELECT_EVIDENCE = "select-evidence";
  public static final String TO_EVIDENCE = "to-evidence";
  public static final String IDENTITY_EVIDENCE = "identity-evidence";
  public static final String SELECT_CUSTOMER_EVENTS = "select-customer-events";
  public static final String TO_CUSTOMER_EVENT = "to-customer-event";
  public static final String BY_CUSTOMER = "by-customer";

  // The identity graph: one task
  public static final String SELECT_CRM_LINKS = "select-crm-links";
  public static final String TO_CRM_INPUT = "to-crm-input";
  public static final String IDENTITY_CRM = "identity-crm";
  public static final String MERGE_GRAPH_INPUTS = "merge-graph-inputs";
  public static final String IDENTITY_GRAPH = "identity-graph";
  public static final String IDENTITY_NODE_STORE = "identity-node-store";
  public static final String IDENTITY_COMPONENT_STORE = "identity-component-store";
  public static final String IDENTITY_CONTACT_STORE = "identity-contact-store";
  public static final String IDENTITY_INDEX_STORE = "identity-index-store";
  public static final String SELECT_RESOLUTIONS = "select-resolutions";
  public static final String TO_RESOLVED_IDENTIFIER = "to-resolved-identifier";
  public static final String IDENTITY_RESOLUTION_SINK = "identity-resolution-sink";
  public static final String SELECT_MOVES = "select-moves";
  public static final String TO_MOVE = "to-move";
  public static final String MOVES_SINK = "moves-sink";

  // Stage B: keyed by customerId
  public static final String MERGE_JOURNEY_INPUTS = "merge-journey-inputs";
  public static final String SELECT_TRANSFERS = "select-transfers";
  public static final String TO_TRANSFER = "to-transfer";
  public static final String TRANSFERS_SINK = "transfers-sink";
  public static final String JOURNEY = "journey";
  public static final String JOURNEY_STORE = "journey-store";
  public static final String TIMER_INDEX_STORE = "timer-index-store";
  public static final String SOURCE_WATERMARK_STORE = "source-watermark-store";
  public static final String OUTPUT_OUTBOX_STORE = "output-outbox-store";
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
  public static final String SELECT_SERVICE = "select-service";
  public static final String TO_SERVICE_AGGREGATE = "to-service-aggregate";
  public static final String SERVICE_SINK = "metrics-service-sink";
  public static final String SELECT_SURVEYS = "select-surveys";
  public static final String TO_SURVEY_AGGREGATE = "to-survey-aggregate";
  public static final String SURVEYS_SINK = "metrics-surveys-sink";

  // Contact history: keyed by contactId, read from journeyline.contacts
  public static final String CONTACT_HISTORY_SOURCE = "contact-history-source";
  public static final String CONTACT_HISTORY = "contact-history";
  public static final String CONTACT_HISTORY_STORE = "contact-history-store";
  public static final String CONTACT_HISTORY_INDEX_STORE = "contact-history-index-store";
  public static final String CONTACT_HISTORY_TOMBSTONES_SINK = "contact-history-tombstones-sink";
  public static final String SURVEYS_SOURCE = "surveys-source";
  public static final String SURVEYS_BY_CONTACT = "surveys-by-contact";
  public static final String SURVEY_PENDING_STORE = "survey-pending-store";
  public static final String CONTACTS_TO_SURVEY_JOIN = "contacts-to-survey-join";
  public static final String SURVEYS_TO_SURVEY_JOIN = "surveys-to-survey-join";
  public static final String MERGE_SURVEY_JOIN_INPUTS = "merge-survey-join-inputs";
  public static final String SURVEY_JOIN = "survey-join";
  public static final String SELECT_JOINED_SURVEYS = "select-joined-surveys";
  public static final String TO_JOINED_SURVEY = "to-joined-survey";
  public static final String JOINED_SURVEYS_SINK = "joined-surveys-sink";
  public static final String SELECT_UNMATCHED_SURVEYS = "select-unmatched-surveys";
  public static final String TO_UNMATCHED_SURVEY = "to-unmatched-survey";
  public static final String UNMATCHED_SURVEYS_SINK = "unmatched-surveys-sink";

  // Erasure (GDPR) and crypto-shredding
  public static final String DATA_KEYS_SOURCE = "data-keys-source";
  public static final String DATA_KEY_STORE = "data-key-store";
  public static final String ERASURES_SOURCE = "erasures-source";
  public static final String SELECT_ERASURE_REQUESTS = "select-erasure-requests";
  public static final String IDENTITY_ERASURE_REQUESTS = "identity-erasure-requests";
  public static final String ENCODE_ERASURE_REQUESTS = "encode-erasure-requests";
  public static final String IDENTITY_ERASURE = "identity-erasure";
  public static final String IDENTITY_ERASURE_GUARD = "identity-erasure-guard";
  public static final String SELECT_RESOLUTION_TOMBSTONES = "select-resolution-tombstones";
  public static final String TO_RESOLUTION_TOMBSTONE = "to-resolution-tombstone";
  public static final String RESOLUTION_TOMBSTONES_SINK = "resolution-tombstones-sink";
  public static final String SELECT_IDENTITY_TOMBSTONES = "select-identity-tombstones";
  public static final String TO_IDENTITY_TOMBSTONE = "to-identity-tombstone";
  public static final String IDENTITY_TOMBSTONES_SINK = "identity-tombstones-sink";
  public static final String SELECT_SHREDDED_KEYS = "select-shredded-keys";
  public static final String TO_SHREDDED_KEY = "to-shredded-key";
  public static final String SHREDDED_KEYS_SINK = "shredded-keys-sink";
  public static final String SELECT_JOURNEY_ERASURES = "select-journey-erasures";
  public static final String TO_JOURNEY_ERASURE = "to-journey-erasure";
  public static final String JOURNEY_ERASURES_SINK = "journey-erasures-sink";
  public static final String SELECT_HISTORY_ERASURES = "select-history-erasures";
  public static final String TO_HISTORY_ERASURE = "to-history-erasure";
  public static final String ERASURE_SCOPE = "erasure-scope";
  public static final String SELECT_CONTACT_ERASURES = "select-contact-erasures";
  public static final String TO_CONTACT_ERASURE = "to-contact-erasure";
  public static final String ERASURE_CONTACTS = "erasure-contacts";
  public static final String CONTACT_IDENTITY_ERASURE = "contact-identity-erasure";
  public static final String SELECT_ERASURE_AUDIT = "select-erasure-audit";
  public static final String TO_ERASURE_AUDIT = "to-erasure-audit";
  public static final String ERASURE_AUDIT_SINK = "erasure-audit-sink";
  public static final String SELECT_TRANSFER_ERASURES = "select-transfer-erasures";
  public static final String SELECT_HANDOVERS = "select-handovers";
  public static final String JOURNEY_ERASURE = "journey-erasure";
  public static final String JOURNEY_ERASURE_GUARD = "journey-erasure-guard";
  public static final String JOURNEY_ERASURE_STORE = "journey-erasure-store";
  public static final String SELECT_JOURNEY_ERASURE_CONTACTS = "select-journey-erasure-contacts";
  public static final String TO_JOURNEY_ERASURE_CONTACT = "to-journey-erasure-contact";
  public static final String JOURNEY_ERASURE_CONTACTS_SINK = "journey-erasure-contacts-sink";
  public static final String SELECT_JOURNEY_ERASURE_JOURNEYS = "select-journey-erasure-journeys";
  public static final String TO_JOURNEY_ERASURE_JOURNEY = "to-journey-erasure-journey";
  public static final String JOURNEY_ERASURE_JOURNEYS_SINK = "journey-erasure-journeys-sink";
  public static final String SELECT_JOURNEY_ERASURE_AUDIT = "select-journey-erasure-audit";
  public static final String TO_JOURNEY_ERASURE_AUDIT = "to-journey-erasure-audit";
  public static final String JOURNEY_ERASURE_AUDIT_SINK = "journey-erasure-audit-sink";
  public static final String HISTORY_ERASURE = "contact-history-erasure";
  public static final String SELECT_HISTORY_ERASURE_CONTACTS = "select-history-erasure-contacts";
  public static final String TO_HISTORY_ERASURE_CONTACT = "to-history-erasure-contact";
  public static final String HISTORY_ERASURE_CONTACTS_SINK = "history-erasure-contacts-sink";
  public static final String SELECT_HISTORY_ERASURE_AUDIT = "select-history-erasure-audit";
  public static final String TO_HISTORY_ERASURE_AUDIT = "to-history-erasure-audit";
  public static final String HISTORY_ERASURE_AUDIT_SINK = "history-erasure-audit-sink";

  /** Key of the heartbeat and watermark records on the repartition topics (never a real key). */
  public static final String TICK_KEY = "\u0000tick";
}

package io.journeyline.topics;

import io.journeyline.avro.Alert;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.ErasureAudit;
import io.journeyline.avro.ErasureRequest;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.avro.WrappedDataKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topics of DESIGN.md's topic table. Each has a stable id (used in configuration keys), a
 * default name, its value type and whether it is compacted. Names are configurable; see {@link
 * TopicCatalog}.
 */
public enum JourneylineTopic {
  INTERACTIONS_CHAT("interactions-chat", "journeyline.interactions.chat", ChatEvent.class, false),
  INTERACTIONS_VOICE(
      "interactions-voice", "journeyline.interactions.voice", VoiceEvent.class, false),
  INTERACTIONS_EMAIL(
      "interactions-email", "journeyline.interactions.email", EmailEvent.class, false),
  INTERACTIONS_SMS("interactions-sms", "journeyline.interactions.sms", SmsEvent.class, false),
  SURVEYS("surveys", "journeyline.surveys", SurveyResponse.class, false),
  IDENTITIES("identities", "journeyline.identities", IdentityLink.class, true),
  /** The identity graph's answer per identifier, written by the streams app. */
  IDENTITY_RESOLUTION(
      "identity-resolution", "journeyline.identity-resolution", ResolvedIdentifier.class, true),
  CONTACTS("contacts", "journeyline.contacts", ContactSummary.class, true),
  JOURNEYS("journeys", "journeyline.journeys", CustomerJourney.class, true),
  METRICS_FCR("metrics-fcr", "journeyline.metrics.fcr", FcrAggregate.class, false),
  METRICS_SENTIMENT(
      "metrics-sentiment", "journeyline.metrics.sentiment", SentimentAggregate.class, false),
  METRICS_REPEAT_CONTACTS(
      "metrics-repeat-contacts",
      "journeyline.metrics.repeat-contacts",
      RepeatContactAggregate.class,
      false),
  METRICS_SERVICE("metrics-service", "journeyline.metrics.service", ServiceAggregate.class, false),
  METRICS_SURVEYS("metrics-surveys", "journeyline.metrics.surveys", SurveyAggregate.class, false),
  ALERTS("alerts", "journeyline.alerts", Alert.class, false),
  /** Dead-letter queue: original key and bytes, with reason and source headers. */
  DLQ("dlq", "journeyline.dlq", null, false),
  /**
   * The streams app's own feedback topic (key customerId, internal binary values): contacts moving
   * between customers when the identity graph merges or splits them. Same partition count as the
   * interaction topics.
   */
  JOURNEY_TRANSFERS("journey-transfers", "journeyline.journey-transfers", null, false),
  /**
   * Erasure requests (GDPR art. 17), key customerId, written by the adapters' {@code DELETE
   * /v1/customers/{id}}; read by the streams app. Kept for the default retention.
   */
  ERASURES("erasures", "journeyline.erasures", ErasureRequest.class, false),
  /**
   * The data keys of the text encryption, key {@code <subjectRef>/<keyId>} (no identifier), value
   * the key wrapped under the master key; compacted, so that a shredded key leaves the topic.
   */
  DATA_KEYS("data-keys", "journeyline.data-keys", WrappedDataKey.class, true),
  /**
   * What each erasure removed (no personal data), key requestId; kept forever ({@code
   * retention.ms=-1}): it is the record that an erasure happened.
   */
  ERASURE_AUDIT("erasure-audit", "journeyline.erasure-audit", ErasureAudit.class, false);

  private final String id;
  private final String defaultName;
  private final Class<? extends SpecificRecord> valueType;
  private final boolean compacted;

  JourneylineTopic(
      String id, String defaultName, Class<? extends SpecificRecord> valueType, boolean compacted) {
    this.id = id;
    this.defaultName = defaultName;
    this.valueType = valueType;
    this.compacted = compacted;
  }

  /** Stable id used in configuration keys, e.g. {@code journeyline.topics.interactions-chat}. */
  public String id() {
    return id;
  }

  /** The name used when configuration does not override it. */
  public String defaultName() {
    return defaultName;
  }

  /**
   * The key type: {@link String} (written as an Avro {@code "string"}) for most topics, {@link
   * MetricKey} for the metric topics; the DLQ keeps the original key bytes.
   */
  public Class<?> keyType() {
    return switch (this) {
      case METRICS_FCR,
          METRICS_SENTIMENT,
          METRICS_REPEAT_CONTACTS,
          METRICS_SERVICE,
          METRICS_SURVEYS ->
          MetricKey.class;
      case DLQ -> byte[].class;
      case JOURNEY_TRANSFERS -> String.class;
      default -> String.class;
    };
  }

  /**
   * The Avro value type; empty for the DLQ, which keeps the original bytes, and for the journey
   * transfers, which are internal to the streams app.
   */
  public Optional<Class<? extends SpecificRecord>> valueType() {
    return Optional.ofNullable(valueType);
  }

  /** True for topics that keep only the latest record per key. */
  public boolean compacted() {
    return compacted;
  }

  /** The interaction topic of a channel. */
  public static JourneylineTopic interactions(Channel channel) {
    return switch (channel) {
      case CHAT -> INTERACTIONS_CHAT;
      case VOICE -> INTERACTIONS_VOICE;
      case EMAIL -> INTERACTIONS_EMAIL;
      case SMS -> INTERACTIONS_SMS;
    };
  }

  /** The four interaction topics, in channel order. */
  public static List<JourneylineTopic> interactionTopics() {
    return Arrays.stream(Channel.values()).map(JourneylineTopic::interactions).toList();
  }
}

package io.journeyline.adapters.publish;

import io.journeyline.adapters.crypto.TextEncryptor;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalFields;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.CanonicalSurvey;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.IdentityClaim;
import io.journeyline.adapters.ingest.IdentityKey;
import io.journeyline.adapters.redact.PiiRedactor;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.ErasureRequest;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.events.InteractionEvents;
import io.journeyline.events.InteractionFields;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns canonical events into the per-channel Avro records of the interaction topics (key:
 * contactId), survey responses into {@link SurveyResponse}s on journeyline.surveys (key: contactId)
 * and identity claims into {@link IdentityLink}s (key: {@code <TYPE>:<value>}).
 *
 * <p>This is the one place where free text leaves the adapters, so redaction happens here: message
 * text, email subjects, issue, queue, entry point, attribute keys and values and survey comments go
 * through the {@link PiiRedactor}, and only then are they cut to their length limits. Identifier
 * fields (customer, contact, agent and message ids) are kept as they are.
 */
public final class AvroMapper {

  private final TopicCatalog topics;
  private final PiiRedactor redactor;

  public AvroMapper(TopicCatalog topics, PiiRedactor redactor) {
    this.topics = topics;
    this.redactor = redactor;
  }

  /** The record for an event, on its channel's interaction topic, with its text in the clear. */
  public OutboundRecord toRecord(CanonicalEvent e) {
    return toRecord(e, null);
  }

  /**
   * The record for an event, on its channel's interaction topic; the text, once redacted and cut,
   * is encrypted under the data key of the event's customer identifier when {@code keys} is given.
   */
  public OutboundRecord toRecord(CanonicalEvent e, TextEncryptor.Batch keys) {
    String topic = topics.name(JourneylineTopic.interactions(e.channel()));
    Instant at = e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
    CustomerRef customer = customer(e.customer());
    String text = cut(redactor.redact(e.text()), CanonicalJson.TEXT_MAX);
    if (keys != null) {
      text = keys.encrypt(TextEncryptor.keyOwner(e.customer()), text);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    e.attributes()
        .forEach(
            (k, v) ->
                attributes.put(
                    cut(redactor.redact(k), CanonicalJson.ID_MAX),
                    cut(redactor.redact(v), CanonicalJson.ATTRIBUTE_VALUE_MAX)));
    InteractionFields fields =
        new InteractionFields(
            e.channel(),
            e.eventId(),
            at,
            e.type(),
            e.contactId(),
            customer,
            e.direction(),
            cut(redactor.redact(e.queue()), CanonicalJson.SHORT_MAX),
            e.agentId(),
            cut(redactor.redact(e.issue()), CanonicalJson.SHORT_MAX),
            e.participant(),
            text,
            e.sentiment(),
            e.resolved(),
            e.source(),
            attributes);
    Map<String, Object> channelFields = new HashMap<>();
    switch (e.channel()) {
      case CHAT -> {
        channelFields.put("sessionId", e.sessionId());
        channelFields.put(
            "entryPoint", cut(redactor.redact(e.entryPoint()), CanonicalJson.SHORT_MAX));
      }
      case VOICE -> {
        channelFields.put("dialedNumber", e.dialedNumber());
        channelFields.put("holdSeconds", e.holdSeconds());
        channelFields.put("previousContactId", e.previousContactId());
      }
      case EMAIL -> {
        channelFields.put("messageId", e.messageId());
        channelFields.put("subject", cut(redactor.redact(e.subject()), CanonicalJson.SHORT_MAX));
        channelFields.put("mailbox", e.mailbox());
      }
      case SMS -> {
        channelFields.put("messageSid", e.messageSid());
        channelFields.put("businessNumber", e.businessNumber());
      }
    }
    SpecificRecord value = InteractionEvents.build(fields, channelFields);
    return OutboundRecord.keyed(topic, e.contactId(), value);
  }

  /** The record of a survey response, on journeyline.surveys keyed by the contact it is about. */
  public OutboundRecord toRecord(CanonicalSurvey s) {
    SurveyResponse value =
        SurveyResponse.newBuilder()
            .setSurveyId(s.surveyId())
            .setContactId(s.contactId())
            .setRespondedAt(s.respondedAt().truncatedTo(ChronoUnit.MILLIS))
            .setCustomer(s.customer() == null ? null : customer(s.customer()))
            .setChannel(s.channel())
            .setCsat(s.csat())
            .setNps(s.nps())
            .setCes(s.ces())
            .setResolved(s.resolved())
            .setComment(cut(redactor.redact(s.comment()), CanonicalFields.COMMENT_MAX))
            .build();
    return OutboundRecord.keyed(topics.name(JourneylineTopic.SURVEYS), s.contactId(), value);
  }

  /** The identity link record of a claim from the CRM feed. */
  public OutboundRecord toRecord(IdentityClaim claim) {
    Instant at = claim.linkedAt().truncatedTo(ChronoUnit.MILLIS);
    IdentityLink link =
        IdentityLink.newBuilder()
            .setIdentifierType(claim.type())
            .setIdentifier(claim.value())
            .setCustomerId(claim.customerId())
            .setSource(LinkSource.CRM)
            .setLinkedAt(at)
            .build();
    return OutboundRecord.keyed(topics.name(JourneylineTopic.IDENTITIES), claim.key(), link);
  }

  /**
   * The tombstone that unlinks an identifier on journeyline.identities: the CRM no longer links it
   * to any customer.
   */
  public OutboundRecord tombstone(IdentityKey identifier) {
    return OutboundRecord.tombstone(topics.name(JourneylineTopic.IDENTITIES), identifier.key());
  }

  /** The erasure request of a customer on journeyline.erasures (key: the customer id). */
  public OutboundRecord erasure(String customerId, String requestId, Instant requestedAt) {
    return OutboundRecord.keyed(
        topics.name(JourneylineTopic.ERASURES),
        customerId,
        ErasureRequest.newBuilder()
            .setRequestId(requestId)
            .setCustomerId(customerId)
            .setRequestedAt(requestedAt.truncatedTo(ChronoUnit.MILLIS))
            .build());
  }

  /**
   * Cuts text to a length limit in code points (as the validator and JSON Schema count), after
   * redaction (so a card number across the cut is never left half visible), never splitting a
   * surrogate pair.
   */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max || CanonicalFields.length(text) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max));
  }

  private static CustomerRef customer(Customer c) {
    return CustomerRef.newBuilder()
        .setCustomerId(c.customerId())
        .setPhone(c.phone())
        .setEmail(c.email())
        .setChatUserId(c.chatUserId())
        .build();
  }
}

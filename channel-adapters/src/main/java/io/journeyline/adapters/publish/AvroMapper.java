package io.journeyline.adapters.publish;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.IdentityClaim;
import io.journeyline.adapters.redact.PiiRedactor;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
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
 * contactId) and identity claims into {@link IdentityLink}s (key: {@code <TYPE>:<value>}).
 *
 * <p>This is the one place where free text leaves the adapters, so redaction happens here: message
 * text, email subjects and attribute values go through the {@link PiiRedactor}. Identifier fields
 * (customer, contact and message ids) are kept as they are.
 */
public final class AvroMapper {

  private final TopicCatalog topics;
  private final PiiRedactor redactor;

  public AvroMapper(TopicCatalog topics, PiiRedactor redactor) {
    this.topics = topics;
    this.redactor = redactor;
  }

  /** The record for an event, on its channel's interaction topic. */
  public OutboundRecord toRecord(CanonicalEvent e) {
    String topic = topics.name(JourneylineTopic.interactions(e.channel()));
    Instant at = e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
    CustomerRef customer = customer(e.customer());
    String text = redactor.redact(e.text());
    Map<String, String> attributes = new LinkedHashMap<>();
    e.attributes().forEach((k, v) -> attributes.put(k, redactor.redact(v)));
    InteractionFields fields =
        new InteractionFields(
            e.channel(),
            e.eventId(),
            at,
            e.type(),
            e.contactId(),
            customer,
            e.direction(),
            e.queue(),
            e.agentId(),
            e.issue(),
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
        channelFields.put("entryPoint", redactor.redact(e.entryPoint()));
      }
      case VOICE -> {
        channelFields.put("dialedNumber", e.dialedNumber());
        channelFields.put("holdSeconds", e.holdSeconds());
        channelFields.put("previousContactId", e.previousContactId());
      }
      case EMAIL -> {
        channelFields.put("messageId", e.messageId());
        channelFields.put("subject", redactor.redact(e.subject()));
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

  private static CustomerRef customer(Customer c) {
    return CustomerRef.newBuilder()
        .setCustomerId(c.customerId())
        .setPhone(c.phone())
        .setEmail(c.email())
        .setChatUserId(c.chatUserId())
        .build();
  }
}

package io.journeyline.adapters.publish;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.IdentityClaim;
import io.journeyline.adapters.redact.PiiRedactor;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

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
    var value =
        switch (e.channel()) {
          case CHAT ->
              ChatEvent.newBuilder()
                  .setEventId(e.eventId())
                  .setOccurredAt(at)
                  .setType(e.type())
                  .setContactId(e.contactId())
                  .setCustomer(customer)
                  .setDirection(e.direction())
                  .setQueue(e.queue())
                  .setAgentId(e.agentId())
                  .setIssue(e.issue())
                  .setParticipant(e.participant())
                  .setText(text)
                  .setSentiment(e.sentiment())
                  .setResolved(e.resolved())
                  .setSource(e.source())
                  .setAttributes(attributes)
                  .setSessionId(e.sessionId())
                  .setEntryPoint(redactor.redact(e.entryPoint()))
                  .build();
          case VOICE ->
              VoiceEvent.newBuilder()
                  .setEventId(e.eventId())
                  .setOccurredAt(at)
                  .setType(e.type())
                  .setContactId(e.contactId())
                  .setCustomer(customer)
                  .setDirection(e.direction())
                  .setQueue(e.queue())
                  .setAgentId(e.agentId())
                  .setIssue(e.issue())
                  .setParticipant(e.participant())
                  .setText(text)
                  .setSentiment(e.sentiment())
                  .setResolved(e.resolved())
                  .setSource(e.source())
                  .setAttributes(attributes)
                  .setDialedNumber(e.dialedNumber())
                  .setHoldSeconds(e.holdSeconds())
                  .setPreviousContactId(e.previousContactId())
                  .build();
          case EMAIL ->
              EmailEvent.newBuilder()
                  .setEventId(e.eventId())
                  .setOccurredAt(at)
                  .setType(e.type())
                  .setContactId(e.contactId())
                  .setCustomer(customer)
                  .setDirection(e.direction())
                  .setQueue(e.queue())
                  .setAgentId(e.agentId())
                  .setIssue(e.issue())
                  .setParticipant(e.participant())
                  .setText(text)
                  .setSentiment(e.sentiment())
                  .setResolved(e.resolved())
                  .setSource(e.source())
                  .setAttributes(attributes)
                  .setMessageId(e.messageId())
                  .setSubject(redactor.redact(e.subject()))
                  .setMailbox(e.mailbox())
                  .build();
          case SMS ->
              SmsEvent.newBuilder()
                  .setEventId(e.eventId())
                  .setOccurredAt(at)
                  .setType(e.type())
                  .setContactId(e.contactId())
                  .setCustomer(customer)
                  .setDirection(e.direction())
                  .setQueue(e.queue())
                  .setAgentId(e.agentId())
                  .setIssue(e.issue())
                  .setParticipant(e.participant())
                  .setText(text)
                  .setSentiment(e.sentiment())
                  .setResolved(e.resolved())
                  .setSource(e.source())
                  .setAttributes(attributes)
                  .setMessageSid(e.messageSid())
                  .setBusinessNumber(e.businessNumber())
                  .build();
        };
    return OutboundRecord.keyed(topic, e.contactId(), value, at);
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
    return OutboundRecord.keyed(topics.name(JourneylineTopic.IDENTITIES), claim.key(), link, at);
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

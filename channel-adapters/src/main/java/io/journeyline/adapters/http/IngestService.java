package io.journeyline.adapters.http;

import io.journeyline.adapters.crypto.TextEncryptor;
import io.journeyline.adapters.heartbeat.HeartbeatPublisher;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalSurvey;
import io.journeyline.adapters.ingest.IdentityClaim;
import io.journeyline.adapters.ingest.IdentityKey;
import io.journeyline.adapters.publish.AvroMapper;
import io.journeyline.adapters.publish.OutboundRecord;
import io.journeyline.adapters.publish.PublishUnavailableException;
import io.journeyline.adapters.publish.TransactionalPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Maps validated items to records (redacting text) and publishes them as one transaction. */
public final class IngestService {

  private final AvroMapper mapper;
  private final TransactionalPublisher publisher;
  private final HeartbeatPublisher heartbeats;
  private final TextEncryptor encryptor;

  public IngestService(
      AvroMapper mapper, TransactionalPublisher publisher, HeartbeatPublisher heartbeats) {
    this(mapper, publisher, heartbeats, null);
  }

  /**
   * @param encryptor encrypts message text under per-identifier data keys; null writes it in the
   *     clear
   */
  public IngestService(
      AvroMapper mapper,
      TransactionalPublisher publisher,
      HeartbeatPublisher heartbeats,
      TextEncryptor encryptor) {
    this.mapper = mapper;
    this.publisher = publisher;
    this.heartbeats = heartbeats;
    this.encryptor = encryptor;
  }

  /** Publishes events; returns their ids once committed. */
  public List<String> publishEvents(List<CanonicalEvent> events)
      throws PublishUnavailableException {
    List<OutboundRecord> records = new ArrayList<>(events.size());
    List<String> ids = new ArrayList<>(events.size());
    Instant max = null;
    TextEncryptor.Batch keys = encryptor == null ? null : encryptor.batch();
    for (CanonicalEvent e : events) {
      records.add(mapper.toRecord(e, keys));
      ids.add(e.eventId());
      max = max == null || e.occurredAt().isAfter(max) ? e.occurredAt() : max;
    }
    if (keys != null) {
      // the new data keys go in the same transaction, ahead of the text they encrypt
      List<OutboundRecord> all = new ArrayList<>(keys.keyRecords());
      all.addAll(records);
      records = all;
    }
    publisher.publish(records);
    if (keys != null) {
      keys.committed();
    }
    if (max != null) {
      heartbeats.observe(max);
    }
    return ids;
  }

  /**
   * Publishes survey responses; returns their ids once committed. They do not move the heartbeat
   * watermark: that is the event time of the interaction topics, and surveys are not on them.
   */
  public List<String> publishSurveys(List<CanonicalSurvey> surveys)
      throws PublishUnavailableException {
    List<OutboundRecord> records = new ArrayList<>(surveys.size());
    List<String> ids = new ArrayList<>(surveys.size());
    for (CanonicalSurvey s : surveys) {
      records.add(mapper.toRecord(s));
      ids.add(s.surveyId());
    }
    publisher.publish(records);
    return ids;
  }

  /** Publishes identity links; returns their keys once committed. */
  public List<String> publishIdentities(List<IdentityClaim> claims)
      throws PublishUnavailableException {
    List<OutboundRecord> records = new ArrayList<>(claims.size());
    List<String> keys = new ArrayList<>(claims.size());
    for (IdentityClaim c : claims) {
      records.add(mapper.toRecord(c));
      keys.add(c.key());
    }
    publisher.publish(records);
    return keys;
  }

  /**
   * Publishes the tombstone that unlinks an identifier (a CRM unlink); returns its key once
   * committed.
   */
  public String unlinkIdentity(IdentityKey identifier) throws PublishUnavailableException {
    publisher.publish(List.of(mapper.tombstone(identifier)));
    return identifier.key();
  }

  /**
   * Publishes the erasure request of a customer; returns the request's id once committed.
   *
   * @param customerId the customer id (CRM id or provisional {@code prov:<TYPE>:<value>})
   */
  public String requestErasure(String customerId) throws PublishUnavailableException {
    String requestId = UUID.randomUUID().toString();
    publisher.publish(List.of(mapper.erasure(customerId, requestId, Instant.now())));
    return requestId;
  }
}

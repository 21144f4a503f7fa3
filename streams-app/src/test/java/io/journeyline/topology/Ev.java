package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Object mother for channel events: a fluent spec turned into the channel's Avro record. */
final class Ev {
  Channel channel = Channel.CHAT;
  String eventId;
  Instant at;
  EventType type = EventType.MESSAGE;
  String contactId;
  String customerId;
  String phone;
  String email;
  String chatUser;
  Direction direction = Direction.INBOUND;
  String queue;
  String agentId;
  String issue;
  Participant participant;
  String text;
  Double sentiment;
  Boolean resolved;
  Integer holdSeconds;

  static Ev of(Channel channel, String eventId, String contactId, EventType type, Instant at) {
    Ev e = new Ev();
    e.channel = channel;
    e.eventId = eventId;
    e.contactId = contactId;
    e.type = type;
    e.at = at;
    return e;
  }

  Ev customer(String id) {
    this.customerId = id;
    return this;
  }

  Ev phone(String p) {
    this.phone = p;
    return this;
  }

  Ev chatUser(String u) {
    this.chatUser = u;
    return this;
  }

  Ev email(String m) {
    this.email = m;
    return this;
  }

  Ev issue(String i) {
    this.issue = i;
    return this;
  }

  Ev queue(String q) {
    this.queue = q;
    return this;
  }

  Ev agent(String a) {
    this.agentId = a;
    return this;
  }

  Ev outbound() {
    this.direction = Direction.OUTBOUND;
    return this;
  }

  Ev customerSays(double score) {
    this.participant = Participant.CUSTOMER;
    this.sentiment = score;
    return this;
  }

  Ev customerText(String t) {
    this.participant = Participant.CUSTOMER;
    this.text = t;
    return this;
  }

  Ev agentSays(String t) {
    this.participant = Participant.AGENT;
    this.text = t;
    return this;
  }

  Ev botSays(String t) {
    this.participant = Participant.BOT;
    this.text = t;
    return this;
  }

  /** The hold time so far (voice only). */
  Ev hold(int seconds) {
    this.holdSeconds = seconds;
    return this;
  }

  Ev resolved(boolean r) {
    this.resolved = r;
    return this;
  }

  /** The event as the canonical JSON ingest API takes it ({@code POST /v1/events}). */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eventId", eventId);
    json.put("occurredAt", at.toString());
    json.put("channel", channel.name());
    json.put("type", type.name());
    json.put("contactId", contactId);
    Map<String, Object> customer = new LinkedHashMap<>();
    if (customerId != null) {
      customer.put("customerId", customerId);
    }
    if (phone != null) {
      customer.put("phone", phone);
    }
    if (email != null) {
      customer.put("email", email);
    }
    if (chatUser != null) {
      customer.put("chatUserId", chatUser);
    }
    json.put("customer", customer);
    json.put("direction", direction.name());
    putIfSet(json, "queue", queue);
    putIfSet(json, "agentId", agentId);
    putIfSet(json, "issue", issue);
    putIfSet(json, "participant", participant == null ? null : participant.name());
    putIfSet(json, "text", text);
    putIfSet(json, "sentiment", sentiment);
    putIfSet(json, "resolved", resolved);
    putIfSet(json, "holdSeconds", holdSeconds);
    return json;
  }

  private static void putIfSet(Map<String, Object> json, String name, Object value) {
    if (value != null) {
      json.put(name, value);
    }
  }

  CustomerRef ref() {
    return CustomerRef.newBuilder()
        .setCustomerId(customerId)
        .setPhone(phone)
        .setEmail(email)
        .setChatUserId(chatUser)
        .build();
  }

  SpecificRecord toAvro() {
    return switch (channel) {
      case CHAT ->
          ChatEvent.newBuilder()
              .setEventId(eventId)
              .setOccurredAt(at)
              .setType(type)
              .setContactId(contactId)
              .setCustomer(ref())
              .setDirection(direction)
              .setQueue(queue)
              .setAgentId(agentId)
              .setIssue(issue)
              .setParticipant(participant)
              .setText(text)
              .setSentiment(sentiment)
              .setResolved(resolved)
              .build();
      case VOICE ->
          VoiceEvent.newBuilder()
              .setEventId(eventId)
              .setOccurredAt(at)
              .setType(type)
              .setContactId(contactId)
              .setCustomer(ref())
              .setDirection(direction)
              .setQueue(queue)
              .setAgentId(agentId)
              .setIssue(issue)
              .setParticipant(participant)
              .setText(text)
              .setSentiment(sentiment)
              .setResolved(resolved)
              .setHoldSeconds(holdSeconds)
              .build();
      case EMAIL ->
          EmailEvent.newBuilder()
              .setEventId(eventId)
              .setOccurredAt(at)
              .setType(type)
              .setContactId(contactId)
              .setCustomer(ref())
              .setDirection(direction)
              .setQueue(queue)
              .setAgentId(agentId)
              .setIssue(issue)
              .setParticipant(participant)
              .setText(text)
              .setSentiment(sentiment)
              .setResolved(resolved)
              .build();
      case SMS ->
          SmsEvent.newBuilder()
              .setEventId(eventId)
              .setOccurredAt(at)
              .setType(type)
              .setContactId(contactId)
              .setCustomer(ref())
              .setDirection(direction)
              .setQueue(queue)
              .setAgentId(agentId)
              .setIssue(issue)
              .setParticipant(participant)
              .setText(text)
              .setSentiment(sentiment)
              .setResolved(resolved)
              .build();
    };
  }
}

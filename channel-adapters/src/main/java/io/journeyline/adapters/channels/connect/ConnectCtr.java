package io.journeyline.adapters.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.channels.NativeItem;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TimeBounds;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.events.VendorScores;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps Amazon Connect contact records (CTRs, as Kinesis Data Streams or Firehose deliver them) onto
 * canonical events, following AWS's "Data model for Amazon Connect contact records" and "Contact
 * initiation methods".
 *
 * <p>One CTR describes one leg of a contact after it ended. A transferred call is a chain of legs
 * (InitialContactId / PreviousContactId / NextContactId); Journeyline treats the chain as one
 * contact with the id of its first leg ({@code InitialContactId}, else {@code ContactId}). Per leg:
 *
 * <ul>
 *   <li>whether it is a customer contact and its direction follow {@code InitiationMethod}:
 *       INBOUND, CALLBACK, WEBRTC_API are INBOUND; OUTBOUND, EXTERNAL_OUTBOUND, AGENT_REPLY, FLOW
 *       are OUTBOUND; API is OUTBOUND on VOICE (StartOutboundVoiceContact) and INBOUND on CHAT and
 *       EMAIL (StartChatContact, StartEmailContact); TRANSFER, QUEUE_TRANSFER and DISCONNECT are
 *       further legs of an existing contact; MONITOR (a supervisor listening in) is never a
 *       customer contact and is skipped, as are TASK contacts;
 *   <li>at {@code InitiationTimestamp}: CONTACT_STARTED for a first leg, TRANSFERRED for a further
 *       leg (or one with a PreviousContactId);
 *   <li>at {@code Agent.ConnectedToAgentTimestamp}, when the leg has one: ANSWERED (an agent
 *       connected to the contact, which ends its queue wait), carrying the leg's agent; kept within
 *       the leg (not before {@code InitiationTimestamp}, not after {@code DisconnectTimestamp});
 *   <li>at {@code DisconnectTimestamp}, unless the leg continues in a {@code NextContactId}:
 *       ABANDONED when an inbound customer was queued ({@code Queue.EnqueueTimestamp}), never
 *       connected to an agent ({@code Agent.ConnectedToAgentTimestamp}) and hung up ({@code
 *       DisconnectReason} CUSTOMER_DISCONNECT, or none given); else CONTACT_ENDED carrying the
 *       issue ({@code Attributes.issue}, else {@code Attributes.disposition} / {@code wrapUpCode})
 *       and {@code Attributes.resolved}. A call the flow ended (voicemail, CONTACT_FLOW_DISCONNECT)
 *       is not abandoned;
 *   <li>at {@code Agent.AfterContactWorkEndTimestamp}, when that CONTACT_ENDED was sent and the
 *       agent's after-contact work ended after it: a second CONTACT_ENDED carrying the same agent,
 *       issue and resolved (the wrap-up). The topology amends the ended contact with it, so the
 *       contact's handle time (answer to last end) includes after-contact work. A leg that
 *       continues in a NextContactId sends none: an end there would end the whole transfer chain.
 * </ul>
 *
 * Event ids are {@code connect:<ContactId>:start}, {@code connect:<ContactId>:answered}, {@code
 * connect:<ContactId>:end} and {@code connect:<ContactId>:acw}, so a re-delivered identical CTR is
 * counted once. AWS re-delivers a record when it changes (for example after
 * update-contact-attributes) and says to keep the copy with the latest {@code LastUpdateTimestamp}:
 * the end events of a record that has one are {@code connect:<ContactId>:end:<LastUpdateTimestamp
 * epoch ms, 13 digits>} and {@code connect:<ContactId>:acw:<same>}, so an updated copy's wrap-up is
 * a new event whose id sorts after every older copy's (start and answer keep their ids: their times
 * do not change), and every event carries {@code connect.lastUpdateTimestamp}, {@code
 * connect.initiationMethod}, {@code connect.legContactId} and, where given, {@code
 * connect.disconnectReason} as attributes.
 *
 * <p>A caller without a usable address (anonymous, withheld, a SIP URI, a short code) or a record
 * without a customer endpoint is still a contact: its customer is {@code anonymous:<contactId>}, a
 * customer id of its own that never links to anyone else.
 */
public final class ConnectCtr {

  /** Attribute keys the adapter adds (prefixed so they never clash with contact attributes). */
  public static final String LAST_UPDATE_ATTRIBUTE = "connect.lastUpdateTimestamp";

  public static final String METHOD_ATTRIBUTE = "connect.initiationMethod";
  public static final String LEG_ATTRIBUTE = "connect.legContactId";
  public static final String DISCONNECT_ATTRIBUTE = "connect.disconnectReason";

  /** The customer id prefix of callers without a usable address. */
  public static final String ANONYMOUS_PREFIX = "anonymous:";

  private static final Set<String> LEG_METHODS = Set.of("TRANSFER", "QUEUE_TRANSFER", "DISCONNECT");
  private static final Set<String> OUTBOUND_METHODS =
      Set.of("OUTBOUND", "EXTERNAL_OUTBOUND", "AGENT_REPLY", "FLOW");
  private static final Set<String> SKIPPED_METHODS = Set.of("MONITOR");
  private static final List<String> ISSUE_ATTRIBUTES =
      List.of("issue", "Issue", "disposition", "Disposition", "wrapUpCode", "WrapUpCode");

  private final Identifiers identifiers;
  private final TimeBounds bounds;

  public ConnectCtr(Identifiers identifiers, TimeBounds bounds) {
    this.identifiers = identifiers;
    this.bounds = bounds;
  }

  /**
   * Maps CTRs.
   *
   * @throws ProblemException 400 naming each invalid record (by index) and field
   */
  public Mapped map(List<JsonNode> records) {
    List<FieldError> errors = new ArrayList<>();
    List<CanonicalEvent> events = new ArrayList<>();
    Map<String, CanonicalEvent> legs = new java.util.HashMap<>();
    List<NativeItem> lensFiles = new ArrayList<>();
    int ignored = 0;
    for (int i = 0; i < records.size(); i++) {
      NativeItem ctr = new NativeItem(records.get(i), i, errors);
      if (!ctr.node().isObject()) {
        ctr.error("", "must be a JSON object (a contact trace record)");
        continue;
      }
      if (isContactLensFile(ctr)) {
        lensFiles.add(ctr);
        continue;
      }
      String channelName = ctr.text("Channel", 32, true);
      Channel channel = channelName == null ? null : channel(channelName);
      String method = ctr.text("InitiationMethod", 32, false);
      if ((channelName != null && channel == null)
          || (method != null && SKIPPED_METHODS.contains(method))) {
        ignored++;
        continue;
      }
      int before = events.size();
      Instant connected = map(ctr, channel, method, events);
      if (events.size() > before) {
        CanonicalEvent start = events.get(before);
        legs.put(
            start.attributes().get(LEG_ATTRIBUTE),
            connected == null ? start : start.toBuilder().occurredAt(connected).build());
      }
    }
    for (NativeItem lens : lensFiles) {
      if (!contactLens(lens, legs, events)) {
        ignored++;
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return new Mapped(events, ignored);
  }

  /** A Contact Lens conversational-analytics output file rather than a contact record. */
  private static boolean isContactLensFile(NativeItem item) {
    return item.at("CustomerMetadata.ContactId") != null
        && item.at("ConversationCharacteristics") != null;
  }

  /**
   * The customer turns of a Contact Lens output file ("Example Contact Lens output files for a
   * call", Amazon Connect Administrator Guide) as CUSTOMER messages carrying Contact Lens's
   * sentiment: the score (-5..+5) of the {@code SentimentByPeriod.QUARTER.CUSTOMER} period the turn
   * begins in, divided by 5. The file has offsets but no absolute time and no customer, so it is
   * read only together with its contact record in the same request (Firehose batches and arrays): a
   * turn's time is the record's {@code Agent.ConnectedToAgentTimestamp} (else its {@code
   * InitiationTimestamp}) plus {@code BeginOffsetMillis}. A file without its record is counted as
   * ignored.
   */
  private boolean contactLens(
      NativeItem lens, Map<String, CanonicalEvent> legs, List<CanonicalEvent> out) {
    String leg = lens.text("CustomerMetadata.ContactId", CanonicalJson.ID_MAX, true);
    CanonicalEvent base = leg == null ? null : legs.get(leg);
    JsonNode transcript = lens.at("Transcript");
    if (base == null || transcript == null || !transcript.isArray()) {
      return false;
    }
    Set<String> customers = new java.util.HashSet<>(Set.of("CUSTOMER"));
    JsonNode participants = lens.at("Participants");
    if (participants != null && participants.isArray()) {
      for (JsonNode p : participants) {
        if ("CUSTOMER".equals(p.path("ParticipantRole").asText())) {
          customers.add(p.path("ParticipantId").asText());
        }
      }
    }
    JsonNode quarters =
        lens.at("ConversationCharacteristics.Sentiment.SentimentByPeriod.QUARTER.CUSTOMER");
    for (int t = 0; t < transcript.size(); t++) {
      JsonNode turn = transcript.get(t);
      String field = "Transcript[" + t + "]";
      if (!turn.isObject() || !customers.contains(turn.path("ParticipantId").asText())) {
        continue;
      }
      JsonNode offset = turn.get("BeginOffsetMillis");
      String content = turn.path("Content").isTextual() ? turn.get("Content").textValue() : null;
      String id = turn.path("Id").isTextual() ? turn.get("Id").textValue() : String.valueOf(t);
      if (offset == null || !offset.canConvertToLong() || offset.longValue() < 0) {
        lens.error(field + ".BeginOffsetMillis", "must be a non-negative integer");
        continue;
      }
      Instant at = base.occurredAt().plusMillis(offset.longValue());
      String violation = bounds.violation(at);
      if (violation != null) {
        lens.error(field + ".BeginOffsetMillis", violation);
        continue;
      }
      Double score = null;
      if (quarters != null && quarters.isArray()) {
        for (JsonNode q : quarters) {
          long from = q.path("BeginOffsetMillis").asLong(-1);
          long to = q.path("EndOffsetMillis").asLong(-1);
          if (q.path("Score").isNumber() && offset.longValue() >= from && offset.longValue() < to) {
            double raw = q.get("Score").doubleValue();
            if (Double.isFinite(raw)) {
              score = VendorScores.fromContactLens(raw);
            } else {
              lens.error(
                  "ConversationCharacteristics.Sentiment.SentimentByPeriod.QUARTER.CUSTOMER.Score",
                  "must be a finite number");
            }
            break;
          }
        }
      }
      String eventId = "connect:" + leg + ":lens:" + id;
      out.add(
          CanonicalEvent.builder()
              .eventId(
                  eventId.length() <= CanonicalJson.ID_MAX
                      ? eventId
                      : anonymousId(eventId).replace(ANONYMOUS_PREFIX, "connect:lens:"))
              .occurredAt(at)
              .channel(base.channel())
              .type(EventType.MESSAGE)
              .contactId(base.contactId())
              .customer(base.customer())
              .direction(base.direction())
              .participant(io.journeyline.avro.Participant.CUSTOMER)
              .text(content == null || content.isBlank() ? null : content)
              .sentiment(score)
              .source("amazon-connect-contact-lens")
              .attribute(LEG_ATTRIBUTE, leg)
              .build());
    }
    return true;
  }

  /** The direction of a leg from its initiation method and channel (null method: INBOUND). */
  static Direction direction(String method, Channel channel) {
    if (method == null) {
      return Direction.INBOUND;
    }
    if (OUTBOUND_METHODS.contains(method)) {
      return Direction.OUTBOUND;
    }
    if (method.equals("API")) {
      return channel == Channel.VOICE ? Direction.OUTBOUND : Direction.INBOUND;
    }
    return Direction.INBOUND;
  }

  /**
   * Maps one leg.
   *
   * @return the leg's {@code Agent.ConnectedToAgentTimestamp} as given, or null
   */
  private Instant map(NativeItem ctr, Channel channel, String method, List<CanonicalEvent> out) {
    String contactId = ctr.text("ContactId", CanonicalJson.ID_MAX, true);
    String initialContactId = ctr.text("InitialContactId", CanonicalJson.ID_MAX, false);
    String previousContactId = ctr.text("PreviousContactId", CanonicalJson.ID_MAX, false);
    String nextContactId = ctr.text("NextContactId", CanonicalJson.ID_MAX, false);
    Instant started = ctr.instant("InitiationTimestamp", true, bounds);
    Instant ended = ctr.instant("DisconnectTimestamp", false, bounds);
    Instant lastUpdate = ctr.instant("LastUpdateTimestamp", false, bounds);
    Instant connected = ctr.instant("Agent.ConnectedToAgentTimestamp", false, bounds);
    Instant wrapUpEnded = ctr.instant("Agent.AfterContactWorkEndTimestamp", false, bounds);
    String queue = ctr.text("Queue.Name", CanonicalJson.SHORT_MAX, false);
    String agent = ctr.text("Agent.Username", CanonicalJson.ID_MAX, false);
    if (agent == null) {
      String arn = ctr.text("Agent.ARN", 512, false);
      if (arn != null) {
        agent = arn.substring(arn.lastIndexOf('/') + 1);
      }
    }
    String disconnectReason = ctr.text("DisconnectReason", 64, false);
    Integer hold = ctr.nonNegativeInt("Agent.CustomerHoldDuration");
    Map<String, String> attributes = attributes(ctr);
    String dialed = null;
    String system = ctr.text("SystemEndpoint.Address", 64, false);
    if (system != null && "TELEPHONE_NUMBER".equals(ctr.text("SystemEndpoint.Type", 64, false))) {
      dialed = identifiers.phone(system).orElse(null);
    }
    if (contactId == null || started == null || channel == null) {
      return connected;
    }
    String journeylineContact = initialContactId != null ? initialContactId : contactId;
    Customer customer = customer(ctr, attributes, journeylineContact);
    boolean furtherLeg =
        (method != null && LEG_METHODS.contains(method))
            || previousContactId != null
            || (initialContactId != null && !initialContactId.equals(contactId));
    Direction direction = direction(method, channel);
    if (method != null) {
      attributes.put(METHOD_ATTRIBUTE, method);
    }
    attributes.put(LEG_ATTRIBUTE, contactId);
    if (lastUpdate != null) {
      attributes.put(LAST_UPDATE_ATTRIBUTE, lastUpdate.toString());
    }
    if (disconnectReason != null) {
      attributes.put(DISCONNECT_ATTRIBUTE, disconnectReason);
    }
    CanonicalEvent.Builder base =
        CanonicalEvent.builder()
            .occurredAt(started)
            .channel(channel)
            .contactId(journeylineContact)
            .customer(customer)
            .direction(direction)
            .queue(queue)
            .agentId(agent)
            .source("amazon-connect")
            .attributes(attributes);
    if (channel == Channel.VOICE) {
      base.dialedNumber(dialed).holdSeconds(hold).previousContactId(previousContactId);
    } else if (channel == Channel.CHAT) {
      base.sessionId(contactId);
    }
    out.add(
        base.eventId("connect:" + contactId + ":start")
            .type(furtherLeg ? EventType.TRANSFERRED : EventType.CONTACT_STARTED)
            .build());
    Instant endAt = ended == null ? null : ended.isBefore(started) ? started : ended;
    if (connected != null) {
      Instant answeredAt = connected.isBefore(started) ? started : connected;
      if (endAt != null && answeredAt.isAfter(endAt)) {
        answeredAt = endAt;
      }
      out.add(
          base.eventId("connect:" + contactId + ":answered")
              .occurredAt(answeredAt)
              .type(EventType.ANSWERED)
              .build());
    }
    if (ended != null && nextContactId == null) {
      EventType endType =
          abandoned(ctr, direction, disconnectReason)
              ? EventType.ABANDONED
              : EventType.CONTACT_ENDED;
      String issue = null;
      for (String name : ISSUE_ATTRIBUTES) {
        if (attributes.get(name) != null && !attributes.get(name).isBlank()) {
          issue = attributes.get(name);
          break;
        }
      }
      Boolean resolved = null;
      String r = attributes.get("resolved");
      if ("true".equalsIgnoreCase(r) || "false".equalsIgnoreCase(r)) {
        resolved = Boolean.valueOf(r.toLowerCase(java.util.Locale.ROOT));
      }
      String version =
          lastUpdate == null ? "" : ":" + String.format("%013d", lastUpdate.toEpochMilli());
      String endIssue = issue == null || issue.length() > CanonicalJson.SHORT_MAX ? null : issue;
      out.add(
          base.eventId("connect:" + contactId + ":end" + version)
              .occurredAt(endAt)
              .type(endType)
              .issue(endIssue)
              .resolved(endType == EventType.CONTACT_ENDED ? resolved : null)
              .build());
      if (endType == EventType.CONTACT_ENDED && wrapUpEnded != null && wrapUpEnded.isAfter(endAt)) {
        // The wrap-up: after-contact work ended after the customer left.
        out.add(
            base.eventId("connect:" + contactId + ":acw" + version)
                .occurredAt(wrapUpEnded)
                .type(EventType.CONTACT_ENDED)
                .issue(endIssue)
                .resolved(resolved)
                .build());
      }
    }
    return connected;
  }

  /**
   * Abandoned: an inbound customer who was queued, never connected to an agent, and hung up. When
   * the record says nothing about the agent connection (an older format), a record with a queue and
   * no agent counts as not connected; a missing DisconnectReason counts as the customer's.
   */
  private static boolean abandoned(NativeItem ctr, Direction direction, String disconnectReason) {
    if (direction != Direction.INBOUND) {
      return false;
    }
    boolean queued =
        ctr.at("Queue.EnqueueTimestamp") != null
            || (ctr.at("Queue") != null && ctr.at("Queue").isObject());
    JsonNode agent = ctr.at("Agent");
    boolean connected =
        agent != null
            && agent.isObject()
            && (!agent.has("ConnectedToAgentTimestamp")
                || ctr.at("Agent.ConnectedToAgentTimestamp") != null);
    boolean customerHungUp =
        disconnectReason == null || disconnectReason.equals("CUSTOMER_DISCONNECT");
    return queued && !connected && customerHungUp;
  }

  private static Channel channel(String name) {
    return switch (name) {
      case "VOICE" -> Channel.VOICE;
      case "CHAT" -> Channel.CHAT;
      case "EMAIL" -> Channel.EMAIL;
      default -> null;
    };
  }

  private static Map<String, String> attributes(NativeItem ctr) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    JsonNode node = ctr.at("Attributes");
    if (node == null || !node.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        it.hasNext() && out.size() < CanonicalJson.ATTRIBUTES_MAX - 4; ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode()
          && !e.getValue().isNull()
          && e.getKey().length() <= CanonicalJson.ID_MAX) {
        String value = e.getValue().asText();
        if (value.length() <= CanonicalJson.ATTRIBUTE_VALUE_MAX) {
          out.put(e.getKey(), value);
        }
      }
    }
    return out;
  }

  private Customer customer(
      NativeItem ctr, Map<String, String> attributes, String journeylineContact) {
    String address = ctr.text("CustomerEndpoint.Address", 256, false);
    String type = ctr.text("CustomerEndpoint.Type", 64, false);
    String phone = null;
    String email = null;
    String chatUser = null;
    if (address != null) {
      if ("EMAIL_ADDRESS".equals(type)) {
        email = Identifiers.email(address).orElse(null);
      } else if ("TELEPHONE_NUMBER".equals(type) || type == null) {
        phone = identifiers.phone(address).orElse(null);
      } else if (address.length() <= CanonicalJson.ID_MAX) {
        chatUser = address;
      }
    }
    String customerId = attribute(attributes, "customerId", "CustomerId");
    if (phone == null) {
      String p = attribute(attributes, "phone", "customerPhone");
      phone = p == null ? null : identifiers.phone(p).orElse(null);
    }
    if (email == null) {
      String m = attribute(attributes, "email", "customerEmail");
      email = m == null ? null : Identifiers.email(m).orElse(null);
    }
    if (customerId != null && customerId.length() > CanonicalJson.ID_MAX) {
      customerId = null;
    }
    Customer customer = new Customer(customerId, phone, email, chatUser);
    if (customer.isEmpty()) {
      // Anonymous, withheld, SIP or short-code callers: a contact of its own, never stitched.
      return new Customer(anonymousId(journeylineContact), null, null, null);
    }
    return customer;
  }

  /** {@code anonymous:<contactId>}, or with a SHA-256 of a contact id too long for that. */
  static String anonymousId(String contactId) {
    String id = ANONYMOUS_PREFIX + contactId;
    if (id.length() <= CanonicalJson.ID_MAX) {
      return id;
    }
    try {
      return ANONYMOUS_PREFIX
          + java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(contactId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String attribute(Map<String, String> attributes, String... names) {
    for (String name : names) {
      String v = attributes.get(name);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}

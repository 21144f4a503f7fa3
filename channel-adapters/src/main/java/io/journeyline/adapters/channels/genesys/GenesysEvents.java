package io.journeyline.adapters.channels.genesys;

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
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Genesys Cloud conversation detail events ({@code v2.detail.events.conversation.{id}.*}) onto
 * canonical events. Accepts the notification body ({@code topicName}, {@code eventBody}), the
 * Amazon EventBridge envelope around it ({@code detail-type}, {@code detail}), or an array of
 * either.
 *
 * <ul>
 *   <li>{@code customer.start} → CONTACT_STARTED
 *   <li>{@code customer.end} → CONTACT_ENDED
 *   <li>{@code acd.end} with {@code acdOutcome} ABANDON → ABANDONED
 *   <li>{@code acd.end} with {@code acdOutcome} ANSWERED → ANSWERED (an agent connected to the
 *       conversation, which ends its queue wait), with the agent {@code answeredUserId}; other
 *       outcomes (FLOW_OUT, UNKNOWN) are skipped
 *   <li>{@code acw} → CONTACT_ENDED carrying the wrap-up code as issue and the agent: a wrap-up
 *       arrives after the customer left, and corrects the contact's issue.
 *   <li>other topics (user.start, acd.start, ...) are understood but skipped (counted as ignored).
 * </ul>
 *
 * The customer is the ANI of an inbound (the DNIS of an outbound) voice or SMS conversation, the
 * sender address of inbound email and messaging, and {@code externalContactId} (or the first of
 * {@code conversationExternalContactIds}, which {@code acw} and {@code acd.end} carry) as
 * customerId. The queue is {@code queueName} where the body gives one, else {@code queueId}. Every
 * {@code acw} (one per agent, so several after a transfer) is an end event of its own that amends
 * the contact: the contact's end is its last end event (customer end or last wrap-up), and the
 * wrap-up code of the last one is the contact's issue. Event ids are derived from conversation,
 * topic, participant and event time, so a redelivered notification is counted once.
 */
public final class GenesysEvents {

  private static final Pattern TOPIC =
      Pattern.compile("v2\\.detail\\.events\\.conversation\\.([^.]+)\\.(.+)");

  private final Identifiers identifiers;
  private final TimeBounds bounds;
  private final java.util.Set<String> resolvedCodes;
  private final java.util.Set<String> unresolvedCodes;

  public GenesysEvents(Identifiers identifiers, TimeBounds bounds) {
    this(identifiers, bounds, java.util.Set.of(), java.util.Set.of());
  }

  /**
   * With the wrap-up codes that mean resolved and not resolved (the disposition an {@code acw}
   * carries as {@code resolved}); a code in neither set carries none.
   */
  public GenesysEvents(
      Identifiers identifiers,
      TimeBounds bounds,
      java.util.Set<String> resolvedCodes,
      java.util.Set<String> unresolvedCodes) {
    this.identifiers = identifiers;
    this.bounds = bounds;
    this.resolvedCodes = java.util.Set.copyOf(resolvedCodes);
    this.unresolvedCodes = java.util.Set.copyOf(unresolvedCodes);
  }

  /**
   * Maps notifications.
   *
   * @throws ProblemException 400 naming each invalid notification (by index) and field
   */
  public Mapped map(List<JsonNode> items) {
    List<FieldError> errors = new ArrayList<>();
    List<CanonicalEvent> events = new ArrayList<>();
    int ignored = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode raw = items.get(i);
      NativeItem n = new NativeItem(raw, i, errors);
      if (!raw.isObject()) {
        n.error("", "must be a JSON object (a Genesys notification)");
        continue;
      }
      // EventBridge wraps the notification in "detail".
      JsonNode notification =
          raw.has("detail") && raw.get("detail").isObject() ? raw.get("detail") : raw;
      NativeItem item = new NativeItem(notification, i, errors);
      String topic = item.text("topicName", 256, false);
      if (topic == null && raw.has("detail-type")) {
        topic = n.text("detail-type", 256, false);
      }
      if (topic == null) {
        item.error("topicName", "is required");
        continue;
      }
      Matcher m = TOPIC.matcher(topic);
      if (!m.matches()) {
        item.error("topicName", "must be a v2.detail.events.conversation.{id}.* topic");
        continue;
      }
      String suffix = m.group(2);
      EventType type = null;
      if (suffix.equals("customer.start")) {
        type = EventType.CONTACT_STARTED;
      } else if (suffix.equals("customer.end") || suffix.equals("acw")) {
        type = EventType.CONTACT_ENDED;
      } else if (suffix.equals("acd.end")) {
        String outcome = item.text("eventBody.acdOutcome", 64, false);
        if ("ABANDON".equalsIgnoreCase(outcome)) {
          type = EventType.ABANDONED;
        } else if ("ANSWERED".equalsIgnoreCase(outcome)) {
          type = EventType.ANSWERED;
        }
      }
      if (type == null) {
        ignored++;
        continue;
      }
      if (item.at("eventBody") == null || !item.at("eventBody").isObject()) {
        item.error("eventBody", "is required");
        continue;
      }
      String mediaType = item.text("eventBody.mediaType", 64, false);
      String messageType = item.text("eventBody.messageType", 64, false);
      Channel channel = channel(mediaType, messageType);
      if (mediaType != null && channel == null) {
        ignored++;
        continue;
      }
      CanonicalEvent event = event(item, suffix, type, channel, m.group(1));
      if (event != null) {
        events.add(event);
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return new Mapped(events, ignored);
  }

  private CanonicalEvent event(
      NativeItem item, String suffix, EventType type, Channel channel, String topicConversation) {
    String conversationId = item.text("eventBody.conversationId", CanonicalJson.ID_MAX, false);
    if (conversationId == null) {
      conversationId = topicConversation;
    }
    if (conversationId.length() > CanonicalJson.ID_MAX) {
      item.error(
          "eventBody.conversationId", "must be at most " + CanonicalJson.ID_MAX + " characters");
      return null;
    }
    Instant at = item.instant("eventBody.eventTime", true, bounds);
    if (channel == null) {
      item.error("eventBody.mediaType", "is required");
    }
    String participantId = item.text("eventBody.participantId", CanonicalJson.ID_MAX, false);
    String directionText = item.text("eventBody.direction", 32, false);
    Direction direction =
        "OUTBOUND".equalsIgnoreCase(directionText) ? Direction.OUTBOUND : Direction.INBOUND;
    String queueName = item.text("eventBody.queueName", CanonicalJson.SHORT_MAX, false);
    String queueId =
        queueName != null
            ? queueName
            : item.text("eventBody.queueId", CanonicalJson.SHORT_MAX, false);
    // AcdEndEvent names the agent who answered answeredUserId; the other events name theirs userId.
    String userId =
        item.text(
            type == EventType.ANSWERED ? "eventBody.answeredUserId" : "eventBody.userId",
            CanonicalJson.ID_MAX,
            false);
    String wrapup = item.text("eventBody.wrapupCode", CanonicalJson.SHORT_MAX, false);
    Customer customer = customer(item, channel, direction);
    if (at == null || channel == null || customer == null) {
      return null;
    }
    CanonicalEvent.Builder b =
        CanonicalEvent.builder()
            .eventId(eventId(conversationId, suffix, participantId, userId, at))
            .occurredAt(at)
            .channel(channel)
            .type(type)
            .contactId(conversationId)
            .customer(customer)
            .direction(direction)
            .queue(queueId)
            .agentId(userId)
            .issue(wrapup)
            .resolved(
                type != EventType.CONTACT_ENDED || wrapup == null
                    ? null
                    : resolvedCodes.contains(wrapup)
                        ? Boolean.TRUE
                        : unresolvedCodes.contains(wrapup) ? Boolean.FALSE : null)
            .source("genesys");
    b.attribute("genesys.topic", suffix);
    b.attribute("genesys.participantId", participantId);
    if (queueName != null) {
      b.attribute("genesys.queueId", item.text("eventBody.queueId", CanonicalJson.ID_MAX, false));
    }
    String disconnect = item.text("eventBody.disconnectType", 64, false);
    b.attribute("disconnectType", disconnect);
    String notes = item.text("eventBody.wrapupNotes", CanonicalJson.ATTRIBUTE_VALUE_MAX, false);
    b.attribute("wrapupNotes", notes);
    String provider = item.text("eventBody.provider", 64, false);
    b.attribute("provider", provider);
    if (channel == Channel.VOICE) {
      String dnis = item.text("eventBody.dnis", 64, false);
      String business =
          direction == Direction.INBOUND ? dnis : item.text("eventBody.ani", 64, false);
      b.dialedNumber(business == null ? null : identifiers.phone(business).orElse(null));
    } else if (channel == Channel.CHAT) {
      b.sessionId(item.text("eventBody.sessionId", CanonicalJson.ID_MAX, false));
    } else if (channel == Channel.EMAIL) {
      b.subject(item.text("eventBody.subject", CanonicalJson.SHORT_MAX, false));
    }
    return b.build();
  }

  private Customer customer(NativeItem item, Channel channel, Direction direction) {
    if (channel == null) {
      return null;
    }
    String customerId = item.text("eventBody.externalContactId", CanonicalJson.ID_MAX, false);
    if (customerId == null) {
      customerId = firstExternalContactId(item);
    }
    String ani = item.text("eventBody.ani", 256, false);
    String dnis = item.text("eventBody.dnis", 256, false);
    String from = item.text("eventBody.addressFrom", 256, false);
    String to = item.text("eventBody.addressTo", 256, false);
    boolean inbound = direction == Direction.INBOUND;
    String address =
        switch (channel) {
          case VOICE -> inbound ? ani : dnis;
          case SMS -> inbound ? first(from, ani) : first(to, dnis);
          case EMAIL, CHAT -> inbound ? first(from, ani) : first(to, dnis);
        };
    String phone = null;
    String email = null;
    String chatUser = null;
    if (address != null) {
      switch (channel) {
        case VOICE, SMS -> phone = identifiers.phone(address).orElse(null);
        case EMAIL -> email = Identifiers.email(address).orElse(null);
        case CHAT -> {
          String lower = address.toLowerCase(Locale.ROOT);
          if (lower.startsWith("tel:")) {
            phone = identifiers.phone(address).orElse(null);
          } else if (address.length() <= CanonicalJson.ID_MAX) {
            chatUser = address;
          }
        }
      }
    }
    Customer customer = new Customer(customerId, phone, email, chatUser);
    if (customer.isEmpty()) {
      item.error(
          "eventBody",
          "no customer identifier: externalContactId, or a valid "
              + (channel == Channel.EMAIL ? "addressFrom/addressTo email" : "ani/dnis/address")
              + " is required");
      return null;
    }
    return customer;
  }

  /**
   * The first non-blank entry of {@code conversationExternalContactIds}, the array the {@code acw}
   * and {@code acd.end} bodies carry instead of {@code externalContactId}.
   */
  private static String firstExternalContactId(NativeItem item) {
    JsonNode ids = item.at("eventBody.conversationExternalContactIds");
    if (ids == null) {
      return null;
    }
    if (!ids.isArray()) {
      item.error("eventBody.conversationExternalContactIds", "must be an array of strings");
      return null;
    }
    for (JsonNode id : ids) {
      if (id.isTextual()
          && !id.textValue().isBlank()
          && id.textValue().length() <= CanonicalJson.ID_MAX) {
        return id.textValue();
      }
    }
    return null;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static Channel channel(String mediaType, String messageType) {
    if (mediaType == null) {
      return null;
    }
    return switch (mediaType.toUpperCase(Locale.ROOT)) {
      case "VOICE", "CALLBACK" -> Channel.VOICE;
      case "CHAT" -> Channel.CHAT;
      case "EMAIL" -> Channel.EMAIL;
      case "MESSAGE" -> "SMS".equalsIgnoreCase(messageType) ? Channel.SMS : Channel.CHAT;
      default -> null;
    };
  }

  private static String eventId(
      String conversationId, String suffix, String participantId, String userId, Instant at) {
    String id =
        "genesys:"
            + conversationId
            + ":"
            + suffix
            + ":"
            + (participantId != null ? participantId : userId != null ? userId : "-")
            + ":"
            + at.toEpochMilli();
    if (id.length() <= CanonicalJson.ID_MAX) {
      return id;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return "genesys:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

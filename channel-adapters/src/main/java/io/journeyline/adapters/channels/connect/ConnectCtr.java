package io.journeyline.adapters.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.channels.NativeItem;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.problem.FieldError;
import io.journeyline.adapters.problem.Problem;
import io.journeyline.adapters.problem.ProblemException;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps Amazon Connect contact trace records (CTRs, as Kinesis Data Streams or Firehose deliver
 * them) onto canonical events.
 *
 * <p>One CTR describes one leg of a contact after it ended. A transferred call is a chain of legs
 * (InitialContactId / PreviousContactId / NextContactId); Journeyline treats the chain as one
 * contact with the id of its first leg ({@code InitialContactId}, else {@code ContactId}). Per leg:
 *
 * <ul>
 *   <li>at {@code InitiationTimestamp}: CONTACT_STARTED for a first leg, TRANSFERRED for a leg
 *       initiated by TRANSFER or QUEUE_TRANSFER (or with a PreviousContactId);
 *   <li>at {@code DisconnectTimestamp}, unless the leg continues in a {@code NextContactId}:
 *       ABANDONED when the customer waited in a queue and never reached an agent, else
 *       CONTACT_ENDED carrying the issue ({@code Attributes.issue}, else {@code
 *       Attributes.disposition} / {@code wrapUpCode}) and {@code Attributes.resolved}.
 * </ul>
 *
 * Event ids are {@code connect:<ContactId>:<start|end>}, so a re-delivered CTR is counted once.
 * TASK contacts carry no customer conversation and are skipped (counted as ignored).
 */
public final class ConnectCtr {

  private static final Set<String> TRANSFER_METHODS = Set.of("TRANSFER", "QUEUE_TRANSFER");
  private static final Set<String> OUTBOUND_METHODS =
      Set.of("OUTBOUND", "EXTERNAL_OUTBOUND", "AGENT_REPLY", "CAMPAIGN");
  private static final List<String> ISSUE_ATTRIBUTES =
      List.of("issue", "Issue", "disposition", "Disposition", "wrapUpCode", "WrapUpCode");

  private final Identifiers identifiers;

  public ConnectCtr(Identifiers identifiers) {
    this.identifiers = identifiers;
  }

  /**
   * Maps CTRs.
   *
   * @throws ProblemException 400 naming each invalid record (by index) and field
   */
  public Mapped map(List<JsonNode> records) {
    List<FieldError> errors = new ArrayList<>();
    List<CanonicalEvent> events = new ArrayList<>();
    int ignored = 0;
    for (int i = 0; i < records.size(); i++) {
      NativeItem ctr = new NativeItem(records.get(i), i, errors);
      if (!ctr.node().isObject()) {
        ctr.error("", "must be a JSON object (a contact trace record)");
        continue;
      }
      String channelName = ctr.text("Channel", 32, true);
      Channel channel = channelName == null ? null : channel(channelName);
      if (channelName != null && channel == null) {
        ignored++;
        continue;
      }
      if (!map(ctr, channel, events)) {
        continue;
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return new Mapped(events, ignored);
  }

  private boolean map(NativeItem ctr, Channel channel, List<CanonicalEvent> out) {
    int before = out.size();
    String contactId = ctr.text("ContactId", CanonicalJson.ID_MAX, true);
    String initialContactId = ctr.text("InitialContactId", CanonicalJson.ID_MAX, false);
    String previousContactId = ctr.text("PreviousContactId", CanonicalJson.ID_MAX, false);
    String nextContactId = ctr.text("NextContactId", CanonicalJson.ID_MAX, false);
    String method = ctr.text("InitiationMethod", 32, false);
    Instant started = ctr.instant("InitiationTimestamp", true);
    Instant ended = ctr.instant("DisconnectTimestamp", false);
    String queue = ctr.text("Queue.Name", CanonicalJson.SHORT_MAX, false);
    String agent = ctr.text("Agent.Username", CanonicalJson.ID_MAX, false);
    if (agent == null) {
      String arn = ctr.text("Agent.ARN", 512, false);
      if (arn != null) {
        agent = arn.substring(arn.lastIndexOf('/') + 1);
      }
    }
    Integer hold = ctr.nonNegativeInt("Agent.CustomerHoldDuration");
    Map<String, String> attributes = attributes(ctr);
    Customer customer = customer(ctr, attributes);
    String dialed = null;
    String system = ctr.text("SystemEndpoint.Address", 64, false);
    if (system != null && "TELEPHONE_NUMBER".equals(ctr.text("SystemEndpoint.Type", 64, false))) {
      dialed = identifiers.phone(system).orElse(null);
    }
    if (contactId == null || started == null || customer == null || channel == null) {
      return false;
    }
    String journeylineContact = initialContactId != null ? initialContactId : contactId;
    boolean transferLeg =
        (method != null && TRANSFER_METHODS.contains(method)) || previousContactId != null;
    Direction direction =
        method != null && OUTBOUND_METHODS.contains(method)
            ? Direction.OUTBOUND
            : Direction.INBOUND;
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
            .type(transferLeg ? EventType.TRANSFERRED : EventType.CONTACT_STARTED)
            .build());
    if (ended != null && nextContactId == null) {
      boolean reachedAgent = ctr.at("Agent") != null;
      boolean queued = ctr.at("Queue") != null;
      EventType endType =
          !reachedAgent && queued && direction == Direction.INBOUND
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
      out.add(
          base.eventId("connect:" + contactId + ":end")
              .occurredAt(ended.isBefore(started) ? started : ended)
              .type(endType)
              .issue(issue == null || issue.length() > CanonicalJson.SHORT_MAX ? null : issue)
              .resolved(endType == EventType.CONTACT_ENDED ? resolved : null)
              .build());
    }
    return out.size() > before;
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
        it.hasNext() && out.size() < CanonicalJson.ATTRIBUTES_MAX; ) {
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

  private Customer customer(NativeItem ctr, Map<String, String> attributes) {
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
      if (phone == null && email == null && chatUser == null) {
        ctr.error(
            "CustomerEndpoint.Address", "is not a valid " + (type == null ? "phone number" : type));
        return null;
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
      ctr.error(
          "CustomerEndpoint",
          "no customer identifier: CustomerEndpoint.Address or Attributes customerId, email,"
              + " phone is required");
      return null;
    }
    return customer;
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

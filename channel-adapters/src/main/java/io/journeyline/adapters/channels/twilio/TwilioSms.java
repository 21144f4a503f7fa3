package io.journeyline.adapters.channels.twilio;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps Twilio Programmable Messaging's inbound-message webhook (form-encoded {@code MessageSid},
 * {@code From}, {@code To}, {@code Body}, ...) onto a canonical SMS MESSAGE from the customer.
 *
 * <p>Status callbacks ({@code MessageStatus}, or an {@code SmsStatus} other than {@code received})
 * describe messages the business sent; they are answered 200 and publish nothing. Senders that are
 * not phone numbers (short codes, alphanumeric sender ids) are accepted: the customer is then the
 * sender id as chatUserId. WhatsApp ({@code whatsapp:+E.164}) and other Twilio channel addresses
 * are recognised by their prefix: the phone is read after the prefix, the conversation key starts
 * with the channel, and the event carries {@code messagingChannel} and the source {@code
 * twilio-whatsapp}.
 *
 * <p>The adapter is stateless: the conversation key {@code sms:<customer E.164>:<business E.164>}
 * is sent as contactId, and the topology splits it into contacts by the SMS inactivity gap (see
 * DESIGN.md, "Contact"). The webhook carries no timestamp, so the event time is the time the
 * webhook arrives. The eventId is {@code twilio:<MessageSid>}, so Twilio's retries are counted
 * once.
 */
public final class TwilioSms {

  /** The empty TwiML document Twilio expects: no reply is sent to the customer. */
  public static final String EMPTY_TWIML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private static final List<String> PASSED_ATTRIBUTES =
      List.of(
          "AccountSid",
          "MessagingServiceSid",
          "NumMedia",
          "NumSegments",
          "SmsStatus",
          "FromCountry",
          "ToCountry",
          "OptOutType",
          "ApiVersion");

  private final Identifiers identifiers;
  private final Clock clock;

  public TwilioSms(Identifiers identifiers, Clock clock) {
    this.identifiers = identifiers;
    this.clock = clock;
  }

  /** Parses an application/x-www-form-urlencoded body, keeping repeated names. */
  public static Map<String, List<String>> parseForm(byte[] body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw new ProblemException(Problem.malformed("the form body is not valid URL encoding"));
      }
    }
    return params;
  }

  /**
   * True for a status callback (the delivery status of a message the business sent): it carries
   * {@code MessageStatus}, or an {@code SmsStatus} other than {@code received}. An inbound message
   * carries {@code SmsStatus=received} and no {@code MessageStatus}.
   */
  public static boolean isStatusCallback(Map<String, List<String>> params) {
    String messageStatus = first(params, "MessageStatus");
    String smsStatus = first(params, "SmsStatus");
    if (messageStatus != null && !messageStatus.isBlank()) {
      return !"received".equalsIgnoreCase(messageStatus)
          || (smsStatus != null && !"received".equalsIgnoreCase(smsStatus));
    }
    return smsStatus != null && !smsStatus.isBlank() && !"received".equalsIgnoreCase(smsStatus);
  }

  /** A sender or receiver address: its channel prefix (null for plain SMS) and the address. */
  record Address(String prefix, String value) {
    static Address parse(String raw) {
      int colon = raw.indexOf(':');
      if (colon > 0 && colon <= 16 && raw.substring(0, colon).matches("[A-Za-z][A-Za-z0-9-]*")) {
        return new Address(
            raw.substring(0, colon).toLowerCase(Locale.ROOT), raw.substring(colon + 1));
      }
      return new Address(null, raw);
    }
  }

  /**
   * The canonical event of one inbound message.
   *
   * @throws ProblemException 400 naming the missing or invalid parameters
   */
  public CanonicalEvent map(Map<String, List<String>> params) {
    List<FieldError> errors = new ArrayList<>();
    String sid = single(params, "MessageSid", CanonicalJson.ID_MAX, errors);
    if (sid == null) {
      sid = single(params, "SmsSid", CanonicalJson.ID_MAX, new ArrayList<>());
      if (sid != null) {
        errors.removeIf(e -> e.field().equals("MessageSid"));
      }
    }
    String from = single(params, "From", 64, errors);
    String to = single(params, "To", 64, errors);
    String body = first(params, "Body");
    Address sender = from == null ? null : Address.parse(from.trim());
    Address receiver = to == null ? null : Address.parse(to.trim());
    Customer customer = null;
    String customerKey = null;
    if (sender != null) {
      // Letters would be read as a vanity number (1-800-FLOWERS): a sender id is never a phone.
      String phone =
          sender.value().chars().anyMatch(Character::isLetter)
              ? null
              : identifiers.phone(sender.value()).orElse(null);
      if (phone != null && (sender.prefix() == null || sender.prefix().equals("whatsapp"))) {
        customer = Customer.ofPhone(phone);
        customerKey = phone;
      } else if (!sender.value().isBlank()) {
        // A short code, an alphanumeric sender id, or another channel's user address.
        customerKey = from.trim();
        customer = new Customer(null, null, null, customerKey);
      } else {
        errors.add(new FieldError(0, "From", "must be a phone number or sender id"));
      }
    }
    String business = null;
    String businessKey = null;
    if (receiver != null) {
      business = identifiers.phone(receiver.value()).orElse(null);
      businessKey = business != null ? business : receiver.value().trim();
      if (businessKey.isEmpty()) {
        errors.add(new FieldError(0, "To", "must be a phone number or short code"));
      }
    }
    if (body != null && body.length() > CanonicalJson.TEXT_MAX) {
      errors.add(
          new FieldError(0, "Body", "must be at most " + CanonicalJson.TEXT_MAX + " characters"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    String channelTag =
        sender.prefix() != null
            ? sender.prefix()
            : receiver.prefix() != null ? receiver.prefix() : "sms";
    String contactId = channelTag + ":" + customerKey + ":" + businessKey;
    if (contactId.length() > CanonicalJson.ID_MAX) {
      contactId = contactId.substring(0, CanonicalJson.ID_MAX);
    }
    CanonicalEvent.Builder b =
        CanonicalEvent.builder()
            .eventId("twilio:" + sid)
            .occurredAt(clock.instant())
            .channel(Channel.SMS)
            .type(EventType.MESSAGE)
            .contactId(contactId)
            .customer(customer)
            .direction(Direction.INBOUND)
            .participant(Participant.CUSTOMER)
            .text(body == null || body.isEmpty() ? null : body)
            .source(channelTag.equals("sms") ? "twilio" : "twilio-" + channelTag)
            .messageSid(sid)
            .businessNumber(business);
    b.attribute("messagingChannel", channelTag);
    if (business == null) {
      b.attribute("businessAddress", businessKey);
    }
    for (String name : PASSED_ATTRIBUTES) {
      String value = first(params, name);
      if (value != null
          && !value.isEmpty()
          && value.length() <= CanonicalJson.ATTRIBUTE_VALUE_MAX) {
        b.attribute(name, value);
      }
    }
    return b.build();
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String single(
      Map<String, List<String>> params, String name, int max, List<FieldError> errors) {
    String value = first(params, name);
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(0, name, "is required"));
      return null;
    }
    if (value.length() > max) {
      errors.add(new FieldError(0, name, "must be at most " + max + " characters"));
      return null;
    }
    return value;
  }
}

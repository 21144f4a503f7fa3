package io.journeyline.adapters.channels.twilio;

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
import io.journeyline.avro.Participant;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Twilio Programmable Messaging's inbound-message webhook (form-encoded {@code MessageSid},
 * {@code From}, {@code To}, {@code Body}, ...) onto a canonical SMS MESSAGE from the customer.
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
    String customer = null;
    String business = null;
    if (from != null) {
      customer = identifiers.phone(from).orElse(null);
      if (customer == null) {
        errors.add(new FieldError(0, "From", "must be a phone number"));
      }
    }
    if (to != null) {
      business = identifiers.phone(to).orElse(null);
      if (business == null) {
        errors.add(new FieldError(0, "To", "must be a phone number"));
      }
    }
    if (body != null && body.length() > CanonicalJson.TEXT_MAX) {
      errors.add(
          new FieldError(0, "Body", "must be at most " + CanonicalJson.TEXT_MAX + " characters"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    CanonicalEvent.Builder b =
        CanonicalEvent.builder()
            .eventId("twilio:" + sid)
            .occurredAt(clock.instant())
            .channel(Channel.SMS)
            .type(EventType.MESSAGE)
            .contactId("sms:" + customer + ":" + business)
            .customer(Customer.ofPhone(customer))
            .direction(Direction.INBOUND)
            .participant(Participant.CUSTOMER)
            .text(body == null || body.isEmpty() ? null : body)
            .source("twilio")
            .messageSid(sid)
            .businessNumber(business);
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

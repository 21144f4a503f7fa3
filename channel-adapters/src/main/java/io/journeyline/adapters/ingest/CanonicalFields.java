package io.journeyline.adapters.ingest;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.Participant;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical ingest contract as data: every field {@link CanonicalJson} accepts, its kind,
 * whether it is required and its limits. The validator reads its limits from here, and a test reads
 * the published JSON Schemas ({@code canonical-event.schema.json}, {@code
 * identity-link.schema.json}, {@code survey-response.schema.json}) and fails when a property, a
 * limit, an enum or the required list differs, so the two cannot drift apart again.
 *
 * <p>Lengths count Unicode code points, as JSON Schema's {@code maxLength} does (an emoji is one
 * character, not two UTF-16 units).
 *
 * <p>The limits, chosen for contact-center data (docs/ingest-api.md has the table):
 *
 * <ul>
 *   <li>{@value #ID_MAX} for identifiers (event, contact, customer, chat user, agent, session and
 *       message ids): vendor ids are UUIDs (36) or SIDs (34), CRM ids shorter still, and a
 *       composite such as {@code <contactId>:<sequence>} fits; the email adapter hashes longer
 *       thread keys to fit.
 *   <li>{@value #SHORT_MAX} for names and codes (queue, issue, entry point, subject, mailbox, email
 *       Message-ID): queue and wrap-up code names are at most 255 in the platforms we map.
 *   <li>{@value #TEXT_MAX} for message text: an SMS is at most 1,600 characters, chat messages a
 *       few thousand; longer email bodies go through the email endpoint, which shortens them.
 *   <li>{@value #PHONE_MAX} for a phone as written (formatting, {@code tel:}, an extension); E.164
 *       itself is at most 16.
 *   <li>{@value #EMAIL_MAX} for an email address: the RFC 5321 path limit (not 320).
 * </ul>
 */
public final class CanonicalFields {

  /** Identifiers. */
  public static final int ID_MAX = 128;

  /** Names and codes. */
  public static final int SHORT_MAX = 256;

  /** Message text. */
  public static final int TEXT_MAX = 16_384;

  /** A phone number as written. */
  public static final int PHONE_MAX = 48;

  /** An email address (RFC 5321). */
  public static final int EMAIL_MAX = 254;

  /** An ISO-8601 instant as written (a guard; a full instant with nanoseconds is 35). */
  public static final int INSTANT_MAX = 64;

  /**
   * A survey's {@code contactId}: either a conversation key as events carry it ({@value #ID_MAX})
   * or a Journeyline contact id {@code <key>@<instant>} from journeyline.contacts, which adds an
   * {@code @} and an instant ({@value #INSTANT_MAX} at most).
   */
  public static final int CONTACT_REF_MAX = ID_MAX + 1 + INSTANT_MAX;

  /**
   * A survey comment: free text like a message, with the same limit (survey platforms' open-text
   * answers are shorter still) and the same redaction.
   */
  public static final int COMMENT_MAX = TEXT_MAX;

  /** Entries in {@code attributes}. */
  public static final int ATTRIBUTES_MAX = 64;

  /** Length of an attribute key. */
  public static final int ATTRIBUTE_KEY_MAX = ID_MAX;

  /** Length of an attribute value. */
  public static final int ATTRIBUTE_VALUE_MAX = 1024;

  /**
   * The email addresses accepted (after trimming and an optional {@code mailto:}); the schema
   * publishes it anchored as its {@code pattern}.
   */
  public static final String EMAIL_REGEX =
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?";

  /**
   * What the schema can say of a phone: it has two digits (ASCII, fullwidth, Arabic-Indic or
   * Persian, the scripts phone numbers are written in). It is a necessary condition only: the
   * adapters also require libphonenumber's possible-number check in the configured default region,
   * which no JSON Schema can express.
   */
  public static final String PHONE_PATTERN =
      "[0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9].*[0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]";

  /** A string with at least one character that is not white space. */
  public static final String NON_BLANK_PATTERN = "\\S";

  /** What a field holds, and so which JSON Schema keywords describe it. */
  public enum Kind {
    /** Non-blank string, {@code maxLength}. */
    STRING,
    /** One of {@code values}. */
    ENUM,
    /** ISO-8601 instant with offset ({@code format: date-time}). */
    INSTANT,
    /** Phone number, normalized to E.164. */
    PHONE,
    /** Email address, lower-cased. */
    EMAIL,
    /** Number in [-1, 1]. */
    SCORE,
    /** true or false. */
    BOOLEAN,
    /** Non-negative 32-bit integer. */
    COUNT,
    /** An integer in [{@code minimum}, {@code maximum}] (a survey score). */
    RATING,
    /** The customer object ({@link #CUSTOMER}). */
    CUSTOMER,
    /** A map of strings. */
    ATTRIBUTES
  }

  /**
   * One field of the contract. An optional field may also be {@code null}, which means absent.
   *
   * @param name the JSON property
   * @param kind what it holds
   * @param required whether it must be present (and not null)
   * @param maxLength the longest value in code points, for text kinds; 0 otherwise
   * @param values the allowed values of an {@link Kind#ENUM}; empty otherwise
   * @param channel for a channel-specific field the channel it is written for (ignored on others),
   *     else null
   * @param minimum the smallest value of a {@link Kind#RATING}; 0 otherwise
   * @param maximum the largest value of a {@link Kind#RATING}; 0 otherwise
   */
  public record Field(
      String name,
      Kind kind,
      boolean required,
      int maxLength,
      List<String> values,
      Channel channel,
      int minimum,
      int maximum) {

    static Field of(String name, Kind kind, boolean required, int maxLength) {
      return new Field(name, kind, required, maxLength, List.of(), null, 0, 0);
    }

    /** An optional integer score in [minimum, maximum]. */
    static Field rating(String name, int minimum, int maximum) {
      return new Field(name, Kind.RATING, false, 0, List.of(), null, minimum, maximum);
    }

    static Field string(String name, int maxLength, boolean required) {
      return of(name, Kind.STRING, required, maxLength);
    }

    static <E extends Enum<E>> Field enumOf(String name, Class<E> type, boolean required) {
      return new Field(
          name,
          Kind.ENUM,
          required,
          SHORT_MAX,
          Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(),
          null,
          0,
          0);
    }

    Field on(Channel channel) {
      return new Field(name, kind, required, maxLength, values, channel, minimum, maximum);
    }
  }

  private static final boolean REQUIRED = true;
  private static final boolean OPTIONAL = false;

  // The event (POST /v1/events).
  static final Field EVENT_ID = Field.string("eventId", ID_MAX, REQUIRED);
  static final Field OCCURRED_AT = Field.of("occurredAt", Kind.INSTANT, REQUIRED, INSTANT_MAX);
  static final Field CHANNEL = Field.enumOf("channel", Channel.class, REQUIRED);
  static final Field TYPE = Field.enumOf("type", EventType.class, REQUIRED);
  static final Field CONTACT_ID = Field.string("contactId", ID_MAX, REQUIRED);
  static final Field CUSTOMER_FIELD = Field.of("customer", Kind.CUSTOMER, REQUIRED, 0);
  static final Field QUEUE = Field.string("queue", SHORT_MAX, OPTIONAL);
  static final Field AGENT_ID = Field.string("agentId", ID_MAX, OPTIONAL);
  static final Field ISSUE = Field.string("issue", SHORT_MAX, OPTIONAL);
  static final Field DIRECTION = Field.enumOf("direction", Direction.class, OPTIONAL);
  static final Field PARTICIPANT = Field.enumOf("participant", Participant.class, OPTIONAL);
  static final Field TEXT = Field.string("text", TEXT_MAX, OPTIONAL);
  static final Field SENTIMENT = Field.of("sentiment", Kind.SCORE, OPTIONAL, 0);
  static final Field RESOLVED = Field.of("resolved", Kind.BOOLEAN, OPTIONAL, 0);
  static final Field ATTRIBUTES = Field.of("attributes", Kind.ATTRIBUTES, OPTIONAL, 0);
  static final Field SESSION_ID = Field.string("sessionId", ID_MAX, OPTIONAL).on(Channel.CHAT);
  static final Field ENTRY_POINT = Field.string("entryPoint", SHORT_MAX, OPTIONAL).on(Channel.CHAT);
  static final Field DIALED_NUMBER =
      Field.of("dialedNumber", Kind.PHONE, OPTIONAL, PHONE_MAX).on(Channel.VOICE);
  static final Field HOLD_SECONDS =
      Field.of("holdSeconds", Kind.COUNT, OPTIONAL, 0).on(Channel.VOICE);
  static final Field PREVIOUS_CONTACT_ID =
      Field.string("previousContactId", ID_MAX, OPTIONAL).on(Channel.VOICE);
  static final Field MESSAGE_ID = Field.string("messageId", SHORT_MAX, OPTIONAL).on(Channel.EMAIL);
  static final Field SUBJECT = Field.string("subject", SHORT_MAX, OPTIONAL).on(Channel.EMAIL);
  static final Field MAILBOX = Field.string("mailbox", SHORT_MAX, OPTIONAL).on(Channel.EMAIL);
  static final Field MESSAGE_SID = Field.string("messageSid", ID_MAX, OPTIONAL).on(Channel.SMS);
  static final Field BUSINESS_NUMBER =
      Field.of("businessNumber", Kind.PHONE, OPTIONAL, PHONE_MAX).on(Channel.SMS);

  /** The fields of an event, in the order the documentation lists them. */
  public static final List<Field> EVENT =
      List.of(
          EVENT_ID,
          OCCURRED_AT,
          CHANNEL,
          TYPE,
          CONTACT_ID,
          CUSTOMER_FIELD,
          QUEUE,
          AGENT_ID,
          ISSUE,
          DIRECTION,
          PARTICIPANT,
          TEXT,
          SENTIMENT,
          RESOLVED,
          ATTRIBUTES,
          SESSION_ID,
          ENTRY_POINT,
          DIALED_NUMBER,
          HOLD_SECONDS,
          PREVIOUS_CONTACT_ID,
          MESSAGE_ID,
          SUBJECT,
          MAILBOX,
          MESSAGE_SID,
          BUSINESS_NUMBER);

  // The event's customer object: all optional, at least one of them set.
  static final Field CUSTOMER_ID = Field.string("customerId", ID_MAX, OPTIONAL);
  static final Field PHONE = Field.of("phone", Kind.PHONE, OPTIONAL, PHONE_MAX);
  static final Field EMAIL = Field.of("email", Kind.EMAIL, OPTIONAL, EMAIL_MAX);
  static final Field CHAT_USER_ID = Field.string("chatUserId", ID_MAX, OPTIONAL);

  /** The fields of {@code customer}; at least one must be set. */
  public static final List<Field> CUSTOMER = List.of(CUSTOMER_ID, PHONE, EMAIL, CHAT_USER_ID);

  // An identity link (POST /v1/identities, and the path of DELETE /v1/identities/{type}/{value}).
  static final Field LINK_TYPE =
      new Field(
          "type",
          Kind.ENUM,
          REQUIRED,
          SHORT_MAX,
          Arrays.stream(IdentifierType.values())
              .filter(t -> t != IdentifierType.CUSTOMER_ID)
              .map(Enum::name)
              .toList(),
          null,
          0,
          0);

  /**
   * The identifier as sent; its own limit and form depend on the type: PHONE as {@link #PHONE}
   * ({@value #PHONE_MAX}), EMAIL as {@link #EMAIL} ({@value #EMAIL_MAX}), CHAT_USER as an id
   * ({@value #ID_MAX}).
   */
  static final Field LINK_VALUE = Field.string("value", SHORT_MAX, REQUIRED);

  static final Field LINK_CUSTOMER_ID = Field.string("customerId", ID_MAX, REQUIRED);
  static final Field LINKED_AT = Field.of("linkedAt", Kind.INSTANT, OPTIONAL, INSTANT_MAX);

  /** The fields of an identity link. */
  public static final List<Field> IDENTITY =
      List.of(LINK_TYPE, LINK_VALUE, LINK_CUSTOMER_ID, LINKED_AT);

  // A survey response (POST /v1/surveys).
  static final Field SURVEY_ID = Field.string("surveyId", ID_MAX, REQUIRED);
  static final Field SURVEY_CONTACT_ID = Field.string("contactId", CONTACT_REF_MAX, REQUIRED);
  static final Field RESPONDED_AT = Field.of("respondedAt", Kind.INSTANT, REQUIRED, INSTANT_MAX);
  static final Field SURVEY_CUSTOMER = Field.of("customer", Kind.CUSTOMER, OPTIONAL, 0);
  static final Field SURVEY_CHANNEL = Field.enumOf("channel", Channel.class, OPTIONAL);
  static final Field CSAT = Field.rating("csat", 1, 5);
  static final Field NPS = Field.rating("nps", 0, 10);
  static final Field CES = Field.rating("ces", 1, 7);
  static final Field SURVEY_RESOLVED = Field.of("resolved", Kind.BOOLEAN, OPTIONAL, 0);
  static final Field COMMENT = Field.string("comment", COMMENT_MAX, OPTIONAL);

  /** The fields of a survey response, in the order the documentation lists them. */
  public static final List<Field> SURVEY =
      List.of(
          SURVEY_ID,
          SURVEY_CONTACT_ID,
          RESPONDED_AT,
          SURVEY_CUSTOMER,
          SURVEY_CHANNEL,
          CSAT,
          NPS,
          CES,
          SURVEY_RESOLVED,
          COMMENT);

  /** The answers of a survey response; at least one must be set (not null). */
  public static final List<Field> SURVEY_ANSWERS = List.of(CSAT, NPS, CES, SURVEY_RESOLVED);

  private CanonicalFields() {}

  /** The names of some fields. */
  public static List<String> names(List<Field> fields) {
    return fields.stream().map(Field::name).toList();
  }

  /** The length of a text in code points, as JSON Schema counts it. */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}

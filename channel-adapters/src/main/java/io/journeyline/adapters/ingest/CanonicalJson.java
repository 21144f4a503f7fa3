package io.journeyline.adapters.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the canonical JSON contract of DESIGN.md ("Canonical JSON ingest"): bodies
 * that are one object, an array or NDJSON, and the fields of each event, survey response or
 * identity link. All invalid fields of all items are collected, so one 400 names every problem; an
 * invalid item fails the whole batch.
 */
public final class CanonicalJson {

  /** Length limits (code points); defined, with every field, in {@link CanonicalFields}. */
  public static final int ID_MAX = CanonicalFields.ID_MAX;

  public static final int SHORT_MAX = CanonicalFields.SHORT_MAX;
  public static final int TEXT_MAX = CanonicalFields.TEXT_MAX;
  public static final int ATTRIBUTES_MAX = CanonicalFields.ATTRIBUTES_MAX;
  public static final int ATTRIBUTE_VALUE_MAX = CanonicalFields.ATTRIBUTE_VALUE_MAX;

  /** The earliest accepted event time. */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** Shared, strict JSON mapper: duplicate keys are malformed. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> EVENT_FIELDS =
      Set.copyOf(CanonicalFields.names(CanonicalFields.EVENT));
  private static final Set<String> CUSTOMER_FIELDS =
      Set.copyOf(CanonicalFields.names(CanonicalFields.CUSTOMER));
  private static final Set<String> IDENTITY_FIELDS =
      Set.copyOf(CanonicalFields.names(CanonicalFields.IDENTITY));
  private static final Set<String> SURVEY_FIELDS =
      Set.copyOf(CanonicalFields.names(CanonicalFields.SURVEY));

  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  private final Identifiers identifiers;
  private final TimeBounds bounds;
  private final int maxBatchSize;

  public CanonicalJson(Identifiers identifiers, TimeBounds bounds, int maxBatchSize) {
    this.identifiers = identifiers;
    this.bounds = bounds;
    this.maxBatchSize = maxBatchSize;
  }

  /** The event-time window of every endpoint. */
  public TimeBounds bounds() {
    return bounds;
  }

  /**
   * Splits a body into its items.
   *
   * @param ndjson true for newline-delimited JSON (one object per non-blank line)
   * @throws ProblemException 400 when malformed or empty, 413 over the batch size limit
   */
  public List<JsonNode> items(byte[] body, boolean ndjson) {
    List<JsonNode> items = new ArrayList<>();
    if (ndjson) {
      String text = new String(body, StandardCharsets.UTF_8);
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        items.add(parseOne(lines[i].getBytes(StandardCharsets.UTF_8), "line " + (i + 1)));
        checkSize(items.size());
      }
    } else {
      JsonNode root = parseOne(body, "body");
      if (root.isArray()) {
        checkSize(root.size());
        root.forEach(items::add);
      } else {
        items.add(root);
      }
    }
    if (items.isEmpty()) {
      throw new ProblemException(Problem.malformed("the request contains no items"));
    }
    return items;
  }

  /**
   * Splits a body of concatenated JSON values (Firehose style: objects back to back, NDJSON, or
   * arrays of objects) into items.
   */
  public List<JsonNode> concatenated(byte[] body) {
    return concatenated(body, maxBatchSize);
  }

  /** As {@link #concatenated(byte[])}, with its own item limit (answered 413 above it). */
  public List<JsonNode> concatenated(byte[] body, int maxItems) {
    List<JsonNode> items = new ArrayList<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
      Iterator<JsonNode> values = MAPPER.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode value = values.next();
        if (value.isArray()) {
          value.forEach(items::add);
        } else {
          items.add(value);
        }
        if (items.size() > maxItems) {
          throw new ProblemException(
              Problem.tooLarge("more than " + maxItems + " items in one request"));
        }
      }
    } catch (RuntimeException | IOException e) {
      if (e instanceof ProblemException p) {
        throw p;
      }
      throw new ProblemException(Problem.malformed("the body is not valid JSON" + where(e)));
    }
    if (items.isEmpty()) {
      throw new ProblemException(Problem.malformed("the request contains no items"));
    }
    return items;
  }

  /** Answers 413 when a request has more items than max-batch-size. */
  public void checkBatchSize(int size) {
    checkSize(size);
  }

  private void checkSize(int size) {
    if (size > maxBatchSize) {
      throw new ProblemException(
          Problem.tooLarge("more than " + maxBatchSize + " items in one request"));
    }
  }

  /** Parses exactly one JSON value. */
  public static JsonNode parseOne(byte[] json, String what) {
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new ProblemException(Problem.malformed(what + " is empty"));
      }
      if (parser.nextToken() != null) {
        throw new ProblemException(
            Problem.malformed(what + " has content after the JSON value" + where(parser)));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ProblemException(Problem.malformed(what + " is not valid JSON" + where(e)));
    } catch (IOException e) {
      throw new ProblemException(Problem.malformed(what + " could not be read"));
    }
  }

  private static String where(Exception e) {
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      JsonLocation loc = jpe.getLocation();
      return " (at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
    return "";
  }

  private static String where(JsonParser parser) {
    JsonLocation loc = parser.currentTokenLocation();
    return " (at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  /**
   * Validates events.
   *
   * @throws ProblemException 400 naming every invalid item and field
   */
  public List<CanonicalEvent> events(List<JsonNode> items) {
    List<FieldError> errors = new ArrayList<>();
    List<CanonicalEvent> events = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      CanonicalEvent event = event(items.get(i), i, errors);
      if (event != null) {
        events.add(event);
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return events;
  }

  /**
   * Validates identity links.
   *
   * @throws ProblemException 400 naming every invalid item and field
   */
  public List<IdentityClaim> identities(List<JsonNode> items) {
    List<FieldError> errors = new ArrayList<>();
    List<IdentityClaim> claims = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = new Item(items.get(i), i, errors);
      if (!item.isObject(IDENTITY_FIELDS)) {
        continue;
      }
      IdentifierType type =
          item.enumValue(
              CanonicalFields.LINK_TYPE, IdentifierType.class, IdentifierType.CUSTOMER_ID);
      String raw = item.string(CanonicalFields.LINK_VALUE);
      String customerId = item.string(CanonicalFields.LINK_CUSTOMER_ID);
      Instant linkedAt = item.instant(CanonicalFields.LINKED_AT);
      if (linkedAt != null) {
        String violation = bounds.violation(linkedAt);
        if (violation != null) {
          item.error("linkedAt", violation);
          linkedAt = null;
        }
      }
      String value = type == null || raw == null ? null : item.identifier("value", type, raw);
      if (type != null && value != null && customerId != null) {
        claims.add(
            new IdentityClaim(
                type, value, customerId, linkedAt == null ? bounds.clock().instant() : linkedAt));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return claims;
  }

  /**
   * Validates survey responses ({@code POST /v1/surveys}): the same reading of every field as for
   * events (strings, instants within {@link #bounds()}, the customer object and its normalization),
   * plus the answers' ranges and at least one answer per response.
   *
   * @throws ProblemException 400 naming every invalid item and field
   */
  public List<CanonicalSurvey> surveys(List<JsonNode> items) {
    List<FieldError> errors = new ArrayList<>();
    List<CanonicalSurvey> surveys = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      CanonicalSurvey survey = survey(items.get(i), i, errors);
      if (survey != null) {
        surveys.add(survey);
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return surveys;
  }

  private CanonicalSurvey survey(JsonNode node, int index, List<FieldError> errors) {
    Item item = new Item(node, index, errors);
    if (!item.isObject(SURVEY_FIELDS)) {
      return null;
    }
    int before = errors.size();
    String surveyId = item.string(CanonicalFields.SURVEY_ID);
    String contactId = item.string(CanonicalFields.SURVEY_CONTACT_ID);
    Instant respondedAt = item.instant(CanonicalFields.RESPONDED_AT);
    JsonNode customerNode = node.get(CanonicalFields.SURVEY_CUSTOMER.name());
    Customer customer =
        customerNode == null || customerNode.isNull() ? null : customer(item, customerNode);
    Channel channel = item.enumValue(CanonicalFields.SURVEY_CHANNEL, Channel.class, null);
    Integer csat = item.rating(CanonicalFields.CSAT);
    Integer nps = item.rating(CanonicalFields.NPS);
    Integer ces = item.rating(CanonicalFields.CES);
    Boolean resolved = item.bool(CanonicalFields.SURVEY_RESOLVED);
    String comment = item.string(CanonicalFields.COMMENT);
    if (respondedAt != null) {
      String violation = bounds.violation(respondedAt);
      if (violation != null) {
        item.error(CanonicalFields.RESPONDED_AT.name(), violation);
      }
    }
    boolean answered = false;
    for (CanonicalFields.Field answer : CanonicalFields.SURVEY_ANSWERS) {
      JsonNode value = node.get(answer.name());
      answered |= value != null && !value.isNull();
    }
    if (!answered) {
      item.error(
          "",
          "must carry at least one of "
              + String.join(", ", CanonicalFields.names(CanonicalFields.SURVEY_ANSWERS)));
    }
    if (errors.size() > before) {
      return null;
    }
    return new CanonicalSurvey(
        surveyId, contactId, respondedAt, customer, channel, csat, nps, ces, resolved, comment);
  }

  /**
   * Reads the identifier of {@code DELETE /v1/identities/{type}/{value}} (both already
   * percent-decoded), normalized exactly as {@link #identities} normalizes a link's value.
   *
   * @return the key on journeyline.identities
   * @throws ProblemException 400 naming {@code type} or {@code value}
   */
  public IdentityKey identityKey(String rawType, String rawValue) {
    List<FieldError> errors = new ArrayList<>();
    com.fasterxml.jackson.databind.node.ObjectNode node = MAPPER.createObjectNode();
    node.put("type", rawType);
    node.put("value", rawValue);
    Item item = new Item(node, null, errors);
    IdentifierType type =
        item.enumValue(CanonicalFields.LINK_TYPE, IdentifierType.class, IdentifierType.CUSTOMER_ID);
    String raw = item.string(CanonicalFields.LINK_VALUE);
    String value = type == null || raw == null ? null : item.identifier("value", type, raw);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.validation(errors));
    }
    return new IdentityKey(type, value);
  }

  private CanonicalEvent event(JsonNode node, int index, List<FieldError> errors) {
    Item item = new Item(node, index, errors);
    if (!item.isObject(EVENT_FIELDS)) {
      return null;
    }
    int before = errors.size();
    String eventId = item.string(CanonicalFields.EVENT_ID);
    Instant occurredAt = item.instant(CanonicalFields.OCCURRED_AT);
    Channel channel = item.enumValue(CanonicalFields.CHANNEL, Channel.class, null);
    EventType type = item.enumValue(CanonicalFields.TYPE, EventType.class, null);
    String contactId = item.string(CanonicalFields.CONTACT_ID);
    Customer customer = customer(item);
    String queue = item.string(CanonicalFields.QUEUE);
    String agentId = item.string(CanonicalFields.AGENT_ID);
    String issue = item.string(CanonicalFields.ISSUE);
    Direction direction = item.enumValue(CanonicalFields.DIRECTION, Direction.class, null);
    Participant participant = item.enumValue(CanonicalFields.PARTICIPANT, Participant.class, null);
    String text = item.string(CanonicalFields.TEXT);
    Double sentiment = item.score(CanonicalFields.SENTIMENT);
    Boolean resolved = item.bool(CanonicalFields.RESOLVED);
    Map<String, String> attributes = item.attributes(CanonicalFields.ATTRIBUTES);
    CanonicalEvent.Builder b =
        CanonicalEvent.builder()
            .sessionId(item.string(CanonicalFields.SESSION_ID))
            .entryPoint(item.string(CanonicalFields.ENTRY_POINT))
            .dialedNumber(item.phone(CanonicalFields.DIALED_NUMBER))
            .holdSeconds(item.count(CanonicalFields.HOLD_SECONDS))
            .previousContactId(item.string(CanonicalFields.PREVIOUS_CONTACT_ID))
            .messageId(item.string(CanonicalFields.MESSAGE_ID))
            .subject(item.string(CanonicalFields.SUBJECT))
            .mailbox(item.string(CanonicalFields.MAILBOX))
            .messageSid(item.string(CanonicalFields.MESSAGE_SID))
            .businessNumber(item.phone(CanonicalFields.BUSINESS_NUMBER));
    if (occurredAt != null) {
      String violation = bounds.violation(occurredAt);
      if (violation != null) {
        item.error("occurredAt", violation);
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return b.eventId(eventId)
        .occurredAt(occurredAt)
        .channel(channel)
        .type(type)
        .contactId(contactId)
        .customer(customer)
        .direction(direction == null ? Direction.INBOUND : direction)
        .queue(queue)
        .agentId(agentId)
        .issue(issue)
        .participant(participant)
        .text(text)
        .sentiment(sentiment)
        .resolved(resolved)
        .attributes(attributes)
        .source("canonical")
        .build();
  }

  private Customer customer(Item item) {
    JsonNode node = item.node.get("customer");
    if (node == null || node.isNull()) {
      item.error("customer", "is required");
      return null;
    }
    return customer(item, node);
  }

  /** The customer object of an item (events require it, surveys take it when given). */
  private Customer customer(Item item, JsonNode node) {
    Item c = item.nested("customer", node);
    if (!c.isObject(CUSTOMER_FIELDS)) {
      return null;
    }
    int before = item.errors.size();
    String customerId = c.string(CanonicalFields.CUSTOMER_ID);
    String phone = c.phone(CanonicalFields.PHONE);
    String email = c.email(CanonicalFields.EMAIL);
    String chatUserId = c.string(CanonicalFields.CHAT_USER_ID);
    if (item.errors.size() > before) {
      return null;
    }
    if (customerId == null && phone == null && email == null && chatUserId == null) {
      item.error("customer", "must carry at least one of customerId, phone, email, chatUserId");
      return null;
    }
    return new Customer(customerId, phone, email, chatUserId);
  }

  /** Reads fields of one item, recording errors with its index and the field's path. */
  private final class Item {
    private final JsonNode node;
    private final Integer index;
    private final List<FieldError> errors;
    private final String prefix;

    Item(JsonNode node, Integer index, List<FieldError> errors) {
      this(node, index, errors, "");
    }

    private Item(JsonNode node, Integer index, List<FieldError> errors, String prefix) {
      this.node = node;
      this.index = index;
      this.errors = errors;
      this.prefix = prefix;
    }

    Item nested(String field, JsonNode child) {
      return new Item(child, index, errors, prefix + field + ".");
    }

    void error(String field, String message) {
      errors.add(new FieldError(index, prefix + field, message));
    }

    String tooLong(String field, int max) {
      error(field, "must be at most " + max + " characters");
      return null;
    }

    boolean isObject(Set<String> allowed) {
      if (!node.isObject()) {
        errors.add(
            new FieldError(
                index,
                prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                "must be a JSON object"));
        return false;
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!allowed.contains(name)) {
          error(name.length() > 64 ? name.substring(0, 64) + "…" : name, "is not a known field");
        }
      }
      return true;
    }

    /** A non-blank string of at most the field's length; null when absent or invalid. */
    String string(CanonicalFields.Field field) {
      return string(field.name(), field.maxLength(), field.required());
    }

    private String string(String field, int max, boolean required) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          error(field, "is required");
        }
        return null;
      }
      if (!value.isTextual()) {
        error(field, "must be a string");
        return null;
      }
      String text = value.textValue();
      if (text.isBlank()) {
        error(field, required ? "is required" : "must not be blank (omit it instead)");
        return null;
      }
      if (text.length() > max && CanonicalFields.length(text) > max) {
        return tooLong(field, max);
      }
      return text;
    }

    <E extends Enum<E>> E enumValue(CanonicalFields.Field field, Class<E> type, E excluded) {
      String text = string(field);
      if (text == null) {
        return null;
      }
      for (E constant : type.getEnumConstants()) {
        if (constant != excluded && constant.name().equals(text)) {
          return constant;
        }
      }
      error(field.name(), "must be one of " + String.join(", ", field.values()));
      return null;
    }

    Instant instant(CanonicalFields.Field field) {
      String text = string(field);
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        error(field.name(), "must be an ISO-8601 instant with offset, e.g. 2026-03-01T09:30:00Z");
        return null;
      }
    }

    Double score(CanonicalFields.Field field) {
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        error(field.name(), "must be a number");
        return null;
      }
      double d = value.doubleValue();
      if (!Double.isFinite(d) || d < -1.0 || d > 1.0) {
        error(field.name(), "must be a number in [-1, 1]");
        return null;
      }
      return d;
    }

    /** A non-negative int; as in JSON Schema, 12.0 is the integer 12. */
    Integer count(CanonicalFields.Field field) {
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        return null;
      }
      BigDecimal number = decimal(value);
      if (number == null
          || number.signum() < 0
          || number.stripTrailingZeros().scale() > 0
          || number.compareTo(INT_MAX) > 0) {
        error(field.name(), "must be a non-negative integer");
        return null;
      }
      return number.intValueExact();
    }

    /** An integer in the field's [minimum, maximum]; as in JSON Schema, 4.0 is the integer 4. */
    Integer rating(CanonicalFields.Field field) {
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        return null;
      }
      BigDecimal number = decimal(value);
      if (number == null
          || number.stripTrailingZeros().scale() > 0
          || number.compareTo(BigDecimal.valueOf(field.minimum())) < 0
          || number.compareTo(BigDecimal.valueOf(field.maximum())) > 0) {
        error(
            field.name(), "must be an integer from " + field.minimum() + " to " + field.maximum());
        return null;
      }
      return number.intValueExact();
    }

    /**
     * A JSON number as a decimal; null when it is not a number, or not a finite one (a number
     * beyond double's range, such as 1e400, is read as infinity, which has no decimal value).
     */
    private static BigDecimal decimal(JsonNode value) {
      if (!value.isNumber()
          || (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))) {
        return null;
      }
      return value.decimalValue();
    }

    Boolean bool(CanonicalFields.Field field) {
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isBoolean()) {
        error(field.name(), "must be true or false");
        return null;
      }
      return value.booleanValue();
    }

    Map<String, String> attributes(CanonicalFields.Field field) {
      String name = field.name();
      JsonNode value = node.get(name);
      Map<String, String> out = new LinkedHashMap<>();
      if (value == null || value.isNull()) {
        return out;
      }
      if (!value.isObject()) {
        error(name, "must be an object of strings");
        return out;
      }
      if (value.size() > CanonicalFields.ATTRIBUTES_MAX) {
        error(name, "must have at most " + CanonicalFields.ATTRIBUTES_MAX + " entries");
        return out;
      }
      int keyMax = CanonicalFields.ATTRIBUTE_KEY_MAX;
      int valueMax = CanonicalFields.ATTRIBUTE_VALUE_MAX;
      for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.isEmpty() || CanonicalFields.length(key) > keyMax) {
          error(name, "keys must be 1 to " + keyMax + " characters");
        } else if (!e.getValue().isTextual()) {
          error(name + "." + key, "must be a string");
        } else if (CanonicalFields.length(e.getValue().textValue()) > valueMax) {
          error(name + "." + key, "must be at most " + valueMax + " characters");
        } else {
          out.put(key, e.getValue().textValue());
        }
      }
      return out;
    }

    /** A phone field, normalized to E.164; null when absent or invalid. */
    String phone(CanonicalFields.Field field) {
      String raw = string(field);
      return raw == null ? null : phone(field.name(), raw);
    }

    /** An email field, lower-cased; null when absent or invalid. */
    String email(CanonicalFields.Field field) {
      String raw = string(field);
      return raw == null ? null : email(field.name(), raw);
    }

    /** An identifier of a type, normalized as the identity stage keys it. */
    String identifier(String field, IdentifierType type, String raw) {
      return switch (type) {
        case PHONE -> phone(field, raw);
        case EMAIL -> email(field, raw);
        case CHAT_USER ->
            CanonicalFields.length(raw) > CanonicalFields.ID_MAX
                ? tooLong(field, CanonicalFields.ID_MAX)
                : raw;
        case CUSTOMER_ID -> null;
      };
    }

    private String phone(String field, String raw) {
      if (CanonicalFields.length(raw) > CanonicalFields.PHONE_MAX) {
        return tooLong(field, CanonicalFields.PHONE_MAX);
      }
      return identifiers
          .phone(raw)
          .orElseGet(
              () -> {
                error(
                    field,
                    "must be a phone number (E.164, or national in region "
                        + identifiers.defaultRegion()
                        + ")");
                return null;
              });
    }

    private String email(String field, String raw) {
      if (CanonicalFields.length(raw) > CanonicalFields.EMAIL_MAX) {
        return tooLong(field, CanonicalFields.EMAIL_MAX);
      }
      return Identifiers.email(raw)
          .orElseGet(
              () -> {
                error(field, "must be an email address");
                return null;
              });
    }
  }
}

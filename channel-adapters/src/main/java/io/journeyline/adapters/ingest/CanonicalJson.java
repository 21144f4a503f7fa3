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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates the canonical JSON contract of DESIGN.md ("Canonical JSON ingest"): bodies
 * that are one object, an array or NDJSON, and the fields of each event or identity link. All
 * invalid fields of all items are collected, so one 400 names every problem; an invalid item fails
 * the whole batch.
 */
public final class CanonicalJson {

  /** Length limits (characters). */
  public static final int ID_MAX = 128;

  public static final int SHORT_MAX = 256;
  public static final int TEXT_MAX = 16_384;
  public static final int ATTRIBUTES_MAX = 64;
  public static final int ATTRIBUTE_VALUE_MAX = 1024;

  /** The earliest accepted event time. */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** Shared, strict JSON mapper: duplicate keys are malformed. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "eventId",
          "occurredAt",
          "channel",
          "type",
          "contactId",
          "customer",
          "queue",
          "agentId",
          "issue",
          "direction",
          "participant",
          "text",
          "sentiment",
          "resolved",
          "attributes",
          "sessionId",
          "entryPoint",
          "dialedNumber",
          "holdSeconds",
          "previousContactId",
          "messageId",
          "subject",
          "mailbox",
          "messageSid",
          "businessNumber");
  private static final Set<String> CUSTOMER_FIELDS =
      Set.of("customerId", "phone", "email", "chatUserId");
  private static final Set<String> IDENTITY_FIELDS =
      Set.of("type", "value", "customerId", "linkedAt");

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
          item.enumValue("type", IdentifierType.class, true, IdentifierType.CUSTOMER_ID);
      String raw = item.string("value", SHORT_MAX, true);
      String customerId = item.string("customerId", ID_MAX, true);
      Instant linkedAt = item.instant("linkedAt", false);
      if (linkedAt != null) {
        String violation = bounds.violation(linkedAt);
        if (violation != null) {
          item.error("linkedAt", violation);
          linkedAt = null;
        }
      }
      String value = null;
      if (type != null && raw != null) {
        value =
            switch (type) {
              case PHONE -> item.phone("value", raw);
              case EMAIL -> item.email("value", raw);
              case CHAT_USER -> raw.length() > ID_MAX ? item.tooLong("value", ID_MAX) : raw;
              case CUSTOMER_ID -> null;
            };
      }
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

  private CanonicalEvent event(JsonNode node, int index, List<FieldError> errors) {
    Item item = new Item(node, index, errors);
    if (!item.isObject(EVENT_FIELDS)) {
      return null;
    }
    int before = errors.size();
    String eventId = item.string("eventId", ID_MAX, true);
    Instant occurredAt = item.instant("occurredAt", true);
    Channel channel = item.enumValue("channel", Channel.class, true, null);
    EventType type = item.enumValue("type", EventType.class, true, null);
    String contactId = item.string("contactId", ID_MAX, true);
    Customer customer = customer(item);
    String queue = item.string("queue", SHORT_MAX, false);
    String agentId = item.string("agentId", ID_MAX, false);
    String issue = item.string("issue", SHORT_MAX, false);
    Direction direction = item.enumValue("direction", Direction.class, false, null);
    Participant participant = item.enumValue("participant", Participant.class, false, null);
    String text = item.string("text", TEXT_MAX, false);
    Double sentiment = item.sentiment("sentiment");
    Boolean resolved = item.bool("resolved");
    Map<String, String> attributes = item.attributes("attributes");
    CanonicalEvent.Builder b =
        CanonicalEvent.builder()
            .sessionId(item.string("sessionId", ID_MAX, false))
            .entryPoint(item.string("entryPoint", SHORT_MAX, false))
            .holdSeconds(item.nonNegativeInt("holdSeconds"))
            .previousContactId(item.string("previousContactId", ID_MAX, false))
            .messageId(item.string("messageId", SHORT_MAX, false))
            .subject(item.string("subject", SHORT_MAX, false))
            .mailbox(item.string("mailbox", SHORT_MAX, false))
            .messageSid(item.string("messageSid", ID_MAX, false));
    String dialed = item.string("dialedNumber", 48, false);
    if (dialed != null) {
      b.dialedNumber(item.phone("dialedNumber", dialed));
    }
    String business = item.string("businessNumber", 48, false);
    if (business != null) {
      b.businessNumber(item.phone("businessNumber", business));
    }
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
    Item c = item.nested("customer", node);
    if (!c.isObject(CUSTOMER_FIELDS)) {
      return null;
    }
    String customerId = c.string("customerId", ID_MAX, false);
    String rawPhone = c.string("phone", 48, false);
    String rawEmail = c.string("email", 254, false);
    String chatUserId = c.string("chatUserId", ID_MAX, false);
    String phone = rawPhone == null ? null : c.phone("phone", rawPhone);
    String email = rawEmail == null ? null : c.email("email", rawEmail);
    if (customerId == null && rawPhone == null && rawEmail == null && chatUserId == null) {
      item.error("customer", "must carry at least one of customerId, phone, email, chatUserId");
      return null;
    }
    return new Customer(customerId, phone, email, chatUserId);
  }

  /** Reads fields of one item, recording errors with its index and the field's path. */
  private final class Item {
    private final JsonNode node;
    private final int index;
    private final List<FieldError> errors;
    private final String prefix;

    Item(JsonNode node, int index, List<FieldError> errors) {
      this(node, index, errors, "");
    }

    private Item(JsonNode node, int index, List<FieldError> errors, String prefix) {
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

    String string(String field, int max, boolean required) {
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
      if (text.length() > max) {
        return tooLong(field, max);
      }
      return text;
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required, E excluded) {
      String text = string(field, SHORT_MAX, required);
      if (text == null) {
        return null;
      }
      for (E constant : type.getEnumConstants()) {
        if (constant != excluded && constant.name().equals(text)) {
          return constant;
        }
      }
      error(
          field,
          "must be one of "
              + Arrays.stream(type.getEnumConstants())
                  .filter(c -> c != excluded)
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")));
      return null;
    }

    Instant instant(String field, boolean required) {
      String text = string(field, 64, required);
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        error(field, "must be an ISO-8601 instant with offset, e.g. 2026-03-01T09:30:00Z");
        return null;
      }
    }

    Double sentiment(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        error(field, "must be a number");
        return null;
      }
      double d = value.doubleValue();
      if (!Double.isFinite(d) || d < -1.0 || d > 1.0) {
        error(field, "must be a number in [-1, 1]");
        return null;
      }
      return d;
    }

    Integer nonNegativeInt(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
        error(field, "must be a non-negative integer");
        return null;
      }
      return value.intValue();
    }

    Boolean bool(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isBoolean()) {
        error(field, "must be true or false");
        return null;
      }
      return value.booleanValue();
    }

    Map<String, String> attributes(String field) {
      JsonNode value = node.get(field);
      Map<String, String> out = new LinkedHashMap<>();
      if (value == null || value.isNull()) {
        return out;
      }
      if (!value.isObject()) {
        error(field, "must be an object of strings");
        return out;
      }
      if (value.size() > ATTRIBUTES_MAX) {
        error(field, "must have at most " + ATTRIBUTES_MAX + " entries");
        return out;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.isEmpty() || key.length() > ID_MAX) {
          error(field, "keys must be 1 to " + ID_MAX + " characters");
        } else if (!e.getValue().isTextual()) {
          error(field + "." + key, "must be a string");
        } else if (e.getValue().textValue().length() > ATTRIBUTE_VALUE_MAX) {
          error(field + "." + key, "must be at most " + ATTRIBUTE_VALUE_MAX + " characters");
        } else {
          out.put(key, e.getValue().textValue());
        }
      }
      return out;
    }

    String phone(String field, String raw) {
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

    String email(String field, String raw) {
      return Identifiers.email(raw)
          .orElseGet(
              () -> {
                error(field, "must be an email address");
                return null;
              });
    }
  }
}

package io.journeyline.adapters.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyline.adapters.ingest.TimeBounds;
import io.journeyline.problem.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Lenient reader of one native JSON item (vendor payloads carry many fields we do not need, so
 * unknown fields are fine), recording errors for the fields we do need under the vendor's field
 * names.
 */
public final class NativeItem {

  private final JsonNode node;
  private final int index;
  private final List<FieldError> errors;

  public NativeItem(JsonNode node, int index, List<FieldError> errors) {
    this.node = node;
    this.index = index;
    this.errors = errors;
  }

  public JsonNode node() {
    return node;
  }

  public int index() {
    return index;
  }

  public void error(String field, String message) {
    errors.add(new FieldError(index, field, message));
  }

  /** The node at a dotted path, or null when missing or JSON null. */
  public JsonNode at(String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(part);
    }
    return current == null || current.isNull() ? null : current;
  }

  /** A non-blank string at a path, or null (with an error when required or of the wrong type). */
  public String text(String path, int max, boolean required) {
    JsonNode value = at(path);
    if (value == null || (value.isTextual() && value.textValue().isBlank())) {
      if (required) {
        error(path, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      error(path, "must be a string");
      return null;
    }
    if (value.textValue().length() > max) {
      error(path, "must be at most " + max + " characters");
      return null;
    }
    return value.textValue();
  }

  /** An instant given as an ISO-8601 string or as epoch milliseconds. */
  public Instant instant(String path, boolean required) {
    JsonNode value = at(path);
    if (value == null) {
      if (required) {
        error(path, "is required");
      }
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      long millis = value.longValue();
      if (millis < 0 || millis > 253_402_300_799_999L) {
        error(path, "is out of range");
        return null;
      }
      return Instant.ofEpochMilli(millis);
    }
    if (value.isTextual()) {
      try {
        return OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant();
      } catch (DateTimeParseException e) {
        error(path, "must be an ISO-8601 instant");
        return null;
      }
    }
    error(path, "must be an ISO-8601 instant or epoch milliseconds");
    return null;
  }

  /**
   * An instant (ISO-8601 or epoch milliseconds) that must also lie within the event-time window;
   * outside it the field is named in the error.
   */
  public Instant instant(String path, boolean required, TimeBounds bounds) {
    Instant at = instant(path, required);
    if (at != null) {
      String violation = bounds.violation(at);
      if (violation != null) {
        error(path, violation);
        return null;
      }
    }
    return at;
  }

  /** A non-negative int, or null. */
  public Integer nonNegativeInt(String path) {
    JsonNode value = at(path);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      error(path, "must be a non-negative integer");
      return null;
    }
    return value.intValue();
  }
}

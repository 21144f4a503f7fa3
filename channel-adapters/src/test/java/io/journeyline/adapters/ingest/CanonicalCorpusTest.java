package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.journeyline.adapters.ingest.CanonicalFields.Field;
import io.journeyline.adapters.ingest.CanonicalFields.Kind;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5: one corpus of documents run through both the published JSON Schema (networknt's
 * json-schema-validator, draft 2020-12, {@code format} asserted) and the adapters' own validator
 * ({@link CanonicalJson}). Both accept every valid document; both reject every invalid one, and
 * each invalid document breaks exactly one rule, which the validator's problem names.
 *
 * <p>What a JSON Schema cannot say is listed in {@link #DIFFERENCES} with what each side answers
 * (and in docs/ingest-api.md): the event-time window (configurable), phone numbers that have digits
 * but are not possible numbers, the prefixes and white space the adapters strip from identifiers,
 * minute-precision instants, digits of other scripts, and duplicate keys.
 */
class CanonicalCorpusTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  private static final Schema EVENT =
      SCHEMAS.getSchema(
          CanonicalSchemaContractTest.schemaText(CanonicalSchemaContractTest.EVENT_SCHEMA),
          InputFormat.JSON);
  private static final Schema LINK =
      SCHEMAS.getSchema(
          CanonicalSchemaContractTest.schemaText(CanonicalSchemaContractTest.LINK_SCHEMA),
          InputFormat.JSON);

  private final CanonicalJson json = new CanonicalJson(new Identifiers("US"), TestBounds.now(), 10);

  /** A document and, for an invalid one, the field the validator must name. */
  record Case(String name, String document, String field) {}

  /** A document the two sides answer differently, on purpose. */
  record Difference(String name, String document, boolean schemaAccepts, String why) {}

  // ---------------------------------------------------------------- events

  private static ObjectNode minimal() {
    ObjectNode e = NODES.objectNode();
    e.put("eventId", "e-1");
    e.put("occurredAt", "2026-03-01T09:30:00Z");
    e.put("channel", "CHAT");
    e.put("type", "MESSAGE");
    e.put("contactId", "chat-1");
    e.putObject("customer").put("customerId", "C-1");
    return e;
  }

  private static String event(Consumer<ObjectNode> change) {
    ObjectNode e = minimal();
    change.accept(e);
    return e.toString();
  }

  private static ObjectNode customer(ObjectNode e) {
    return (ObjectNode) e.get("customer");
  }

  static List<Case> validEvents() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("minimal", event(e -> {}), null));
    cases.add(
        new Case(
            "chat with every common field",
            event(
                e -> {
                  ObjectNode c = customer(e);
                  c.put("phone", "+1 415 867 5309");
                  c.put("email", "Jane.Doe@Example.com");
                  c.put("chatUserId", "u-1");
                  e.put("queue", "billing");
                  e.put("agentId", "agent-7");
                  e.put("issue", "refund");
                  e.put("direction", "OUTBOUND");
                  e.put("participant", "CUSTOMER");
                  e.put("text", "I was charged twice 😠");
                  e.put("sentiment", -0.6);
                  e.put("resolved", false);
                  e.putObject("attributes").put("page", "/help").put("lang", "en");
                  e.put("sessionId", "s-1");
                  e.put("entryPoint", "web-widget");
                }),
            null));
    cases.add(
        new Case(
            "voice with its own fields and a national number",
            event(
                e -> {
                  e.put("channel", "VOICE");
                  e.put("type", "CONTACT_ENDED");
                  customer(e).put("phone", "(415) 867-5309");
                  e.put("dialedNumber", "tel:+1-800-555-0100");
                  e.put("holdSeconds", 95);
                  e.put("previousContactId", "call-0");
                  e.put("resolved", true);
                }),
            null));
    cases.add(
        new Case(
            "email with its own fields",
            event(
                e -> {
                  e.put("channel", "EMAIL");
                  e.remove("customer");
                  e.putObject("customer").put("email", "ana@example.com");
                  e.put("messageId", "<abc@mail.example.com>");
                  e.put("subject", "Refund");
                  e.put("mailbox", "support@example.com");
                }),
            null));
    cases.add(
        new Case(
            "sms with its own fields",
            event(
                e -> {
                  e.put("channel", "SMS");
                  e.remove("customer");
                  e.putObject("customer").put("phone", "+14158675309");
                  e.put("messageSid", "SM0123456789abcdef0123456789abcdef");
                  e.put("businessNumber", "+18005550100");
                }),
            null));
    cases.add(
        new Case(
            "every optional field null",
            event(
                e -> {
                  for (Field f : CanonicalFields.EVENT) {
                    if (!f.required()) {
                      e.putNull(f.name());
                    }
                  }
                  customer(e).putNull("phone").putNull("email").putNull("chatUserId");
                }),
            null));
    cases.add(
        new Case(
            "every text field at its limit",
            event(
                e -> {
                  for (Field f : CanonicalFields.EVENT) {
                    if (f.kind() == Kind.STRING) {
                      e.put(f.name(), "x".repeat(f.maxLength()));
                    }
                  }
                  customer(e).put("customerId", "c".repeat(CanonicalFields.ID_MAX));
                  customer(e).put("chatUserId", "u".repeat(CanonicalFields.ID_MAX));
                  customer(e).put("phone", "+1 415 867 5309" + " ".repeat(48 - 15));
                  customer(e).put("email", longEmail(CanonicalFields.EMAIL_MAX));
                }),
            null));
    cases.add(
        new Case(
            "text of emoji at the limit in code points (twice as many UTF-16 units)",
            event(e -> e.put("text", "😀".repeat(CanonicalFields.TEXT_MAX))),
            null));
    cases.add(
        new Case(
            "attributes at every limit",
            event(
                e -> {
                  ObjectNode a = e.putObject("attributes");
                  for (int i = 0; i < CanonicalFields.ATTRIBUTES_MAX - 1; i++) {
                    a.put("k" + i, "");
                  }
                  a.put(
                      "k".repeat(CanonicalFields.ATTRIBUTE_KEY_MAX),
                      "v".repeat(CanonicalFields.ATTRIBUTE_VALUE_MAX));
                }),
            null));
    cases.add(
        new Case(
            "an integral number written with a fraction is an integer",
            event(e -> e.put("holdSeconds", 12.0)),
            null));
    cases.add(
        new Case(
            "an instant with an offset and nanoseconds",
            event(e -> e.put("occurredAt", "2026-03-01T11:30:00.123456789+02:00")),
            null));
    cases.add(
        new Case(
            "a phone in fullwidth digits",
            event(e -> customer(e).put("phone", "＋１ ４１５ ８６７ ５３０９")),
            null));
    cases.add(new Case("sentiment -1", event(e -> e.put("sentiment", -1)), null));
    cases.add(new Case("sentiment 1", event(e -> e.put("sentiment", 1)), null));
    return cases;
  }

  static List<Case> invalidEvents() {
    List<Case> cases = new ArrayList<>();
    // A required field missing, or null.
    for (Field f : CanonicalFields.EVENT) {
      if (f.required()) {
        cases.add(new Case("missing " + f.name(), event(e -> e.remove(f.name())), f.name()));
        cases.add(new Case("null " + f.name(), event(e -> e.putNull(f.name())), f.name()));
      }
    }
    // One character over each limit (in code points).
    for (Field f : CanonicalFields.EVENT) {
      String over = overLong(f);
      if (over != null) {
        cases.add(new Case("over-long " + f.name(), event(e -> e.put(f.name(), over)), f.name()));
      }
    }
    for (Field f : CanonicalFields.CUSTOMER) {
      String over = overLong(f);
      cases.add(
          new Case(
              "over-long customer." + f.name(),
              event(e -> customer(e).put(f.name(), over)),
              "customer." + f.name()));
    }
    // Enums.
    cases.add(new Case("unknown channel", event(e -> e.put("channel", "FAX")), "channel"));
    cases.add(new Case("unknown type", event(e -> e.put("type", "STARTED")), "type"));
    cases.add(new Case("lower-case type", event(e -> e.put("type", "message")), "type"));
    cases.add(new Case("unknown direction", event(e -> e.put("direction", "IN")), "direction"));
    cases.add(
        new Case("unknown participant", event(e -> e.put("participant", "USER")), "participant"));
    // Wrong types.
    cases.add(new Case("numeric eventId", event(e -> e.put("eventId", 42)), "eventId"));
    cases.add(new Case("boolean contactId", event(e -> e.put("contactId", true)), "contactId"));
    cases.add(new Case("numeric channel", event(e -> e.put("channel", 1)), "channel"));
    cases.add(new Case("textual sentiment", event(e -> e.put("sentiment", "high")), "sentiment"));
    cases.add(new Case("textual resolved", event(e -> e.put("resolved", "yes")), "resolved"));
    cases.add(
        new Case("textual holdSeconds", event(e -> e.put("holdSeconds", "12")), "holdSeconds"));
    cases.add(
        new Case("fractional holdSeconds", event(e -> e.put("holdSeconds", 1.5)), "holdSeconds"));
    cases.add(new Case("array attributes", event(e -> e.putArray("attributes")), "attributes"));
    cases.add(new Case("textual customer", event(e -> e.put("customer", "C-1")), "customer"));
    cases.add(new Case("numeric queue", event(e -> e.put("queue", 7)), "queue"));
    cases.add(new Case("object text", event(e -> e.putObject("text")), "text"));
    cases.add(
        new Case(
            "numeric customer.customerId",
            event(e -> customer(e).put("customerId", 7)),
            "customer.customerId"));
    cases.add(
        new Case(
            "numeric attribute value",
            event(e -> e.putObject("attributes").put("k", 1)),
            "attributes.k"));
    // Ranges.
    cases.add(new Case("sentiment above 1", event(e -> e.put("sentiment", 1.5)), "sentiment"));
    cases.add(new Case("sentiment below -1", event(e -> e.put("sentiment", -2)), "sentiment"));
    cases.add(
        new Case("negative holdSeconds", event(e -> e.put("holdSeconds", -1)), "holdSeconds"));
    cases.add(
        new Case(
            "holdSeconds beyond 32 bits",
            event(e -> e.put("holdSeconds", 2_147_483_648L)),
            "holdSeconds"));
    // Blank strings.
    cases.add(new Case("blank eventId", event(e -> e.put("eventId", "   ")), "eventId"));
    cases.add(new Case("empty queue", event(e -> e.put("queue", "")), "queue"));
    cases.add(new Case("blank issue", event(e -> e.put("issue", " \t")), "issue"));
    // Unknown properties.
    cases.add(new Case("unknown property", event(e -> e.put("foo", "bar")), "foo"));
    cases.add(
        new Case(
            "unknown customer property",
            event(e -> customer(e).put("name", "Ana")),
            "customer.name"));
    // Instants.
    cases.add(new Case("word instant", event(e -> e.put("occurredAt", "yesterday")), "occurredAt"));
    cases.add(
        new Case(
            "instant without offset",
            event(e -> e.put("occurredAt", "2026-03-01T09:30:00")),
            "occurredAt"));
    cases.add(
        new Case(
            "instant in month 13",
            event(e -> e.put("occurredAt", "2026-13-01T09:30:00Z")),
            "occurredAt"));
    cases.add(
        new Case(
            "epoch millis instant", event(e -> e.put("occurredAt", 1772357400000L)), "occurredAt"));
    // Identifiers.
    cases.add(
        new Case(
            "phone without digits",
            event(e -> customer(e).put("phone", "call me")),
            "customer.phone"));
    cases.add(
        new Case(
            "dialedNumber without digits",
            event(e -> e.put("dialedNumber", "anonymous")),
            "dialedNumber"));
    cases.add(
        new Case(
            "email without domain",
            event(e -> customer(e).put("email", "ana@")),
            "customer.email"));
    cases.add(
        new Case(
            "email with a space",
            event(e -> customer(e).put("email", "ana silva@example.com")),
            "customer.email"));
    cases.add(
        new Case("email without @", event(e -> customer(e).put("email", "ana")), "customer.email"));
    // The customer must carry an identifier.
    cases.add(
        new Case("customer without identifiers", event(e -> e.putObject("customer")), "customer"));
    cases.add(
        new Case(
            "customer with only nulls",
            event(e -> customer(e).putNull("customerId").putNull("phone")),
            "customer"));
    // Attributes.
    cases.add(
        new Case(
            "too many attributes",
            event(
                e -> {
                  ObjectNode a = e.putObject("attributes");
                  for (int i = 0; i <= CanonicalFields.ATTRIBUTES_MAX; i++) {
                    a.put("k" + i, "v");
                  }
                }),
            "attributes"));
    cases.add(
        new Case(
            "empty attribute key",
            event(e -> e.putObject("attributes").put("", "v")),
            "attributes"));
    cases.add(
        new Case(
            "over-long attribute key",
            event(
                e ->
                    e.putObject("attributes")
                        .put("k".repeat(CanonicalFields.ATTRIBUTE_KEY_MAX + 1), "v")),
            "attributes"));
    cases.add(
        new Case(
            "over-long attribute value",
            event(
                e ->
                    e.putObject("attributes")
                        .put("k", "v".repeat(CanonicalFields.ATTRIBUTE_VALUE_MAX + 1))),
            "attributes.k"));
    cases.add(
        new Case(
            "null attribute value",
            event(e -> e.putObject("attributes").putNull("k")),
            "attributes.k"));
    return cases;
  }

  /** One character past a field's limit, otherwise valid; null for fields without a length. */
  private static String overLong(Field f) {
    return switch (f.kind()) {
      case STRING -> "x".repeat(f.maxLength() + 1);
      case PHONE -> "+1 415 867 5309" + " ".repeat(f.maxLength() + 1 - 15);
      case EMAIL -> longEmail(f.maxLength() + 1);
      case INSTANT -> "2026-03-01T09:30:00." + "0".repeat(f.maxLength() + 1 - 21) + "Z";
      default -> null;
    };
  }

  /** A well-formed address of exactly this length. */
  private static String longEmail(int length) {
    String domain = "@example.com";
    return "a".repeat(length - domain.length()) + domain;
  }

  // ---------------------------------------------------------------- identity links

  private static String link(String type, String value, Consumer<ObjectNode> change) {
    ObjectNode l = NODES.objectNode();
    l.put("type", type);
    l.put("value", value);
    l.put("customerId", "C-1");
    change.accept(l);
    return l.toString();
  }

  static List<Case> validLinks() {
    return List.of(
        new Case("phone, national", link("PHONE", "(415) 867-5309", l -> {}), null),
        new Case("phone, E.164", link("PHONE", "+442071838750", l -> {}), null),
        new Case("email, mixed case", link("EMAIL", "Ana.Silva@Example.com", l -> {}), null),
        new Case("chat user", link("CHAT_USER", "slack:U024BE7LH", l -> {}), null),
        new Case(
            "with linkedAt",
            link("CHAT_USER", "u-1", l -> l.put("linkedAt", "2026-02-01T00:00:00Z")),
            null),
        new Case("linkedAt null", link("CHAT_USER", "u-1", l -> l.putNull("linkedAt")), null),
        new Case(
            "chat user id at its limit",
            link("CHAT_USER", "u".repeat(CanonicalFields.ID_MAX), l -> {}),
            null),
        new Case(
            "email at its limit",
            link("EMAIL", longEmail(CanonicalFields.EMAIL_MAX), l -> {}),
            null));
  }

  static List<Case> invalidLinks() {
    List<Case> cases = new ArrayList<>();
    for (Field f : CanonicalFields.IDENTITY) {
      if (f.required()) {
        cases.add(
            new Case(
                "missing " + f.name(),
                link("CHAT_USER", "u-1", l -> l.remove(f.name())),
                f.name()));
      }
    }
    cases.add(new Case("unknown type", link("FAX", "u-1", l -> {}), "type"));
    cases.add(
        new Case(
            "customer id is not a linkable type", link("CUSTOMER_ID", "C-2", l -> {}), "type"));
    cases.add(new Case("phone without digits", link("PHONE", "unknown", l -> {}), "value"));
    cases.add(new Case("bad email", link("EMAIL", "ana@", l -> {}), "value"));
    cases.add(new Case("blank value", link("CHAT_USER", "  ", l -> {}), "value"));
    cases.add(
        new Case(
            "over-long chat user id",
            link("CHAT_USER", "u".repeat(CanonicalFields.ID_MAX + 1), l -> {}),
            "value"));
    cases.add(
        new Case(
            "over-long phone",
            link(
                "PHONE",
                "+1 415 867 5309" + " ".repeat(CanonicalFields.PHONE_MAX + 1 - 15),
                l -> {}),
            "value"));
    cases.add(
        new Case(
            "over-long email",
            link("EMAIL", longEmail(CanonicalFields.EMAIL_MAX + 1), l -> {}),
            "value"));
    cases.add(
        new Case(
            "over-long customerId",
            link(
                "CHAT_USER",
                "u-1",
                l -> l.put("customerId", "c".repeat(CanonicalFields.ID_MAX + 1))),
            "customerId"));
    cases.add(
        new Case(
            "bad linkedAt",
            link("CHAT_USER", "u-1", l -> l.put("linkedAt", "last week")),
            "linkedAt"));
    cases.add(
        new Case("unknown property", link("CHAT_USER", "u-1", l -> l.put("note", "x")), "note"));
    cases.add(new Case("numeric value", link("CHAT_USER", "u-1", l -> l.put("value", 5)), "value"));
    return cases;
  }

  // ---------------------------------------------------------------- intended differences

  static final List<Difference> DIFFERENCES =
      List.of(
          new Difference(
              "occurredAt beyond max-future-skew",
              event(e -> e.put("occurredAt", "2026-03-01T10:06:00Z")),
              true,
              "the event-time window is configuration (max-future-skew, max-event-age)"),
          new Difference(
              "occurredAt older than max-event-age",
              event(e -> e.put("occurredAt", "2024-01-01T00:00:00Z")),
              true,
              "the event-time window is configuration (max-future-skew, max-event-age)"),
          new Difference(
              "a phone with digits that is not a possible number",
              event(e -> customer(e).put("phone", "12")),
              true,
              "possible-number rules per country (libphonenumber) are beyond a JSON Schema"),
          new Difference(
              "an email with a mailto: prefix",
              event(e -> customer(e).put("email", "mailto:Ana@Example.com")),
              false,
              "the adapters strip mailto: (CRM exports carry it); the schema shows the plain form"),
          new Difference(
              "an email with surrounding white space",
              event(e -> customer(e).put("email", " ana@example.com ")),
              false,
              "the adapters trim identifiers; the schema shows the plain form"),
          new Difference(
              "an instant without seconds",
              event(e -> e.put("occurredAt", "2026-03-01T09:30Z")),
              false,
              "ISO-8601 allows it and the adapters read it; RFC 3339 date-time requires seconds"),
          new Difference(
              "a phone in Devanagari digits",
              event(e -> customer(e).put("phone", "+९१ ९८७६५ ४३२१०")),
              false,
              "libphonenumber reads every script's digits; the schema pattern knows four"),
          new Difference(
              "a duplicate key",
              "{\"eventId\":\"e-1\",\"eventId\":\"e-2\",\"occurredAt\":\"2026-03-01T09:30:00Z\","
                  + "\"channel\":\"CHAT\",\"type\":\"MESSAGE\",\"contactId\":\"chat-1\","
                  + "\"customer\":{\"customerId\":\"C-1\"}}",
              true,
              "JSON Schema validates the parsed value, where the last key wins; the adapters"
                  + " refuse the ambiguous text"));

  // ---------------------------------------------------------------- the tests

  @Test
  void shouldAcceptEveryValidEventOnBothSides() {
    for (Case c : validEvents()) {
      assertThat(schemaErrors(EVENT, c.document())).as(c.name()).isEmpty();
      assertThat(rejection(c.document(), false)).as(c.name()).isEmpty();
    }
  }

  @Test
  void shouldRejectEveryInvalidEventOnBothSidesNamingTheOneField() {
    List<Case> cases = invalidEvents();
    assertThat(cases).hasSizeGreaterThan(60);
    for (Case c : cases) {
      assertThat(schemaErrors(EVENT, c.document())).as(c.name()).isNotEmpty();
      assertThat(fields(codeErrors(c.document(), false))).as(c.name()).containsExactly(c.field());
    }
  }

  @Test
  void shouldAcceptEveryValidLinkOnBothSides() {
    for (Case c : validLinks()) {
      assertThat(schemaErrors(LINK, c.document())).as(c.name()).isEmpty();
      assertThat(rejection(c.document(), true)).as(c.name()).isEmpty();
    }
  }

  @Test
  void shouldRejectEveryInvalidLinkOnBothSidesNamingTheOneField() {
    for (Case c : invalidLinks()) {
      assertThat(schemaErrors(LINK, c.document())).as(c.name()).isNotEmpty();
      assertThat(fields(codeErrors(c.document(), true))).as(c.name()).containsExactly(c.field());
    }
  }

  @Test
  void shouldDifferOnlyWhereDocumentedAndInTheDocumentedDirection() {
    for (Difference d : DIFFERENCES) {
      assertThat(schemaErrors(EVENT, d.document()).isEmpty())
          .as(d.name())
          .isEqualTo(d.schemaAccepts());
      assertThat(rejection(d.document(), false).isEmpty())
          .as(d.name() + ": " + d.why())
          .isEqualTo(!d.schemaAccepts());
    }
  }

  @Test
  void shouldNormalizeWhatOnlyTheAdaptersAccept() {
    CanonicalEvent mailto =
        json.events(
                json.items(
                    event(e -> customer(e).put("email", " mailto:Ana@Example.com "))
                        .getBytes(StandardCharsets.UTF_8),
                    false))
            .get(0);
    CanonicalEvent devanagari =
        json.events(
                json.items(
                    event(e -> customer(e).put("phone", "+९१ ९८७६५ ४३२१०"))
                        .getBytes(StandardCharsets.UTF_8),
                    false))
            .get(0);

    assertThat(mailto.customer().email()).isEqualTo("ana@example.com");
    assertThat(devanagari.customer().phone()).isEqualTo("+919876543210");
  }

  private static List<String> schemaErrors(Schema schema, String document) {
    return schema.validate(document, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  /**
   * The validator's answer to one document (an event, or a link): empty when accepted, else the
   * fields its problem names (none for a body refused as malformed).
   */
  private Optional<List<FieldError>> rejection(String document, boolean link) {
    ProblemException problem =
        catchThrowableOfType(
            ProblemException.class,
            () -> {
              List<JsonNode> items = json.items(document.getBytes(StandardCharsets.UTF_8), false);
              if (link) {
                json.identities(items);
              } else {
                json.events(items);
              }
            });
    if (problem == null) {
      return Optional.empty();
    }
    List<FieldError> errors = problem.problem().errors();
    return Optional.of(errors == null ? List.of() : errors);
  }

  private List<FieldError> codeErrors(String document, boolean link) {
    return rejection(document, link).orElse(List.of());
  }

  private static Set<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).collect(Collectors.toCollection(TreeSet::new));
  }
}

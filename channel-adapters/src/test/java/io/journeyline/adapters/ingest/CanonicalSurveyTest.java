package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.journeyline.avro.Channel;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/surveys}: {@link CanonicalJson#surveys} reads every field as the event fields are
 * read (strings, instants in the event-time window, the customer object and its normalization),
 * names each invalid field with its item's index, and agrees with the published JSON Schema
 * (survey-response.schema.json) on one corpus, except for what a schema cannot say (the time
 * window, possible phone numbers), as for events.
 */
class CanonicalSurveyTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12,
              b ->
                  b.schemaRegistryConfig(
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
          .getSchema(
              CanonicalSchemaContractTest.schemaText(CanonicalSchemaContractTest.SURVEY_SCHEMA),
              InputFormat.JSON);

  private final CanonicalJson json = new CanonicalJson(new Identifiers("US"), TestBounds.now(), 10);

  private static ObjectNode minimal() {
    ObjectNode s = NODES.objectNode();
    s.put("surveyId", "s-1");
    s.put("contactId", "chat-1");
    s.put("respondedAt", "2026-03-01T09:45:00Z");
    s.put("csat", 4);
    return s;
  }

  private static String survey(Consumer<ObjectNode> change) {
    ObjectNode s = minimal();
    change.accept(s);
    return s.toString();
  }

  private List<CanonicalSurvey> surveys(String body, boolean ndjson) {
    return json.surveys(json.items(body.getBytes(StandardCharsets.UTF_8), ndjson));
  }

  private List<FieldError> errors(String body) {
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> surveys(body, false));
    assertThat(e).as(body).isNotNull();
    assertThat(e.problem().status()).isEqualTo(400);
    return e.problem().errors();
  }

  /** The one error of a one-survey body. */
  private FieldError error(String body) {
    List<FieldError> errors = errors(body);
    assertThat(errors).as(body).hasSize(1);
    assertThat(errors.get(0).index()).isZero();
    return errors.get(0);
  }

  private static List<String> schemaErrors(String document) {
    return SCHEMA.validate(document, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  // ---------------------------------------------------------------- reading

  @Test
  void shouldReadEveryFieldAndNormalizeTheCustomerAsEventsDo() {
    CanonicalSurvey s =
        surveys(
                survey(
                    n -> {
                      n.put("contactId", "chat-1@2026-03-01T09:00:00Z");
                      n.putObject("customer")
                          .put("customerId", "C-1")
                          .put("phone", "(415) 867-5309")
                          .put("email", "Ana.Silva@Example.COM")
                          .put("chatUserId", "u-1");
                      n.put("channel", "CHAT");
                      n.put("csat", 5.0);
                      n.put("nps", 0);
                      n.put("ces", 7);
                      n.put("resolved", false);
                      n.put("comment", "Call me at 415 867 5309");
                    }),
                false)
            .get(0);

    assertThat(s.surveyId()).isEqualTo("s-1");
    assertThat(s.contactId()).isEqualTo("chat-1@2026-03-01T09:00:00Z");
    assertThat(s.respondedAt()).isEqualTo(Instant.parse("2026-03-01T09:45:00Z"));
    assertThat(s.customer())
        .isEqualTo(new Customer("C-1", "+14158675309", "ana.silva@example.com", "u-1"));
    assertThat(s.channel()).isEqualTo(Channel.CHAT);
    assertThat(s.csat()).isEqualTo(5);
    assertThat(s.nps()).isZero();
    assertThat(s.ces()).isEqualTo(7);
    assertThat(s.resolved()).isFalse();
    // Redaction is the Avro mapping's job, as for message text.
    assertThat(s.comment()).isEqualTo("Call me at 415 867 5309");
  }

  @Test
  void shouldTakeOneAnswerAloneAndLeaveTheOptionalFieldsAbsent() {
    for (String answer : List.of("csat", "nps", "ces", "resolved")) {
      ObjectNode n = minimal();
      n.remove("csat");
      if (answer.equals("resolved")) {
        n.put("resolved", true);
      } else {
        n.put(answer, 1);
      }
      CanonicalSurvey s = surveys(n.toString(), false).get(0);

      assertThat(s.customer()).as(answer).isNull();
      assertThat(s.channel()).as(answer).isNull();
      assertThat(s.comment()).as(answer).isNull();
    }
  }

  @Test
  void shouldAcceptArraysAndNdjsonWithOffsets() {
    String one = survey(n -> n.put("respondedAt", "2026-03-01T10:45:00+01:00"));
    String two = survey(n -> n.put("surveyId", "s-2"));

    assertThat(surveys("[" + one + "," + two + "]", false))
        .extracting(CanonicalSurvey::surveyId)
        .containsExactly("s-1", "s-2");
    List<CanonicalSurvey> nd = surveys(one + "\n\n" + two + "\n", true);
    assertThat(nd).hasSize(2);
    assertThat(nd.get(0).respondedAt()).isEqualTo(Instant.parse("2026-03-01T09:45:00Z"));
  }

  // ---------------------------------------------------------------- each field's errors

  @Test
  void shouldRequireSurveyIdContactIdAndRespondedAt() {
    for (String field : List.of("surveyId", "contactId", "respondedAt")) {
      assertThat(error(survey(n -> n.remove(field))))
          .as("missing " + field)
          .isEqualTo(new FieldError(0, field, "is required"));
      assertThat(error(survey(n -> n.putNull(field))))
          .as("null " + field)
          .isEqualTo(new FieldError(0, field, "is required"));
      assertThat(error(survey(n -> n.put(field, "  "))))
          .as("blank " + field)
          .isEqualTo(new FieldError(0, field, "is required"));
      assertThat(error(survey(n -> n.put(field, 42))))
          .as("numeric " + field)
          .isEqualTo(new FieldError(0, field, "must be a string"));
    }
  }

  @Test
  void shouldBoundTheLengthOfSurveyIdContactIdAndComment() {
    assertThat(error(survey(n -> n.put("surveyId", "s".repeat(CanonicalFields.ID_MAX + 1)))))
        .isEqualTo(new FieldError(0, "surveyId", "must be at most 128 characters"));
    assertThat(
            error(survey(n -> n.put("contactId", "c".repeat(CanonicalFields.CONTACT_REF_MAX + 1)))))
        .isEqualTo(new FieldError(0, "contactId", "must be at most 193 characters"));
    assertThat(error(survey(n -> n.put("comment", "x".repeat(CanonicalFields.COMMENT_MAX + 1)))))
        .isEqualTo(new FieldError(0, "comment", "must be at most 16384 characters"));
    // A Journeyline contact id: a conversation key at the id limit, '@' and an instant.
    String longest =
        "k".repeat(CanonicalFields.ID_MAX)
            + "@"
            + "2026-03-01T09:00:00.123456789+14:00"
            + " ".repeat(CanonicalFields.INSTANT_MAX - 35);
    assertThat(longest).hasSize(CanonicalFields.CONTACT_REF_MAX);
    assertThat(surveys(survey(n -> n.put("contactId", longest)), false)).hasSize(1);
    // Code points, as JSON Schema counts: an emoji is one character.
    assertThat(
            surveys(survey(n -> n.put("comment", "😀".repeat(CanonicalFields.COMMENT_MAX))), false))
        .hasSize(1);
  }

  @Test
  void shouldReadRespondedAtAsAnInstantInTheEventTimeWindow() {
    assertThat(error(survey(n -> n.put("respondedAt", "yesterday"))))
        .isEqualTo(
            new FieldError(
                0,
                "respondedAt",
                "must be an ISO-8601 instant with offset, e.g. 2026-03-01T09:30:00Z"));
    assertThat(error(survey(n -> n.put("respondedAt", "2026-03-01T09:45:00"))).field())
        .isEqualTo("respondedAt");
    assertThat(error(survey(n -> n.put("respondedAt", 1772357400000L))).field())
        .isEqualTo("respondedAt");
    // TestBounds: now 2026-03-01T10:00Z, 5 minutes ahead, 400 days back.
    assertThat(error(survey(n -> n.put("respondedAt", "2026-03-01T10:06:00Z"))))
        .isEqualTo(new FieldError(0, "respondedAt", "must not be more than 300 s in the future"));
    assertThat(error(survey(n -> n.put("respondedAt", "2024-01-01T00:00:00Z"))))
        .isEqualTo(new FieldError(0, "respondedAt", "must not be more than 400 days in the past"));
    assertThat(surveys(survey(n -> n.put("respondedAt", "2026-03-01T10:04:59Z")), false))
        .hasSize(1);
  }

  @Test
  void shouldReadTheOptionalCustomerAsEventsDo() {
    assertThat(surveys(survey(n -> n.putNull("customer")), false).get(0).customer()).isNull();
    assertThat(error(survey(n -> n.putObject("customer"))))
        .isEqualTo(
            new FieldError(
                0, "customer", "must carry at least one of customerId, phone, email, chatUserId"));
    assertThat(error(survey(n -> n.put("customer", "C-1"))))
        .isEqualTo(new FieldError(0, "customer", "must be a JSON object"));
    assertThat(error(survey(n -> n.putObject("customer").put("phone", "call me"))))
        .isEqualTo(
            new FieldError(
                0, "customer.phone", "must be a phone number (E.164, or national in region US)"));
    assertThat(error(survey(n -> n.putObject("customer").put("email", "ana@"))))
        .isEqualTo(new FieldError(0, "customer.email", "must be an email address"));
    assertThat(error(survey(n -> n.putObject("customer").put("customerId", 7))))
        .isEqualTo(new FieldError(0, "customer.customerId", "must be a string"));
    assertThat(error(survey(n -> n.putObject("customer").put("customerId", "C").put("fax", "1"))))
        .isEqualTo(new FieldError(0, "customer.fax", "is not a known field"));
  }

  @Test
  void shouldTakeOnlyAKnownChannel() {
    assertThat(error(survey(n -> n.put("channel", "FAX"))))
        .isEqualTo(new FieldError(0, "channel", "must be one of CHAT, VOICE, EMAIL, SMS"));
    assertThat(error(survey(n -> n.put("channel", "chat"))).field()).isEqualTo("channel");
    assertThat(surveys(survey(n -> n.putNull("channel")), false).get(0).channel()).isNull();
  }

  @Test
  void shouldBoundEveryScoreToItsScale() {
    record Scale(String field, int min, int max) {}
    for (Scale scale :
        List.of(new Scale("csat", 1, 5), new Scale("nps", 0, 10), new Scale("ces", 1, 7))) {
      FieldError expected =
          new FieldError(
              0, scale.field(), "must be an integer from " + scale.min() + " to " + scale.max());
      assertThat(error(survey(n -> n.put(scale.field(), scale.min() - 1))))
          .as(scale + " below")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), scale.max() + 1))))
          .as(scale + " above")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), 2.5))))
          .as(scale + " 2.5")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), "3"))))
          .as(scale + " text")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), true))))
          .as(scale + " bool")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), 1e300))))
          .as(scale + " huge")
          .isEqualTo(expected);
      assertThat(error(survey(n -> n.put(scale.field(), 4_294_967_300L))))
          .as(scale + " beyond 32 bits")
          .isEqualTo(expected);
      List<CanonicalSurvey> edges =
          surveys(
              "["
                  + survey(n -> n.put(scale.field(), scale.min()))
                  + ","
                  + survey(n -> n.put(scale.field(), scale.max()))
                  + "]",
              false);
      assertThat(edges).as(scale + " edges").hasSize(2);
    }
    // A number beyond double's range is parsed as infinity: refused, not a 500.
    assertThat(
            error(
                "{\"surveyId\":\"s-1\",\"contactId\":\"c\",\"respondedAt\":\"2026-03-01T09:45:00Z\",\"nps\":1e400}"))
        .isEqualTo(new FieldError(0, "nps", "must be an integer from 0 to 10"));
  }

  @Test
  void shouldTakeResolvedAsABoolean() {
    assertThat(error(survey(n -> n.put("resolved", "yes"))))
        .isEqualTo(new FieldError(0, "resolved", "must be true or false"));
    assertThat(error(survey(n -> n.put("resolved", 1))).field()).isEqualTo("resolved");
  }

  @Test
  void shouldTakeTheCommentAsNonBlankText() {
    assertThat(error(survey(n -> n.put("comment", " \t"))))
        .isEqualTo(new FieldError(0, "comment", "must not be blank (omit it instead)"));
    assertThat(error(survey(n -> n.putObject("comment"))))
        .isEqualTo(new FieldError(0, "comment", "must be a string"));
  }

  @Test
  void shouldRequireAtLeastOneAnswer() {
    FieldError none = new FieldError(0, "", "must carry at least one of csat, nps, ces, resolved");

    assertThat(error(survey(n -> n.remove("csat")))).isEqualTo(none);
    assertThat(
            error(
                survey(
                    n -> {
                      n.putNull("csat").putNull("nps").putNull("ces").putNull("resolved");
                      n.put("comment", "no scores, only words");
                    })))
        .isEqualTo(none);
    // An invalid answer is named for itself, not as a missing one.
    assertThat(error(survey(n -> n.put("csat", 9))).field()).isEqualTo("csat");
  }

  @Test
  void shouldRefuseUnknownFieldsAndItemsThatAreNotObjects() {
    assertThat(error(survey(n -> n.put("score", 5))))
        .isEqualTo(new FieldError(0, "score", "is not a known field"));
    // An event field is not a survey field.
    assertThat(error(survey(n -> n.put("eventId", "e-1"))).field()).isEqualTo("eventId");
    assertThat(errors("[" + survey(n -> {}) + ", 5]"))
        .containsExactly(new FieldError(1, "", "must be a JSON object"));
  }

  @Test
  void shouldNameEveryInvalidItemAndFieldOfABatchAndAcceptNoneOfIt() {
    String body =
        "["
            + survey(n -> {})
            + ","
            + survey(
                n -> {
                  n.put("csat", 9);
                  n.put("channel", "FAX");
                  n.putObject("customer").put("phone", "call me");
                })
            + ","
            + survey(n -> n.remove("surveyId"))
            + "]";

    assertThat(errors(body))
        .extracting(FieldError::index, FieldError::field)
        .containsExactly(
            tuple(1, "customer.phone"),
            tuple(1, "channel"),
            tuple(1, "csat"),
            tuple(2, "surveyId"));
  }

  @Test
  void shouldNotEchoSubmittedValuesInMessages() {
    for (FieldError e :
        errors(
            survey(
                n -> {
                  n.put("surveyId", "secret-".repeat(30));
                  n.putObject("customer").put("email", "secret@");
                  n.put("respondedAt", "secret");
                }))) {
      assertThat(e.message()).doesNotContain("secret");
    }
  }

  // ---------------------------------------------------------------- the schema agrees

  @Test
  void shouldAgreeWithThePublishedSchemaOnOneCorpus() {
    List<String> valid =
        List.of(
            survey(n -> {}),
            survey(
                n -> {
                  n.putObject("customer").put("phone", "+1 415 867 5309").put("email", "A@B.io");
                  n.put("channel", "VOICE");
                  n.put("nps", 10);
                  n.put("ces", 1);
                  n.put("resolved", true);
                  n.put("comment", "fine 😀");
                }),
            survey(
                n -> {
                  n.remove("csat");
                  n.put("resolved", false);
                }),
            survey(n -> n.put("csat", 5.0)),
            survey(n -> n.putNull("customer").putNull("channel").putNull("comment")),
            survey(n -> n.put("contactId", "k".repeat(CanonicalFields.CONTACT_REF_MAX))),
            survey(n -> n.put("comment", "😀".repeat(CanonicalFields.COMMENT_MAX))));
    for (String document : valid) {
      assertThat(schemaErrors(document)).as(document).isEmpty();
      assertThat(surveys(document, false)).as(document).hasSize(1);
    }

    record Invalid(String document, String field) {}
    List<Invalid> invalid = new ArrayList<>();
    for (String field : List.of("surveyId", "contactId", "respondedAt")) {
      invalid.add(new Invalid(survey(n -> n.remove(field)), field));
      invalid.add(new Invalid(survey(n -> n.putNull(field)), field));
      invalid.add(new Invalid(survey(n -> n.put(field, " ")), field));
    }
    invalid.add(new Invalid(survey(n -> n.put("surveyId", "s".repeat(129))), "surveyId"));
    invalid.add(new Invalid(survey(n -> n.put("contactId", "c".repeat(194))), "contactId"));
    invalid.add(new Invalid(survey(n -> n.put("comment", "x".repeat(16_385))), "comment"));
    invalid.add(new Invalid(survey(n -> n.put("comment", "")), "comment"));
    invalid.add(
        new Invalid(survey(n -> n.put("respondedAt", "2026-13-01T09:30:00Z")), "respondedAt"));
    invalid.add(new Invalid(survey(n -> n.put("channel", "FAX")), "channel"));
    invalid.add(new Invalid(survey(n -> n.put("csat", 0)), "csat"));
    invalid.add(new Invalid(survey(n -> n.put("csat", 6)), "csat"));
    invalid.add(new Invalid(survey(n -> n.put("csat", 4.5)), "csat"));
    invalid.add(new Invalid(survey(n -> n.put("nps", -1)), "nps"));
    invalid.add(new Invalid(survey(n -> n.put("nps", 11)), "nps"));
    invalid.add(new Invalid(survey(n -> n.put("ces", 0)), "ces"));
    invalid.add(new Invalid(survey(n -> n.put("ces", 8)), "ces"));
    invalid.add(new Invalid(survey(n -> n.put("ces", "3")), "ces"));
    invalid.add(new Invalid(survey(n -> n.put("resolved", "yes")), "resolved"));
    invalid.add(new Invalid(survey(n -> n.putObject("customer")), "customer"));
    invalid.add(
        new Invalid(survey(n -> n.putObject("customer").put("email", "ana@")), "customer.email"));
    invalid.add(
        new Invalid(survey(n -> n.putObject("customer").put("phone", "none")), "customer.phone"));
    invalid.add(new Invalid(survey(n -> n.put("score", 3)), "score"));
    invalid.add(new Invalid(survey(n -> n.remove("csat")), ""));
    invalid.add(new Invalid(survey(n -> n.putNull("csat").putNull("resolved")), ""));
    for (Invalid c : invalid) {
      assertThat(schemaErrors(c.document())).as(c.document()).isNotEmpty();
      assertThat(errors(c.document()))
          .as(c.document())
          .extracting(FieldError::field)
          .containsExactly(c.field());
    }

    // What a JSON Schema cannot say, as for events: the event-time window (configuration) and
    // whether digits make a possible phone number.
    for (String document :
        List.of(
            survey(n -> n.put("respondedAt", "2026-03-01T10:06:00Z")),
            survey(n -> n.put("respondedAt", "2024-01-01T00:00:00Z")),
            survey(n -> n.putObject("customer").put("phone", "12")))) {
      assertThat(schemaErrors(document)).as(document).isEmpty();
      assertThat(errors(document)).as(document).hasSize(1);
    }
  }
}

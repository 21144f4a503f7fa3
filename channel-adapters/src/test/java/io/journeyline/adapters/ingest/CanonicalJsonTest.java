package io.journeyline.adapters.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final CanonicalJson json =
      new CanonicalJson(new Identifiers("US"), TestBounds.at(NOW), 100);

  private static final String CHAT =
      """
      {"eventId":"e-1","occurredAt":"2026-03-01T09:30:00Z","channel":"CHAT","type":"MESSAGE",
       "contactId":"chat-1","customer":{"customerId":"c-1","phone":"(415) 867-5309",
       "email":"Jane@Example.com","chatUserId":"u-1"},"queue":"billing","agentId":"a-7",
       "issue":"refund","direction":"INBOUND","participant":"CUSTOMER","text":"hello",
       "sentiment":-0.4,"resolved":false,"attributes":{"page":"/help"}}
      """;

  private List<CanonicalEvent> events(String body, boolean ndjson) {
    return json.events(json.items(body.getBytes(StandardCharsets.UTF_8), ndjson));
  }

  private List<FieldError> errors(String body) {
    return catchThrowableOfType(ProblemException.class, () -> events(body, false))
        .problem()
        .errors();
  }

  @Test
  void shouldReadEveryFieldAndNormalizeIdentifiers() {
    CanonicalEvent e = events(CHAT, false).get(0);

    assertThat(e.eventId()).isEqualTo("e-1");
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
    assertThat(e.channel()).isEqualTo(Channel.CHAT);
    assertThat(e.type()).isEqualTo(EventType.MESSAGE);
    assertThat(e.customer())
        .isEqualTo(new Customer("c-1", "+14158675309", "jane@example.com", "u-1"));
    assertThat(e.direction()).isEqualTo(Direction.INBOUND);
    assertThat(e.participant()).isEqualTo(Participant.CUSTOMER);
    assertThat(e.sentiment()).isEqualTo(-0.4);
    assertThat(e.resolved()).isFalse();
    assertThat(e.attributes()).containsEntry("page", "/help");
    assertThat(e.source()).isEqualTo("canonical");
  }

  @Test
  void shouldAcceptArraysNdjsonAndOffsets() {
    String minimal =
        "{\"eventId\":\"e-%d\",\"occurredAt\":\"2026-03-01T10:30:00+01:00\",\"channel\":\"VOICE\","
            + "\"type\":\"CONTACT_STARTED\",\"contactId\":\"v-1\",\"customer\":{\"phone\":\"+14158675309\"}}";
    assertThat(events("[" + minimal.formatted(1) + "," + minimal.formatted(2) + "]", false))
        .extracting(CanonicalEvent::eventId)
        .containsExactly("e-1", "e-2");
    List<CanonicalEvent> nd =
        events(minimal.formatted(1) + "\n\n" + minimal.formatted(2) + "\n", true);
    assertThat(nd).hasSize(2);
    assertThat(nd.get(0).occurredAt()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
    assertThat(nd.get(0).direction()).isEqualTo(Direction.INBOUND);
  }

  @Test
  void shouldRefuseANumberBeyondDoublesRangeAsInvalidNotFailOnIt() {
    // 1e400 is read as infinity, which has no decimal value: a 400 naming the field, not a 500.
    String voice =
        "{\"eventId\":\"e-1\",\"occurredAt\":\"2026-03-01T09:30:00Z\",\"channel\":\"VOICE\","
            + "\"type\":\"CONTACT_ENDED\",\"contactId\":\"v-1\","
            + "\"customer\":{\"customerId\":\"c-1\"},\"holdSeconds\":1e400}";

    assertThat(errors(voice))
        .containsExactly(new FieldError(0, "holdSeconds", "must be a non-negative integer"));
  }

  @Test
  void shouldNameEveryInvalidItemAndField() {
    String body =
        """
        [{"eventId":"ok","occurredAt":"2026-03-01T09:00:00Z","channel":"SMS","type":"MESSAGE",
          "contactId":"s","customer":{"phone":"+14158675309"}},
         {"occurredAt":"yesterday","channel":"FAX","type":"MESSAGE","contactId":7,
          "customer":{},"sentiment":2,"colour":"red"},
         {"eventId":"x","occurredAt":"2026-03-01T11:00:00Z","channel":"CHAT","type":"MESSAGE",
          "contactId":"c","customer":{"email":"not-an-email"}}]
        """;

    assertThat(errors(body))
        .extracting(FieldError::index, FieldError::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, "colour"),
            org.assertj.core.groups.Tuple.tuple(1, "eventId"),
            org.assertj.core.groups.Tuple.tuple(1, "occurredAt"),
            org.assertj.core.groups.Tuple.tuple(1, "channel"),
            org.assertj.core.groups.Tuple.tuple(1, "contactId"),
            org.assertj.core.groups.Tuple.tuple(1, "customer"),
            org.assertj.core.groups.Tuple.tuple(1, "sentiment"),
            org.assertj.core.groups.Tuple.tuple(2, "customer.email"),
            org.assertj.core.groups.Tuple.tuple(2, "occurredAt"));
  }

  @Test
  void shouldRejectTooLongStringsWithoutEchoingThem() {
    String longId = "x".repeat(CanonicalJson.ID_MAX + 1);
    String body = CHAT.replace("\"e-1\"", "\"" + longId + "\"");
    List<FieldError> errors = errors(body);
    assertThat(errors).extracting(FieldError::field).containsExactly("eventId");
    assertThat(errors.get(0).message()).doesNotContain(longId);
  }

  @Test
  void shouldAnswerMalformedAndOversizedBatches() {
    assertThatThrownBy(() -> events("{\"eventId\":", false))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    assertThatThrownBy(() -> events("[]", false)).isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> events("{} {}", false)).isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> events("{\"a\":1,\"a\":2}", false))
        .isInstanceOf(ProblemException.class);
    String many = "[" + "{},".repeat(100) + "{}]";
    assertThat(
            catchThrowableOfType(ProblemException.class, () -> events(many, false))
                .problem()
                .status())
        .isEqualTo(413);
  }

  @Test
  void shouldBoundHowFarInTheFutureAnEventMayBe() {
    String future = CHAT.replace("2026-03-01T09:30:00Z", "2026-03-01T10:06:00Z");
    assertThat(errors(future)).extracting(FieldError::field).containsExactly("occurredAt");
    String nearFuture = CHAT.replace("2026-03-01T09:30:00Z", "2026-03-01T10:04:00Z");
    assertThat(events(nearFuture, false)).hasSize(1);
  }

  @Test
  void shouldReadIdentityLinks() {
    List<IdentityClaim> claims =
        json.identities(
            json.items(
                """
                [{"type":"PHONE","value":"415-867-5309","customerId":"c-1"},
                 {"type":"EMAIL","value":"A@B.example","customerId":"c-1",
                  "linkedAt":"2026-02-01T00:00:00Z"}]
                """
                    .getBytes(StandardCharsets.UTF_8),
                false));

    assertThat(claims)
        .containsExactly(
            new IdentityClaim(IdentifierType.PHONE, "+14158675309", "c-1", NOW),
            new IdentityClaim(
                IdentifierType.EMAIL, "a@b.example", "c-1", Instant.parse("2026-02-01T00:00:00Z")));
    assertThat(claims.get(0).key()).isEqualTo("PHONE:+14158675309");
  }

  @Test
  void shouldRejectInvalidIdentityLinks() {
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () ->
                json.identities(
                    json.items(
                        "{\"type\":\"CUSTOMER_ID\",\"value\":\"x\"}"
                            .getBytes(StandardCharsets.UTF_8),
                        false)));
    assertThat(e.problem().errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("type", "customerId");
  }
}

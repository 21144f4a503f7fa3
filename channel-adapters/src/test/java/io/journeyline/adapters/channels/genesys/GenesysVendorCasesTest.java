package io.journeyline.adapters.channels.genesys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TestBounds;
import io.journeyline.avro.EventType;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 2, one test per Genesys case. The bodies follow the Genesys Cloud Developer
 * Center's notification topic {@code v2.detail.events.conversation.{id}.acw} (AfterCallWorkEvent:
 * eventTime, conversationId, participantId, sessionId, mediaType, provider, direction, ani, dnis,
 * userId, queueId, divisionId, wrapupCode, wrapupNotes, wrapupDurationMs,
 * conversationExternalContactIds, conversationExternalOrganizationIds), {@code ...customer.end}
 * (CustomerEndEvent) and {@code ...acd.end} (AcdEndEvent: eventTime, conversationId, participantId,
 * sessionId, mediaType, provider, direction, ani, dnis, addressTo, addressFrom, queueId,
 * divisionId, acdOutcome UNKNOWN / ABANDON / ANSWERED / FLOW_OUT, answeredUserId,
 * requestedRoutings, usedRouting, routingPriority, connectedDurationMs,
 * conversationExternalContactIds, conversationExternalOrganizationIds).
 */
class GenesysVendorCasesTest {

  private static final String CONVERSATION = "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
  private final GenesysEvents genesys = new GenesysEvents(new Identifiers("US"), TestBounds.now());

  /** An acw body in the documented shape (no externalContactId, the array instead). */
  static ObjectNode acw(String participant, String user, String wrapup, long eventTime) {
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("topicName", "v2.detail.events.conversation." + CONVERSATION + ".acw");
    n.put("version", "2");
    ObjectNode body = n.putObject("eventBody");
    body.put("eventTime", eventTime);
    body.put("conversationId", CONVERSATION);
    body.put("participantId", participant);
    body.put("sessionId", "session-" + participant);
    body.put("mediaType", "VOICE");
    body.put("provider", "Edge");
    body.put("direction", "INBOUND");
    body.put("ani", "tel:+14158675309");
    body.put("dnis", "tel:+18005551212");
    body.put("userId", user);
    body.put("queueId", "7d1c6b2a-0000-4000-8000-000000000001");
    body.put("divisionId", "2a1b0c9d-8e7f-4a6b-5c4d-3e2f1a0b9c8d");
    body.put("wrapupCode", wrapup);
    body.put("wrapupNotes", "called back about refund");
    body.put("wrapupDurationMs", 45_000);
    body.putArray("conversationExternalContactIds").add("ext-4711").add("ext-0815");
    body.putArray("conversationExternalOrganizationIds");
    return n;
  }

  /** An acd.end body in the documented shape (AcdEndEvent; no userId, answeredUserId instead). */
  static ObjectNode acdEnd(String outcome, String answeredUser, long eventTime) {
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("topicName", "v2.detail.events.conversation." + CONVERSATION + ".acd.end");
    n.put("version", "2");
    ObjectNode body = n.putObject("eventBody");
    body.put("eventTime", eventTime);
    body.put("conversationId", CONVERSATION);
    body.put("participantId", "6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d");
    body.put("sessionId", "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b");
    body.put("mediaType", "VOICE");
    body.put("provider", "Edge");
    body.put("direction", "INBOUND");
    body.put("ani", "tel:+14158675309");
    body.put("dnis", "tel:+18005551212");
    body.put("addressTo", "tel:+18005551212");
    body.put("addressFrom", "tel:+14158675309");
    body.put("queueId", "7d1c6b2a-0000-4000-8000-000000000001");
    body.put("divisionId", "2a1b0c9d-8e7f-4a6b-5c4d-3e2f1a0b9c8d");
    body.put("acdOutcome", outcome);
    if (answeredUser != null) {
      body.put("answeredUserId", answeredUser);
    }
    body.putArray("requestedRoutings").add("Standard");
    body.put("usedRouting", "Standard");
    body.put("routingPriority", 0);
    body.put("connectedDurationMs", 25_000);
    body.putArray("conversationExternalContactIds").add("ext-4711");
    body.putArray("conversationExternalOrganizationIds");
    return n;
  }

  /**
   * AcdEndEvent (Genesys Cloud Platform API, topic {@code
   * v2.detail.events.conversation.{id}.acd.end} and the SDKs' AcdEndDetailEventTopicAcdEndEvent):
   * acdOutcome ANSWERED ends the queue wait with the agent answeredUserId, so it becomes ANSWERED
   * with that agent; ABANDON stays ABANDONED; FLOW_OUT and UNKNOWN are skipped. A call queued at
   * 09:00:00, answered at 09:00:25, the customer gone at 09:06:40 and the agent's wrap-up done at
   * 09:07:30: speed of answer 25 s, handle time (answer to last end) 425 s.
   */
  @Test
  void shouldTurnAnAnsweredAcdEndIntoAnAnswerByTheAnsweringAgent() {
    ObjectNode start = GenesysEventsTest.sample(); // customer.start at 1772355600000 (09:00:00)
    ObjectNode customerEnd = GenesysEventsTest.withTopic("customer.end");
    ((ObjectNode) customerEnd.get("eventBody")).put("eventTime", 1772356000000L);
    Mapped mapped =
        genesys.map(
            List.of(
                start,
                acdEnd("ANSWERED", "agent-1", 1772355625000L),
                customerEnd,
                acw("p-agent-1", "agent-1", "refund", 1772356050000L),
                acdEnd("FLOW_OUT", null, 1772355626000L),
                acdEnd("UNKNOWN", null, 1772355627000L)));

    assertThat(mapped.ignored()).isEqualTo(2);
    assertThat(mapped.events())
        .extracting(
            CanonicalEvent::eventId,
            CanonicalEvent::type,
            CanonicalEvent::occurredAt,
            CanonicalEvent::agentId)
        .containsExactly(
            tuple(
                "genesys:"
                    + CONVERSATION
                    + ":customer.start:6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d:1772355600000",
                EventType.CONTACT_STARTED,
                Instant.parse("2026-03-01T09:00:00Z"),
                null),
            tuple(
                "genesys:"
                    + CONVERSATION
                    + ":acd.end:6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d:1772355625000",
                EventType.ANSWERED,
                Instant.parse("2026-03-01T09:00:25Z"),
                "agent-1"),
            tuple(
                "genesys:"
                    + CONVERSATION
                    + ":customer.end:6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d:1772356000000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:06:40Z"),
                null),
            tuple(
                "genesys:" + CONVERSATION + ":acw:p-agent-1:1772356050000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:07:30Z"),
                "agent-1"));
    CanonicalEvent answered = mapped.events().get(1);
    assertThat(answered.contactId()).isEqualTo(CONVERSATION);
    assertThat(answered.customer()).isEqualTo(new Customer("ext-4711", "+14158675309", null, null));
    assertThat(answered.queue()).isEqualTo("7d1c6b2a-0000-4000-8000-000000000001");
    assertThat(answered.issue()).isNull();
    assertThat(answered.resolved()).isNull();
    assertThat(answered.attributes()).containsEntry("genesys.topic", "acd.end");
    assertThat(
            java.time.Duration.between(answered.occurredAt(), mapped.events().get(3).occurredAt()))
        .isEqualTo(java.time.Duration.ofSeconds(425));

    CanonicalEvent abandoned =
        genesys.map(List.of(acdEnd("ABANDON", null, 1772355625000L))).events().get(0);
    assertThat(abandoned.type()).isEqualTo(EventType.ABANDONED);
    assertThat(abandoned.agentId()).isNull();
  }

  @Test
  void shouldReadConversationExternalContactIdsOfAcwBodies() {
    CanonicalEvent e =
        genesys.map(List.of(acw("p-agent-1", "agent-1", "refund", 1772356000000L))).events().get(0);
    assertThat(e.customer()).isEqualTo(new Customer("ext-4711", "+14158675309", null, null));
    assertThat(e.type()).isEqualTo(EventType.CONTACT_ENDED);
    assertThat(e.issue()).isEqualTo("refund");
    assertThat(e.attributes())
        .containsEntry("genesys.topic", "acw")
        .containsEntry("wrapupNotes", "called back about refund");
  }

  /**
   * After a transfer, acw fires once per agent: each is an end event of its own (distinct ids), and
   * the last one, in event time, carries the contact's final wrap-up code; customer.end is one more
   * end event. The contact's end is the latest of them (the topology's amend rule).
   */
  @Test
  void shouldMakeEveryAgentsWrapUpAnEndEventOfItsOwn() {
    ObjectNode customerEnd = GenesysEventsTest.withTopic("customer.end");
    ((ObjectNode) customerEnd.get("eventBody")).put("eventTime", 1772356500000L);
    Mapped mapped =
        genesys.map(
            List.of(
                acw("p-agent-1", "agent-1", "transfer-to-billing", 1772356000000L),
                customerEnd,
                acw("p-agent-2", "agent-2", "refund", 1772356560000L)));

    assertThat(mapped.events())
        .extracting(CanonicalEvent::eventId, CanonicalEvent::type, CanonicalEvent::occurredAt)
        .containsExactly(
            tuple(
                "genesys:" + CONVERSATION + ":acw:p-agent-1:1772356000000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:06:40Z")),
            tuple(
                "genesys:"
                    + CONVERSATION
                    + ":customer.end:6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d:"
                    + "1772356500000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:15:00Z")),
            tuple(
                "genesys:" + CONVERSATION + ":acw:p-agent-2:1772356560000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:16:00Z")));
    assertThat(mapped.events()).extracting(CanonicalEvent::contactId).containsOnly(CONVERSATION);
    assertThat(mapped.events().get(2).issue()).isEqualTo("refund");
  }

  @Test
  void shouldPreferAQueueNameWhereTheBodyGivesOne() {
    ObjectNode withName = acw("p", "u", "refund", 1772356000000L);
    ((ObjectNode) withName.get("eventBody")).put("queueName", "Billing");
    ObjectNode withoutName = acw("p", "u", "refund", 1772356000001L);

    List<CanonicalEvent> events = genesys.map(List.of(withName, withoutName)).events();

    assertThat(events.get(0).queue()).isEqualTo("Billing");
    assertThat(events.get(0).attributes())
        .containsEntry("genesys.queueId", "7d1c6b2a-0000-4000-8000-000000000001");
    assertThat(events.get(1).queue()).isEqualTo("7d1c6b2a-0000-4000-8000-000000000001");
  }

  /** Issue 10 item 5: eventTime outside the window is a 400 naming the field. */
  @Test
  void shouldNameAnEventTimeOutsideTheWindow() {
    ObjectNode future = acw("p", "u", "x", 253_402_300_799_000L); // 9999-12-31T23:59:59Z
    ObjectNode ancient = acw("p", "u", "x", 0L); // 1970, far beyond 400 days
    ObjectNode overflow = acw("p", "u", "x", 1L);
    ((ObjectNode) overflow.get("eventBody")).put("eventTime", "+999999999-12-31T23:59:59Z");
    ObjectNode negative = acw("p", "u", "x", -1L);

    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () -> genesys.map(List.of(future, ancient, overflow, negative)));

    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactly(
            tuple(0, "eventBody.eventTime"),
            tuple(1, "eventBody.eventTime"),
            tuple(2, "eventBody.eventTime"),
            tuple(3, "eventBody.eventTime"));
  }

  /** Wrap-up codes become the issue, and the disposition where the code is configured as one. */
  @Test
  void shouldCarryTheDispositionOfConfiguredWrapUpCodes() {
    GenesysEvents configured =
        new GenesysEvents(
            new Identifiers("US"),
            TestBounds.now(),
            java.util.Set.of("refund-issued"),
            java.util.Set.of("call-back-needed"));
    List<CanonicalEvent> events =
        configured
            .map(
                List.of(
                    acw("p1", "u1", "refund-issued", 1772356000000L),
                    acw("p2", "u2", "call-back-needed", 1772356001000L),
                    acw("p3", "u3", "general", 1772356002000L)))
            .events();
    assertThat(events)
        .extracting(CanonicalEvent::issue, CanonicalEvent::resolved)
        .containsExactly(
            tuple("refund-issued", true), tuple("call-back-needed", false), tuple("general", null));
  }
}

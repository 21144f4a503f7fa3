package io.journeyline.adapters.channels.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TestBounds;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17 item 1, one test per Amazon Connect case, on the CTR sample of {@link ConnectCtrTest}
 * (the field set of AWS's "Data model for Amazon Connect contact records", Amazon Connect
 * Administrator Guide).
 */
class ConnectCtrVendorCasesTest {

  private static final String ID = "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21";
  private final ConnectCtr connect = new ConnectCtr(new Identifiers("US"), TestBounds.now());

  private static ObjectNode ctr() {
    return (ObjectNode) ConnectCtrTest.sample().deepCopy();
  }

  /**
   * Amazon Connect Administrator Guide, "Contact initiation methods and flow types": INBOUND,
   * OUTBOUND, TRANSFER, CALLBACK, API, QUEUE_TRANSFER, DISCONNECT, WEBRTC_API, EXTERNAL_OUTBOUND,
   * MONITOR, AGENT_REPLY, FLOW.
   */
  @ParameterizedTest
  @CsvSource({
    "INBOUND, VOICE, CONTACT_STARTED, INBOUND",
    "CALLBACK, VOICE, CONTACT_STARTED, INBOUND",
    "WEBRTC_API, VOICE, CONTACT_STARTED, INBOUND",
    "OUTBOUND, VOICE, CONTACT_STARTED, OUTBOUND",
    "EXTERNAL_OUTBOUND, VOICE, CONTACT_STARTED, OUTBOUND",
    "API, VOICE, CONTACT_STARTED, OUTBOUND",
    "API, CHAT, CONTACT_STARTED, INBOUND",
    "API, EMAIL, CONTACT_STARTED, INBOUND",
    "AGENT_REPLY, EMAIL, CONTACT_STARTED, OUTBOUND",
    "FLOW, EMAIL, CONTACT_STARTED, OUTBOUND",
    "TRANSFER, VOICE, TRANSFERRED, INBOUND",
    "QUEUE_TRANSFER, VOICE, TRANSFERRED, INBOUND",
    "DISCONNECT, CHAT, TRANSFERRED, INBOUND"
  })
  void shouldFollowEveryDocumentedInitiationMethod(
      String method, String channel, EventType startType, Direction direction) {
    ObjectNode record = ctr();
    record.put("InitiationMethod", method);
    record.put("Channel", channel);
    Mapped mapped = connect.map(List.of(record));
    CanonicalEvent start = mapped.events().get(0);
    assertThat(start.type()).isEqualTo(startType);
    assertThat(start.direction()).isEqualTo(direction);
    assertThat(start.attributes()).containsEntry(ConnectCtr.METHOD_ATTRIBUTE, method);
  }

  /** Same guide: MONITOR is a supervisor listening in, never a customer contact. */
  @Test
  void shouldSkipMonitorContacts() {
    ObjectNode monitor = ctr();
    monitor.put("InitiationMethod", "MONITOR");
    monitor.put("ContactId", "monitor-1");
    Mapped mapped = connect.map(List.of(monitor, ctr()));
    assertThat(mapped.ignored()).isEqualTo(1);
    assertThat(mapped.events()).extracting(CanonicalEvent::contactId).containsOnly(ID);
  }

  /**
   * "Data model for Amazon Connect contact records", Important things to know: records are
   * delivered at least once and again when they change; keep the copy with the latest
   * LastUpdateTimestamp, deduplicate by ContactId.
   */
  @Test
  void shouldGiveAnUpdatedRecordANewEndEventThatSortsAfterTheOlderCopy() {
    ObjectNode original = ctr();
    ObjectNode updated = ctr();
    updated.put("LastUpdateTimestamp", "2026-03-01T09:40:00.5Z");
    ((ObjectNode) updated.get("Attributes")).put("issue", "billing-refund");
    ((ObjectNode) updated.get("Attributes")).put("resolved", "true");

    List<CanonicalEvent> first = connect.map(List.of(original)).events();
    List<CanonicalEvent> again = connect.map(List.of(original)).events();
    List<CanonicalEvent> second = connect.map(List.of(updated)).events();

    assertThat(again).isEqualTo(first); // an identical re-delivery: same ids, counted once
    // Start and answer keep their ids (their times never change): the update adds nothing there.
    assertThat(first.get(0).eventId()).isEqualTo(second.get(0).eventId());
    assertThat(first.get(1).eventId())
        .isEqualTo("connect:" + ID + ":answered")
        .isEqualTo(second.get(1).eventId());
    // 2026-03-01T09:22:24Z = 1772356944000 ms; 2026-03-01T09:40:00.500Z = 1772358000500 ms.
    assertThat(first.get(2).eventId()).isEqualTo("connect:" + ID + ":end:1772356944000");
    assertThat(second.get(2).eventId()).isEqualTo("connect:" + ID + ":end:1772358000500");
    assertThat(second.get(2).eventId()).isGreaterThan(first.get(2).eventId());
    assertThat(first.get(3).eventId()).isEqualTo("connect:" + ID + ":acw:1772356944000");
    assertThat(second.get(3).eventId()).isEqualTo("connect:" + ID + ":acw:1772358000500");
    assertThat(second.get(3).eventId()).isGreaterThan(first.get(3).eventId());
    for (CanonicalEvent end : List.of(second.get(2), second.get(3))) {
      assertThat(end.type()).isEqualTo(EventType.CONTACT_ENDED);
      assertThat(end.issue()).isEqualTo("billing-refund");
      assertThat(end.resolved()).isTrue();
      assertThat(end.attributes())
          .containsEntry(ConnectCtr.LAST_UPDATE_ATTRIBUTE, "2026-03-01T09:40:00.500Z")
          .containsEntry(ConnectCtr.LEG_ATTRIBUTE, ID);
    }
    // Both copies together, in the topology's order (event time, then event id): the last end
    // event, whose issue and disposition the contact keeps, is the updated copy's wrap-up.
    List<CanonicalEvent> both =
        java.util.stream.Stream.concat(first.stream(), second.stream())
            .filter(e -> e.type() == EventType.CONTACT_ENDED)
            .sorted(
                java.util.Comparator.comparing(CanonicalEvent::occurredAt)
                    .thenComparing(CanonicalEvent::eventId))
            .toList();
    assertThat(both.get(both.size() - 1)).isEqualTo(second.get(3));
  }

  /**
   * Data model: Agent.ConnectedToAgentTimestamp ("the date and time the contact was connected to
   * the agent"), Queue.EnqueueTimestamp, DisconnectReason (CUSTOMER_DISCONNECT,
   * CONTACT_FLOW_DISCONNECT, ...).
   */
  @Test
  void shouldFollowAgentConnectionAndDisconnectReasonForAbandonment() {
    ObjectNode hungUpInQueue = ctr();
    hungUpInQueue.putNull("Agent");
    assertThat(endType(hungUpInQueue)).isEqualTo(EventType.ABANDONED);

    ObjectNode missedByAgent = ctr();
    ((ObjectNode) missedByAgent.get("Agent")).putNull("ConnectedToAgentTimestamp");
    assertThat(endType(missedByAgent)).isEqualTo(EventType.ABANDONED);

    ObjectNode voicemail = ctr();
    voicemail.putNull("Agent");
    voicemail.put("DisconnectReason", "CONTACT_FLOW_DISCONNECT");
    assertThat(endType(voicemail)).isEqualTo(EventType.CONTACT_ENDED);

    ObjectNode neverQueued = ctr();
    neverQueued.putNull("Agent");
    neverQueued.putNull("Queue");
    assertThat(endType(neverQueued)).isEqualTo(EventType.CONTACT_ENDED);

    ObjectNode outbound = ctr();
    outbound.putNull("Agent");
    outbound.put("InitiationMethod", "OUTBOUND");
    assertThat(endType(outbound)).isEqualTo(EventType.CONTACT_ENDED);

    assertThat(connect.map(List.of(voicemail)).events().get(1).attributes())
        .containsEntry(ConnectCtr.DISCONNECT_ATTRIBUTE, "CONTACT_FLOW_DISCONNECT");
  }

  private EventType endType(ObjectNode record) {
    return connect.map(List.of(record)).events().get(1).type();
  }

  /** Data model: CustomerEndpoint (Address, Type); withheld, SIP and short-code callers. */
  @ParameterizedTest
  @ValueSource(strings = {"anonymous", "Restricted", "sip:caller@203.0.113.7", "12345", "+"})
  void shouldAcceptUnroutableCallersAsAnonymousContacts(String address) {
    ObjectNode record = ctr();
    ((ObjectNode) record.get("CustomerEndpoint")).put("Address", address);
    ObjectNode noEndpoint = ctr();
    noEndpoint.put("ContactId", "chat-without-endpoint");
    noEndpoint.put("Channel", "CHAT");
    noEndpoint.putNull("CustomerEndpoint");

    Mapped mapped = connect.map(List.of(record, noEndpoint, ctr()));

    // Four events per record (start, answer, end, wrap-up), all with the record's customer.
    List<org.assertj.core.groups.Tuple> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      expected.add(tuple(ID, new Customer("anonymous:" + ID, null, null, null)));
    }
    for (int i = 0; i < 4; i++) {
      expected.add(
          tuple(
              "chat-without-endpoint",
              new Customer("anonymous:chat-without-endpoint", null, null, null)));
    }
    for (int i = 0; i < 4; i++) {
      expected.add(tuple(ID, Customer.ofPhone("+14158675309")));
    }
    assertThat(mapped.events())
        .extracting(CanonicalEvent::contactId, CanonicalEvent::customer)
        .containsExactlyElementsOf(expected);
  }

  /**
   * Data model: InitialContactId / PreviousContactId / NextContactId. Each leg maps on its own to
   * the first leg's contact id, so the order the legs arrive in does not change what is sent. Each
   * leg's Agent.ConnectedToAgentTimestamp is an ANSWERED of its own (the topology takes the first
   * for the queue wait). The first leg continues in leg-2, so neither its disconnect nor its
   * agent's Agent.AfterContactWorkEndTimestamp is an end: an end there would end the chain.
   */
  @Test
  void shouldMapTransferLegsTheSameWhateverOrderTheyArriveIn() {
    ObjectNode first = ctr();
    first.put("NextContactId", "leg-2");
    ObjectNode second = ctr();
    second.put("ContactId", "leg-2");
    second.put("InitialContactId", ID);
    second.put("PreviousContactId", ID);
    second.put("InitiationMethod", "TRANSFER");
    second.put("InitiationTimestamp", "2026-03-01T09:16:40Z");
    second.put("DisconnectTimestamp", "2026-03-01T09:30:00Z");
    second.put("LastUpdateTimestamp", "2026-03-01T09:32:00Z");
    ObjectNode agent = (ObjectNode) second.get("Agent");
    agent.put("Username", "asmith");
    agent.put("ConnectedToAgentTimestamp", "2026-03-01T09:17:02Z");
    agent.put("AfterContactWorkStartTimestamp", "2026-03-01T09:30:00Z");
    agent.put("AfterContactWorkEndTimestamp", "2026-03-01T09:31:10Z");
    agent.put("AfterContactWorkDuration", 70);

    List<CanonicalEvent> inOrder = connect.map(List.of(first, second)).events();
    List<CanonicalEvent> reversed = connect.map(List.of(second, first)).events();

    assertThat(reversed).containsExactlyInAnyOrderElementsOf(inOrder);
    // 2026-03-01T09:32:00Z = 1772355600000 (09:00) + 32 × 60,000 ms = 1772357520000.
    assertThat(inOrder)
        .extracting(
            CanonicalEvent::eventId,
            CanonicalEvent::contactId,
            CanonicalEvent::type,
            CanonicalEvent::occurredAt,
            CanonicalEvent::agentId)
        .containsExactly(
            tuple(
                "connect:" + ID + ":start",
                ID,
                EventType.CONTACT_STARTED,
                Instant.parse("2026-03-01T09:13:06Z"),
                "jdoe"),
            tuple(
                "connect:" + ID + ":answered",
                ID,
                EventType.ANSWERED,
                Instant.parse("2026-03-01T09:13:20Z"),
                "jdoe"),
            tuple(
                "connect:leg-2:start",
                ID,
                EventType.TRANSFERRED,
                Instant.parse("2026-03-01T09:16:40Z"),
                "asmith"),
            tuple(
                "connect:leg-2:answered",
                ID,
                EventType.ANSWERED,
                Instant.parse("2026-03-01T09:17:02Z"),
                "asmith"),
            tuple(
                "connect:leg-2:end:1772357520000",
                ID,
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:30:00Z"),
                "asmith"),
            tuple(
                "connect:leg-2:acw:1772357520000",
                ID,
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:31:10Z"),
                "asmith"));
  }

  /**
   * "Data model for Amazon Connect contact records", Agent: ConnectedToAgentTimestamp and
   * AfterContactWorkEndTimestamp (AgentInfo, Amazon Connect API Reference: "The timestamp when the
   * contact was connected to the agent"; "The date and time when the agent ended After Contact Work
   * for the contact, in UTC time", with AfterContactWorkDuration the seconds between its start and
   * end). The answer is sent for a leg with an agent connection only, within the leg; the wrap-up
   * only when the after-contact work ended after the disconnect of a contact that ended (not
   * abandoned).
   */
  @Test
  void shouldSendTheAnswerAndTheWrapUpOnlyWhereTheRecordHasThem() {
    ObjectNode noAcw = ctr(); // wrap-up ended with the call (AfterContactWorkDuration 0)
    ((ObjectNode) noAcw.get("Agent"))
        .put("AfterContactWorkEndTimestamp", "2026-03-01T09:16:33Z")
        .put("AfterContactWorkDuration", 0);
    assertThat(types(noAcw))
        .containsExactly(EventType.CONTACT_STARTED, EventType.ANSWERED, EventType.CONTACT_ENDED);

    ObjectNode acwUnknown = ctr();
    ((ObjectNode) acwUnknown.get("Agent")).putNull("AfterContactWorkEndTimestamp");
    assertThat(types(acwUnknown))
        .containsExactly(EventType.CONTACT_STARTED, EventType.ANSWERED, EventType.CONTACT_ENDED);

    ObjectNode missed = ctr(); // offered, never connected: abandoned, no answer, no wrap-up
    ((ObjectNode) missed.get("Agent")).putNull("ConnectedToAgentTimestamp");
    assertThat(types(missed)).containsExactly(EventType.CONTACT_STARTED, EventType.ABANDONED);

    ObjectNode skewed = ctr(); // connected "before" the initiation: answered at the start
    ((ObjectNode) skewed.get("Agent")).put("ConnectedToAgentTimestamp", "2026-03-01T09:13:00Z");
    assertThat(connect.map(List.of(skewed)).events().get(1).occurredAt())
        .isEqualTo(java.time.Instant.parse("2026-03-01T09:13:06Z"));

    ObjectNode late = ctr(); // connected "after" the disconnect: answered at the disconnect
    ((ObjectNode) late.get("Agent")).put("ConnectedToAgentTimestamp", "2026-03-01T09:20:00Z");
    assertThat(connect.map(List.of(late)).events().get(1).occurredAt())
        .isEqualTo(java.time.Instant.parse("2026-03-01T09:16:33Z"));

    ObjectNode chat = ctr(); // a chat: the same events, the leg as sessionId
    chat.put("Channel", "CHAT");
    chat.put("ContactId", "chat-1");
    List<CanonicalEvent> chatEvents = connect.map(List.of(chat)).events();
    assertThat(chatEvents)
        .extracting(CanonicalEvent::eventId, CanonicalEvent::type, CanonicalEvent::sessionId)
        .containsExactly(
            tuple("connect:chat-1:start", EventType.CONTACT_STARTED, "chat-1"),
            tuple("connect:chat-1:answered", EventType.ANSWERED, "chat-1"),
            tuple("connect:chat-1:end:1772356944000", EventType.CONTACT_ENDED, "chat-1"),
            tuple("connect:chat-1:acw:1772356944000", EventType.CONTACT_ENDED, "chat-1"));

    ObjectNode noUpdate = ctr(); // an older record without LastUpdateTimestamp: unversioned ids
    noUpdate.remove("LastUpdateTimestamp");
    assertThat(connect.map(List.of(noUpdate)).events())
        .extracting(CanonicalEvent::eventId)
        .containsExactly(
            "connect:" + ID + ":start",
            "connect:" + ID + ":answered",
            "connect:" + ID + ":end",
            "connect:" + ID + ":acw");
  }

  private List<EventType> types(ObjectNode record) {
    return connect.map(List.of(record)).events().stream().map(CanonicalEvent::type).toList();
  }

  /** Issue 10 item 5: timestamps outside the window are a 400 naming the field. */
  @Test
  void shouldNameTimestampsOutsideTheWindow() {
    ObjectNode future = ctr();
    future.put("InitiationTimestamp", "9999-12-31T23:59:59Z");
    ObjectNode ancient = ctr();
    ancient.put("DisconnectTimestamp", "1960-01-01T00:00:00Z");
    ObjectNode tooOld = ctr();
    tooOld.put("InitiationTimestamp", "2025-01-01T00:00:00Z"); // 424 days before NOW
    ObjectNode negative = ctr();
    negative.put("LastUpdateTimestamp", -1);
    ObjectNode yearOld = ctr(); // a year-old backfill is inside the default 400 days
    yearOld.put("InitiationTimestamp", "2025-03-01T10:00:00Z");
    yearOld.put("DisconnectTimestamp", "2025-03-01T10:05:00Z");
    yearOld.put("LastUpdateTimestamp", "2025-03-01T10:06:00Z");
    ((ObjectNode) yearOld.get("Agent"))
        .put("ConnectedToAgentTimestamp", "2025-03-01T10:00:20Z")
        .put("AfterContactWorkStartTimestamp", "2025-03-01T10:05:00Z")
        .put("AfterContactWorkEndTimestamp", "2025-03-01T10:05:40Z");
    ObjectNode answeredInFuture = ctr();
    ((ObjectNode) answeredInFuture.get("Agent"))
        .put("ConnectedToAgentTimestamp", "9999-12-31T23:59:59Z");
    ObjectNode wrapUpAncient = ctr();
    ((ObjectNode) wrapUpAncient.get("Agent"))
        .put("AfterContactWorkEndTimestamp", "1960-01-01T00:00:00Z");

    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () ->
                connect.map(
                    List.of(
                        future,
                        ancient,
                        tooOld,
                        negative,
                        yearOld,
                        answeredInFuture,
                        wrapUpAncient)));

    assertThat(e.problem().status()).isEqualTo(400);
    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactlyInAnyOrder(
            tuple(0, "InitiationTimestamp"),
            tuple(1, "DisconnectTimestamp"),
            tuple(2, "InitiationTimestamp"),
            tuple(3, "LastUpdateTimestamp"),
            tuple(5, "Agent.ConnectedToAgentTimestamp"),
            tuple(6, "Agent.AfterContactWorkEndTimestamp"));
    assertThat(connect.map(List.of(yearOld)).events())
        .extracting(CanonicalEvent::type)
        .containsExactly(
            EventType.CONTACT_STARTED,
            EventType.ANSWERED,
            EventType.CONTACT_ENDED,
            EventType.CONTACT_ENDED);
  }

  /**
   * "Example Contact Lens output files for a call" (Amazon Connect Administrator Guide):
   * Participants with roles, ConversationCharacteristics.Sentiment.SentimentByPeriod.QUARTER with
   * Score -5..+5, Transcript turns with ParticipantId, BeginOffsetMillis, Content.
   */
  static ObjectNode contactLens(String contactId) {
    ObjectNode lens = io.journeyline.adapters.ingest.CanonicalJson.MAPPER.createObjectNode();
    lens.put("Version", "1.1.0");
    lens.put("Channel", "VOICE");
    lens.put("JobStatus", "COMPLETED");
    lens.put("LanguageCode", "en-US");
    com.fasterxml.jackson.databind.node.ArrayNode participants = lens.putArray("Participants");
    participants.addObject().put("ParticipantId", "cust-1").put("ParticipantRole", "CUSTOMER");
    participants.addObject().put("ParticipantId", "agent-1").put("ParticipantRole", "AGENT");
    ObjectNode sentiment =
        lens.putObject("ConversationCharacteristics")
            .put("TotalConversationDurationMillis", 32110)
            .putObject("Sentiment");
    sentiment.putObject("OverallSentiment").put("AGENT", 0).put("CUSTOMER", 3.1);
    com.fasterxml.jackson.databind.node.ArrayNode quarters =
        sentiment.putObject("SentimentByPeriod").putObject("QUARTER").putArray("CUSTOMER");
    quarters
        .addObject()
        .put("BeginOffsetMillis", 0)
        .put("EndOffsetMillis", 8027)
        .put("Score", -2.5);
    quarters
        .addObject()
        .put("BeginOffsetMillis", 8027)
        .put("EndOffsetMillis", 16055)
        .put("Score", 5);
    com.fasterxml.jackson.databind.node.ArrayNode transcript = lens.putArray("Transcript");
    transcript
        .addObject()
        .put("Id", "t1")
        .put("ParticipantId", "cust-1")
        .put("BeginOffsetMillis", 1000)
        .put("EndOffsetMillis", 4000)
        .put("Content", "My card 4111 1111 1111 1111 was charged twice")
        .put("Sentiment", "NEGATIVE");
    transcript
        .addObject()
        .put("Id", "t2")
        .put("ParticipantId", "agent-1")
        .put("BeginOffsetMillis", 4500)
        .put("EndOffsetMillis", 8000)
        .put("Content", "Let me check that")
        .put("Sentiment", "NEUTRAL");
    transcript
        .addObject()
        .put("Id", "t3")
        .put("ParticipantId", "cust-1")
        .put("BeginOffsetMillis", 9000)
        .put("EndOffsetMillis", 12000)
        .put("Content", "Great, thank you!")
        .put("Sentiment", "POSITIVE");
    lens.putObject("CustomerMetadata").put("ContactId", contactId).put("InstanceId", "i-1");
    return lens;
  }

  @Test
  void shouldTurnContactLensSentimentIntoVendorScoresWithItsContactRecord() {
    Mapped mapped = connect.map(List.of(contactLens(ID), ctr()));

    List<CanonicalEvent> messages =
        mapped.events().stream().filter(e -> e.type() == EventType.MESSAGE).toList();
    // Agent.ConnectedToAgentTimestamp 09:13:20 + 1,000 ms and + 9,000 ms; quarters -2.5 and 5.
    assertThat(messages)
        .extracting(
            CanonicalEvent::eventId,
            CanonicalEvent::occurredAt,
            CanonicalEvent::sentiment,
            CanonicalEvent::participant)
        .containsExactly(
            tuple(
                "connect:" + ID + ":lens:t1",
                java.time.Instant.parse("2026-03-01T09:13:21Z"),
                -0.5,
                io.journeyline.avro.Participant.CUSTOMER),
            tuple(
                "connect:" + ID + ":lens:t3",
                java.time.Instant.parse("2026-03-01T09:13:29Z"),
                1.0,
                io.journeyline.avro.Participant.CUSTOMER));
    assertThat(messages.get(0).contactId()).isEqualTo(ID);
    assertThat(messages.get(0).customer()).isEqualTo(Customer.ofPhone("+14158675309"));
    assertThat(mapped.ignored()).isZero();

    // Without its contact record the file has no time base: skipped, counted as ignored.
    Mapped alone = connect.map(List.of(contactLens("other-contact")));
    assertThat(alone.events()).isEmpty();
    assertThat(alone.ignored()).isEqualTo(1);
  }
}

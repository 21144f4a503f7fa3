package io.journeyline.adapters.channels.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TestBounds;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ConnectCtrTest {

  private final ConnectCtr connect = new ConnectCtr(new Identifiers("US"), TestBounds.now());

  public static JsonNode sample() {
    try (InputStream in =
        ConnectCtrTest.class.getResourceAsStream("/samples/connect-ctr-voice.json")) {
      return CanonicalJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Start, the agent's answer (Agent.ConnectedToAgentTimestamp), the customer's disconnect and the
   * end of the agent's after-contact work (Agent.AfterContactWorkEndTimestamp): the record's
   * AgentInteractionDuration 193 s is 09:13:20 → 09:16:33 and its AfterContactWorkDuration 284 s is
   * 09:16:33 → 09:21:17, so the handle time the topology derives (answer to last end) is 477 s.
   */
  @Test
  void shouldMapAnAnsweredInboundCallToStartAnswerEndAndWrapUp() {
    Mapped mapped = connect.map(List.of(sample()));

    assertThat(mapped.ignored()).isZero();
    assertThat(mapped.events())
        .extracting(CanonicalEvent::eventId, CanonicalEvent::type, CanonicalEvent::occurredAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "connect:8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21:start",
                EventType.CONTACT_STARTED,
                Instant.parse("2026-03-01T09:13:06Z")),
            org.assertj.core.groups.Tuple.tuple(
                "connect:8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21:answered",
                EventType.ANSWERED,
                Instant.parse("2026-03-01T09:13:20Z")),
            org.assertj.core.groups.Tuple.tuple(
                // LastUpdateTimestamp 2026-03-01T09:22:24Z = 1772356944000 ms.
                "connect:8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21:end:1772356944000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:16:33Z")),
            org.assertj.core.groups.Tuple.tuple(
                "connect:8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21:acw:1772356944000",
                EventType.CONTACT_ENDED,
                Instant.parse("2026-03-01T09:21:17Z")));
    assertThat(
            java.time.Duration.between(
                mapped.events().get(1).occurredAt(), mapped.events().get(3).occurredAt()))
        .isEqualTo(java.time.Duration.ofSeconds(193 + 284));
    CanonicalEvent answered = mapped.events().get(1);
    assertThat(answered.agentId()).isEqualTo("jdoe");
    assertThat(answered.queue()).isEqualTo("BasicQueue");
    assertThat(answered.contactId()).isEqualTo("8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21");
    assertThat(answered.issue()).isNull();
    assertThat(answered.resolved()).isNull();
    CanonicalEvent wrapUp = mapped.events().get(3);
    assertThat(wrapUp.agentId()).isEqualTo("jdoe");
    assertThat(wrapUp.issue()).isEqualTo("billing-dispute");
    assertThat(wrapUp.resolved()).isFalse();
    assertThat(wrapUp.holdSeconds()).isEqualTo(12);
    CanonicalEvent end = mapped.events().get(2);
    assertThat(end.channel()).isEqualTo(Channel.VOICE);
    assertThat(end.contactId()).isEqualTo("8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21");
    assertThat(end.customer()).isEqualTo(Customer.ofPhone("+14158675309"));
    assertThat(end.direction()).isEqualTo(Direction.INBOUND);
    assertThat(end.queue()).isEqualTo("BasicQueue");
    assertThat(end.agentId()).isEqualTo("jdoe");
    assertThat(end.issue()).isEqualTo("billing-dispute");
    assertThat(end.resolved()).isFalse();
    assertThat(end.holdSeconds()).isEqualTo(12);
    assertThat(end.dialedNumber()).isEqualTo("+18005551212");
    assertThat(end.source()).isEqualTo("amazon-connect");
    assertThat(mapped.events().get(0).issue()).isNull();
  }

  @Test
  void shouldMarkACallerWhoNeverReachedAnAgentAsAbandoned() {
    ObjectNode ctr = (ObjectNode) sample().deepCopy();
    ctr.putNull("Agent");
    Mapped mapped = connect.map(List.of(ctr));
    assertThat(mapped.events())
        .extracting(CanonicalEvent::type)
        .containsExactly(EventType.CONTACT_STARTED, EventType.ABANDONED);
  }

  @Test
  void shouldFoldTransferLegsIntoTheInitialContact() {
    ObjectNode first = (ObjectNode) sample().deepCopy();
    first.put("NextContactId", "leg-2");
    ObjectNode second = (ObjectNode) sample().deepCopy();
    second.put("ContactId", "leg-2");
    second.put("InitialContactId", "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21");
    second.put("PreviousContactId", "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21");
    second.put("InitiationMethod", "TRANSFER");

    Mapped mapped = connect.map(List.of(first, second));

    // Each leg has its agent's answer; only the last leg ends (disconnect, then wrap-up).
    assertThat(mapped.events())
        .extracting(CanonicalEvent::contactId, CanonicalEvent::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.CONTACT_STARTED),
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.ANSWERED),
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.TRANSFERRED),
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.ANSWERED),
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.CONTACT_ENDED),
            org.assertj.core.groups.Tuple.tuple(
                "8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21", EventType.CONTACT_ENDED));
    assertThat(mapped.events().get(2).previousContactId())
        .isEqualTo("8a3c9e7f-0b1d-4e2f-9a8b-7c6d5e4f3a21");
  }

  @Test
  void shouldSkipTasksAndNameInvalidRecords() {
    ObjectNode task = (ObjectNode) sample().deepCopy();
    task.put("Channel", "TASK");
    assertThat(connect.map(List.of(task)).ignored()).isEqualTo(1);

    ObjectNode broken = (ObjectNode) sample().deepCopy();
    broken.remove("ContactId");
    broken.put("InitiationTimestamp", "yesterday");
    ProblemException e =
        catchThrowableOfType(ProblemException.class, () -> connect.map(List.of(sample(), broken)));
    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, "ContactId"),
            org.assertj.core.groups.Tuple.tuple(1, "InitiationTimestamp"));
  }
}

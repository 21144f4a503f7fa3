package io.journeyline.adapters.channels.genesys;

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
import io.journeyline.avro.EventType;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class GenesysEventsTest {

  private static final String CONVERSATION = "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
  private final GenesysEvents genesys = new GenesysEvents(new Identifiers("US"), TestBounds.now());

  public static ObjectNode sample() {
    try (InputStream in =
        GenesysEventsTest.class.getResourceAsStream("/samples/genesys-customer-start.json")) {
      return (ObjectNode) CanonicalJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode withTopic(String suffix) {
    ObjectNode n = sample();
    n.put("topicName", "v2.detail.events.conversation." + CONVERSATION + "." + suffix);
    return n;
  }

  @Test
  void shouldMapCustomerStart() {
    Mapped mapped = genesys.map(List.of(sample()));

    CanonicalEvent e = mapped.events().get(0);
    assertThat(e.type()).isEqualTo(EventType.CONTACT_STARTED);
    assertThat(e.channel()).isEqualTo(Channel.VOICE);
    assertThat(e.contactId()).isEqualTo(CONVERSATION);
    assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1772355600000L));
    assertThat(e.customer()).isEqualTo(new Customer("ext-4711", "+14158675309", null, null));
    assertThat(e.dialedNumber()).isEqualTo("+18005551212");
    assertThat(e.eventId()).startsWith("genesys:" + CONVERSATION + ":customer.start:");
    assertThat(e.source()).isEqualTo("genesys");
  }

  @Test
  void shouldMapEndAbandonAnswerAndWrapUpAndSkipOthers() {
    ObjectNode end = withTopic("customer.end");
    ((ObjectNode) end.get("eventBody")).put("disconnectType", "CLIENT");
    ObjectNode abandon = withTopic("acd.end");
    ((ObjectNode) abandon.get("eventBody")).put("acdOutcome", "ABANDON").put("queueId", "q-1");
    ObjectNode answered = withTopic("acd.end");
    ((ObjectNode) answered.get("eventBody"))
        .put("acdOutcome", "ANSWERED")
        .put("answeredUserId", "agent-9");
    ObjectNode flowOut = withTopic("acd.end");
    ((ObjectNode) flowOut.get("eventBody")).put("acdOutcome", "FLOW_OUT");
    ObjectNode acw = withTopic("acw");
    ((ObjectNode) acw.get("eventBody"))
        .put("wrapupCode", "refund-issued")
        .put("userId", "agent-9")
        .put("eventTime", 1772356000000L);
    ObjectNode userStart = withTopic("user.start");

    Mapped mapped = genesys.map(List.of(end, abandon, answered, flowOut, acw, userStart));

    assertThat(mapped.ignored()).isEqualTo(2);
    assertThat(mapped.events())
        .extracting(CanonicalEvent::type)
        .containsExactly(
            EventType.CONTACT_ENDED,
            EventType.ABANDONED,
            EventType.ANSWERED,
            EventType.CONTACT_ENDED);
    assertThat(mapped.events().get(1).queue()).isEqualTo("q-1");
    assertThat(mapped.events().get(2).agentId()).isEqualTo("agent-9");
    assertThat(mapped.events().get(3).issue()).isEqualTo("refund-issued");
    assertThat(mapped.events().get(3).agentId()).isEqualTo("agent-9");
  }

  @Test
  void shouldUnwrapEventBridgeEnvelopes() {
    ObjectNode envelope = CanonicalJson.MAPPER.createObjectNode();
    envelope.put("version", "0");
    envelope.put("detail-type", sample().get("topicName").asText());
    envelope.put("source", "aws.partner/genesys.com/cloud/abc/conversations");
    envelope.set("detail", sample());
    assertThat(genesys.map(List.of(envelope)).events()).hasSize(1);
  }

  @Test
  void shouldNameMissingFields() {
    ObjectNode broken = sample();
    ObjectNode body = (ObjectNode) broken.get("eventBody");
    body.remove("eventTime");
    body.remove("ani");
    body.remove("externalContactId");
    JsonNode notAnObject = CanonicalJson.MAPPER.getNodeFactory().textNode("x");
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class, () -> genesys.map(List.of(broken, notAnObject)));
    assertThat(e.problem().errors())
        .extracting(FieldError::index, FieldError::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(0, "eventBody.eventTime"),
            org.assertj.core.groups.Tuple.tuple(0, "eventBody"),
            org.assertj.core.groups.Tuple.tuple(1, ""));
  }
}

package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.Participant;
import io.journeyline.identity.GraphInput;
import io.journeyline.identity.IdentityGraph;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.Handover;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.Routed;
import io.journeyline.journey.SealedContact;
import io.journeyline.journey.SurveyScores;
import io.journeyline.metrics.BucketTotals;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.metrics.ServiceCounters;
import io.journeyline.metrics.SurveyCounters;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {

  static final Counters COUNTERS =
      new Counters(1, 0, -1, 0, 3, 12, -4_250_000L, 2, 0, Long.MAX_VALUE, Long.MIN_VALUE, -7, 5);

  static final Counters COUNTERS_WITH_SERVICE =
      new Counters(
          1,
          0,
          -1,
          0,
          3,
          12,
          -4_250_000L,
          2,
          0,
          4,
          1,
          0,
          0,
          new ServiceCounters(1, 1, 0, -1, 0, 45_000L, 1, 612_000L, 1, 2, -1),
          new SurveyCounters(1, 1, 1, 0, 1, 1, 6, -1, 0, 1, 1));

  /** {@link #COUNTERS} as an earlier version, without the correction counter, reads it. */
  static final Counters COUNTERS_WITHOUT_CORRECTIONS =
      new Counters(1, 0, -1, 0, 3, 12, -4_250_000L, 2, 0, Long.MAX_VALUE, Long.MIN_VALUE, -7, 0);

  static final ContactEvent EVENT =
      new ContactEvent(
          "e-1",
          Channel.SMS,
          EventType.MESSAGE,
          "sms-1",
          "cust-1",
          1_740_992_400_000L,
          Direction.INBOUND,
          "billing-q",
          null,
          "billing",
          -512_300L,
          null,
          Participant.CUSTOMER,
          null);

  /** {@link #EVENT} as versions before 5 kept it: without the participant. */
  static final ContactEvent EVENT_BEFORE_V5 =
      new ContactEvent(
          "e-1",
          Channel.SMS,
          EventType.MESSAGE,
          "sms-1",
          "cust-1",
          1_740_992_400_000L,
          Direction.INBOUND,
          "billing-q",
          null,
          "billing",
          -512_300L,
          null,
          null,
          null);

  static final SurveyScores SURVEY =
      new SurveyScores("sv-1", "sms-1", 1_740_999_600_000L, 2, null, 7, false);

  static final ContactEvent HOLD =
      new ContactEvent(
          "e-2",
          Channel.VOICE,
          EventType.CONTACT_ENDED,
          "call-1",
          "cust-1",
          1_740_992_460_000L,
          Direction.INBOUND,
          "billing-q",
          "agent-7",
          "billing",
          null,
          false,
          null,
          181);

  /** A sealed contact with every optional field set. */
  static final SealedContact SEALED =
      new SealedContact(
          "call-1",
          Channel.VOICE,
          Direction.INBOUND,
          1_740_992_400_000L,
          9,
          1_740_993_000_000L,
          true,
          1_740_992_900_000L,
          true,
          "billing-q",
          "agent-7",
          "billing",
          false,
          new long[] {1_740_992_500_000L, 1_740_992_600_000L},
          new long[] {-512_300L, 250_000L},
          1_740_992_450_000L,
          1_740_992_460_000L,
          1_740_993_000_000L,
          1_740_992_500_000L,
          1_740_992_700_000L,
          181,
          1_740_992_800_000L,
          2);

  /** A sealed contact with every optional field unset. */
  static final SealedContact SEALED_BARE =
      new SealedContact(
          "sms-1",
          Channel.SMS,
          Direction.OUTBOUND,
          1_740_992_400_000L,
          1,
          1_740_992_400_000L,
          false,
          null,
          false,
          null,
          null,
          null,
          null,
          new long[0],
          new long[0],
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          0);

  private static <T> T roundTrip(Serde<T> serde, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(bytes[0]).as("format version").isEqualTo((byte) 8);
    return serde.deserializer().deserialize("t", bytes);
  }

  @Test
  void shouldRoundTripEveryInternalValue() {
    assertThat(roundTrip(InternalSerdes.routed(), Routed.of(EVENT))).isEqualTo(Routed.of(EVENT));
    assertThat(roundTrip(InternalSerdes.routed(), Routed.tick(2, 3, Long.MIN_VALUE)))
        .isEqualTo(Routed.tick(2, 3, Long.MIN_VALUE));
    Routed move = Routed.of(Handover.move("sms-1", "C-1", 7));
    assertThat(roundTrip(InternalSerdes.routed(), move)).isEqualTo(move);
    Routed expect = Routed.of(Handover.expect("sms-1", 7));
    assertThat(roundTrip(InternalSerdes.routed(), expect)).isEqualTo(expect);
    Routed graphTick = Routed.graphTick(1, 3, 1_740_992_400_000L);
    assertThat(roundTrip(InternalSerdes.routed(), graphTick)).isEqualTo(graphTick);
    Routed transfer =
        Routed.of(
            new Handover(
                Handover.Kind.TRANSFER,
                "sms-1",
                "C-1",
                7,
                2,
                List.of(EVENT),
                List.of(SEALED, SEALED_BARE),
                EVENT.occurredAt(),
                Map.of("sms-1", 3L),
                Map.of("sms-1", 1),
                Set.of("sms-1"),
                Map.of("sms-1@x", new JourneyState.Pinned("chat-0", false, 2)),
                Map.of("sms-1", SURVEY)));
    assertThat(roundTrip(InternalSerdes.routed(), transfer)).isEqualTo(transfer);
    Routed survey = Routed.of(SURVEY);
    assertThat(roundTrip(InternalSerdes.routed(), survey)).isEqualTo(survey);
    GraphInput evidence =
        GraphInput.evidence(
            "sms-1", Map.of("PHONE:+14155550100", 3L, "CUSTOMER_ID:C-1", 5L), "C-1", 5);
    assertThat(roundTrip(InternalSerdes.graphInput(), evidence)).isEqualTo(evidence);
    GraphInput tick = GraphInput.tick(2, 3, 1_740_992_400_000L);
    assertThat(roundTrip(InternalSerdes.graphInput(), tick)).isEqualTo(tick);
    GraphInput unlink = GraphInput.crmUnlink("PHONE:+14155550100", 9);
    assertThat(roundTrip(InternalSerdes.graphInput(), unlink)).isEqualTo(unlink);
    IdentityGraph.Node node =
        new IdentityGraph.Node(
            "C-1",
            true,
            Map.of("CUSTOMER_ID:C-1", new IdentityGraph.Edge(LinkSource.CRM, 4)),
            "C-1",
            4);
    IdentityGraph.Node nodeBack = roundTrip(InternalSerdes.graphNode(), node);
    assertThat(
            List.of(nodeBack.survivor(), nodeBack.shared(), nodeBack.edges(), nodeBack.crmTime()))
        .isEqualTo(List.of("C-1", true, node.edges(), 4L));
    assertThat(nodeBack.crmCustomer()).isEqualTo("C-1");
    IdentityGraph.Contact contact =
        new IdentityGraph.Contact(Set.of("PHONE:+14155550100"), Set.of("C-1", "prov:x"), 12);
    assertThat(roundTrip(InternalSerdes.graphContact(), contact)).isEqualTo(contact);
    assertThat(roundTrip(InternalSerdes.stringSet(), Set.of("a", "b"))).containsExactly("a", "b");
    assertThat(roundTrip(InternalSerdes.metricDelta(), MetricDelta.of(COUNTERS)))
        .isEqualTo(MetricDelta.of(COUNTERS));
    assertThat(
            roundTrip(InternalSerdes.metricDelta(), MetricDelta.watermark(3, 1_740_992_400_000L)))
        .isEqualTo(MetricDelta.watermark(3, 1_740_992_400_000L));
    BucketTotals totals = new BucketTotals(COUNTERS, true, false, true, false, false);
    assertThat(roundTrip(InternalSerdes.bucketTotals(), totals)).isEqualTo(totals);
    BucketTotals service = new BucketTotals(COUNTERS_WITH_SERVICE, true, true, true, true, true);
    assertThat(roundTrip(InternalSerdes.bucketTotals(), service)).isEqualTo(service);
    assertThat(roundTrip(InternalSerdes.metricDelta(), MetricDelta.of(COUNTERS_WITH_SERVICE)))
        .isEqualTo(MetricDelta.of(COUNTERS_WITH_SERVICE));

    JourneyState state = new JourneyState("cust-1");
    state.events().add(EVENT);
    state.events().add(HOLD);
    state.firstStartByKey().put("sms-1", EVENT.occurredAt());
    state.revisions().put("sms-1", 4L);
    state.alertsSent().add("sms-1");
    state.alertsSent().add(JourneyState.alertKey(AlertType.REPEAT_CONTACT, "sms-1"));
    state.pinned().put("sms-1@x", new JourneyState.Pinned("chat-0", true, 3));
    state.lateCorrections().put("sms-1", 2);
    state.movedOut().put("chat-9", new JourneyState.MovedOut("C-2", 11, 1_740_992_400_000L));
    state.surveys().put("sms-1", SURVEY);
    state.deferredMoves().add(new JourneyState.DeferredMove("sms-2", "C-3", 12));
    state.derivedAt(EVENT.occurredAt());
    state.stamp(-8_123_456_789_012_345_678L);
    state.sealed().add(SEALED);
    state.sealed().add(SEALED_BARE);
    JourneyState back = roundTrip(InternalSerdes.journeyState(), state);
    assertThat(back.sealed()).containsExactly(SEALED, SEALED_BARE);
    assertThat(back.customerId()).isEqualTo("cust-1");
    assertThat(back.events()).containsExactly(EVENT, HOLD);
    assertThat(back.alertsSent()).isEqualTo(state.alertsSent());
    assertThat(back.pinned()).isEqualTo(state.pinned());
    assertThat(back.firstStartByKey()).isEqualTo(state.firstStartByKey());
    assertThat(back.revisions()).isEqualTo(state.revisions());
    assertThat(back.alertsSent()).isEqualTo(state.alertsSent());
    assertThat(back.pinned()).isEqualTo(state.pinned());
    assertThat(back.movedOut()).isEqualTo(state.movedOut());
    assertThat(back.surveys()).isEqualTo(state.surveys());
    assertThat(back.lateCorrections()).isEqualTo(state.lateCorrections());
    assertThat(back.deferredMoves()).isEqualTo(state.deferredMoves());
    assertThat(back.derivedAt()).isEqualTo(EVENT.occurredAt());
    assertThat(back.timerAt()).isEqualTo(Long.MIN_VALUE);
    assertThat(back.stamp()).isEqualTo(state.stamp());
    assertThat(back.sameContent(state)).isTrue();
  }

  @Test
  void shouldReadAJourneyStateOfVersionSevenWithoutSealedContacts() {
    JourneyState state = new JourneyState("cust-1");
    state.events().add(EVENT);
    state.firstStartByKey().put("sms-1", EVENT.occurredAt());
    state.stamp(42);
    byte[] v8 = InternalSerdes.journeyState().serializer().serialize("t", state);
    // version 7 is version 8 without the trailing count of sealed contacts (0: one byte)
    assertThat(v8[v8.length - 1]).isZero();
    byte[] v7 = java.util.Arrays.copyOf(v8, v8.length - 1);
    v7[0] = 7;
    JourneyState back = InternalSerdes.journeyState().deserializer().deserialize("t", v7);
    assertThat(back.sealed()).isEmpty();
    assertThat(back.sameContent(state)).isTrue();
  }

  @Test
  void shouldReadAJourneyStateOfVersionSixWithoutAStamp() {
    JourneyState state = new JourneyState("cust-1");
    state.events().add(EVENT);
    state.firstStartByKey().put("sms-1", EVENT.occurredAt());
    state.deferredMoves().add(new JourneyState.DeferredMove("sms-2", "C-3", 12));
    byte[] v8 = InternalSerdes.journeyState().serializer().serialize("t", state);
    // version 6 is version 8 without the trailing stamp and count of sealed contacts (0, 0)
    assertThat(v8[v8.length - 1]).isZero();
    assertThat(v8[v8.length - 2]).isZero();
    byte[] v6 = java.util.Arrays.copyOf(v8, v8.length - 2);
    v6[0] = 6;
    JourneyState back = InternalSerdes.journeyState().deserializer().deserialize("t", v6);
    assertThat(back.stamp()).isZero();
    assertThat(back.sameContent(state)).isTrue();
  }

  @Test
  void shouldWriteSmallNumbersInFewBytes() {
    byte[] delta =
        InternalSerdes.metricDelta()
            .serializer()
            .serialize("t", MetricDelta.of(new Counters(1, 1, 0, -1, 1, 0, 0, 0, 0, 1, 0, 0, 0)));
    // version, the watermark flag, thirteen one-byte varints, the no-service and no-survey flags
    assertThat(delta).hasSize(17);
  }

  @Test
  void shouldStillReadVersionOneValues() throws IOException {
    // a delta as version 1 wrote it: fixed-width longs
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeBoolean(false);
      for (long v :
          new long[] {1, 0, -1, 0, 3, 12, -4_250_000L, 2, 0, Long.MAX_VALUE, Long.MIN_VALUE, -7}) {
        out.writeLong(v);
      }
    }
    assertThat(InternalSerdes.metricDelta().deserializer().deserialize("t", bytes.toByteArray()))
        .isEqualTo(MetricDelta.of(COUNTERS_WITHOUT_CORRECTIONS));

    // a routed event as version 1 wrote it: 4-byte string lengths (-1 for null), 8-byte longs
    bytes.reset();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeBoolean(false);
      writeV1String(out, "e-1");
      out.writeByte(Channel.SMS.ordinal());
      out.writeByte(EventType.MESSAGE.ordinal());
      writeV1String(out, "sms-1");
      writeV1String(out, "cust-1");
      out.writeLong(1_740_992_400_000L);
      out.writeByte(Direction.INBOUND.ordinal());
      writeV1String(out, "billing-q");
      writeV1String(out, null);
      writeV1String(out, "billing");
      out.writeBoolean(true);
      out.writeLong(-512_300L);
      out.writeByte(0);
    }
    assertThat(InternalSerdes.routed().deserializer().deserialize("t", bytes.toByteArray()))
        .isEqualTo(Routed.of(EVENT_BEFORE_V5));

    // a journey state as version 1 wrote it
    bytes.reset();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      writeV1String(out, "cust-1");
      out.writeLong(1_740_992_400_000L);
      out.writeLong(Long.MIN_VALUE);
      out.writeInt(1);
      writeV1String(out, "e-1");
      out.writeByte(Channel.SMS.ordinal());
      out.writeByte(EventType.MESSAGE.ordinal());
      writeV1String(out, "sms-1");
      out.writeLong(1_740_992_400_000L);
      out.writeByte(Direction.INBOUND.ordinal());
      writeV1String(out, "billing-q");
      writeV1String(out, null);
      writeV1String(out, "billing");
      out.writeBoolean(true);
      out.writeLong(-512_300L);
      out.writeByte(0);
      out.writeInt(1);
      writeV1String(out, "sms-1");
      out.writeLong(1_740_992_400_000L);
      out.writeInt(1);
      writeV1String(out, "sms-1");
      out.writeLong(2L);
      out.writeInt(0);
      out.writeInt(1);
      writeV1String(out, "sms-1@x");
      writeV1String(out, "chat-0");
      out.writeBoolean(false);
    }
    JourneyState state =
        InternalSerdes.journeyState().deserializer().deserialize("t", bytes.toByteArray());
    assertThat(state.customerId()).isEqualTo("cust-1");
    assertThat(state.events()).containsExactly(EVENT_BEFORE_V5);
    assertThat(state.firstStartByKey()).containsEntry("sms-1", 1_740_992_400_000L).hasSize(1);
    assertThat(state.revisions()).containsEntry("sms-1", 2L).hasSize(1);
    assertThat(state.alertsSent()).isEmpty();
    assertThat(state.pinned())
        .containsEntry("sms-1@x", new JourneyState.Pinned("chat-0", false, 1));
  }

  @Test
  void shouldWriteRepeatedStringsOfAJourneyOnce() {
    JourneyState state = new JourneyState("cust-1");
    for (int i = 0; i < 10; i++) {
      state
          .events()
          .add(
              new ContactEvent(
                  "e-" + i,
                  Channel.CHAT,
                  EventType.MESSAGE,
                  "chat-with-a-long-conversation-key",
                  "cust-1",
                  EVENT.occurredAt() + 1_000L * i,
                  Direction.INBOUND,
                  "billing-queue",
                  "agent-0042",
                  "billing",
                  null,
                  null,
                  null,
                  null));
    }
    byte[] bytes = InternalSerdes.journeyState().serializer().serialize("t", state);
    // the four strings once (~70 bytes), then ~15 bytes per event; version 1 wrote ~1,000
    assertThat(bytes.length).isLessThan(300);
    assertThat(InternalSerdes.journeyState().deserializer().deserialize("t", bytes).events())
        .isEqualTo(state.events());
  }

  @Test
  void shouldNameAnUnknownFormatVersion() {
    assertThatThrownBy(
            () -> InternalSerdes.metricDelta().deserializer().deserialize("t", new byte[] {9, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown metric delta format version 9 on t");
  }

  private static void writeV1String(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}

package io.journeyline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.Participant;
import io.journeyline.avro.SmsEvent;
import io.journeyline.avro.VoiceEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionEventsTest {

  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final CustomerRef CUSTOMER =
      CustomerRef.newBuilder().setPhone("+14155550100").build();

  private static InteractionFields fields(Channel channel) {
    return new InteractionFields(
        channel,
        "e-1",
        T0,
        EventType.MESSAGE,
        "c-1",
        CUSTOMER,
        Direction.OUTBOUND,
        "billing-q",
        "agent-7",
        "billing",
        Participant.CUSTOMER,
        "still waiting",
        -0.5,
        null,
        "twilio",
        Map.of("k", "v"));
  }

  @Test
  void shouldBuildEachChannelsTypeWithItsOwnFields() {
    SmsEvent sms =
        (SmsEvent)
            InteractionEvents.build(
                fields(Channel.SMS), Map.of("messageSid", "SM1", "businessNumber", "+18005550100"));

    assertThat(sms.getEventId()).isEqualTo("e-1");
    assertThat(sms.getOccurredAt()).isEqualTo(T0);
    assertThat(sms.getDirection()).isEqualTo(Direction.OUTBOUND);
    assertThat(sms.getSentiment()).isEqualTo(-0.5);
    assertThat(sms.getSource()).isEqualTo("twilio");
    assertThat(sms.getMessageSid()).isEqualTo("SM1");
    assertThat(sms.getBusinessNumber()).isEqualTo("+18005550100");
  }

  @Test
  void shouldReadBackWhatItBuiltOnEveryChannel() {
    for (Channel channel : Channel.values()) {
      InteractionFields written = fields(channel);

      assertThat(InteractionEvents.read(InteractionEvents.build(written, Map.of())))
          .contains(written);
    }
  }

  @Test
  void shouldDefaultDirectionSourceAndAttributes() {
    InteractionFields sparse =
        new InteractionFields(
            Channel.VOICE,
            "e-2",
            T0,
            EventType.CONTACT_STARTED,
            "c-2",
            CUSTOMER,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    VoiceEvent voice = (VoiceEvent) InteractionEvents.build(sparse, Map.of());

    assertThat(voice.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(voice.getSource()).isEqualTo("canonical");
    assertThat(voice.getAttributes()).isEmpty();
  }

  @Test
  void shouldRejectAFieldTheChannelDoesNotHave() {
    assertThatThrownBy(
            () -> InteractionEvents.build(fields(Channel.CHAT), Map.of("messageSid", "SM1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageSid");
  }

  @Test
  void shouldNotTakeAHeartbeatForAnInteraction() {
    Heartbeat heartbeat =
        Heartbeat.newBuilder()
            .setProducerId("p")
            .setWatermark(T0)
            .setPartition(0)
            .setSentAt(T0)
            .build();

    assertThat(InteractionEvents.channelOf(heartbeat)).isEmpty();
    assertThat(InteractionEvents.read(heartbeat)).isEmpty();
  }
}

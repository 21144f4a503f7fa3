package io.journeyline.serde;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.Participant;
import java.time.Instant;
import java.util.Map;

/** Object mother for the records the serde tests write. */
final class Records {
  static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  private Records() {}

  static ChatEvent chatEvent(String contactId, int n) {
    return ChatEvent.newBuilder()
        .setEventId(contactId + "-" + n)
        .setOccurredAt(T0.plusSeconds(n))
        .setType(EventType.MESSAGE)
        .setContactId(contactId)
        .setCustomer(
            CustomerRef.newBuilder().setCustomerId("cust-" + n).setPhone("+4930123456").build())
        .setQueue("billing")
        .setParticipant(Participant.CUSTOMER)
        .setText("my invoice is wrong #" + n)
        .setSentiment(-0.25)
        .setAttributes(Map.of("lang", "en"))
        .build();
  }

  static Heartbeat heartbeat(int partition) {
    return Heartbeat.newBuilder()
        .setProducerId("adapter-1")
        .setWatermark(T0.plusSeconds(60))
        .setPartition(partition)
        .setSentAt(T0.plusSeconds(61))
        .build();
  }
}

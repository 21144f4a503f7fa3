package io.journeyline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Direction;
import io.journeyline.avro.FcrStatus;
import io.journeyline.avro.SentimentStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactRetentionTest {

  static final Instant START = Instant.parse("2025-03-03T09:00:00Z");
  static final ContactRetention THIRTEEN_MONTHS = new ContactRetention(Duration.ofDays(395));

  /** A contact summary with the given times, everything else fixed. */
  static ContactSummary contact(Instant started, Instant lastEvent, Instant ended) {
    return ContactSummary.newBuilder()
        .setContactId("chat-1")
        .setConversationKey("chat-1")
        .setCustomerId("cust-1")
        .setChannel(Channel.CHAT)
        .setDirection(Direction.INBOUND)
        .setStartedAt(started)
        .setLastEventAt(lastEvent)
        .setEndedAt(ended)
        .setAbandoned(false)
        .setFcr(FcrStatus.PENDING)
        .setChannelHop(false)
        .setSentiment(
            SentimentStats.newBuilder()
                .setMessages(0)
                .setMean(null)
                .setMin(null)
                .setFirst(null)
                .setLast(null)
                .setTrend(null)
                .setNegativeShare(null)
                .setAlerted(false)
                .build())
        .setEvents(2)
        .setRevision(1)
        .build();
  }

  @Test
  void shouldTakeTheEndAsLastActivity() {
    Instant end = START.plusSeconds(600);
    assertThat(ContactRetention.lastActivity(contact(START, end, end)))
        .isEqualTo(end.toEpochMilli());
  }

  @Test
  void shouldTakeAMessageAfterTheEndAsLastActivity() {
    Instant end = START.plusSeconds(600);
    Instant amended = end.plusSeconds(120);
    assertThat(ContactRetention.lastActivity(contact(START, amended, end)))
        .isEqualTo(amended.toEpochMilli());
  }

  @Test
  void shouldTakeTheLastEventOfAnOpenContact() {
    Instant last = START.plusSeconds(300);
    assertThat(ContactRetention.lastActivity(contact(START, last, null)))
        .isEqualTo(last.toEpochMilli());
  }

  @Test
  void shouldExpireOnlyStrictlyMoreThanTheRetentionAfterTheLastActivity() {
    Instant end = START.plusSeconds(600);
    ContactSummary c = contact(START, end, end);
    long boundary = end.plus(Duration.ofDays(395)).toEpochMilli();
    assertThat(THIRTEEN_MONTHS.expired(c, boundary)).isFalse();
    assertThat(THIRTEEN_MONTHS.expired(c, boundary + 1)).isTrue();
    assertThat(THIRTEEN_MONTHS.cutoff(boundary)).isEqualTo(end.toEpochMilli());
  }

  @Test
  void shouldOrderTimesBeforeTheEpochAsTheEpoch() {
    Instant before = Instant.parse("1969-12-31T00:00:00Z");
    assertThat(ContactRetention.lastActivity(contact(before, before, null))).isZero();
  }

  @Test
  void shouldRefuseANonPositiveRetention() {
    assertThatThrownBy(() -> new ContactRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.journeyline.topology;

import static io.journeyline.avro.EventType.CONTACT_ENDED;
import static io.journeyline.avro.EventType.CONTACT_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.FcrStatus;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.JourneyStore;
import io.journeyline.topics.JourneylineTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contact history ({@code contact-history-store}) over the whole topology: it keeps a contact
 * after the journey stage forgot it, follows the tombstones on {@code journeyline.contacts}, and
 * tombstones contacts once the wall clock is the history retention (default 395 days) past their
 * last activity. The journey horizon (30 days) and the retention are the defaults.
 */
class ContactHistoryTest {

  /** Monday 2025-03-03 09:00 UTC, ten months before the driver's wall clock starts. */
  static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  static final Duration RETENTION = Duration.ofDays(395);

  private TopologyHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private TopologyHarness start() {
    harness = new TopologyHarness(Map.of());
    return harness;
  }

  /** A chat from {@code start} to ten minutes later, about billing. */
  static List<Ev> chat(String contactId, String customer, Instant start) {
    return List.of(
        Ev.of(Channel.CHAT, contactId + "-s", contactId, CONTACT_STARTED, start).customer(customer),
        Ev.of(Channel.CHAT, contactId + "-e", contactId, CONTACT_ENDED, start.plusSeconds(600))
            .customer(customer)
            .issue("billing"));
  }

  private static KeyValueStore<String, ContactSummary> history(TopologyHarness h) {
    return h.driver.getKeyValueStore(TopologyNames.CONTACT_HISTORY_STORE);
  }

  private static List<String> indexKeys(TopologyHarness h) {
    KeyValueStore<String, String> index =
        h.driver.getKeyValueStore(TopologyNames.CONTACT_HISTORY_INDEX_STORE);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = index.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  /** The Kafka Streams metric of the tombstones the history sent, summed over its tasks. */
  private static double expiredTotal(TopologyHarness h) {
    return h.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().group().equals("stream-journeyline-metrics")
                    && e.getKey().name().equals("contacts-expired-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldKeepAContactInTheHistoryAfterItLeftTheJourney() {
    TopologyHarness h = start();
    h.heartbeat(T0);
    // Given a chat that ended at T0 + 10 min
    h.sendAll(chat("chat-1", "cust-1", T0));
    // When stream time passes its end + the journey horizon (30 days)
    h.heartbeat(T0.plus(Duration.ofDays(40)));

    // Then the journey stage has forgotten the customer
    assertThat(
            JourneyStore.read(
                h.driver.<String, JourneyState>getKeyValueStore(TopologyNames.JOURNEY_STORE),
                "cust-1"))
        .as("premise: the contact left the journey state")
        .isNull();
    // But the history holds the contact's latest journeyline.contacts record, now RESOLVED
    ContactSummary latest = h.latestContacts().get("chat-1");
    assertThat(latest.getFcr()).isEqualTo(FcrStatus.RESOLVED);
    assertThat(history(h).get("chat-1")).isEqualTo(latest);
    assertThat(indexKeys(h))
        .containsExactly(
            String.format("%016x", T0.plusSeconds(600).toEpochMilli()) + "|" + "chat-1");
  }

  @Test
  void shouldRemoveAContactOnATombstone() {
    TopologyHarness h = start();
    h.sendAll(chat("chat-1", "cust-1", T0));
    h.sendAll(chat("chat-2", "cust-2", T0.plusSeconds(60)));
    assertThat(history(h).get("chat-1")).isNotNull();
    TestInputTopic<String, ContactSummary> contacts =
        h.driver.createInputTopic(
            h.topics.name(JourneylineTopic.CONTACTS),
            h.serdes.key().serializer(),
            h.serdes.contact().serializer());

    // When the contacts topic gets a tombstone for chat-1
    contacts.pipeInput("chat-1", null, TopologyHarness.WALL_CLOCK_START);

    // Then the history forgets chat-1, index entry included, and keeps chat-2
    assertThat(history(h).get("chat-1")).isNull();
    assertThat(history(h).get("chat-2")).isNotNull();
    assertThat(indexKeys(h)).hasSize(1).allMatch(k -> k.endsWith("|chat-2"));
  }

  @Test
  void shouldTombstoneAContactOnceTheWallClockIsTheRetentionPastItsLastActivity() {
    TopologyHarness h = start();
    // Given two chats, ended at T0 + 10 min and 60 days later
    h.sendAll(chat("chat-old", "cust-1", T0));
    h.sendAll(chat("chat-new", "cust-2", T0.plus(Duration.ofDays(60))));
    h.contacts.readKeyValuesToList();
    Instant expiry = T0.plusSeconds(600).plus(RETENTION);

    // When the wall clock reaches one minute before the older one's end + 395 days
    h.driver.advanceWallClockTime(
        Duration.between(TopologyHarness.WALL_CLOCK_START, expiry.minusSeconds(60)));
    // Then nothing is tombstoned yet
    assertThat(h.contacts.readKeyValuesToList()).isEmpty();
    assertThat(history(h).get("chat-old")).isNotNull();

    // When it passes it (the next sweep, a minute on)
    h.driver.advanceWallClockTime(Duration.ofSeconds(61));

    // Then exactly the older contact is tombstoned on journeyline.contacts, and its echo removed it
    // from the history
    assertThat(h.contacts.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value)
        .containsExactly(tuple("chat-old", null));
    assertThat(history(h).get("chat-old")).isNull();
    assertThat(history(h).get("chat-new")).isNotNull();
    assertThat(indexKeys(h)).hasSize(1).allMatch(k -> k.endsWith("|chat-new"));
    assertThat(expiredTotal(h)).isEqualTo(1.0);

    // And later sweeps send nothing more until the newer one expires too
    h.driver.advanceWallClockTime(Duration.ofDays(59));
    assertThat(h.contacts.readKeyValuesToList()).isEmpty();
    h.driver.advanceWallClockTime(Duration.ofDays(1).plusMinutes(1));
    assertThat(h.contacts.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value)
        .containsExactly(tuple("chat-new", null));
    assertThat(indexKeys(h)).isEmpty();
  }

  @Test
  void shouldTombstoneAReplayedContactOlderThanTheRetentionAsItArrives() {
    TopologyHarness h = start();
    // Given a replay of a chat that ended 400 days before the wall clock
    Instant longAgo = TopologyHarness.WALL_CLOCK_START.minus(Duration.ofDays(400));

    // When its events are processed
    h.sendAll(chat("chat-ancient", "cust-9", longAgo));

    // Then each summary the journey stage publishes is followed by a tombstone, and the history
    // never holds it
    List<KeyValue<String, ContactSummary>> records = h.contacts.readKeyValuesToList();
    assertThat(records).isNotEmpty();
    assertThat(records.get(records.size() - 1).value).isNull();
    assertThat(records).allMatch(kv -> kv.key.equals("chat-ancient"));
    assertThat(history(h).get("chat-ancient")).isNull();
    assertThat(indexKeys(h)).isEmpty();
  }

  @Test
  void shouldNameTheHistoryProcessorStoresAndSinkExplicitly() {
    TopologyHarness h = start();
    assertThat(h.topology.describe().toString())
        .doesNotContain("KSTREAM-")
        .contains(
            TopologyNames.CONTACT_HISTORY_SOURCE,
            TopologyNames.CONTACT_HISTORY,
            TopologyNames.CONTACT_HISTORY_STORE,
            TopologyNames.CONTACT_HISTORY_INDEX_STORE,
            TopologyNames.CONTACT_HISTORY_TOMBSTONES_SINK);
    assertThat(JourneylineTopology.storeNames())
        .contains(TopologyNames.CONTACT_HISTORY_STORE, TopologyNames.CONTACT_HISTORY_INDEX_STORE);
  }
}

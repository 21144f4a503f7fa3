package io.journeyline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.FcrStatus;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestNames;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.testing.AvroTopics;
import io.journeyline.testing.TestApps;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Amazon Connect delivers a contact record after the contact ends ("Data model for Amazon Connect
 * contact records", https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html, and
 * "Events in the contact record", about-contact-states.html#ctr-events: the record is created once
 * the contact and its after-contact work are done), so the start of every call is as old as the
 * call when it reaches Journeyline. With the default settings, overlapping calls of 2 to 60
 * minutes, each record posted a minute or two after its call's after-contact work, are all on time:
 * nothing goes to the DLQ, nothing is counted late, and every call lands in the hourly bucket of
 * its {@code InitiationTimestamp}.
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(EmbeddedKafkaExtension.class)
class ConnectDeliveryIT {

  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();
  static final int CALLS = 80;

  static EmbeddedSchemaRegistry registry;
  static AvroTopics io;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void connect(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry classRegistry) {
    registry = classRegistry;
    io = new AvroTopics(kafka, registry);
  }

  /** One call of the simulated day. */
  record Call(String contactId, String phone, Instant start, Instant end) {
    Instant delivered() {
      // after-contact work of a minute, then the record
      return end.plusSeconds(60 + 30);
    }
  }

  /**
   * A contact record for an answered inbound call, with the fields of the documented data model:
   * the contact's timestamps, its queue and agent sections, the customer endpoint and the
   * disconnect reason.
   */
  static Map<String, Object> contactRecord(Call call) {
    Map<String, Object> ctr = new LinkedHashMap<>();
    ctr.put("AWSAccountId", "123456789012");
    ctr.put("AWSContactTraceRecordFormatVersion", "2017-03-10");
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("Username", "agent-" + Math.floorMod(call.contactId().hashCode(), 7));
    agent.put("ConnectedToAgentTimestamp", call.start().plusSeconds(25).toString());
    agent.put("AfterContactWorkStartTimestamp", call.end().toString());
    agent.put("AfterContactWorkEndTimestamp", call.end().plusSeconds(60).toString());
    agent.put("AgentInteractionDuration", Duration.between(call.start(), call.end()).toSeconds());
    agent.put("CustomerHoldDuration", 0);
    ctr.put("Agent", agent);
    ctr.put("AgentConnectionAttempts", 1);
    ctr.put("Attributes", Map.of("issue", "billing"));
    ctr.put("Channel", "VOICE");
    ctr.put("ConnectedToSystemTimestamp", call.start().plusSeconds(5).toString());
    ctr.put("ContactId", call.contactId());
    ctr.put("CustomerEndpoint", Map.of("Address", call.phone(), "Type", "TELEPHONE_NUMBER"));
    ctr.put("DisconnectReason", "CUSTOMER_DISCONNECT");
    ctr.put("DisconnectTimestamp", call.end().toString());
    ctr.put("InitialContactId", null);
    ctr.put("InitiationMethod", "INBOUND");
    ctr.put("InitiationTimestamp", call.start().toString());
    ctr.put("LastUpdateTimestamp", call.delivered().toString());
    ctr.put("NextContactId", null);
    ctr.put("PreviousContactId", null);
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("Name", "BasicQueue");
    queue.put("EnqueueTimestamp", call.start().plusSeconds(6).toString());
    queue.put("DequeueTimestamp", call.start().plusSeconds(25).toString());
    queue.put("Duration", 19);
    ctr.put("Queue", queue);
    ctr.put("SystemEndpoint", Map.of("Address", "+18005551212", "Type", "TELEPHONE_NUMBER"));
    return ctr;
  }

  @Test
  void shouldTakeEveryContactRecordOnTimeWhenItArrivesAfterTheCall(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    // Given a busy morning two days ago: 80 overlapping calls of 2 to 60 minutes over three hours
    Instant morning = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    SplittableRandom random = new SplittableRandom(17);
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      Instant start = morning.plusSeconds(8 * 3600 + random.nextInt(3 * 3600));
      Instant end = start.plusSeconds(120 + random.nextInt(58 * 60 + 1));
      calls.add(
          new Call(
              String.format(Locale.ROOT, "%08x-0b1d-4e2f-9a8b-7c6d5e4f3a21", i),
              "+14153" + String.format(Locale.ROOT, "%06d", i),
              start,
              end));
    }
    String name = TestNames.unique(info);
    StreamsAppConfig config = config(kafka, name);
    TopicCatalog topics = config.topicCatalog();
    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT)) {
      JourneylineStreams app = pipeline.app();
      AdaptersServer adapters = pipeline.adapters();

      // When each record is posted when Connect delivers it: after its call and its wrap-up
      URI ctr = adapters.baseUri().resolve("/v1/channels/amazon-connect/ctr");
      List<Call> byDelivery = new ArrayList<>(calls);
      byDelivery.sort(Comparator.comparing(Call::delivered));
      // (a heartbeat round after every tenth record, as the adapters' timer would send one while
      // a real morning's records trickle in, so that the watermark moves along with them)
      for (int i = 0; i < byDelivery.size(); i++) {
        post(ctr, contactRecord(byDelivery.get(i)));
        if (i % 10 == 9) {
          adapters.sendHeartbeats();
        }
      }

      // Then every call is one contact from its initiation to its disconnect
      Map<String, List<Instant>> expected = new TreeMap<>();
      calls.forEach(c -> expected.put(c.contactId(), List.of(c.start(), c.end())));
      Map<String, ContactSummary> contacts =
          io.readUntil(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) -> times(m).equals(expected));
      assertThat(times(contacts)).isEqualTo(expected);

      // and every hourly bucket counts the calls that started in it
      Map<Instant, Long> perHour = new TreeMap<>();
      calls.forEach(c -> perHour.merge(c.start().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
      Map<MetricKey, FcrAggregate> fcr =
          io.readUntil(
              topics.name(JourneylineTopic.METRICS_FCR),
              name + "-fcr",
              WAIT,
              (Map<MetricKey, FcrAggregate> m) -> hourly(m).equals(perHour));
      assertThat(hourly(fcr)).isEqualTo(perHour);
      assertThat(fcr.values()).allSatisfy(a -> assertThat(a.getCorrections()).isZero());

      // and nothing was late: no DLQ record, no event later than the voice grace
      assertThat(
              io.countUntil(
                  topics.name(JourneylineTopic.DLQ),
                  name + "-dlq",
                  Duration.ofSeconds(3),
                  n -> false,
                  "late"))
          .isZero();
      assertThat(app.counters().snapshot().deadLettered()).isZero();
      assertThat(app.counters().snapshot().lateApplied()).isZero();
    }
  }

  @Test
  void shouldLetAnUpdatedRecordSupersedeTheEarlierOneAndAnOlderCopyChangeNothing(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    // Connect "delivers contact records at least once ... again when new information arrives;
    // use LastUpdateTimestamp to tell which copy is newer" (ctr-data-model.html, "Important things
    // to know").
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    Call call =
        new Call(
            "a1b2c3d4-0001-4e2f-9a8b-7c6d5e4f3a21", "+14155550101", start, start.plusSeconds(600));
    Map<String, Object> first = contactRecord(call);
    first.put("Attributes", Map.of("issue", "billing", "resolved", "false"));
    first.put("LastUpdateTimestamp", call.end().plusSeconds(90).toString());
    Map<String, Object> updated = contactRecord(call);
    updated.put("Attributes", Map.of("issue", "delivery", "resolved", "true"));
    updated.put("LastUpdateTimestamp", call.end().plusSeconds(3600).toString());
    String name = TestNames.unique(info);
    StreamsAppConfig config = config(kafka, name);
    TopicCatalog topics = config.topicCatalog();
    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT)) {
      AdaptersServer adapters = pipeline.adapters();
      URI ctr = adapters.baseUri().resolve("/v1/channels/amazon-connect/ctr");
      // When the first copy, the updated copy, then the first copy again arrive
      post(ctr, first);
      post(ctr, updated);
      post(ctr, first);

      // Then the contact carries the updated issue and disposition (not NOT_RESOLVED by the first
      // copy's resolved=false), and only the delivery bucket counts it
      Map<String, ContactSummary> contacts =
          io.readUntil(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) ->
                  m.get(call.contactId()) != null
                      && "delivery".equals(m.get(call.contactId()).getIssue()));
      ContactSummary contact = contacts.get(call.contactId());
      assertThat(contact.getIssue()).isEqualTo("delivery");
      assertThat(contact.getResolvedDisposition()).isTrue();
      assertThat(contact.getFcr()).isEqualTo(FcrStatus.PENDING);
      assertThat(contact.getEndedAt()).isEqualTo(call.end());
      Map<MetricKey, FcrAggregate> fcr =
          io.readUntil(
              topics.name(JourneylineTopic.METRICS_FCR),
              name + "-fcr",
              WAIT,
              (Map<MetricKey, FcrAggregate> m) -> issues(m).equals(Map.of("delivery", 1L)));
      assertThat(issues(fcr)).isEqualTo(Map.of("delivery", 1L));
    }
  }

  @Test
  void shouldKeepTransferLegsOneContactEvenWhenTheLaterLegArrivesFirst(
      EmbeddedKafkaCluster kafka, TestInfo info) throws Exception {
    // A transferred call is a chain of contact records linked by InitialContactId,
    // PreviousContactId and NextContactId (ctr-data-model.html, "ContactTraceRecord"), each
    // delivered when its own leg ends
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    Call first =
        new Call(
            "a1b2c3d4-0002-4e2f-9a8b-7c6d5e4f3a21", "+14155550102", start, start.plusSeconds(300));
    Call second =
        new Call(
            "a1b2c3d4-0003-4e2f-9a8b-7c6d5e4f3a21",
            "+14155550102",
            first.end(),
            first.end().plusSeconds(900));
    Map<String, Object> leg1 = contactRecord(first);
    leg1.put("NextContactId", second.contactId());
    Map<String, Object> leg2 = contactRecord(second);
    leg2.put("InitiationMethod", "TRANSFER");
    leg2.put("InitialContactId", first.contactId());
    leg2.put("PreviousContactId", first.contactId());
    String name = TestNames.unique(info);
    StreamsAppConfig config = config(kafka, name);
    TopicCatalog topics = config.topicCatalog();
    try (TestApps.Pipeline pipeline = TestApps.pipeline(kafka, registry, config, WAIT)) {
      AdaptersServer adapters = pipeline.adapters();
      URI ctr = adapters.baseUri().resolve("/v1/channels/amazon-connect/ctr");
      // When the second leg's record arrives before the first leg's
      post(ctr, leg2);
      post(ctr, leg1);

      // Then there is one contact, from the first leg's start to the second leg's end, no repeat
      Map<String, List<Instant>> expected =
          Map.of(first.contactId(), List.of(first.start(), second.end()));
      Map<String, ContactSummary> contacts =
          io.readUntil(
              topics.name(JourneylineTopic.CONTACTS),
              name + "-contacts",
              WAIT,
              (Map<String, ContactSummary> m) -> times(m).equals(expected));
      assertThat(times(contacts)).isEqualTo(expected);
      assertThat(contacts.get(first.contactId()).getRepeatOf()).isNull();
      Map<MetricKey, RepeatContactAggregate> repeat =
          io.readUntil(
              topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
              name + "-repeat",
              WAIT,
              (Map<MetricKey, RepeatContactAggregate> m) -> {
                RepeatContactAggregate all =
                    m.get(
                        MetricKey.newBuilder()
                            .setDimension(Dimension.ALL)
                            .setKey("all")
                            .setWindow("1d")
                            .setWindowStart(start.truncatedTo(ChronoUnit.DAYS))
                            .build());
                return all != null && all.getContacts() == 1;
              });
      assertThat(repeat.values())
          .filteredOn(a -> a.getDimension() == Dimension.ALL && a.getWindow().equals("1d"))
          .extracting(RepeatContactAggregate::getContacts, RepeatContactAggregate::getRepeats)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0L));
    }
  }

  private static StreamsAppConfig config(EmbeddedKafkaCluster kafka, String name) throws Exception {
    Map<String, Object> props = TestApps.settings(kafka, registry, name, 3);
    props.put(
        StreamsAppConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory("journeyline-connect-").toString());
    return new StreamsAppConfig(props);
  }

  /** INBOUND contacts per issue in the 1-day ISSUE buckets. */
  private static Map<String, Long> issues(Map<MetricKey, FcrAggregate> fcr) {
    Map<String, Long> out = new TreeMap<>();
    fcr.forEach(
        (k, v) -> {
          if (k.getWindow().equals("1d")
              && k.getDimension() == Dimension.ISSUE
              && v.getContacts() > 0) {
            out.merge(k.getKey(), v.getContacts(), Long::sum);
          }
        });
    return out;
  }

  private static Map<String, List<Instant>> times(Map<String, ContactSummary> contacts) {
    Map<String, List<Instant>> out = new TreeMap<>();
    contacts.forEach(
        (id, c) -> {
          if (c != null) {
            out.put(
                id,
                c.getEndedAt() == null
                    ? List.of(c.getStartedAt())
                    : List.of(c.getStartedAt(), c.getEndedAt()));
          }
        });
    return out;
  }

  private static Map<Instant, Long> hourly(Map<MetricKey, FcrAggregate> fcr) {
    Map<Instant, Long> out = new TreeMap<>();
    fcr.forEach(
        (k, v) -> {
          if (k.getWindow().equals("1h")
              && k.getDimension() == Dimension.ALL
              && v.getContacts() > 0) {
            out.put(k.getWindowStart(), v.getContacts());
          }
        });
    return out;
  }

  private void post(URI uri, Map<String, Object> body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }
}

package io.journeyline.topology;

import io.journeyline.avro.Alert;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.Dimension;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.ops.JourneylineStreams;
import io.journeyline.ops.LiveCounters;
import io.journeyline.sentiment.VaderScorer;
import io.journeyline.serde.KafkaAvroSerializer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** One TopologyTestDriver over the whole topology, with the serdes bound to the test registry. */
final class TopologyHarness implements AutoCloseable {

  /** Test settings: grace 5 min on every channel, SMS gap 1 h, chat gap 30 min. */
  static Map<String, Object> testSettings() {
    Map<String, Object> props = new HashMap<>();
    for (Channel c : Channel.values()) {
      String name = c.name().toLowerCase(java.util.Locale.ROOT);
      props.put(StreamsAppConfig.GRACE_MS_PREFIX + name, Duration.ofMinutes(5).toMillis());
    }
    props.put(StreamsAppConfig.GAP_MS_PREFIX + "sms", Duration.ofHours(1).toMillis());
    props.put(StreamsAppConfig.GAP_MS_PREFIX + "chat", Duration.ofMinutes(30).toMillis());
    props.put(StreamsAppConfig.GAP_MS_PREFIX + "voice", Duration.ofHours(2).toMillis());
    props.put(StreamsAppConfig.GAP_MS_PREFIX + "email", Duration.ofHours(24).toMillis());
    return props;
  }

  /**
   * The driver's wall clock at start: after every event time of the tests, which lie in 2025, so
   * that none is beyond the clock plus the allowed skew.
   */
  static final Instant WALL_CLOCK_START = Instant.parse("2026-01-01T00:00:00Z");

  final StreamsAppConfig config;
  final JourneylineSerdes serdes;
  final TopologyTestDriver driver;
  final Topology topology;
  final LiveCounters counters = new LiveCounters("1d");
  final TopicCatalog topics;
  private final Map<Channel, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
  private final Map<Channel, TestInputTopic<String, Heartbeat>> heartbeats = new HashMap<>();
  private final Map<Channel, TestInputTopic<byte[], byte[]>> raw = new HashMap<>();
  final TestInputTopic<String, IdentityLink> identities;
  final TestOutputTopic<String, ContactSummary> contacts;
  final TestOutputTopic<String, CustomerJourney> journeys;
  final TestOutputTopic<String, Alert> alerts;
  final TestOutputTopic<MetricKey, FcrAggregate> fcr;
  final TestOutputTopic<MetricKey, SentimentAggregate> sentiment;
  final TestOutputTopic<MetricKey, RepeatContactAggregate> repeat;
  final TestOutputTopic<MetricKey, ServiceAggregate> service;
  final TestOutputTopic<MetricKey, SurveyAggregate> surveyAggregates;
  final TestInputTopic<String, SurveyResponse> surveys;
  final TestOutputTopic<byte[], byte[]> dlq;
  final TestOutputTopic<String, ResolvedIdentifier> resolutions;

  TopologyHarness(Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>(testSettings());
    props.putAll(overrides);
    String registryUrl = TestRegistry.url();
    props.put("journeyline.schema-registry.schema.registry.url", registryUrl);
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("journeyline-ttd-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put("journeyline.kafka.bootstrap.servers", "unused:9092");
    config = new StreamsAppConfig(props);
    serdes = JourneylineSerdes.fromConfig(config.serdeProperties());
    topics = config.topicCatalog();
    topology = JourneylineTopology.build(config, serdes, VaderScorer.contactCenter(), counters);
    Properties streamsProps = JourneylineStreams.properties(config, counters);
    driver = new TopologyTestDriver(topology, streamsProps, WALL_CLOCK_START);

    Map<String, Object> serializerConfig = new HashMap<>();
    serializerConfig.put("schema.registry.url", registryUrl);
    KafkaAvroSerializer eventSerializer = new KafkaAvroSerializer();
    eventSerializer.configure(serializerConfig, false);
    Map<String, Object> heartbeatConfig = new HashMap<>(serializerConfig);
    heartbeatConfig.put("value.subject.name.strategy", "RecordNameStrategy");
    KafkaAvroSerializer heartbeatSerializer = new KafkaAvroSerializer();
    heartbeatSerializer.configure(heartbeatConfig, false);
    for (Channel channel : Channel.values()) {
      String topic = topics.name(JourneylineTopic.interactions(channel));
      inputs.put(
          channel,
          driver.createInputTopic(topic, serdes.key().serializer(), typed(eventSerializer)));
      heartbeats.put(
          channel,
          driver.createInputTopic(topic, serdes.key().serializer(), typed(heartbeatSerializer)));
      raw.put(
          channel,
          driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer()));
    }
    identities =
        driver.createInputTopic(
            topics.name(JourneylineTopic.IDENTITIES),
            serdes.key().serializer(),
            serdes.identityLink().serializer());
    contacts =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.CONTACTS),
            serdes.key().deserializer(),
            serdes.contact().deserializer());
    journeys =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.JOURNEYS),
            serdes.key().deserializer(),
            serdes.journey().deserializer());
    alerts =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.ALERTS),
            serdes.key().deserializer(),
            serdes.alert().deserializer());
    fcr =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.METRICS_FCR),
            serdes.metricKey().deserializer(),
            serdes.fcr().deserializer());
    sentiment =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.METRICS_SENTIMENT),
            serdes.metricKey().deserializer(),
            serdes.sentiment().deserializer());
    repeat =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
            serdes.metricKey().deserializer(),
            serdes.repeat().deserializer());
    service =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.METRICS_SERVICE),
            serdes.metricKey().deserializer(),
            serdes.service().deserializer());
    surveyAggregates =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.METRICS_SURVEYS),
            serdes.metricKey().deserializer(),
            serdes.surveys().deserializer());
    surveys =
        driver.createInputTopic(
            topics.name(JourneylineTopic.SURVEYS),
            serdes.key().serializer(),
            serdes.survey().serializer());
    dlq =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.DLQ),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    resolutions =
        driver.createOutputTopic(
            topics.name(JourneylineTopic.IDENTITY_RESOLUTION),
            serdes.key().deserializer(),
            serdes.resolved().deserializer());
  }

  @SuppressWarnings("unchecked")
  private static <T> Serializer<T> typed(Serializer<Object> serializer) {
    return (Serializer<T>) (Serializer<?>) serializer;
  }

  void send(Ev e) {
    inputs.get(e.channel).pipeInput(new TestRecord<>(e.contactId, e.toAvro(), WALL_CLOCK_START));
    flush();
  }

  /**
   * Lets one commit interval of wall-clock time pass, as it does between two records of a slow
   * stream: the journey stage sends its delta outbox, so each input's metric changes are visible
   * right after it (the driver commits, and flushes the record caches, after every record anyway).
   */
  void flush() {
    driver.advanceWallClockTime(config.commitInterval());
  }

  /** Sends without letting wall-clock time pass: the metric deltas stay in the outbox. */
  void sendWithinOneFlushInterval(Ev e) {
    inputs.get(e.channel).pipeInput(new TestRecord<>(e.contactId, e.toAvro(), WALL_CLOCK_START));
  }

  /** A survey answer on journeyline.surveys, keyed by its contactId. */
  void sendSurvey(SurveyResponse survey) {
    surveys.pipeInput(new TestRecord<>(survey.getContactId(), survey, WALL_CLOCK_START));
    flush();
  }

  void sendAll(List<Ev> events) {
    events.forEach(this::send);
  }

  /**
   * A heartbeat carrying the given watermark on every interaction topic, as the adapters send one
   * round: the low watermark moves once all four input partitions have passed it.
   */
  void heartbeat(Instant watermark) {
    for (Channel channel : Channel.values()) {
      heartbeatOn(channel, watermark);
    }
  }

  /** A heartbeat on one interaction topic only. */
  void heartbeatOn(Channel channel, Instant watermark) {
    Heartbeat hb =
        Heartbeat.newBuilder()
            .setProducerId("test")
            .setWatermark(watermark)
            .setPartition(0)
            .setPartitions(1)
            .setSentAt(watermark)
            .build();
    heartbeats.get(channel).pipeInput(new TestRecord<>(null, hb, WALL_CLOCK_START));
    flush();
  }

  void sendRaw(Channel channel, byte[] key, byte[] value, Instant at) {
    raw.get(channel).pipeInput(new TestRecord<>(key, value, at));
    flush();
  }

  /** Latest contact summary per contactId (tombstones removed). */
  Map<String, ContactSummary> latestContacts() {
    Map<String, ContactSummary> out = new LinkedHashMap<>();
    for (var kv : contacts.readKeyValuesToList()) {
      if (kv.value == null) {
        out.remove(kv.key);
      } else {
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }

  static <V> Map<MetricKey, V> latest(TestOutputTopic<MetricKey, V> topic) {
    Map<MetricKey, V> out = new LinkedHashMap<>();
    topic.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
    return out;
  }

  static MetricKey key(Dimension dimension, String value, String window, Instant start) {
    return MetricKey.newBuilder()
        .setDimension(dimension)
        .setKey(value)
        .setWindow(window)
        .setWindowStart(start)
        .build();
  }

  @Override
  public void close() {
    driver.close();
  }
}

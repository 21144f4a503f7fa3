package io.journeyline.adapters.it;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.serde.KafkaAvroDeserializer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test support: topics per test class, a started server, an HTTP client and a topic reader. */
final class Harness {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Harness() {}

  /** A catalog whose topic names carry a unique prefix, with the topics created. */
  static TopicCatalog createTopics(EmbeddedKafkaCluster kafka, String prefix, int partitions) {
    Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
    for (JourneylineTopic t : JourneylineTopic.values()) {
      names.put(t, prefix + "." + t.defaultName());
    }
    // The default 7-day retention: record timestamps are ingest times, so the tests' fixed (old)
    // event times do not make the broker delete their records.
    TopicCatalog catalog = TopicCatalog.of(names, partitions, (short) 1, Duration.ofDays(7));
    kafka.createTopics(catalog.all().stream().map(TopicSpec::toNewTopic).toList());
    return catalog;
  }

  static AdaptersServer start(
      EmbeddedKafkaCluster kafka,
      String registryUrl,
      TopicCatalog catalog,
      Map<String, String> settings,
      MeterRegistry meters,
      Clock clock) {
    Map<String, String> props = new HashMap<>();
    props.put(AdaptersConfig.PORT_CONFIG, "0");
    props.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    props.put(
        AdaptersConfig.INSTANCE_ID_CONFIG, "it-" + UUID.randomUUID().toString().substring(0, 8));
    props.putAll(settings);
    return AdaptersServer.builder(new AdaptersConfig(props))
        .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
        .serdeConfig(Map.of("schema.registry.url", registryUrl))
        .topics(catalog)
        .meterRegistry(meters)
        .clock(clock)
        .start();
  }

  record Answer(int status, String contentType, String body, HttpResponse<String> raw) {}

  static Answer post(
      AdaptersServer server,
      String path,
      String contentType,
      byte[] body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body(),
        response);
  }

  /** Sends a request without a body (DELETE, GET). */
  static Answer send(AdaptersServer server, String method, String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body(),
        response);
  }

  /** A decoded record plus its raw value bytes and its headers (last value per key). */
  record Read(
      String topic,
      int partition,
      Object key,
      Object value,
      byte[] rawValue,
      long timestamp,
      Map<String, String> headers) {}

  /** Every committed record of the topics (read_committed, from the beginning to the end). */
  static List<Read> readAll(EmbeddedKafkaCluster kafka, String registryUrl, List<String> topics) {
    return readAll(kafka, registryUrl, topics, true);
  }

  /**
   * Every record of the topics, from the beginning to the end. With {@code committed} false this
   * includes records of open and aborted transactions: an empty answer proves nothing was written
   * at all.
   */
  static List<Read> readAll(
      EmbeddedKafkaCluster kafka, String registryUrl, List<String> topics, boolean committed) {
    return readAll(kafka, registryUrl, topics, committed, false);
  }

  /**
   * As {@link #readAll(EmbeddedKafkaCluster, String, List, boolean)}; with {@code tombstones} true
   * a record without a value is returned too, with a null {@code value} and {@code rawValue}.
   */
  static List<Read> readAll(
      EmbeddedKafkaCluster kafka,
      String registryUrl,
      List<String> topics,
      boolean committed,
      boolean tombstones) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Object> serde =
        Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true);
    KafkaAvroDeserializer keys = new KafkaAvroDeserializer();
    keys.configure(serde, true);
    KafkaAvroDeserializer values = new KafkaAvroDeserializer();
    values.configure(serde, false);
    List<Read> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read to the end of " + topics);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null && !tombstones) {
            continue;
          }
          Object key = r.key() == null ? null : keys.deserialize(r.topic(), r.key());
          out.add(
              new Read(
                  r.topic(),
                  r.partition(),
                  key == null ? null : key.toString(),
                  r.value() == null ? null : values.deserialize(r.topic(), r.value()),
                  r.value(),
                  r.timestamp(),
                  headers(r)));
        }
      }
    } finally {
      keys.close();
      values.close();
    }
    return out;
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    r.headers()
        .forEach(
            h ->
                out.put(
                    h.key(),
                    h.value() == null
                        ? null
                        : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
    return out;
  }
}

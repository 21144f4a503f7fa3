package io.journeyline.bench;

import io.journeyline.serde.KafkaAvroDeserializer;
import io.journeyline.topics.JourneylineTopic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a run wrote, read back with {@code read_committed} (aborted transactions are invisible, as
 * to any consumer of the product): for a table-like topic (contacts, journeys, identity answers,
 * every metric aggregate) the last value per key; for the alerts, the standing ones (the status of
 * each alertId's highest-revision record is RAISED: docs/metrics.md, "Alerts"); for the dead
 * letters every record, counted. Keys and values are compared without the 5-byte Confluent header
 * (the schema id differs between runs' topics, the Avro body must not); values are kept as SHA-256
 * digests.
 */
final class OutputSnapshot {

  /** The outputs compared: last value per key. */
  static final List<JourneylineTopic> TABLES =
      List.of(
          JourneylineTopic.CONTACTS,
          JourneylineTopic.JOURNEYS,
          JourneylineTopic.IDENTITY_RESOLUTION,
          JourneylineTopic.METRICS_FCR,
          JourneylineTopic.METRICS_SENTIMENT,
          JourneylineTopic.METRICS_REPEAT_CONTACTS,
          JourneylineTopic.METRICS_SERVICE,
          JourneylineTopic.METRICS_SURVEYS);

  /** The outputs compared: every record counted (an extra one is a duplicate). */
  static final List<JourneylineTopic> EVENTS = List.of(JourneylineTopic.DLQ);

  /**
   * Fields that record how a value came about rather than what it is, and so differ between two
   * clean runs of the same input (they depend on how the consumer interleaved partitions and
   * batches): a contact's {@code revision} (a change counter, also inside a journey's contacts), an
   * identity answer's {@code version}, a journey's {@code updatedAt} (the watermark at its last
   * change) and an aggregate's {@code completeUpTo} (the watermark when the bucket was last
   * emitted), an identity answer's {@code resolvedAt} (the event time of the evidence that changed
   * it last). Left out of the comparison at any depth; every other field is compared.
   *
   * <p>Two more rules of the same kind: an aggregate bucket that counts nothing ({@link
   * #emptyBucket}) counts as absent (a contribution moved away within one commit interval is never
   * emitted, one moved away across two leaves a zero bucket: the same numbers), and an alert is
   * identified by its deterministic {@code alertId} ({@code <type>:<contactId>}) alone (its
   * customer is whoever owned the contact when it was decided, which a later identity merge does
   * not rewrite); only whether it stands is compared, not how many records led there.
   */
  static final Set<String> PROCESSING_FIELDS =
      Set.of("revision", "version", "resolvedAt", "updatedAt", "completeUpTo");

  /** Last value digest per key, per table topic. */
  final Map<JourneylineTopic, Map<String, String>> tables = new LinkedHashMap<>();

  /** Count per record digest, per event topic. */
  final Map<JourneylineTopic, Map<String, Integer>> events = new LinkedHashMap<>();

  /** Records read per topic (all versions). */
  final Map<JourneylineTopic, Long> recordsRead = new LinkedHashMap<>();

  /** Alert records read, by status (RAISED, WITHDRAWN). */
  final Map<String, Long> alertRecords = new TreeMap<>();

  /** The dead letters' {@code reason} and {@code source.topic/partition/offset} headers. */
  final List<String> deadLetterSources = new ArrayList<>();

  /** Reads every compared output of a run whose topics {@code names} gives. */
  static OutputSnapshot read(
      String bootstrapServers, String registryUrl, Function<JourneylineTopic, String> names) {
    OutputSnapshot s = new OutputSnapshot();
    KafkaAvroDeserializer values = new KafkaAvroDeserializer();
    values.configure(Map.of("schema.registry.url", registryUrl), false);
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (JourneylineTopic topic : TABLES) {
        Map<String, String> last = new HashMap<>();
        long n =
            readAll(
                consumer,
                names.apply(topic),
                r -> {
                  String key = encode(r.key());
                  if (r.value() == null) {
                    last.remove(key);
                  } else {
                    Object value = values.deserialize(r.topic(), r.value());
                    if (value instanceof GenericRecord g && emptyBucket(g)) {
                      last.remove(key); // an empty bucket: as if never written
                    } else {
                      StringBuilder canonical = new StringBuilder();
                      canonical(value, canonical);
                      last.put(key, digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
                    }
                  }
                });
        s.tables.put(topic, last);
        s.recordsRead.put(topic, n);
      }
      // alertId -> {revision, 1 when RAISED}; a later record of an equal revision wins
      Map<String, long[]> alerts = new HashMap<>();
      long alertsRead =
          readAll(
              consumer,
              names.apply(JourneylineTopic.ALERTS),
              r -> {
                GenericRecord alert = (GenericRecord) values.deserialize(r.topic(), r.value());
                String status = String.valueOf(alert.get("status"));
                s.alertRecords.merge(status, 1L, Long::sum);
                long revision = ((Number) alert.get("revision")).longValue();
                alerts.merge(
                    b64(String.valueOf(alert.get("alertId"))),
                    new long[] {revision, "RAISED".equals(status) ? 1 : 0},
                    (old, now) -> now[0] >= old[0] ? now : old);
              });
      Map<String, String> standing = new HashMap<>();
      alerts.forEach(
          (id, decision) -> {
            if (decision[1] == 1) {
              standing.put(id, "RAISED");
            }
          });
      s.tables.put(JourneylineTopic.ALERTS, standing);
      s.recordsRead.put(JourneylineTopic.ALERTS, alertsRead);
      for (JourneylineTopic topic : EVENTS) {
        Map<String, Integer> counts = new HashMap<>();
        long n =
            readAll(
                consumer,
                names.apply(topic),
                r -> {
                  StringBuilder id = new StringBuilder();
                  id.append(encode(r.key())).append('|').append(digest(body(r.value())));
                  String source =
                      header(r, "reason")
                          + " "
                          + header(r, "source.topic")
                          + "/"
                          + header(r, "source.partition")
                          + "@"
                          + header(r, "source.offset");
                  id.append('|').append(source);
                  s.deadLetterSources.add(source);
                  counts.merge(id.toString(), 1, Integer::sum);
                });
        s.events.put(topic, counts);
        s.recordsRead.put(topic, n);
      }
    }
    values.close();
    return s;
  }

  /**
   * True for an aggregate bucket that counts nothing: every number but its window's bounds and
   * {@code completeUpTo} is 0 (what was added to it moved away again).
   */
  static boolean emptyBucket(GenericRecord bucket) {
    if (bucket.getSchema().getField("windowStart") == null) {
      return false;
    }
    for (Schema.Field f : bucket.getSchema().getFields()) {
      if (!Set.of("windowStart", "windowEnd", "completeUpTo").contains(f.name())
          && bucket.get(f.name()) instanceof Number n
          && n.doubleValue() != 0) {
        return false;
      }
    }
    return true;
  }

  /** A value as text, its fields in schema order, {@link #PROCESSING_FIELDS} left out. */
  static void canonical(Object value, StringBuilder out) {
    if (value instanceof GenericRecord record) {
      out.append('{');
      for (Schema.Field f : record.getSchema().getFields()) {
        if (!PROCESSING_FIELDS.contains(f.name())) {
          out.append(f.name()).append('=');
          canonical(record.get(f.name()), out);
          out.append(',');
        }
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      for (Object o : list) {
        canonical(o, out);
        out.append(',');
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      new TreeMap<>(
              map.entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toMap(
                          e -> String.valueOf(e.getKey()), Map.Entry::getValue)))
          .forEach(
              (k, v) -> {
                out.append(k).append('=');
                canonical(v, out);
                out.append(',');
              });
      out.append('}');
    } else if (value instanceof java.nio.ByteBuffer bytes) {
      out.append(Base64.getEncoder().encodeToString(bytes.duplicate().array()));
    } else {
      out.append(value);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static long readAll(
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    // read_committed: the end offsets are the last stable offsets.
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long n = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!reached(consumer, ends)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not read " + topic + " to its end " + ends);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        sink.accept(r);
        n++;
      }
    }
    return n;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The Avro body: without the Confluent header (magic byte 0 and a 4-byte schema id). */
  static byte[] body(byte[] bytes) {
    if (bytes != null && bytes.length >= 5 && bytes[0] == 0) {
      return Arrays.copyOfRange(bytes, 5, bytes.length);
    }
    return bytes == null ? new byte[0] : bytes;
  }

  private static String encode(byte[] key) {
    return key == null ? "null" : Base64.getEncoder().encodeToString(body(key));
  }

  /** A readable form of an encoded key: its printable characters. */
  static String readable(String encodedKey) {
    if (encodedKey.equals("null")) {
      return "null";
    }
    byte[] raw = Base64.getDecoder().decode(encodedKey.split("\\|")[0]);
    StringBuilder out = new StringBuilder();
    for (byte b : raw) {
      out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    return out.toString();
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getEncoder().encodeToString(Arrays.copyOf(d, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The differences of a run from the reference.
   *
   * @param compared keys (table topics) and records (event topics) of the reference
   * @param mismatches keys whose last value differs
   * @param losses keys or records of the reference missing from the run
   * @param duplicates records the run has more often than the reference, and keys it has that the
   *     reference has not
   * @param examples a few differences, readable
   */
  record Diff(long compared, long mismatches, long losses, long duplicates, List<String> examples) {
    boolean exact() {
      return mismatches == 0 && losses == 0 && duplicates == 0;
    }
  }

  /** Compares this run's outputs with the reference, topic by topic. */
  Diff compareWith(OutputSnapshot reference, Map<String, Long> perTopic) {
    long compared = 0;
    long mismatches = 0;
    long losses = 0;
    long duplicates = 0;
    List<String> examples = new ArrayList<>();
    for (JourneylineTopic topic : tables.keySet()) {
      Map<String, String> ref = reference.tables.get(topic);
      Map<String, String> run = tables.get(topic);
      long before = mismatches + losses + duplicates;
      compared += ref.size();
      for (Map.Entry<String, String> e : ref.entrySet()) {
        String value = run.get(e.getKey());
        if (value == null) {
          noteAlert(topic, e.getKey());
          losses++;
          example(examples, topic + " lost-key " + readable(e.getKey()));
        } else if (!value.equals(e.getValue())) {
          mismatches++;
          java.util.Set<String> keys =
              mismatchedKeys.computeIfAbsent(topic, t -> new java.util.LinkedHashSet<>());
          if (keys.size() < 3) {
            keys.add(e.getKey());
          }
          example(examples, topic + " value-differs " + readable(e.getKey()));
        }
      }
      for (String key : run.keySet()) {
        if (!ref.containsKey(key)) {
          noteAlert(topic, key);
          duplicates++;
          example(examples, topic + " extra-key " + readable(key));
        }
      }
      perTopic.put(topic.id(), mismatches + losses + duplicates - before);
    }
    for (JourneylineTopic topic : EVENTS) {
      Map<String, Integer> ref = reference.events.get(topic);
      Map<String, Integer> run = events.get(topic);
      long before = mismatches + losses + duplicates;
      Map<String, Integer> all = new TreeMap<>(ref);
      run.forEach((k, v) -> all.putIfAbsent(k, 0));
      for (Map.Entry<String, Integer> e : all.entrySet()) {
        int expected = ref.getOrDefault(e.getKey(), 0);
        int actual = run.getOrDefault(e.getKey(), 0);
        compared += expected;
        if (actual > expected) {
          duplicates += actual - expected;
          example(examples, topic + " duplicated " + readable(e.getKey()) + " x" + actual);
        } else if (actual < expected) {
          losses += expected - actual;
          example(examples, topic + " lost-record " + readable(e.getKey()));
        }
      }
      perTopic.put(topic.id(), mismatches + losses + duplicates - before);
    }
    return new Diff(compared, mismatches, losses, duplicates, examples);
  }

  private static void example(List<String> examples, String what) {
    String kind = what.substring(0, what.indexOf(' ', what.indexOf(' ') + 1));
    long same = examples.stream().filter(e -> e.startsWith(kind)).count();
    if (same < 2 && examples.size() < 24) {
      examples.add(what);
    }
  }

  /**
   * The last full value (Confluent header included) of each of {@code keys} on a table topic: a
   * second pass over the topic, to show how a mismatched value differs.
   */
  static Map<String, byte[]> lastValues(
      String bootstrapServers, String topic, java.util.Set<String> keys) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, byte[]> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      readAll(
          consumer,
          topic,
          r -> {
            String key = encode(r.key());
            if (keys.contains(key)) {
              out.put(key, r.value());
            }
          });
    }
    return out;
  }

  private void noteAlert(JourneylineTopic topic, String key) {
    if (topic == JourneylineTopic.ALERTS && differingAlerts.size() < 5) {
      differingAlerts.add(new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8));
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Alert ids standing in one run and not in the other (a few). */
  final List<String> differingAlerts = new ArrayList<>();

  /** The encoded form of an Avro string key, as {@link #tables} keys it. */
  static String stringKey(String key) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    try {
      encoder.writeString(key);
      encoder.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Mismatched keys per table topic, at most a few per topic, for {@link #lastValues}. */
  final Map<JourneylineTopic, java.util.Set<String>> mismatchedKeys = new LinkedHashMap<>();

  /** Keys per table topic and records per event topic, for the report. */
  Map<String, Long> sizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    tables.forEach((t, m) -> sizes.put(t.id(), (long) m.size()));
    events.forEach(
        (t, m) -> sizes.put(t.id(), m.values().stream().mapToLong(Integer::longValue).sum()));
    return sizes;
  }
}

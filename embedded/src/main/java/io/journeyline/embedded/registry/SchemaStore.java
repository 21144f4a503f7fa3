package io.journeyline.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state (subjects, versions, global ids, compatibility configuration), kept in
 * memory and made durable as JSON records in a compacted Kafka topic. The topic is the source of
 * truth: on start the state is rebuilt by reading it from the beginning; every change is written
 * and acknowledged by the broker before it is applied. One writer only (no leader election).
 */
final class SchemaStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ObjectMapper json = new ObjectMapper();
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  private final Map<String, TreeMap<Integer, Entry>> subjects = new TreeMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsByCanonical = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectConfig = new HashMap<>();
  private CompatibilityLevel globalConfig = CompatibilityLevel.BACKWARD;
  private int maxId;

  /** One version of a subject. */
  record Entry(String subject, int version, int id, Schema schema, boolean deleted) {}

  SchemaStore(String bootstrapServers, String topic, Map<String, Object> kafkaOverrides) {
    this.topic = topic;
    Map<String, Object> common = new HashMap<>(kafkaOverrides);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    ensureTopic(common);

    Map<String, Object> producerConfig = new HashMap<>(common);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "journeyline-schema-registry-writer");
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.toIntExact(TIMEOUT.toMillis()));
    this.producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      replay(common);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  private void ensureTopic(Map<String, Object> common) {
    try (Admin admin = Admin.create(new HashMap<>(common))) {
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Created schema registry topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Cannot create the schema registry topic " + topic + ": " + e.getCause(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out creating the schema registry topic " + topic, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted creating topic " + topic, e);
      }
    }
  }

  private void replay(Map<String, Object> common) {
    Map<String, Object> consumerConfig = new HashMap<>(common);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "journeyline-schema-registry-reader");
    Properties props = new Properties();
    props.putAll(consumerConfig);
    TopicPartition partition = new TopicPartition(topic, 0);
    int records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out reading the schema registry topic " + topic + " up to offset " + end);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record.key(), record.value());
          records++;
        }
      }
    }
    LOG.info(
        "Schema registry state rebuilt from topic {}: {} records, {} subjects, {} schemas",
        topic,
        records,
        subjects.size(),
        schemasById.size());
  }

  private void apply(byte[] keyBytes, byte[] valueBytes) {
    try {
      JsonNode key = json.readTree(keyBytes);
      String keyType = key.path("keytype").asText();
      String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
      switch (keyType) {
        case "SCHEMA" -> {
          if (valueBytes == null) {
            TreeMap<Integer, Entry> versions = subjects.get(subject);
            if (versions != null) {
              versions.remove(key.path("version").asInt());
            }
            return;
          }
          JsonNode value = json.readTree(valueBytes);
          Schema schema = new Schema.Parser().parse(value.path("schema").asText());
          int id = value.path("id").asInt();
          Entry entry =
              new Entry(
                  subject,
                  value.path("version").asInt(),
                  id,
                  schema,
                  value.path("deleted").asBoolean(false));
          subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(entry.version(), entry);
          schemasById.put(id, schema);
          idsByCanonical.putIfAbsent(schema.toString(), id);
          maxId = Math.max(maxId, id);
        }
        case "CONFIG" -> {
          CompatibilityLevel level =
              valueBytes == null
                  ? null
                  : CompatibilityLevel.parse(
                      json.readTree(valueBytes).path("compatibilityLevel").asText());
          if (subject == null) {
            globalConfig = level == null ? CompatibilityLevel.BACKWARD : level;
          } else if (level == null) {
            subjectConfig.remove(subject);
          } else {
            subjectConfig.put(subject, level);
          }
        }
        default -> LOG.warn("Ignoring a record of unknown type {} in topic {}", keyType, topic);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Ignoring an unreadable record in schema registry topic {}: {}", topic, e.toString());
    }
  }

  private void write(ObjectNode key, ObjectNode value) {
    byte[] keyBytes = toBytes(key);
    byte[] valueBytes = value == null ? null : toBytes(value);
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, keyBytes, valueBytes))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RegistryException(
          500, 50001, "Error while writing to the Kafka store topic " + topic + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(500, 50001, "Interrupted while writing to Kafka");
    }
    apply(keyBytes, valueBytes);
  }

  private byte[] toBytes(JsonNode node) {
    try {
      return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode schemaKey(String subject, int version) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", subject);
    key.put("version", version);
    key.put("magic", 1);
    return key;
  }

  private ObjectNode configKey(String subject) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", "CONFIG");
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    key.put("magic", 0);
    return key;
  }

  private void writeEntry(Entry entry) {
    ObjectNode value = json.createObjectNode();
    value.put("subject", entry.subject());
    value.put("version", entry.version());
    value.put("id", entry.id());
    value.put("schema", entry.schema().toString());
    value.put("deleted", entry.deleted());
    write(schemaKey(entry.subject(), entry.version()), value);
  }

  // ---------------------------------------------------------------- queries and commands

  static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw RegistryException.invalidSchema("the request carries no schema");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | NullPointerException e) {
      throw RegistryException.invalidSchema(e.getMessage());
    }
  }

  /** Registers a schema under a subject; the same schema again answers its existing id. */
  synchronized int register(String subject, Schema schema) {
    String canonical = schema.toString();
    List<Entry> live = liveVersions(subject);
    for (Entry entry : live) {
      if (entry.schema().toString().equals(canonical)) {
        return entry.id();
      }
    }
    CompatibilityLevel level = compatibility(subject);
    List<String> messages = CompatibilityChecker.check(schema, history(live), level);
    if (!messages.isEmpty()) {
      throw new RegistryException(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + messages);
    }
    Integer existing = idsByCanonical.get(canonical);
    int id = existing != null ? existing : maxId + 1;
    TreeMap<Integer, Entry> versions = subjects.get(subject);
    int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    writeEntry(new Entry(subject, version, id, schema, false));
    LOG.info("Registered schema id {} as version {} of subject {}", id, version, subject);
    return id;
  }

  /** Finds a schema under a subject. */
  synchronized Entry lookup(String subject, Schema schema) {
    List<Entry> live = liveVersionsOrThrow(subject);
    String canonical = schema.toString();
    for (Entry entry : live) {
      if (entry.schema().toString().equals(canonical)) {
        return entry;
      }
    }
    throw new RegistryException(404, 40403, "Schema not found under subject '" + subject + "'.");
  }

  synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw RegistryException.schemaNotFound(String.valueOf(id));
    }
    return schema;
  }

  /** Live (subject, version) pairs that use a schema id. */
  synchronized List<Entry> versionsById(int id) {
    schemaById(id);
    List<Entry> out = new ArrayList<>();
    for (TreeMap<Integer, Entry> versions : subjects.values()) {
      for (Entry entry : versions.values()) {
        if (!entry.deleted() && entry.id() == id) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  synchronized List<String> subjects() {
    List<String> out = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          if (versions.values().stream().anyMatch(e -> !e.deleted())) {
            out.add(subject);
          }
        });
    return out;
  }

  synchronized List<Entry> liveVersionsOrThrow(String subject) {
    List<Entry> live = liveVersions(subject);
    if (live.isEmpty()) {
      throw RegistryException.subjectNotFound(subject);
    }
    return live;
  }

  private List<Entry> liveVersions(String subject) {
    TreeMap<Integer, Entry> versions = subjects.get(subject);
    if (versions == null) {
      return List.of();
    }
    return versions.values().stream().filter(e -> !e.deleted()).toList();
  }

  /** A version by number, or "latest" / "-1". */
  synchronized Entry version(String subject, String version) {
    List<Entry> live = liveVersionsOrThrow(subject);
    if ("latest".equals(version) || "-1".equals(version)) {
      return live.get(live.size() - 1);
    }
    int number = parseVersion(version);
    return live.stream()
        .filter(e -> e.version() == number)
        .findFirst()
        .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
  }

  static int parseVersion(String version) {
    try {
      int number = Integer.parseInt(version);
      if (number < 1) {
        throw RegistryException.invalidVersion(version);
      }
      return number;
    } catch (NumberFormatException e) {
      throw RegistryException.invalidVersion(version);
    }
  }

  /** Tests a schema against a version ("latest" or a number) or, with null, all versions. */
  synchronized List<String> testCompatibility(String subject, String version, Schema schema) {
    List<Entry> live = liveVersions(subject);
    if (live.isEmpty()) {
      if (version == null || "latest".equals(version) || "-1".equals(version)) {
        return List.of();
      }
      throw RegistryException.subjectNotFound(subject);
    }
    CompatibilityLevel level = compatibility(subject);
    if (version == null) {
      return CompatibilityChecker.check(schema, history(live), level);
    }
    Entry against = version(subject, version);
    // A single version: check it alone, transitively meaning nothing more here.
    return CompatibilityChecker.check(
        schema,
        List.of(new CompatibilityChecker.Version(against.version(), against.schema())),
        level);
  }

  private static List<CompatibilityChecker.Version> history(List<Entry> live) {
    return live.stream()
        .map(e -> new CompatibilityChecker.Version(e.version(), e.schema()))
        .toList();
  }

  /** Soft-deletes all versions of a subject; answers the deleted version numbers. */
  synchronized List<Integer> deleteSubject(String subject) {
    List<Entry> live = liveVersionsOrThrow(subject);
    List<Integer> deleted = new ArrayList<>();
    for (Entry entry : live) {
      writeEntry(new Entry(entry.subject(), entry.version(), entry.id(), entry.schema(), true));
      deleted.add(entry.version());
    }
    LOG.info("Deleted subject {} (versions {})", subject, deleted);
    return deleted;
  }

  /** Soft-deletes one version of a subject. */
  synchronized int deleteVersion(String subject, String version) {
    Entry entry = version(subject, version);
    writeEntry(new Entry(entry.subject(), entry.version(), entry.id(), entry.schema(), true));
    return entry.version();
  }

  /** The effective level for a subject (its own, else the global one). */
  synchronized CompatibilityLevel compatibility(String subject) {
    if (subject != null) {
      CompatibilityLevel level = subjectConfig.get(subject);
      if (level != null) {
        return level;
      }
    }
    return globalConfig;
  }

  synchronized boolean hasSubjectConfig(String subject) {
    return subjectConfig.containsKey(subject);
  }

  /** Sets the level of a subject, or the global level with a null subject. */
  synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode value = json.createObjectNode();
    value.put("compatibilityLevel", level.name());
    write(configKey(subject), value);
    LOG.info("Compatibility of {} set to {}", subject == null ? "(global)" : subject, level);
  }

  /** Removes a subject's own level, so that it follows the global one again. */
  synchronized CompatibilityLevel deleteCompatibility(String subject) {
    CompatibilityLevel previous = compatibility(subject);
    write(configKey(subject), null);
    return previous;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

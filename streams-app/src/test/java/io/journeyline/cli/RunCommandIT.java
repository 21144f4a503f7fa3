package io.journeyline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.EventType;
import io.journeyline.embedded.Await;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.serde.KafkaAvroSerializer;
import io.journeyline.serde.SpecificAvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journeyline run} as a user starts it: the runnable jar in its own JVM against an external
 * broker and registry, configured by a properties file; it processes events and stops cleanly on
 * SIGTERM.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class RunCommandIT {

  private static final Path JAR = Path.of("target", "journeyline.jar");
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldProcessEventsAndStopCleanlyOnSigterm(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    assertThat(JAR).as("built by the package phase").exists();
    // As in production: the schemas are registered by the deployment, the app only looks them up.
    StringWriter registered = new StringWriter();
    assertThat(
            JourneylineCli.execute(
                new PrintWriter(registered, true),
                new PrintWriter(registered, true),
                "schemas",
                "register",
                "--registry-url",
                registry.url()))
        .as(registered.toString())
        .isZero();
    Path config =
        Files.writeString(
            dir.resolve("journeyline.properties"),
            String.join(
                "\n",
                "journeyline.kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "journeyline.schema-registry.schema.registry.url=" + registry.url(),
                "journeyline.schema-registry.auto.register.schemas=false",
                "journeyline.streams.application-id=run-command-it",
                "journeyline.streams.state-dir=" + dir.resolve("state"),
                "journeyline.streams.create-topics=true",
                "journeyline.streams.topic-partitions=2",
                "journeyline.query.host=127.0.0.1",
                "journeyline.query.port=0",
                "journeyline.query.auth=none",
                ""));
    Path log = dir.resolve("run.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Await.until(
          Duration.ofSeconds(90),
          "journeyline run to report that it started",
          () -> read(log).contains("streams app run-command-it started"));

      produce(kafka, registry);
      ContactSummary contact = awaitContact(kafka, registry, "run-chat-1");
      assertThat(contact.getCustomerId()).isEqualTo("C-run-1");
      assertThat(contact.getIssue()).isEqualTo("billing");
    } finally {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    }
    String output = read(log);
    assertThat(process.exitValue()).as(output).isIn(0, 143);
    assertThat(output).doesNotContain("Exception", "\tat ");
  }

  private static void produce(EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            "schema.registry.url",
            registry.url());
    // KafkaProducer does not configure serializer instances passed to it.
    try (KafkaProducer<Object, Object> producer =
        new KafkaProducer<>(config, serializer(registry, true), serializer(registry, false))) {
      producer.send(record(EventType.CONTACT_STARTED, T0, null, "e1"));
      producer.send(record(EventType.CONTACT_ENDED, T0.plusSeconds(300), "billing", "e2"));
      producer.flush();
    }
  }

  private static KafkaAvroSerializer serializer(EmbeddedSchemaRegistry registry, boolean key) {
    KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    serializer.configure(Map.of("schema.registry.url", registry.url()), key);
    return serializer;
  }

  private static ProducerRecord<Object, Object> record(
      EventType type, Instant at, String issue, String id) {
    ChatEvent event =
        ChatEvent.newBuilder()
            .setEventId("run-" + id)
            .setOccurredAt(at)
            .setType(type)
            .setContactId("run-chat-1")
            .setCustomer(CustomerRef.newBuilder().setCustomerId("C-run-1").build())
            .setIssue(issue)
            .build();
    return new ProducerRecord<>(
        "journeyline.interactions.chat", null, at.toEpochMilli(), "run-chat-1", event);
  }

  private static ContactSummary awaitContact(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, String contactId) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            "schema.registry.url",
            registry.url());
    try (SpecificAvroSerde<ContactSummary> serde = new SpecificAvroSerde<>();
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      serde.configure(config, false);
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor("journeyline.contacts")
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ContactSummary> seen = new ArrayList<>();
      return Await.until(
          Duration.ofSeconds(90),
          "contact " + contactId + " with its wrap-up issue on journeyline.contacts",
          () -> {
            consumer
                .poll(Duration.ofMillis(200))
                .forEach(
                    r -> {
                      if (r.value() != null) {
                        seen.add(serde.deserializer().deserialize(r.topic(), r.value()));
                      }
                    });
            return seen.stream()
                .filter(c -> c.getContactId().equals(contactId) && c.getIssue() != null)
                .reduce((a, b) -> b)
                .orElse(null);
          },
          java.util.Objects::nonNull);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

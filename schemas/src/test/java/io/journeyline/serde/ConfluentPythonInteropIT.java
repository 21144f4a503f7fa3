package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.Heartbeat;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with Confluent's own Python client ({@code confluent_kafka.avro} AvroConsumer
 * and AvroProducer, Debian's {@code python3-confluent-kafka} + {@code python3-avro}), run as a
 * subprocess against the embedded broker and registry. Skipped when {@code /usr/bin/python3} cannot
 * import {@code confluent_kafka.avro}.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class ConfluentPythonInteropIT {
  private static final String PYTHON = "/usr/bin/python3";
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void requirePythonClient() throws Exception {
    boolean available = false;
    if (new File(PYTHON).canExecute()) {
      Process probe =
          new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
    Assumptions.assumeTrue(
        available,
        PYTHON
            + " cannot import confluent_kafka.avro (apt-get install python3-confluent-kafka"
            + " python3-avro)");
  }

  @Test
  void shouldExchangeRecordsWithConfluentsPythonAvroClient(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry, @TempDir Path tmp)
      throws Exception {
    // Given records written by our serde: Avro string keys, two record types in one topic
    String ours = "python-interop.ours";
    String theirs = "python-interop.theirs";
    kafka.createTopics(
        List.of(new NewTopic(ours, 1, (short) 1), new NewTopic(theirs, 1, (short) 1)));
    Map<String, Object> config =
        Map.of(
            "schema.registry.url",
            registry.url(),
            "value.subject.name.strategy",
            "RecordNameStrategy");
    PrimitiveAvroSerde<String> keys = new PrimitiveAvroSerde<>();
    keys.configure(config, true);
    SpecificAvroSerde<SpecificRecord> values = new SpecificAvroSerde<>();
    values.configure(config, false);
    ChatEvent chat = Records.chatEvent("c-py", 7);
    Heartbeat heartbeat = Records.heartbeat(0);
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(kafka.clientProperties(), keys.serializer(), values.serializer())) {
      producer.send(new ProducerRecord<>(ours, "c-py", chat)).get();
      producer.send(new ProducerRecord<>(ours, "hb", heartbeat)).get();
    }

    // When Confluent's Python client reads them and writes its own
    Path script = Path.of(getClass().getResource("/confluent_avro_interop.py").toURI());
    Path stderr = tmp.resolve("python.err");
    Process python =
        new ProcessBuilder(
                PYTHON,
                script.toString(),
                kafka.bootstrapServers(),
                registry.url(),
                ours,
                "2",
                theirs,
                Heartbeat.getClassSchema().toString())
            .redirectError(stderr.toFile())
            .start();
    String stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
    assertThat(python.exitValue())
        .as("python exit code; stdout:%n%s%nstderr:%n%s", stdout, Files.readString(stderr))
        .isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.strip().split("\n")) {
      lines.add(JSON.readTree(line));
    }

    // Then it decoded our keys and values
    assertThat(lines).hasSize(3);
    JsonNode first = lines.get(0);
    assertThat(first.get("key").asText()).isEqualTo("c-py");
    assertThat(first.at("/value/eventId").asText()).isEqualTo(chat.getEventId());
    assertThat(first.at("/value/occurredAt").asText()).isEqualTo("2025-03-01T09:00:07Z");
    assertThat(first.at("/value/type").asText()).isEqualTo("MESSAGE");
    assertThat(first.at("/value/customer/customerId").asText()).isEqualTo("cust-7");
    assertThat(first.at("/value/text").asText()).isEqualTo(chat.getText());
    assertThat(first.at("/value/sentiment").asDouble()).isEqualTo(-0.25);
    assertThat(first.at("/value/attributes/lang").asText()).isEqualTo("en");
    JsonNode second = lines.get(1);
    assertThat(second.get("key").asText()).isEqualTo("hb");
    assertThat(second.at("/value/producerId").asText()).isEqualTo("adapter-1");
    assertThat(second.at("/value/partition").asInt()).isZero();
    assertThat(lines.get(2).get("produced").asInt()).isEqualTo(2);

    // And our deserializer reads what it wrote into the generated class
    List<ConsumerRecord<String, SpecificRecord>> back =
        AvroSerdeIT.consume(kafka, theirs, 2, keys.deserializer(), values.deserializer());
    assertThat(back).extracting(ConsumerRecord::key).containsExactly("py-0", "py-1");
    assertThat(back.get(0).value())
        .isEqualTo(
            Heartbeat.newBuilder()
                .setProducerId("python-0")
                .setWatermark(Records.T0.plusSeconds(60))
                .setPartition(0)
                .setPartitions(3)
                .setSentAt(Records.T0.plusSeconds(61))
                .build());
    assertThat(back.get(1).value()).isInstanceOf(Heartbeat.class);
  }
}

package io.journeyline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.publish.RecordSerializers;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.LinkSource;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code journeyline-bench records} on the data directory of a real broker, stopped after a
 * transactional producer committed one transaction, aborted one and left one open: each record is
 * printed with its fate, its key and value decoded with the schemas the registry wrote to the same
 * directory, and bytes that are not Avro escaped.
 */
@Tag("integration")
@Timeout(120)
class RecordsCommandIT {

  private static final String TOPIC = "links";

  @Test
  void printsEveryRecordDecodedWithItsTransactionalFate(@TempDir Path data) throws Exception {
    KafkaProducer<byte[], byte[]> producer;
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(data).start();
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
        RecordSerializers serializers =
            RecordSerializers.fromConfig(Map.of("schema.registry.url", registry.url()))) {
      kafka.createTopics(new NewTopic(TOPIC, 1, (short) 1), new NewTopic("raw", 1, (short) 1));
      try (KafkaProducer<byte[], byte[]> plain =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        plain.send(new ProducerRecord<>("raw", "k\n1".getBytes(), new byte[] {1, 2, 'a', '\\'}));
        plain.flush();
      }
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  "records-it"),
              new ByteArraySerializer(),
              new ByteArraySerializer());
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(serializers, "committed@x.org", "C-1"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(serializers, "aborted@x.org", "C-2"));
      producer.flush(); // in the log before the abort: an abort drops what was not sent yet
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(record(serializers, "open@x.org", "C-3"));
      producer.send(new ProducerRecord<>(TOPIC, serializers.key(TOPIC, "EMAIL:gone@x.org"), null));
      producer.flush();
      // the broker stops with the third transaction open; a producer closed first would abort it
    }
    producer.close(Duration.ZERO);

    List<String> lines = run(data.toString());
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .startsWith("links-0@0 ")
        .contains(" committed key=EMAIL:committed@x.org value={\"identifierType\": \"EMAIL\"")
        .contains("\"customerId\": \"C-1\"");
    assertThat(lines.get(1))
        .startsWith("links-0@2 ")
        .contains(" ABORTED key=EMAIL:aborted@x.org ")
        .contains("\"customerId\": \"C-2\"");
    assertThat(lines.get(2)).contains(" OPEN key=EMAIL:open@x.org ").contains("\"C-3\"");
    assertThat(lines.get(3)).contains(" OPEN key=EMAIL:gone@x.org value=null (tombstone)");
    assertThat(lines.get(4))
        .startsWith("raw-0@0 ")
        .contains(" plain key=k\\n1 value=\\x01\\x02a\\x5c");

    assertThat(run(data.toString(), "--topic", "^links$", "--grep", "C-2"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("ABORTED"));
    assertThat(run(data.toString(), "--limit", "2")).hasSize(2);
  }

  private static ProducerRecord<byte[], byte[]> record(
      RecordSerializers serializers, String email, String customer) {
    IdentityLink link =
        IdentityLink.newBuilder()
            .setIdentifierType(IdentifierType.EMAIL)
            .setIdentifier(email)
            .setCustomerId(customer)
            .setSource(LinkSource.CRM)
            .setLinkedAt(Instant.parse("2026-12-04T00:00:00Z"))
            .build();
    return new ProducerRecord<>(
        TOPIC, serializers.key(TOPIC, "EMAIL:" + email), serializers.value(TOPIC, link));
  }

  private static List<String> run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      String[] all = prepend("records", args);
      int code = new CommandLine(new BenchmarkCli(System.out, all)).execute(all);
      assertThat(code).isZero();
    } finally {
      System.setOut(stdout);
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}

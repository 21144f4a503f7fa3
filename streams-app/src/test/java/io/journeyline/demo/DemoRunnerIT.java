package io.journeyline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Heartbeat;
import io.journeyline.embedded.Await;
import io.journeyline.ops.DockerDeploymentTest;
import io.journeyline.serde.SchemaRegistryClient;
import io.journeyline.serde.SpecificAvroSerde;
import io.journeyline.simulator.SimulationProfile;
import io.journeyline.topics.JourneylineTopic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo starts everything, registers every subject and produces decodable events. */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoRunnerIT {

  /** Recent, like the real demo's clock: the demo's topics keep 7 days of event time. */
  private static final Instant CLOCK_START =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(1));

  @TempDir Path dir;

  @Test
  void shouldProduceDecodableEventsOnEveryInteractionTopicAndStopCleanly() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DemoRunner.Options options =
        new DemoRunner.Options(
            200,
            0,
            0,
            0,
            Optional.of(dir.resolve("data")),
            2,
            SimulationProfile.defaults(1, CLOCK_START),
            Duration.ofSeconds(1));
    List<String> subjects;
    Map<String, List<SpecificRecord>> decoded;
    JsonNode surveyBuckets;
    JsonNode serviceBuckets;
    try (DemoRunner demo =
        DemoRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      try (SchemaRegistryClient client =
          new SchemaRegistryClient(Map.of("schema.registry.url", demo.registryUrl()))) {
        subjects = client.getAllSubjects();
      }
      Await.until(
          Duration.ofSeconds(60),
          "simulator output on every channel",
          () -> demo.produced().orElseThrow().values().stream().allMatch(n -> n > 0));
      decoded = readSome(demo);

      // The simulator's survey answers and service events (ANSWERED, holds, wrap-ups) went through
      // the adapters and the topology into the metrics the query API serves.
      Await.until(
          Duration.ofSeconds(60),
          "survey answers posted",
          () -> demo.surveysProduced().orElseThrow() > 0);
      surveyBuckets = awaitBucket(demo, "/v1/metrics/surveys?by=all&window=1d", "csatResponses");
      serviceBuckets = awaitBucket(demo, "/v1/metrics/service?by=all&window=1d", "offered");
    }

    assertThat(surveyBuckets.path("metric").asText()).isEqualTo("surveys");
    assertThat(serviceBuckets.path("metric").asText()).isEqualTo("service");
    assertThat(serviceBuckets.path("buckets"))
        .as("service buckets")
        .anySatisfy(b -> assertThat(b.path("handled").asLong()).isPositive());
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .as("every event and survey batch accepted")
        .doesNotContain("simulator failures");

    assertThat(decoded.values().stream().flatMap(List::stream))
        .as("heartbeats on the interaction topics")
        .anySatisfy(r -> assertThat(r).isInstanceOf(Heartbeat.class));
    assertThat(subjects)
        .contains(
            "journeyline.interactions.chat-value",
            "journeyline.interactions.voice-value",
            "journeyline.interactions.email-value",
            "journeyline.interactions.sms-value",
            "journeyline.interactions.chat-key",
            "journeyline.contacts-value",
            "journeyline.metrics.fcr-key",
            "io.journeyline.avro.Heartbeat");
    for (Channel channel : Channel.values()) {
      String topic = JourneylineTopic.interactions(channel).defaultName();
      assertThat(decoded.get(topic)).as(topic).isNotEmpty();
      Class<?> expected = JourneylineTopic.interactions(channel).valueType().orElseThrow();
      assertThat(decoded.get(topic))
          .allSatisfy(r -> assertThat(r).isInstanceOfAny(expected, Heartbeat.class))
          .anySatisfy(r -> assertThat(r).isInstanceOf(expected));
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("Kafka broker      127.0.0.1:", "Schema registry   http://127.0.0.1:")
        .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] events \\d+ ");
    assertThat(dir.resolve("data")).as("kept with --data-dir").exists();
  }

  @Test
  void shouldAcceptEveryPrintedCurlExampleAsPrinted() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    DemoRunner.Options options =
        new DemoRunner.Options(
            0,
            0,
            0,
            0,
            Optional.empty(),
            1,
            SimulationProfile.defaults(1, CLOCK_START),
            Duration.ofSeconds(30));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (DemoRunner demo =
        DemoRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      List<String> commands =
          printed
              .toString(StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("curl ") || l.startsWith("printf "))
              .toList();
      String query = demo.queryUri().toString();
      List<String> ingest = commands.stream().filter(c -> !c.contains(query)).toList();
      List<String> queries = commands.stream().filter(c -> c.contains(query)).toList();
      assertThat(ingest).hasSize(CurlExamples.ingest(demo.ingestUri(), Instant.EPOCH).size());
      assertThat(queries).hasSize(CurlExamples.query(demo.queryUri(), Instant.EPOCH).size());
      for (String command : ingest) {
        String answer = run(command);
        assertThat(answer).as(command).containsAnyOf("\"accepted\":", "<Response>");
      }
      // The query examples read what the ingest examples wrote, once the topology processed it
      for (String command : queries) {
        Await.until(
            Duration.ofSeconds(60),
            "a good answer to " + command,
            () -> {
              String answer = run(command);
              return !answer.isBlank() && !answer.contains("journeyline.io/problems/");
            });
      }

      // /metrics carries consumer lag per partition, and every metric the dashboard queries
      String metrics = run("curl -sS " + query + "/metrics");
      assertThat(metrics)
          .containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"\\d+\"")
          .contains("journeyline_consumer_lag_records{");
      Set<String> exposed =
          metrics
              .lines()
              .filter(l -> !l.startsWith("#") && !l.isBlank())
              .map(l -> l.replaceAll("[{ ].*", ""))
              .collect(Collectors.toSet());
      assertThat(exposed).containsAll(DockerDeploymentTest.dashboardMetricNames());

      // Every path of the OpenAPI document answers with one of its documented statuses
      JsonNode doc = new ObjectMapper().readTree(run("curl -sS " + query + "/openapi.json"));
      for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
        String concrete =
            path.getKey()
                .replace("{contactId}", "sms:%2B14155550100:%2B18005550100")
                .replace("{customerId}", "C-try-1")
                .replace("{identifier}", "chat-u-try-1")
                .replace("{metric}", "sentiment");
        // The SMS example is the last one ingested and is not among the awaited query examples:
        // wait for the topology to have processed it rather than racing it.
        String status =
            Await.until(
                Duration.ofSeconds(30),
                concrete + " answering 200",
                () -> run("curl -sS -o /dev/null -w '%{http_code}' " + query + concrete),
                "200"::equals);
        assertThat(path.getValue().path("get").path("responses").has(status))
            .as(concrete + " answered " + status)
            .isTrue();
        assertThat(status).as(concrete).isEqualTo("200");
      }
    }
  }

  /**
   * Waits until the query API answers {@code pathAndQuery} with 200 and a bucket whose {@code
   * count} is positive, and returns the answer.
   */
  private static JsonNode awaitBucket(DemoRunner demo, String pathAndQuery, String count) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = demo.queryUri().resolve(pathAndQuery);
    ObjectMapper json = new ObjectMapper();
    return Await.until(
        Duration.ofSeconds(60),
        "a bucket with " + count + " > 0 at " + pathAndQuery,
        () -> {
          try {
            java.net.http.HttpResponse<String> response =
                http.send(
                    java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
          } catch (java.io.IOException e) {
            return null;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        answer -> {
          if (answer != null) {
            for (JsonNode bucket : answer.path("buckets")) {
              if (bucket.path(count).asLong() > 0) {
                return true;
              }
            }
          }
          return false;
        });
  }

  private static String run(String command) {
    try {
      Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
      String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(command).isZero();
      return answer;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldDeleteItsTemporaryDataDirectoryOnClose() throws Exception {
    DemoRunner.Options options =
        new DemoRunner.Options(
            0,
            0,
            0,
            0,
            Optional.empty(),
            1,
            SimulationProfile.defaults(1, CLOCK_START),
            Duration.ofSeconds(5));
    Path temporary;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (DemoRunner demo =
        DemoRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      String line =
          printed
              .toString(StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.contains("Data directory"))
              .findFirst()
              .orElseThrow();
      temporary =
          Path.of(line.replace("Data directory", "").replace("(deleted on exit)", "").trim());
      assertThat(Files.isDirectory(temporary)).isTrue();
      assertThat(demo.produced()).as("simulator off").isEmpty();
    }
    assertThat(temporary).doesNotExist();
  }

  private static Map<String, List<SpecificRecord>> readSome(DemoRunner demo) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            demo.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            "schema.registry.url",
            demo.registryUrl());
    try (SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                config,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      serde.configure(config, false);
      Deserializer<SpecificRecord> values = serde.deserializer();
      List<TopicPartition> partitions = new ArrayList<>();
      for (JourneylineTopic topic : JourneylineTopic.interactionTopics()) {
        for (PartitionInfo p : consumer.partitionsFor(topic.defaultName())) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      Await.until(
          Duration.ofSeconds(30),
          "records on all four interaction topics",
          () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            // An event (keyed) on every topic, and at least one heartbeat (null key).
            return records.stream()
                        .filter(r -> r.key() != null)
                        .map(ConsumerRecord::topic)
                        .distinct()
                        .count()
                    == 4
                && records.stream().anyMatch(r -> r.key() == null);
          });
      return records.stream()
          .collect(
              Collectors.groupingBy(
                  ConsumerRecord::topic,
                  Collectors.mapping(
                      r -> values.deserialize(r.topic(), r.value()), Collectors.toList())));
    }
  }

  /**
   * Issue 17 item 9: the demo reads the configuration `run` and `adapters` read (here as the maps
   * DemoCommand loads from the file and JOURNEYLINE_* variables), with its development overrides on
   * top: a Twilio token is enforced, while authentication stays off and the ports stay local.
   */
  @Test
  void shouldReadConfigurationWithItsDevelopmentOverridesOnTop() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DemoRunner.Options options =
        new DemoRunner.Options(
            0,
            0,
            0,
            0,
            Optional.of(dir.resolve("configured")),
            1,
            SimulationProfile.defaults(1, CLOCK_START),
            Duration.ofSeconds(60),
            Map.of("journeyline.kafka.bootstrap.servers", "unreachable:9092"),
            Map.of(
                "journeyline.adapters.twilio.auth-token", "demo-token",
                "journeyline.adapters.auth-enabled", "true",
                "journeyline.adapters.api-keys", "k",
                "journeyline.adapters.port", "1"));
    try (DemoRunner demo =
        DemoRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      java.net.URI ingest = demo.ingestUri();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> twilio =
          http.send(
              java.net.http.HttpRequest.newBuilder(ingest.resolve("/v1/channels/twilio/sms"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "MessageSid=SMdemo&From=%2B14158675309&To=%2B18005551212&Body=hi"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      java.net.http.HttpResponse<String> events =
          http.send(
              java.net.http.HttpRequest.newBuilder(ingest.resolve("/v1/events"))
                  .header("Content-Type", "application/json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(twilio.statusCode()).isEqualTo(403); // the configured token is enforced
      assertThat(events.statusCode()).isEqualTo(400); // no key needed: authentication is off
      assertThat(ingest.getPort()).isNotEqualTo(1);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Twilio signature  verified");
  }
}

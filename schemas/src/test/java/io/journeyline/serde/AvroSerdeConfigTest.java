package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {
  private static final Schema HEARTBEAT = Heartbeat.getClassSchema();

  @Test
  void shouldUseConfluentDefaults() {
    AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "http://r:8081"));
    assertThat(config.urls()).containsExactly("http://r:8081");
    assertThat(config.autoRegisterSchemas()).isTrue();
    assertThat(config.useLatestVersion()).isFalse();
    assertThat(config.specificAvroReader()).isFalse();
    assertThat(config.subjectNameStrategy(false).subjectName("t", false, HEARTBEAT))
        .isEqualTo("t-value");
    assertThat(config.subjectNameStrategy(true).subjectName("t", true, HEARTBEAT))
        .isEqualTo("t-key");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldSplitCommaSeparatedAndListUrls() {
    assertThat(
            new AvroSerdeConfig(Map.of("schema.registry.url", " http://a:1 , http://b:2,")).urls())
        .containsExactly("http://a:1", "http://b:2");
    assertThat(
            new AvroSerdeConfig(Map.of("schema.registry.url", List.of("http://a:1", "http://b:2")))
                .urls())
        .containsExactly("http://a:1", "http://b:2");
  }

  @Test
  void shouldFailClearlyWithoutUrl() {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()).urls())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldAcceptShortOursAndConfluentStrategyNames() {
    for (String name :
        List.of(
            "RecordNameStrategy",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy",
            "io.journeyline.serde.RecordNameStrategy")) {
      AvroSerdeConfig config =
          new AvroSerdeConfig(
              Map.of("schema.registry.url", "http://r", "value.subject.name.strategy", name));
      assertThat(config.subjectNameStrategy(false).subjectName("topic", false, HEARTBEAT))
          .as(name)
          .isEqualTo("io.journeyline.avro.Heartbeat");
    }
    AvroSerdeConfig topicRecord =
        new AvroSerdeConfig(
            Map.of(
                "key.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"));
    assertThat(topicRecord.subjectNameStrategy(true).subjectName("topic", true, HEARTBEAT))
        .isEqualTo("topic-io.journeyline.avro.Heartbeat");
    AvroSerdeConfig byClass =
        new AvroSerdeConfig(Map.of("value.subject.name.strategy", TopicNameStrategy.class));
    assertThat(byClass.subjectNameStrategy(false).subjectName("x", false, HEARTBEAT))
        .isEqualTo("x-value");
  }

  /** A custom strategy, named by class. */
  public static final class UpperCaseStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
      return topic.toUpperCase(java.util.Locale.ROOT);
    }
  }

  @Test
  void shouldInstantiateCustomStrategiesAndRejectUnknownOnes() {
    AvroSerdeConfig custom =
        new AvroSerdeConfig(
            Map.of("value.subject.name.strategy", UpperCaseStrategy.class.getName()));
    assertThat(custom.subjectNameStrategy(false).subjectName("abc", false, HEARTBEAT))
        .isEqualTo("ABC");
    assertThatThrownBy(
            () ->
                new AvroSerdeConfig(Map.of("value.subject.name.strategy", "NoSuchStrategy"))
                    .subjectNameStrategy(false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value.subject.name.strategy")
        .hasMessageContaining("NoSuchStrategy");
  }

  @Test
  void shouldReadBooleansPasswordsAndPrefixedNames() {
    AvroSerdeConfig config =
        new AvroSerdeConfig(
            Map.of(
                "auto.register.schemas",
                "false",
                "use.latest.version",
                true,
                "specific.avro.reader",
                "TRUE",
                "schema.registry.basic.auth.user.info",
                new Password("u:p")));
    assertThat(config.autoRegisterSchemas()).isFalse();
    assertThat(config.useLatestVersion()).isTrue();
    assertThat(config.specificAvroReader()).isTrue();
    assertThat(config.string(AvroSerdeConfig.BASIC_AUTH_USER_INFO)).isEqualTo("u:p");
    assertThatThrownBy(
            () ->
                new AvroSerdeConfig(Map.of("auto.register.schemas", "maybe")).autoRegisterSchemas())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auto.register.schemas");
  }
}

package io.journeyline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  private static final ConfigDef DEF =
      new ConfigDef()
          .define(
              "journeyline.adapters.twilio.auth-token",
              ConfigDef.Type.PASSWORD,
              null,
              ConfigDef.Importance.HIGH,
              "token")
          .define(
              "journeyline.adapters.port",
              ConfigDef.Type.INT,
              8080,
              ConfigDef.Importance.HIGH,
              "port");

  @TempDir Path dir;

  @Test
  void shouldNameEnvironmentVariablesInUpperSnakeCase() {
    assertThat(ConfigSources.envName("journeyline.adapters.twilio.auth-token"))
        .isEqualTo("JOURNEYLINE_ADAPTERS_TWILIO_AUTH_TOKEN");
  }

  @Test
  void shouldLayerFileThenEnvironmentThenOverrides() throws IOException {
    Path file = dir.resolve("journeyline.properties");
    Files.writeString(
        file,
        "journeyline.adapters.port=9000\n"
            + "journeyline.adapters.twilio.auth-token=from-file\n"
            + "journeyline.kafka.bootstrap.servers=file:9092\n");
    Map<String, String> env =
        Map.of(
            "JOURNEYLINE_ADAPTERS_TWILIO_AUTH_TOKEN", "from-env",
            "JOURNEYLINE_KAFKA_SASL_MECHANISM", "PLAIN",
            "JOURNEYLINE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "u:p",
            "PATH", "/usr/bin");

    Map<String, String> props =
        ConfigSources.load(
            DEF, Optional.of(file), env, Map.of("journeyline.adapters.port", "9100"));

    assertThat(props)
        .containsEntry("journeyline.adapters.port", "9100")
        .containsEntry("journeyline.adapters.twilio.auth-token", "from-env")
        .containsEntry("journeyline.kafka.bootstrap.servers", "file:9092")
        .containsEntry("journeyline.kafka.sasl.mechanism", "PLAIN")
        .containsEntry("journeyline.schema-registry.basic.auth.user.info", "u:p")
        .doesNotContainKey("PATH");
    assertThat(ConfigSources.withPrefix(props, ConfigSources.KAFKA_PREFIX))
        .containsEntry("bootstrap.servers", "file:9092")
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void shouldReportUnknownJourneylineKeysButNotPassThroughOnes() {
    Map<String, String> props =
        Map.of(
            "journeyline.adapters.prot", "1",
            "journeyline.kafka.acks", "all",
            "journeyline.topics.dlq", "x",
            "journeyline.adapters.port", "1");

    assertThat(ConfigSources.unknownKeys(DEF, props)).containsExactly("journeyline.adapters.prot");
  }

  @Test
  void shouldNameAMissingConfigurationFile() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ConfigSources.load(DEF, Optional.of(missing), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties")
        .hasMessageContaining("does not exist");
  }
}

package io.journeyline.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.http.ApiKeyHash;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AdaptersConfigTest {

  @Test
  void shouldRefuseAuthenticationWithoutKeys() {
    assertThatThrownBy(() -> new AdaptersConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AdaptersConfig.API_KEYS_CONFIG);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static Set<String> endpoints(AdaptersConfig config, String key) {
    return config.apiKeys().authenticate(key).orElseThrow().scopes();
  }

  @Test
  void shouldAcceptHashedKeysWithTheirEndpointsAndNothingElse() {
    String crm = ApiKeyHash.generateKey("jli_", RANDOM);
    String vendor = ApiKeyHash.generateKey("jli_", RANDOM);
    String text =
        "crm:identities|identities-delete:"
            + ApiKeyHash.of(crm, 1000, RANDOM).encode()
            + ", vendor:*:"
            + ApiKeyHash.of(vendor, 1000, RANDOM).encode();
    AdaptersConfig config = new AdaptersConfig(Map.of(AdaptersConfig.API_KEYS_CONFIG, text));

    assertThat(config.plainTextApiKeys()).isZero();
    assertThat(config.apiKeys().authenticate(crm).orElseThrow().name()).isEqualTo("crm");
    assertThat(endpoints(config, crm)).containsExactlyInAnyOrder("identities", "identities-delete");
    assertThat(endpoints(config, vendor)).isEqualTo(AdaptersConfig.ENDPOINTS);
    assertThat(config.apiKeys().authenticate(crm + "x")).isEmpty();
    assertThat(config.apiKeys().authenticate(text)).isEmpty();
  }

  @Test
  void shouldNameABrokenHashedEntryWithoutEchoingIt() {
    String entry = "crm:events:" + ApiKeyHash.ALGORITHM + ":1000:c2FsdHNhbHQ:tooshort";
    assertThatThrownBy(() -> new AdaptersConfig(Map.of(AdaptersConfig.API_KEYS_CONFIG, entry)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AdaptersConfig.API_KEYS_CONFIG)
        .hasMessageContaining("'crm'")
        .hasMessageNotContaining("tooshort");
  }

  @Test
  void shouldStillAcceptDeprecatedPlainTextKeysWithAllowedEndpoints() {
    AdaptersConfig config =
        new AdaptersConfig(
            Map.of(AdaptersConfig.API_KEYS_CONFIG, "k1, k2:events|identities ,k3:*"));

    assertThat(config.plainTextApiKeys()).isEqualTo(3);
    assertThat(endpoints(config, "k1")).isEqualTo(AdaptersConfig.ENDPOINTS);
    assertThat(endpoints(config, "k2")).containsExactlyInAnyOrder("events", "identities");
    assertThat(endpoints(config, "k3")).isEqualTo(AdaptersConfig.ENDPOINTS);
    assertThat(config.apiKeys().authenticate("k4")).isEmpty();
  }

  @Test
  void shouldScopeUnlinksApartFromLinks() {
    AdaptersConfig config =
        new AdaptersConfig(
            Map.of(
                AdaptersConfig.API_KEYS_CONFIG,
                "crm:identities, steward:identities|identities-delete, admin"));

    assertThat(endpoints(config, "crm")).containsExactly("identities");
    assertThat(endpoints(config, "steward"))
        .containsExactlyInAnyOrder("identities", "identities-delete");
    assertThat(endpoints(config, "admin")).isEqualTo(AdaptersConfig.ENDPOINTS);
    assertThat(AdaptersConfig.ENDPOINTS).contains("identities-delete");
  }

  @Test
  void shouldScopeSurveysApartFromEvents() {
    AdaptersConfig config =
        new AdaptersConfig(
            Map.of(AdaptersConfig.API_KEYS_CONFIG, "qualtrics:surveys, chat:events, admin:*"));

    assertThat(endpoints(config, "qualtrics")).containsExactly("surveys");
    assertThat(endpoints(config, "chat")).containsExactly("events");
    assertThat(endpoints(config, "admin")).isEqualTo(AdaptersConfig.ENDPOINTS);
    assertThat(AdaptersConfig.ENDPOINTS).contains("surveys");
  }

  @Test
  void shouldNameUnknownEndpointButNotTheKey() {
    assertThatThrownBy(
            () -> new AdaptersConfig(Map.of(AdaptersConfig.API_KEYS_CONFIG, "secret42:evnts")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evnts")
        .hasMessageNotContaining("secret42");
  }

  @Test
  void shouldReadDurationsAndDefaults() {
    AdaptersConfig config =
        new AdaptersConfig(
            Map.of(
                AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                AdaptersConfig.MAX_FUTURE_SKEW_CONFIG, "PT2M",
                AdaptersConfig.HEARTBEAT_INTERVAL_CONFIG, "0"));

    assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.heartbeatInterval()).isZero();
    assertThat(config.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.redactionEnabled()).isTrue();
    assertThat(AdaptersConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void shouldRejectInvalidValues() {
    assertThatThrownBy(
            () ->
                new AdaptersConfig(
                    Map.of(
                        AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                        AdaptersConfig.PUBLISH_TIMEOUT_CONFIG, "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AdaptersConfig.PUBLISH_TIMEOUT_CONFIG);
    assertThatThrownBy(
            () ->
                new AdaptersConfig(
                    Map.of(
                        AdaptersConfig.AUTH_ENABLED_CONFIG, "false",
                        AdaptersConfig.PUBLIC_BASE_URL_CONFIG, "https://x.example/")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void shouldTakeTopicNamesAndKafkaSettingsFromTheLayeredConfig() {
    AdaptersConfig config =
        new AdaptersConfig(
            Map.of(
                AdaptersConfig.AUTH_ENABLED_CONFIG,
                "false",
                "journeyline.topics.interactions-chat",
                "t.chat",
                "journeyline.kafka.bootstrap.servers",
                "b:9092",
                "journeyline.schema-registry.schema.registry.url",
                "http://r"));

    assertThat(config.topicCatalog().name(io.journeyline.topics.JourneylineTopic.INTERACTIONS_CHAT))
        .isEqualTo("t.chat");
    assertThat(config.kafkaSettings()).containsEntry("bootstrap.servers", "b:9092");
    assertThat(config.serdeSettings())
        .containsKey("journeyline.schema-registry.schema.registry.url")
        .doesNotContainKey("journeyline.kafka.bootstrap.servers");
  }
}

package io.journeyline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Channel;
import io.journeyline.fcr.IssueMatching;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  @Test
  void shouldDefaultToExactlyOnceAndTheDesignNumbers() {
    StreamsAppConfig config = new StreamsAppConfig(Map.of());
    Properties props = config.streamsProperties();
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
        .isEqualTo(true);
    assertThat(config.fcrWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(config.issueMatching()).isEqualTo(IssueMatching.LENIENT);
    assertThat(config.windows()).extracting(w -> w.label()).containsExactly("1h", "1d");
    assertThat(props.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
        .isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void shouldLetTheKafkaPassThroughSetTheRecordCache() {
    Properties props =
        new StreamsAppConfig(Map.of("journeyline.kafka.statestore.cache.max.bytes", "1048576"))
            .streamsProperties();
    assertThat(props.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo("1048576");
  }

  @Test
  void shouldPassKafkaSettingsThroughAndKeepExplicitNaming() {
    StreamsAppConfig config =
        new StreamsAppConfig(
            Map.of(
                "journeyline.kafka.bootstrap.servers",
                "b:9092",
                "journeyline.kafka.ensure.explicit.internal.resource.naming",
                "false",
                StreamsAppConfig.GRACE_MS_PREFIX + "sms",
                "60000",
                StreamsAppConfig.ISSUE_MATCHING_CONFIG,
                "strict"));
    Properties props = config.streamsProperties();
    assertThat(props.get("bootstrap.servers")).isEqualTo("b:9092");
    assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
        .isEqualTo(true);
    assertThat(config.grace(Channel.SMS)).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.issueMatching()).isEqualTo(IssueMatching.STRICT);
  }

  @Test
  void shouldCreateTheDeletableTopicsWithTheConfiguredRetention() {
    assertThat(
            new StreamsAppConfig(Map.of())
                .topicCatalog()
                .spec(JourneylineTopic.INTERACTIONS_VOICE)
                .retentionMs())
        .contains(604_800_000L);
    TopicCatalog forever =
        new StreamsAppConfig(Map.of(StreamsAppConfig.TOPIC_RETENTION_MS_CONFIG, "-1"))
            .topicCatalog();
    assertThat(forever.spec(JourneylineTopic.METRICS_FCR).retentionMs()).contains(-1L);
    assertThat(forever.spec(JourneylineTopic.CONTACTS).retentionMs()).isEmpty();
    assertThatThrownBy(
            () -> new StreamsAppConfig(Map.of(StreamsAppConfig.TOPIC_RETENTION_MS_CONFIG, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.TOPIC_RETENTION_MS_CONFIG)
        .hasMessageContaining("-1 (forever) or positive");
  }

  @Test
  void shouldKeepTheContactHistoryThirteenMonthsByDefaultOrForever() {
    assertThat(new StreamsAppConfig(Map.of()).contactHistoryRetention())
        .contains(Duration.ofDays(395));
    assertThat(
            new StreamsAppConfig(Map.of(StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG, "-1"))
                .contactHistoryRetention())
        .isEmpty();
  }

  @Test
  void shouldRejectAContactHistoryRetentionShorterThanTheJourneyHorizon() {
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(
                    Map.of(
                        StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG,
                        Long.toString(Duration.ofDays(29).toMillis()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG)
        .hasMessageContaining(StreamsAppConfig.JOURNEY_HORIZON_MS_CONFIG);
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(
                    Map.of(StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG);
    // Equal to the horizon is enough
    assertThat(
            new StreamsAppConfig(
                    Map.of(
                        StreamsAppConfig.CONTACT_HISTORY_RETENTION_MS_CONFIG,
                        Long.toString(Duration.ofDays(30).toMillis())))
                .contactHistoryRetention())
        .contains(Duration.ofDays(30));
  }

  @Test
  void shouldRejectAHorizonShorterThanWindowPlusGraceAndGap() {
    assertThatThrownBy(
            () -> new StreamsAppConfig(Map.of(StreamsAppConfig.JOURNEY_HORIZON_MS_CONFIG, "1000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.JOURNEY_HORIZON_MS_CONFIG);
    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.WINDOWS_CONFIG, "1h,7x")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void shouldDefaultToApiKeysOnThePlainHttpQueryApiWithMetricsOpen() {
    StreamsAppConfig config = new StreamsAppConfig(Map.of());

    assertThat(config.queryAuthEnabled()).isTrue();
    assertThat(config.queryApiKeys().isEmpty()).isTrue();
    assertThat(config.queryMetricsAuth()).isFalse();
    assertThat(config.queryTls()).isEmpty();
    assertThat(config.queryScheme()).isEqualTo("http");
  }

  @Test
  void shouldRefuseAPlainTextKeyInsteadOfAHashedEntry() {
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(
                    Map.of(StreamsAppConfig.QUERY_API_KEYS_CONFIG, "my-secret-key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journeyline.query.api-keys: entry 1 is not <name>:<scopes>:")
        .hasMessageNotContaining("my-secret-key");
  }

  @Test
  void shouldReadTheQueryTlsSettingsAndRefuseIncompleteOnes() {
    StreamsAppConfig tls =
        new StreamsAppConfig(
            Map.of(
                StreamsAppConfig.QUERY_TLS_KEYSTORE_PATH_CONFIG, "/etc/journeyline/query.p12",
                StreamsAppConfig.QUERY_TLS_KEYSTORE_PASSWORD_CONFIG, "pw",
                StreamsAppConfig.QUERY_TLS_TRUSTSTORE_PATH_CONFIG, "/etc/journeyline/ca.p12",
                StreamsAppConfig.QUERY_TLS_CLIENT_AUTH_CONFIG, "NEED"));

    assertThat(tls.queryScheme()).isEqualTo("https");
    assertThat(tls.queryTls().orElseThrow().clientAuth())
        .isEqualTo(io.journeyline.http.TlsSettings.ClientAuth.NEED);
    assertThat(tls.queryTls().orElseThrow().toString()).doesNotContain("pw");
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(
                    Map.of(StreamsAppConfig.QUERY_TLS_KEYSTORE_PATH_CONFIG, "/x.p12")))
        .hasMessageContaining("journeyline.query.tls.keystore-password is required");
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(
                    Map.of(
                        StreamsAppConfig.QUERY_TLS_KEYSTORE_PATH_CONFIG, "/x.p12",
                        StreamsAppConfig.QUERY_TLS_KEYSTORE_PASSWORD_CONFIG, "pw",
                        StreamsAppConfig.QUERY_TLS_CLIENT_AUTH_CONFIG, "need")))
        .hasMessageContaining("need a trust store");
    assertThatThrownBy(
            () ->
                new StreamsAppConfig(Map.of(StreamsAppConfig.QUERY_TLS_CLIENT_AUTH_CONFIG, "want")))
        .hasMessageContaining("journeyline.query.tls.keystore-path is required");
  }
}

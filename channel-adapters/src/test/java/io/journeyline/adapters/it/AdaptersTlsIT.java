package io.journeyline.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.EmbeddedKafkaExtension;
import io.journeyline.embedded.TestCertificates;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.topics.TopicCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest API over TLS with a CA made in the test: HTTPS only, the server certificate checked by
 * the client, and with {@code client-auth=need} only clients whose certificate the trust store
 * vouches for get through the handshake (and then still need their API key).
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(EmbeddedKafkaExtension.class)
class AdaptersTlsIT {

  private static final String KEY = "tls-it-key";
  private static final String EVENT =
      "{\"eventId\":\"tls-1\",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"channel\":\"CHAT\","
          + "\"type\":\"CONTACT_STARTED\",\"contactId\":\"c-tls\","
          + "\"customer\":{\"customerId\":\"cust-tls\"}}";

  @TempDir static Path dir;
  static TestCertificates ca;
  static Path serverStore;
  static Path clientStore;
  static Path strangerStore;

  @BeforeAll
  static void makeCertificates() {
    ca = TestCertificates.create(dir);
    serverStore = ca.issue("adapters");
    clientStore = ca.issue("crm-client");
    strangerStore = ca.selfSigned("stranger");
  }

  private static Map<String, String> tls(String clientAuth) {
    Map<String, String> settings = new HashMap<>();
    settings.put(AdaptersConfig.API_KEYS_CONFIG, KEY);
    settings.put(AdaptersConfig.TLS_KEYSTORE_PATH_CONFIG, serverStore.toString());
    settings.put(AdaptersConfig.TLS_KEYSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
    settings.put(AdaptersConfig.TLS_TRUSTSTORE_PATH_CONFIG, ca.truststore().toString());
    settings.put(AdaptersConfig.TLS_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
    settings.put(AdaptersConfig.TLS_CLIENT_AUTH_CONFIG, clientAuth);
    return settings;
  }

  private static HttpResponse<String> post(SSLContext ssl, URI base, String key)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(EVENT));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAcceptOnlyClientsWithAVouchedForCertificateWhenClientAuthIsNeed(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "tls-need-it", 1);
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            tls("need"),
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      URI base = server.baseUri();
      assertThat(base.getScheme()).isEqualTo("https");

      HttpResponse<String> accepted = post(ca.clientContext(clientStore), base, KEY);
      HttpResponse<String> noKey = post(ca.clientContext(clientStore), base, null);

      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(noKey.statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> post(ca.clientContext(null), base, KEY))
          .as("no client certificate")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> post(ca.clientContext(strangerStore), base, KEY))
          .as("a certificate the trust store does not vouch for")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(
              () ->
                  Harness.HTTP.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP on the HTTPS port")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void shouldServeAnyClientThatTrustsTheServerWhenClientAuthIsNone(
      EmbeddedKafkaCluster kafka, EmbeddedSchemaRegistry registry) throws Exception {
    TopicCatalog topics = Harness.createTopics(kafka, "tls-none-it", 1);
    try (AdaptersServer server =
        Harness.start(
            kafka,
            registry.url(),
            topics,
            tls("none"),
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {

      HttpResponse<String> accepted = post(ca.clientContext(null), server.baseUri(), KEY);

      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThatThrownBy(() -> post(SSLContext.getDefault(), server.baseUri(), KEY))
          .as("a client that does not trust the test CA")
          .isInstanceOf(IOException.class);
    }
  }
}

package io.journeyline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The security of a SASL_SSL {@link EmbeddedKafkaCluster}: its test CA and the broker's key store,
 * the broker's and the test administrator's random passwords, the broker settings and the client
 * settings of a user.
 *
 * <p>Clients use SCRAM-SHA-512 over TLS on the client listener. KRaft keeps SCRAM credentials in
 * the metadata log, and a controller cannot authenticate with SCRAM before it has read them, so the
 * broker's own listeners (inter-broker and controller, loopback only) use SASL PLAIN with a random
 * password; through the inter-broker listener the broker principal creates the administrator's
 * SCRAM credential once the node is up (as {@code kafka-storage format --add-scram} would at format
 * time).
 */
final class SaslSsl {

  static final String BROKER = "journeyline-embedded-broker";
  static final String ADMIN = "journeyline-embedded-admin";
  private static final String MECHANISM = "SCRAM-SHA-512";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

  final TestCertificates ca;
  private final Path brokerKeystore;
  private final String brokerPassword;
  final String adminPassword;

  private SaslSsl(TestCertificates ca, Path brokerKeystore) {
    this.ca = ca;
    this.brokerKeystore = brokerKeystore;
    this.brokerPassword = randomSecret();
    this.adminPassword = randomSecret();
  }

  /** Makes the CA and the broker's certificate in {@code dir}. */
  static SaslSsl create(Path dir) throws IOException {
    Files.createDirectories(dir);
    TestCertificates ca = TestCertificates.create(dir);
    return new SaslSsl(ca, ca.issue("kafka-broker"));
  }

  /** 24 random bytes in base64url: no character that needs quoting in a JAAS configuration. */
  static String randomSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The broker settings of the three listeners, the authorizer and the super users. */
  Map<String, String> brokerConfig(String internal, String controller, String client) {
    String in = "listener.name." + internal.toLowerCase(Locale.ROOT) + ".";
    String co = "listener.name." + controller.toLowerCase(Locale.ROOT) + ".";
    String cl = "listener.name." + client.toLowerCase(Locale.ROOT) + ".";
    String plain =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + BROKER
            + "\" password=\""
            + brokerPassword
            + "\" user_"
            + BROKER
            + "=\""
            + brokerPassword
            + "\";";
    Map<String, String> config = new LinkedHashMap<>();
    config.put(
        "listener.security.protocol.map",
        internal + ":SASL_PLAINTEXT," + controller + ":SASL_PLAINTEXT," + client + ":SASL_SSL");
    config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    config.put("sasl.mechanism.controller.protocol", "PLAIN");
    config.put("sasl.enabled.mechanisms", "PLAIN," + MECHANISM);
    config.put(in + "sasl.enabled.mechanisms", "PLAIN");
    config.put(in + "plain.sasl.jaas.config", plain);
    config.put(co + "sasl.enabled.mechanisms", "PLAIN");
    config.put(co + "plain.sasl.jaas.config", plain);
    config.put(cl + "sasl.enabled.mechanisms", MECHANISM);
    config.put(
        cl + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    config.put(cl + "ssl.keystore.location", brokerKeystore.toString());
    config.put(cl + "ssl.keystore.password", TestCertificates.PASSWORD);
    config.put(cl + "ssl.keystore.type", "PKCS12");
    config.put(cl + "ssl.key.password", TestCertificates.PASSWORD);
    config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    config.put("allow.everyone.if.no.acl.found", "false");
    config.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
    return config;
  }

  /** The client settings of {@code user} on the client listener at {@code bootstrap}. */
  Map<String, Object> clientProperties(String bootstrap, String user, String password) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    props.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.truststore().toString());
    props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
    props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    return Map.copyOf(props);
  }

  /**
   * Creates the administrator's SCRAM credential as the broker principal, through the inter-broker
   * listener at {@code internalBootstrap}, and waits until the client listener accepts it.
   */
  void bootstrapAdmin(String internalBootstrap, String clientBootstrap)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, Object> broker = new HashMap<>();
    broker.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, internalBootstrap);
    broker.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    broker.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
    broker.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + BROKER
            + "\" password=\""
            + brokerPassword
            + "\";");
    try (Admin admin = Admin.create(broker)) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      ADMIN,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                      adminPassword)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    awaitAccepted(clientProperties(clientBootstrap, ADMIN, adminPassword), ADMIN);
  }

  /**
   * Waits until the broker authenticates {@code props}: a new credential reaches the broker's
   * metadata a moment after the controller committed it.
   */
  static void awaitAccepted(Map<String, Object> props, String user) {
    Map<String, Object> probe = new HashMap<>(props);
    probe.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    probe.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    long deadline = System.nanoTime() + ACCEPT_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(probe)) {
        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedKafkaException("Interrupted while waiting for user " + user, e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedKafkaException("Interrupted while waiting for user " + user, e);
      }
    }
    throw new EmbeddedKafkaException(
        "The broker did not accept the SCRAM credential of '"
            + user
            + "' within "
            + ACCEPT_TIMEOUT
            + ": "
            + last,
        last);
  }
}

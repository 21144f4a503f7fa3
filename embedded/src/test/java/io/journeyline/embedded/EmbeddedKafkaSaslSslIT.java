package io.journeyline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A SASL_SSL cluster: the test administrator is a super user, a new principal can do nothing until
 * an ACL allows it, and a wrong password does not authenticate.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SaslSslKafka
@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaSaslSslIT {

  @Test
  void shouldRefuseAPrincipalUntilAnAclAllowsIt(EmbeddedKafkaCluster kafka, TestInfo info)
      throws Exception {
    assertThat(kafka.secured()).isTrue();
    assertThat(kafka.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
    String topic = TestNames.unique(info);
    kafka.createTopics(new NewTopic(topic, 1, (short) 1));
    Map<String, Object> user = kafka.createUser("writer");

    assertThatThrownBy(() -> send(user, topic))
        .hasCauseInstanceOf(TopicAuthorizationException.class);

    kafka
        .admin()
        .createAcls(
            List.of(
                new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry(
                        "User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
        .all()
        .get(30, TimeUnit.SECONDS);
    Await.until(
        Duration.ofSeconds(30),
        "the ACL applies",
        () -> {
          try {
            send(user, topic);
            return true;
          } catch (ExecutionException e) {
            return false;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void shouldNotAuthenticateAWrongPassword(EmbeddedKafkaCluster kafka) {
    Map<String, Object> props = new HashMap<>(kafka.createUser("someone"));
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"someone\""
            + " password=\"not-the-password\";");
    try (Admin admin = Admin.create(props)) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static void send(Map<String, Object> user, String topic) throws Exception {
    Map<String, Object> props = new HashMap<>(user);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
    }
  }
}

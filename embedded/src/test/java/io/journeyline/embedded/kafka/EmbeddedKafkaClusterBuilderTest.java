package io.journeyline.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterBuilderTest {

  @Test
  void shouldConfigureAProductionLikeSingleNodeBroker() {
    assertThat(EmbeddedKafkaCluster.defaultBrokerConfig())
        .containsEntry("unstable.api.versions.enable", "false")
        .containsEntry("unstable.feature.versions.enable", "false")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("min.insync.replicas", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "false");
  }

  @Test
  void shouldBootstrapTheLatestProductionMetadataVersion() {
    BootstrapMetadata metadata =
        EmbeddedKafkaCluster.productionBootstrapMetadata(MetadataVersion.latestProduction());

    assertThat(metadata.metadataVersion()).isEqualTo(MetadataVersion.latestProduction());
    assertThat(metadata.metadataVersion().isProduction()).isTrue();
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().port(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectANonPositiveStartupTimeout() {
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().startupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void shouldRejectAClusterIdThatIsNotAKafkaUuid() {
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().clusterId("not a uuid"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseANonEmptyDataDirectoryBeforeStartingAnything(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("meta.properties"), "cluster.id=old\n");

    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().dataDirectory(dir).start())
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty");
    assertThat(dir.resolve("meta.properties")).exists();
  }
}

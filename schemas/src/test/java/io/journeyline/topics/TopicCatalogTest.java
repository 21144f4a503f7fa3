package io.journeyline.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyline.avro.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

  @Test
  void shouldCompactContactsJourneysIdentitiesAndDataKeysOnly() {
    // and the identity graph's answer per identifier; the data keys, so a shredded key leaves
    TopicCatalog catalog = TopicCatalog.defaults(6, (short) 3);

    assertThat(catalog.all())
        .filteredOn(TopicSpec::compacted)
        .extracting(TopicSpec::name)
        .containsExactly(
            "journeyline.identities",
            "journeyline.identity-resolution",
            "journeyline.contacts",
            "journeyline.journeys",
            "journeyline.data-keys");
    assertThat(catalog.spec(JourneylineTopic.INTERACTIONS_CHAT).retentionMs())
        .contains(Duration.ofDays(7).toMillis());
    assertThat(catalog.spec(JourneylineTopic.ERASURE_AUDIT).retentionMs()).contains(-1L);
    assertThat(catalog.spec(JourneylineTopic.CONTACTS).retentionMs()).isEmpty();
  }

  @Test
  void shouldUseConfiguredNamesPartitionsAndReplication() {
    TopicCatalog catalog =
        TopicCatalog.of(
            Map.of(JourneylineTopic.DLQ, "acme.dead-letters"), 12, (short) 2, Duration.ofDays(1));

    TopicSpec dlq = catalog.spec(JourneylineTopic.DLQ);
    assertThat(dlq.name()).isEqualTo("acme.dead-letters");
    assertThat(dlq.toNewTopic().numPartitions()).isEqualTo(12);
    assertThat(dlq.toNewTopic().replicationFactor()).isEqualTo((short) 2);
    assertThat(dlq.toNewTopic().configs()).containsEntry("retention.ms", "86400000");
    assertThat(catalog.name(JourneylineTopic.INTERACTIONS_SMS))
        .isEqualTo("journeyline.interactions.sms");
  }

  @Test
  void shouldListTheInteractionTopicOfEveryChannel() {
    assertThat(JourneylineTopic.interactionTopics())
        .hasSize(Channel.values().length)
        .allSatisfy(t -> assertThat(t.defaultName()).startsWith("journeyline.interactions."));
  }

  @Test
  void shouldRejectZeroPartitions() {
    assertThatThrownBy(() -> TopicCatalog.defaults(0, (short) 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }
}

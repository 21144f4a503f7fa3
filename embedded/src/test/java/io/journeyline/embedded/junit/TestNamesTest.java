package io.journeyline.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestNamesTest {

  @Test
  void shouldDeriveAKebabCasePrefixFromClassMethodAndSequence() {
    assertThat(TestNames.prefix("ContactTopologyIT", "shouldCloseContactAfterGap", 7))
        .isEqualTo("contact-topology-it-should-close-contact-after-gap-7");
  }

  @Test
  void shouldSplitAcronymsAndDigitsIntoWords() {
    assertThat(TestNames.kebab("FCRRules2Test", 40)).isEqualTo("fcr-rules2-test");
    assertThat(TestNames.kebab("should_handle$Weird..Names", 40))
        .isEqualTo("should-handle-weird-names");
  }

  @Test
  void shouldCutLongNamesWithoutATrailingDash() {
    String kebab = TestNames.kebab("averyveryverylongname-" + "x".repeat(100), 22);

    assertThat(kebab).isEqualTo("averyveryverylongname");
  }

  @Test
  void shouldKeepPrefixesShortEnoughForStreamsInternalTopics() {
    String prefix = TestNames.prefix("C".repeat(300), "m".repeat(300), Long.MAX_VALUE);

    assertThat(prefix.length())
        .isLessThanOrEqualTo(TestNames.MAX_CLASS_PART + TestNames.MAX_METHOD_PART + 21);
    assertThat(prefix).matches("[a-z0-9-]+");
  }

  @Test
  void shouldFallBackToAPlaceholderForAnEmptyName() {
    assertThat(TestNames.kebab("$$$", 10)).isEqualTo("x");
  }

  @Test
  void shouldReplaceCharactersKafkaDoesNotAllowInTopicNames() {
    assertThat(TestNames.topic("p-1", "journeyline.interactions.chat"))
        .isEqualTo("p-1-journeyline.interactions.chat");
    assertThat(TestNames.topic("p-1", "metrics/fcr by hour")).isEqualTo("p-1-metrics-fcr-by-hour");
  }

  @Test
  void shouldRejectABlankTopicName() {
    assertThatThrownBy(() -> TestNames.topic("p-1", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void shouldRejectATopicNameOverKafkasLimit() {
    assertThatThrownBy(() -> TestNames.topic("p-1", "t".repeat(250)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("249");
  }
}

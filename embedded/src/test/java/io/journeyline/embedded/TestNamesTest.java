package io.journeyline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class TestNamesTest {

  @Test
  void shouldDeriveKebabCaseNameFromTestClassMethodAndRole(TestInfo info) {
    String name = TestNames.unique(info, "input");

    assertThat(name)
        .matches(
            "test-names-test-should-derive-kebab-case-name-from-test-class-method-and-role"
                + "-input-[0-9a-f]{6}");
  }

  @Test
  void shouldProduceValidKafkaTopicNamesFromAnyText() {
    String name = TestNames.unique("Weird Class$Inner", "méthod(With, Args)", "_.", "");

    assertThat(name).matches("[a-z0-9-]+");
    assertThat(name).startsWith("weird-class-inner-m-thod-with-args-");
    Topic.validate(name);
  }

  @Test
  void shouldKeepNamesShortEnoughForStreamsInternalTopics() {
    String name = TestNames.unique("x".repeat(400));

    assertThat(name.length()).isLessThanOrEqualTo(TestNames.MAX_BASE_LENGTH + 7);
    Topic.validate(name);
  }

  @Test
  void shouldFallBackToAPrefixWhenNothingIsLeft() {
    assertThat(TestNames.unique("$$$", "")).matches("test-[0-9a-f]{6}");
  }

  @Test
  void shouldGiveDifferentNamesOnEachCall(TestInfo info) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      names.add(TestNames.unique(info));
    }

    assertThat(names).hasSize(100);
  }
}

package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** Which failed starts are the global stores' state, which the app deletes and reads again. */
class JourneylineStreamsTest {

  @Test
  void shouldTakeTheGlobalTasksCorruptionAnywhereInTheCauseChain() {
    TaskCorruptedException global = new TaskCorruptedException(Set.of(new TaskId(-1, -1)));

    assertThat(JourneylineStreams.globalStoreLeftOpen(global)).isTrue();
    assertThat(JourneylineStreams.globalStoreLeftOpen(new StreamsException("start", global)))
        .isTrue();
  }

  @Test
  void shouldLeaveEveryOtherFailureToItsCaller() {
    // a stream task's corrupted stores Kafka Streams wipes and restores itself
    assertThat(
            JourneylineStreams.globalStoreLeftOpen(
                new TaskCorruptedException(Set.of(new TaskId(0, 1)))))
        .isFalse();
    assertThat(JourneylineStreams.globalStoreLeftOpen(new IllegalStateException("no broker")))
        .isFalse();
  }
}

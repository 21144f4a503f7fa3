package io.journeyline.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real in-process Kafka broker: one {@link
 * io.journeyline.embedded.kafka.EmbeddedKafkaCluster} is started before the class's first test and
 * closed after its last (shared with its {@code @Nested} classes).
 *
 * <p>Test constructors and methods may declare parameters of type {@link
 * io.journeyline.embedded.kafka.EmbeddedKafkaCluster} (the class's broker) and {@link
 * KafkaTestScope} (unique topic names and application id for one test, cleaned up after it).
 *
 * <pre>{@code
 * @EmbeddedKafka
 * @Tag("integration")
 * @Timeout(120)
 * class ContactTopologyIT {
 *   @Test
 *   void shouldPublishContactSummary(EmbeddedKafkaCluster kafka, KafkaTestScope scope) {
 *     String input = scope.createTopic("interactions-chat", 3);
 *     ...
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface EmbeddedKafka {

  /**
   * Broker properties for this class's broker, each {@code name=value}, applied after the defaults
   * of {@link io.journeyline.embedded.kafka.EmbeddedKafkaCluster#defaultBrokerConfig()}.
   *
   * @return the broker property overrides
   */
  String[] brokerProperties() default {};
}

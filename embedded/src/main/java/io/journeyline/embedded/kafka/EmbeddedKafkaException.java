package io.journeyline.embedded.kafka;

/**
 * An embedded broker operation failed: the broker did not start, or an admin, produce or consume
 * call made on behalf of a test or the demo did not succeed in time. The message names the
 * operation and the topic; the cause is the Kafka exception.
 */
public class EmbeddedKafkaException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the operation and the topic or port involved
   */
  public EmbeddedKafkaException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the operation and the topic or port involved
   * @param cause the underlying failure
   */
  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}

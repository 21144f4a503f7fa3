package io.journeyline.embedded;

/** A failure to start, use or stop an {@link EmbeddedKafkaCluster}. */
public final class EmbeddedKafkaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the topic or directory involved
   * @param cause the underlying failure
   */
  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}

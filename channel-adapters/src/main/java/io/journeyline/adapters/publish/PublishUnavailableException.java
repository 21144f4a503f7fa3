package io.journeyline.adapters.publish;

/**
 * Kafka (or the schema registry) could not take a batch in time; nothing of it is visible to
 * read-committed consumers. The caller may retry the same request.
 */
public final class PublishUnavailableException extends Exception {

  public PublishUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.journeyline.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed: the registry was unreachable ({@link #status()} is -1), or it
 * answered an error, whose {@code error_code} and {@code message} are kept.
 */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  /** An error the registry answered, or with status -1 a transport failure. */
  public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status, or -1 when no registry answered. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code}, or -1 when it gave none. */
  public int errorCode() {
    return errorCode;
  }
}

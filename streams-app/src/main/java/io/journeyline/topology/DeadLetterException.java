package io.journeyline.topology;

/**
 * Thrown by a processor for a record that belongs in the dead-letter queue; the processing
 * exception handler ({@link io.journeyline.ops.DeadLetterHandlers.Processing}) writes the original
 * bytes there with {@link #reason()} as the {@code reason} header and lets the stream go on.
 */
public final class DeadLetterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Contract violation: the record deserialized but breaks the event contract. */
  public static final String INVALID = "invalid";

  /** A survey answer whose contact its customer's journey does not hold. */
  public static final String UNMATCHED = "unmatched";

  /** Later than the channel's grace. */
  public static final String LATE = "late";

  private final String reason;

  public DeadLetterException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The value of the {@code reason} header. */
  public String reason() {
    return reason;
  }
}

package io.journeyline.demo;

/** A problem that stops the demo, with a message for the user (no stack trace needed). */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoException(String message) {
    super(message);
  }

  public DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}

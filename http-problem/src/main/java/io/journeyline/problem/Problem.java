package io.journeyline.problem;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request (never containing submitted values)
 * @param errors invalid fields, empty when not about fields
 * @param headers extra response headers, e.g. Retry-After or WWW-Authenticate
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<FieldError> errors,
    Map<String, String> headers) {

  private static final String BASE = "https://journeyline.io/problems/";

  public Problem {
    errors = List.copyOf(errors);
    headers = Map.copyOf(headers);
  }

  /** The problem's short name: the last segment of its type, used as a metric tag. */
  public String reason() {
    return type.substring(type.lastIndexOf('/') + 1);
  }

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, List.of(), Map.of());
  }

  public static Problem validation(List<FieldError> errors) {
    return new Problem(
        BASE + "validation",
        "Invalid request content",
        400,
        errors.size() + " invalid field(s); nothing from this request was published",
        errors,
        Map.of());
  }

  public static Problem malformed(String detail) {
    return of("malformed", "Malformed request body", 400, detail);
  }

  public static Problem unauthorized(String header) {
    return new Problem(
        BASE + "unauthorized",
        "Authentication required",
        401,
        "a valid API key is required in the " + header + " header",
        List.of(),
        Map.of("WWW-Authenticate", "ApiKey header=\"" + header + "\""));
  }

  public static Problem forbidden(String detail) {
    return of("forbidden", "Forbidden", 403, detail);
  }

  public static Problem notFound() {
    return of("not-found", "Not found", 404, "no such endpoint");
  }

  public static Problem methodNotAllowed(String allowed) {
    return new Problem(
        BASE + "method-not-allowed",
        "Method not allowed",
        405,
        "use " + allowed,
        List.of(),
        Map.of("Allow", allowed));
  }

  public static Problem tooLarge(String detail) {
    return of("too-large", "Request too large", 413, detail);
  }

  public static Problem unsupportedMediaType(String expected) {
    return new Problem(
        BASE + "unsupported-media-type",
        "Unsupported media type",
        415,
        "expected Content-Type " + expected,
        List.of(),
        Map.of("Accept-Post", expected));
  }

  public static Problem unavailable(long retryAfterSeconds) {
    return new Problem(
        BASE + "unavailable",
        "Service unavailable",
        503,
        "Kafka could not take the records in time; nothing from this request was published."
            + " Retry the same request later.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public static Problem internal() {
    return of("internal", "Internal server error", 500, "an unexpected error occurred");
  }
}

package io.journeyline.adapters.http;

import io.journeyline.adapters.metrics.AdapterMetrics;
import io.journeyline.adapters.publish.PublishUnavailableException;
import io.journeyline.http.ScopedApiKeys;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import io.journeyline.problem.ProblemWriter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of every ingest endpoint, in this order: authenticate (401/403, before anything is
 * read), check the content type (415) and the declared size (413), read the body up to the limit
 * (413), then let the endpoint validate (400) and publish (503 when Kafka cannot take it in time).
 * Every error goes through the {@link ProblemWriter}; unexpected errors are logged once and
 * answered with a generic 500. Logs name the endpoint and the kind of failure, never content.
 */
public abstract class IngestHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  /** What an endpoint answers on success. */
  public record Response(int status, String contentType, String body, Map<String, String> headers) {
    public static Response json(int status, String body) {
      return new Response(status, "application/json", body, Map.of());
    }
  }

  /** Settings shared by all endpoints. */
  public record Context(
      boolean authEnabled,
      String apiKeyHeader,
      ScopedApiKeys keys,
      int maxBodyBytes,
      long retryAfterSeconds,
      ProblemWriter problems,
      AdapterMetrics metrics) {}

  private static final AtomicLong lastUnavailableWarning =
      new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  protected final String endpoint;
  protected final Context context;
  private final Set<String> mediaTypes;

  /**
   * @param endpoint the endpoint id: API key scope and metrics tag
   * @param mediaTypes the accepted request media types; empty for an endpoint without a body, whose
   *     {@link #handle} gets an empty body
   */
  protected IngestHandler(String endpoint, Set<String> mediaTypes, Context context) {
    this.endpoint = endpoint;
    this.mediaTypes = mediaTypes;
    this.context = context;
  }

  /** Validates, maps and publishes a body; throws {@link ProblemException} for client errors. */
  protected abstract Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
      throws PublishUnavailableException;

  /**
   * Authenticates by something other than an API key (the Twilio signature, which needs the body);
   * when this returns true, the API key check is skipped and {@link #handle} must verify.
   */
  protected boolean authenticatesItself() {
    return false;
  }

  /** The largest body this endpoint reads (after gzip decoding). */
  protected int maxBodyBytes() {
    return context.maxBodyBytes();
  }

  /** Extra header names that may carry the API key (e.g. Firehose's access key header). */
  protected Optional<String> alternativeKeyHeader() {
    return Optional.empty();
  }

  @Override
  public final void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    int status;
    try {
      if (!authenticatesItself()) {
        authenticate(exchange);
      }
      String mediaType = mediaType(exchange);
      if (!mediaTypes.isEmpty() && !mediaTypes.contains(mediaType)) {
        throw new ProblemException(Problem.unsupportedMediaType(String.join(", ", mediaTypes)));
      }
      long declared = exchange.getRequestContentLength();
      if (declared > maxBodyBytes()) {
        if (declared > 8L * maxBodyBytes()) {
          exchange.setPersistent(false);
        }
        throw new ProblemException(tooLarge());
      }
      Response response;
      if (mediaTypes.isEmpty()) {
        // An endpoint without a body (DELETE): whatever was sent is not read, and the connection
        // is closed after the answer instead of being drained.
        if (declared > 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
          exchange.setPersistent(false);
        }
        response = handle(exchange, mediaType, new byte[0]);
      } else {
        exchange.startBlocking();
        InputStream in = exchange.getInputStream();
        String encoding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
          if (!encoding.trim().equalsIgnoreCase("gzip")) {
            throw new ProblemException(
                Problem.unsupportedMediaType("Content-Encoding gzip or none"));
          }
          in = gunzip(in);
        }
        response = handle(exchange, mediaType, read(in));
      }
      respond(exchange, response);
      status = response.status();
    } catch (ProblemException e) {
      context.metrics().rejected(endpoint, e.problem().reason());
      status = context.problems().send(exchange, e.problem());
    } catch (PublishUnavailableException e) {
      long now = System.nanoTime();
      long last = lastUnavailableWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastUnavailableWarning.compareAndSet(last, now)) {
        log.warn(
            "Answering 503 on {}: {} ({})",
            endpoint,
            e.getMessage(),
            e.getCause() == null ? "-" : e.getCause().getClass().getSimpleName());
      }
      context.metrics().rejected(endpoint, "unavailable");
      status = context.problems().send(exchange, Problem.unavailable(context.retryAfterSeconds()));
    } catch (IOException e) {
      // The client went away or sent a broken body.
      context.metrics().rejected(endpoint, "malformed");
      status =
          context
              .problems()
              .send(exchange, Problem.malformed("the request body could not be read"));
    } catch (RuntimeException | Error e) {
      StackTraceElement[] trace = e.getStackTrace();
      log.error(
          "Unexpected {} on {} at {}",
          e.getClass().getName(),
          endpoint,
          trace.length > 0 ? trace[0] : "?");
      context.metrics().rejected(endpoint, "internal");
      status = context.problems().send(exchange, Problem.internal());
    }
    context.metrics().request(endpoint, status);
  }

  private static void respond(HttpServerExchange exchange, Response response) {
    exchange.setStatusCode(response.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
    exchange.getResponseSender().send(response.body());
  }

  private Problem tooLarge() {
    return Problem.tooLarge("the body exceeds " + maxBodyBytes() + " bytes");
  }

  private static InputStream gunzip(InputStream in) {
    try {
      return new java.util.zip.GZIPInputStream(in, 8192);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new ProblemException(Problem.malformed("the body is not valid gzip"));
    } catch (IOException e) {
      throw new ProblemException(Problem.malformed("the body could not be read"));
    }
  }

  private void authenticate(HttpServerExchange exchange) {
    if (!context.authEnabled()) {
      return;
    }
    String key = exchange.getRequestHeaders().getFirst(context.apiKeyHeader());
    if (key == null) {
      String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
      if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        key = authorization.substring(7).trim();
      }
    }
    if (key == null && alternativeKeyHeader().isPresent()) {
      key = exchange.getRequestHeaders().getFirst(alternativeKeyHeader().get());
    }
    // Every configured key is checked (salted PBKDF2, constant-time comparison, no early exit).
    Optional<ScopedApiKeys.Entry> entry = context.keys().authenticate(key);
    if (entry.isEmpty()) {
      throw new ProblemException(Problem.unauthorized(context.apiKeyHeader()));
    }
    if (!entry.get().scopes().contains(endpoint)) {
      log.debug("Refused key '{}' on the {} endpoint", entry.get().name(), endpoint);
      throw new ProblemException(
          Problem.forbidden("this API key may not call the " + endpoint + " endpoint"));
    }
  }

  private static String mediaType(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** Reads at most the limit (a gzip bomb stops at the limit too: the limit is after decoding). */
  private byte[] read(InputStream in) throws IOException {
    int max = maxBodyBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
    byte[] buffer = new byte[8192];
    int n;
    while ((n = readChecked(in, buffer)) != -1) {
      if (out.size() + n > max) {
        throw new ProblemException(tooLarge());
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static int readChecked(InputStream in, byte[] buffer) throws IOException {
    try {
      return in.read(buffer);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new ProblemException(Problem.malformed("the body is not valid gzip"));
    }
  }
}

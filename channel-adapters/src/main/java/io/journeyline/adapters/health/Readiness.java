package io.journeyline.adapters.health;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/ready} of the adapters: 200 {@code {"status":"UP"}} while this instance can
 * take requests, 503 {@code {"status":"DOWN","kafka":"..."}} while it is shutting down or Kafka
 * does not answer. Kafka is asked with a cluster description (any authenticated principal may),
 * bounded by a short timeout and cached for a few seconds, so probes from a load balancer or
 * Kubernetes cost one request per interval whatever their number. {@code /health/live} stays a
 * plain "the process answers": restarting an adapter does not bring Kafka back.
 */
public final class Readiness implements HttpHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Readiness.class);

  /** The bound of one probe unless the publish timeout is shorter. */
  public static final Duration PROBE_TIMEOUT_DEFAULT = Duration.ofSeconds(2);

  /** How long one probe's answer is reused. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(5);

  private final Map<String, Object> adminConfig;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private Admin admin;
  private volatile boolean stopping;
  private Probe last;

  private record Probe(boolean up, String detail, long atNanos) {}

  /**
   * @param kafkaSettings the adapters' Kafka client settings (bootstrap servers, security)
   * @param timeout bound of one probe (the shorter of the publish timeout and 2 s is sensible)
   */
  public Readiness(Map<String, ?> kafkaSettings, Duration timeout) {
    this(kafkaSettings, timeout, System::nanoTime);
  }

  Readiness(Map<String, ?> kafkaSettings, Duration timeout, LongSupplier nanoTime) {
    this.adminConfig = adminConfig(kafkaSettings, timeout);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.nanoTime = nanoTime;
  }

  /** From now on the instance answers 503 (called first on shutdown). */
  public void stopping() {
    stopping = true;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // the probe blocks
      return;
    }
    boolean up;
    String body;
    if (stopping) {
      up = false;
      body = "{\"status\":\"DOWN\",\"reason\":\"shutting down\"}";
    } else {
      Probe probe = kafka();
      up = probe.up();
      body =
          up
              ? "{\"status\":\"UP\",\"kafka\":\"UP\"}"
              : "{\"status\":\"DOWN\",\"kafka\":\"" + escape(probe.detail()) + "\"}";
    }
    exchange.setStatusCode(up ? 200 : 503);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }

  private synchronized Probe kafka() {
    long now = nanoTime.getAsLong();
    if (last != null && now - last.atNanos() < CACHE_FOR.toNanos()) {
      return last;
    }
    Probe probe;
    try {
      if (admin == null) {
        admin = Admin.create(adminConfig);
      }
      int nodes =
          admin
              .describeCluster(
                  new DescribeClusterOptions().timeoutMs((int) Math.max(1, timeout.toMillis())))
              .nodes()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      probe = new Probe(nodes > 0, nodes > 0 ? "UP" : "no brokers", now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe = new Probe(false, "interrupted", now);
    } catch (TimeoutException e) {
      probe = new Probe(false, "no answer within " + timeout.toMillis() + " ms", now);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      probe = new Probe(false, cause.getClass().getSimpleName(), now);
    }
    if (last == null || last.up() != probe.up()) {
      if (probe.up()) {
        log.info("Kafka answers: adapters ready");
      } else {
        log.warn("Kafka does not answer ({}): adapters not ready", probe.detail());
      }
    }
    last = probe;
    return probe;
  }

  @Override
  public synchronized void close() {
    stopping = true;
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }

  private static Map<String, Object> adminConfig(Map<String, ?> kafkaSettings, Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    // Producer-only settings would only produce "unused configuration" warnings.
    kafkaSettings.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)) {
            config.put(k, v);
          }
        });
    int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "journeyline-adapters-readiness");
    return config;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

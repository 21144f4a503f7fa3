package io.journeyline.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.journeyline.adapters.AdaptersConfig;
import io.journeyline.adapters.AdaptersServer;
import io.journeyline.adapters.client.AdaptersClient;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.simulator.SimulatedEvent;
import io.journeyline.topics.TopicCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run (e): the channel adapters started in-process on a loopback port, and a few concurrent clients
 * that POST the workload to {@code /v1/events} as canonical JSON arrays. The bodies are built once,
 * before any timing, by the simulator's own converter ({@link AdaptersClient#toCanonical}); a pass
 * sends every body once over keep-alive HTTP/1.1 connections.
 */
final class HttpIngest implements AutoCloseable {

  private static final String API_KEY = "bench-key";

  private final AdaptersServer server;
  private final URI events;
  private final List<byte[]> bodies;
  private final int[] batchSizes;
  private final List<HttpClient> clients;
  private final ExecutorService pool;

  /**
   * What one pass measured.
   *
   * @param accepted events in requests answered 202
   * @param rejected events in requests answered otherwise, or that failed
   * @param rejectedRequests requests answered otherwise, or that failed
   * @param elapsedNanos wall time from the first request to the last answer
   * @param firstProblem the first non-202 answer (status and start of the body), or null
   */
  record Pass(
      long accepted,
      long rejected,
      long rejectedRequests,
      long elapsedNanos,
      String firstProblem) {}

  private HttpIngest(
      AdaptersServer server, List<byte[]> bodies, int[] batchSizes, int clientCount) {
    this.server = server;
    this.events = server.baseUri().resolve("/v1/events");
    this.bodies = bodies;
    this.batchSizes = batchSizes;
    this.clients = new ArrayList<>(clientCount);
    for (int i = 0; i < clientCount; i++) {
      clients.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build());
    }
    this.pool = Executors.newFixedThreadPool(clientCount, r -> new Thread(r, "bench-http"));
  }

  /**
   * Starts the adapters (API key required, as in production; redaction on) writing to the catalog's
   * topics, and prepares the request bodies.
   */
  static HttpIngest start(
      String bootstrapServers,
      String registryUrl,
      TopicCatalog catalog,
      List<SimulatedEvent> workload,
      int batch,
      int clientCount) {
    List<byte[]> bodies = new ArrayList<>();
    int[] sizes = new int[(workload.size() + batch - 1) / batch];
    for (int from = 0, i = 0; from < workload.size(); from += batch, i++) {
      List<SimulatedEvent> slice = workload.subList(from, Math.min(workload.size(), from + batch));
      ArrayNode array = CanonicalJson.MAPPER.createArrayNode();
      slice.forEach(e -> array.add(AdaptersClient.toCanonical(e.event())));
      try {
        bodies.add(CanonicalJson.MAPPER.writeValueAsBytes(array));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      sizes[i] = slice.size();
    }
    Map<String, String> props = new HashMap<>();
    props.put(AdaptersConfig.HOST_CONFIG, "127.0.0.1");
    props.put(AdaptersConfig.PORT_CONFIG, "0");
    props.put(AdaptersConfig.AUTH_ENABLED_CONFIG, "true");
    props.put(AdaptersConfig.API_KEYS_CONFIG, API_KEY);
    props.put(AdaptersConfig.INSTANCE_ID_CONFIG, "bench");
    AdaptersServer server =
        AdaptersServer.builder(new AdaptersConfig(props))
            .kafka(Map.of("bootstrap.servers", bootstrapServers))
            .serdeConfig(Map.of("schema.registry.url", registryUrl))
            .topics(catalog)
            .start();
    return new HttpIngest(server, bodies, sizes, clientCount);
  }

  /** Sends every body once, {@code clients} requests in flight. */
  Pass pass() throws InterruptedException, ExecutionException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong rejectedRequests = new AtomicLong();
    AtomicReference<String> firstProblem = new AtomicReference<>();
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (HttpClient client : clients) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement();
                    i < bodies.size();
                    i = next.getAndIncrement()) {
                  String problem = post(client, bodies.get(i));
                  if (problem == null) {
                    accepted.addAndGet(batchSizes[i]);
                  } else {
                    rejected.addAndGet(batchSizes[i]);
                    rejectedRequests.incrementAndGet();
                    firstProblem.compareAndSet(null, problem);
                  }
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    return new Pass(
        accepted.get(),
        rejected.get(),
        rejectedRequests.get(),
        System.nanoTime() - start,
        firstProblem.get());
  }

  /** Null when the adapters answered 202, else what went wrong. */
  private String post(HttpClient client, byte[] body) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(events)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-API-Key", API_KEY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return null;
      }
      String answer = response.body();
      return response.statusCode()
          + " "
          + (answer.length() <= 300 ? answer : answer.substring(0, 300) + "...");
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    server.close();
  }
}

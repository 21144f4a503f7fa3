package io.journeyline.adapters.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.avro.CustomerRef;
import io.journeyline.events.InteractionEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small Java client of the canonical API ({@code POST /v1/events}), for the demo simulator and
 * for tests: it turns the per-channel Avro events into canonical JSON and sends them as one batch.
 */
public final class AdaptersClient {

  private static final List<String> OPTIONAL_TEXT =
      List.of(
          "queue",
          "agentId",
          "issue",
          "text",
          "sessionId",
          "entryPoint",
          "dialedNumber",
          "previousContactId",
          "messageId",
          "subject",
          "mailbox",
          "messageSid",
          "businessNumber");

  private final HttpClient http;
  private final URI events;
  private final Optional<String> apiKey;
  private final Duration timeout;

  /**
   * @param baseUri the adapters' base URI, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey the API key, when authentication is on
   * @param timeout bound of each request
   */
  public AdaptersClient(URI baseUri, Optional<String> apiKey, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.events = baseUri.resolve("/v1/events");
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** The answer to a batch: the HTTP status and, for 202, the accepted event ids. */
  public record Result(int status, List<String> eventIds, String body) {
    public boolean accepted() {
      return status == 202;
    }
  }

  /** Sends Avro interaction events ({@code ChatEvent}, {@code VoiceEvent}, ...) as one batch. */
  public Result send(List<? extends SpecificRecord> avroEvents)
      throws IOException, InterruptedException {
    ArrayNode batch = CanonicalJson.MAPPER.createArrayNode();
    avroEvents.forEach(e -> batch.add(toCanonical(e)));
    return sendJson(batch.toString());
  }

  /** Sends a canonical JSON body (object, array). */
  public Result sendJson(String body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(events)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    apiKey.ifPresent(k -> request.header("X-API-Key", k));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    List<String> ids = new ArrayList<>();
    if (response.statusCode() == 202) {
      JsonNode answer = CanonicalJson.MAPPER.readTree(response.body());
      answer.path("eventIds").forEach(id -> ids.add(id.asText()));
    }
    return new Result(response.statusCode(), ids, response.body());
  }

  /** The canonical JSON object of a per-channel Avro event. */
  public static ObjectNode toCanonical(SpecificRecord avroEvent) {
    String channel =
        InteractionEvents.channelOf(avroEvent)
            .map(Enum::name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not an interaction event: " + avroEvent.getClass().getName()));
    GenericRecord r = (GenericRecord) avroEvent;
    ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
    o.put("eventId", r.get("eventId").toString());
    o.put("occurredAt", ((Instant) r.get("occurredAt")).toString());
    o.put("channel", channel);
    o.put("type", r.get("type").toString());
    o.put("contactId", r.get("contactId").toString());
    CustomerRef c = (CustomerRef) r.get("customer");
    ObjectNode customer = o.putObject("customer");
    putIfSet(customer, "customerId", c.getCustomerId());
    putIfSet(customer, "phone", c.getPhone());
    putIfSet(customer, "email", c.getEmail());
    putIfSet(customer, "chatUserId", c.getChatUserId());
    o.put("direction", r.get("direction").toString());
    if (r.get("participant") != null) {
      o.put("participant", r.get("participant").toString());
    }
    for (String field : OPTIONAL_TEXT) {
      if (r.getSchema().getField(field) != null && r.get(field) != null) {
        o.put(field, r.get(field).toString());
      }
    }
    if (r.getSchema().getField("holdSeconds") != null && r.get("holdSeconds") != null) {
      o.put("holdSeconds", (Integer) r.get("holdSeconds"));
    }
    if (r.get("sentiment") != null) {
      o.put("sentiment", (Double) r.get("sentiment"));
    }
    if (r.get("resolved") != null) {
      o.put("resolved", (Boolean) r.get("resolved"));
    }
    Object attributes = r.get("attributes");
    if (attributes instanceof Map<?, ?> map && !map.isEmpty()) {
      ObjectNode a = o.putObject("attributes");
      map.forEach((k, v) -> a.put(k.toString(), v.toString()));
    }
    return o;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}

package io.journeyline.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.client.AdaptersClient;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.SurveyResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends simulated events through the adapters' canonical HTTP API ({@code POST /v1/events}), and
 * survey answers through {@code POST /v1/surveys}, so the demo exercises the whole path:
 * validation, redaction, the transactional publish and the adapters' heartbeats. Each call is one
 * batch; a rejected or failed batch is counted and logged.
 */
public final class HttpEventSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(HttpEventSink.class);
  private static final int MAX_BATCH = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final AdaptersClient client;
  private final HttpClient http;
  private final URI surveys;
  private final Optional<String> apiKey;
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param adapters the adapters' base URI, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey the API key, when the adapters require one (with the scopes events and surveys)
   */
  public HttpEventSink(URI adapters, Optional<String> apiKey) {
    this.client = new AdaptersClient(adapters, apiKey, TIMEOUT);
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.surveys = adapters.resolve("/v1/surveys");
    this.apiKey = apiKey;
  }

  @Override
  public void send(List<SimulatedEvent> events) {
    for (int from = 0; from < events.size(); from += MAX_BATCH) {
      List<SpecificRecord> batch =
          events.subList(from, Math.min(events.size(), from + MAX_BATCH)).stream()
              .map(SimulatedEvent::event)
              .toList();
      try {
        AdaptersClient.Result result = client.send(batch);
        if (!result.accepted()) {
          failures.addAndGet(batch.size());
          log.warn(
              "The adapters answered {} to a simulator batch of {} events: {}",
              result.status(),
              batch.size(),
              abbreviate(result.body()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.addAndGet(batch.size());
        return;
      } catch (IOException e) {
        failures.addAndGet(batch.size());
        log.warn("Simulator batch of {} events not delivered: {}", batch.size(), e.toString());
      }
    }
  }

  @Override
  public void sendSurveys(List<SimulatedSurvey> answers) {
    for (int from = 0; from < answers.size(); from += MAX_BATCH) {
      List<SimulatedSurvey> batch =
          answers.subList(from, Math.min(answers.size(), from + MAX_BATCH));
      ArrayNode body = CanonicalJson.MAPPER.createArrayNode();
      batch.forEach(a -> body.add(toJson(a.response())));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(surveys)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      apiKey.ifPresent(k -> request.header("X-API-Key", k));
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
          failures.addAndGet(batch.size());
          log.warn(
              "The adapters answered {} to a simulator batch of {} survey answers: {}",
              response.statusCode(),
              batch.size(),
              abbreviate(response.body()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.addAndGet(batch.size());
        return;
      } catch (IOException e) {
        failures.addAndGet(batch.size());
        log.warn(
            "Simulator batch of {} survey answers not delivered: {}", batch.size(), e.toString());
      }
    }
  }

  /** The {@code POST /v1/surveys} JSON object of a survey answer (absent fields left out). */
  static ObjectNode toJson(SurveyResponse survey) {
    ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
    o.put("surveyId", survey.getSurveyId());
    o.put("contactId", survey.getContactId());
    o.put("respondedAt", survey.getRespondedAt().toString());
    CustomerRef c = survey.getCustomer();
    if (c != null) {
      ObjectNode customer = o.putObject("customer");
      putIfSet(customer, "customerId", c.getCustomerId());
      putIfSet(customer, "phone", c.getPhone());
      putIfSet(customer, "email", c.getEmail());
      putIfSet(customer, "chatUserId", c.getChatUserId());
    }
    if (survey.getChannel() != null) {
      o.put("channel", survey.getChannel().name());
    }
    if (survey.getCsat() != null) {
      o.put("csat", survey.getCsat());
    }
    if (survey.getNps() != null) {
      o.put("nps", survey.getNps());
    }
    if (survey.getCes() != null) {
      o.put("ces", survey.getCes());
    }
    if (survey.getResolved() != null) {
      o.put("resolved", survey.getResolved());
    }
    putIfSet(o, "comment", survey.getComment());
    return o;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {}
}

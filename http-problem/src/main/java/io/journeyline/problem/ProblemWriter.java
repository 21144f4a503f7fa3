package io.journeyline.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * The one funnel through which every HTTP error leaves: an RFC 9457 {@code
 * application/problem+json} document with type, title, status, detail and an {@code errors} array
 * of {@code {"index", "field", "message"}}.
 */
public final class ProblemWriter {

  public static final String CONTENT_TYPE = "application/problem+json";

  private final ObjectMapper mapper;

  public ProblemWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The JSON document of a problem. */
  public String toJson(Problem problem) {
    ObjectNode root = mapper.createObjectNode();
    root.put("type", problem.type());
    root.put("title", problem.title());
    root.put("status", problem.status());
    root.put("detail", problem.detail());
    ArrayNode errors = root.putArray("errors");
    for (FieldError e : problem.errors()) {
      ObjectNode item = errors.addObject();
      if (e.index() == null) {
        item.putNull("index");
      } else {
        item.put("index", e.index());
      }
      item.put("field", e.field());
      item.put("message", e.message());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers the exchange with the problem; returns its status. */
  public int send(HttpServerExchange exchange, Problem problem) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return exchange.getStatusCode();
    }
    exchange.setStatusCode(problem.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    problem.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
    exchange.getResponseSender().send(toJson(problem));
    return problem.status();
  }
}

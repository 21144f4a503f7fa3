package io.journeyline.query;

import java.util.Map;

/**
 * An answer of the query API: status, content type, body and extra headers. Answers forwarded from
 * another instance pass through unchanged.
 */
record Reply(int status, String contentType, String body, Map<String, String> headers) {

  static final String JSON = "application/json";

  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply json(String body) {
    return new Reply(200, JSON, body, Map.of());
  }

  Reply withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new Reply(status, contentType, body, h);
  }
}

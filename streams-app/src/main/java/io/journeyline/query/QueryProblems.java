package io.journeyline.query;

import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * The query API's problem documents (RFC 9457), written by the adapters' one funnel ({@link
 * io.journeyline.problem.ProblemWriter}). Details never echo a submitted id.
 */
final class QueryProblems {

  private static final String BASE = "https://journeyline.io/problems/";

  private QueryProblems() {}

  /** 400 naming the parameter. */
  static ProblemException badParameter(String parameter, String message) {
    return new ProblemException(
        new Problem(
            BASE + "invalid-parameter",
            "Invalid query parameter",
            400,
            "parameter '" + parameter + "': " + message,
            List.of(new FieldError(null, parameter, message)),
            Map.of()));
  }

  /** 404 for an id that is not known (the id is not echoed). */
  static ProblemException unknown(String what) {
    return new ProblemException(
        Problem.of("unknown-id", "Not found", 404, "no " + what + " with this id is known"));
  }

  /** 503 with Retry-After: rebalancing, a store not queryable, or an owner unreachable. */
  static ProblemException unavailable(String detail, int retryAfterSeconds) {
    return new ProblemException(
        new Problem(
            BASE + "not-queryable",
            "State not queryable right now",
            503,
            detail + "; retry later",
            List.of(),
            Map.of("Retry-After", Integer.toString(retryAfterSeconds))));
  }
}

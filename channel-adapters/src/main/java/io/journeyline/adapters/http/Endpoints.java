package io.journeyline.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.adapters.channels.Mapped;
import io.journeyline.adapters.channels.connect.ConnectCtr;
import io.journeyline.adapters.channels.email.EmailMessages;
import io.journeyline.adapters.channels.genesys.GenesysEvents;
import io.journeyline.adapters.channels.twilio.TwilioSignature;
import io.journeyline.adapters.channels.twilio.TwilioSms;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.IdentityKey;
import io.journeyline.adapters.publish.PublishUnavailableException;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ingest endpoints. */
public final class Endpoints {

  public static final Set<String> JSON_TYPES =
      Set.of(
          "application/json",
          "application/x-ndjson",
          "application/ndjson",
          "application/jsonlines",
          "application/x-jsonlines");

  private Endpoints() {}

  static boolean ndjson(String mediaType) {
    return !mediaType.equals("application/json");
  }

  static String accepted(ObjectMapper mapper, List<String> ids, String idsField, Integer ignored) {
    ObjectNode root = mapper.createObjectNode();
    root.put("accepted", ids.size());
    if (ignored != null) {
      root.put("ignored", ignored);
    }
    ids.forEach(root.putArray(idsField)::add);
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code POST /v1/events}: the canonical API (also the chat path). */
  public static final class Events extends IngestHandler {
    private final CanonicalJson json;
    private final IngestService ingest;

    public Events(Context context, CanonicalJson json, IngestService ingest) {
      super("events", JSON_TYPES, context);
      this.json = json;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      List<CanonicalEvent> events = json.events(json.items(body, ndjson(mediaType)));
      List<String> ids = ingest.publishEvents(events);
      return Response.json(202, accepted(CanonicalJson.MAPPER, ids, "eventIds", null));
    }
  }

  /**
   * {@code POST /v1/surveys}: post-contact survey responses (one object, an array or NDJSON), to
   * journeyline.surveys keyed by contactId, one transaction per request. API key scope {@code
   * surveys}. A retried surveyId is published again: counting it once is the streams app's job.
   */
  public static final class Surveys extends IngestHandler {
    private final CanonicalJson json;
    private final IngestService ingest;

    public Surveys(Context context, CanonicalJson json, IngestService ingest) {
      super("surveys", JSON_TYPES, context);
      this.json = json;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      List<String> ids = ingest.publishSurveys(json.surveys(json.items(body, ndjson(mediaType))));
      return Response.json(202, accepted(CanonicalJson.MAPPER, ids, "surveyIds", null));
    }
  }

  /** {@code POST /v1/identities}: identity links from a CRM feed. */
  public static final class Identities extends IngestHandler {
    private final CanonicalJson json;
    private final IngestService ingest;

    public Identities(Context context, CanonicalJson json, IngestService ingest) {
      super("identities", JSON_TYPES, context);
      this.json = json;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      List<String> keys =
          ingest.publishIdentities(json.identities(json.items(body, ndjson(mediaType))));
      return Response.json(202, accepted(CanonicalJson.MAPPER, keys, "identifiers", null));
    }
  }

  /**
   * {@code DELETE /v1/identities/{type}/{value}}: a CRM unlink. Publishes a tombstone for {@code
   * <TYPE>:<normalized value>} on journeyline.identities: the CRM no longer links this identifier
   * to any customer. The value is percent-decoded from the request path and normalized exactly as
   * {@code POST /v1/identities} normalizes it, so the key is the one the link was written under.
   * Its own API key scope ({@code identities-delete}): an unlink splits customers, so a key that
   * may feed links need not be able to remove them.
   */
  public static final class IdentityUnlink extends IngestHandler {
    /** The route template. */
    public static final String PATH = "/v1/identities/{type}/{value}";

    private static final String PREFIX = "/v1/identities/";

    private final CanonicalJson json;
    private final IngestService ingest;

    public IdentityUnlink(Context context, CanonicalJson json, IngestService ingest) {
      super("identities-delete", Set.of(), context);
      this.json = json;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      String[] typeAndValue = pathParameters(exchange.getRequestURI());
      IdentityKey identifier = json.identityKey(typeAndValue[0], typeAndValue[1]);
      String key = ingest.unlinkIdentity(identifier);
      return Response.json(202, accepted(CanonicalJson.MAPPER, List.of(key), "identifiers", null));
    }

    /**
     * The type and value of a request URI as sent (not decoded by the server, so that an encoded
     * {@code /} or {@code %} in a value survives), each percent-decoded as UTF-8. A {@code +} is a
     * plus sign (E.164), not a space.
     *
     * @throws ProblemException 400 naming the field whose encoding is broken
     */
    static String[] pathParameters(String rawUri) {
      int at = rawUri.indexOf(PREFIX);
      String rest = at < 0 ? "" : rawUri.substring(at + PREFIX.length());
      int query = rest.indexOf('?');
      if (query >= 0) {
        rest = rest.substring(0, query);
      }
      int slash = rest.indexOf('/');
      if (slash < 0) {
        throw new ProblemException(Problem.notFound());
      }
      return new String[] {
        percentDecode(rest.substring(0, slash), "type"),
        percentDecode(rest.substring(slash + 1), "value")
      };
    }

    static String percentDecode(String raw, String field) {
      if (raw.indexOf('%') < 0) {
        return raw;
      }
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '%') {
          int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
          int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
          if (lo < 0) {
            throw badEncoding(field);
          }
          bytes.write(hi * 16 + lo);
          i += 2;
        } else {
          byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          bytes.write(utf8, 0, utf8.length);
        }
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
            .toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw badEncoding(field);
      }
    }

    private static ProblemException badEncoding(String field) {
      return new ProblemException(
          Problem.validation(
              List.of(new FieldError(null, field, "is not validly percent-encoded UTF-8"))));
    }
  }

  /**
   * {@code DELETE /v1/customers/{customerId}}: erase a customer (GDPR art. 17). Publishes an {@code
   * ErasureRequest} to journeyline.erasures; the streams app erases the customer's whole identity
   * component (every identifier, the journey, the contact summaries, the stores) and shreds the
   * data keys of its text. Answered 202 with the request's id once the request is committed in
   * Kafka; the erasure itself follows within seconds, and each stage writes an audit record under
   * that id to journeyline.erasure-audit. Its own API key scope ({@code customers-delete}).
   */
  public static final class CustomerErasure extends IngestHandler {
    /** The route template. */
    public static final String PATH = "/v1/customers/{customerId}";

    /** The longest customer id accepted: a provisional id of the longest email. */
    static final int CUSTOMER_ID_MAX = 300;

    private static final String PREFIX = "/v1/customers/";

    private final IngestService ingest;

    public CustomerErasure(Context context, IngestService ingest) {
      super("customers-delete", Set.of(), context);
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      String customerId = customerId(exchange.getRequestURI());
      String requestId = ingest.requestErasure(customerId);
      ObjectNode answer = CanonicalJson.MAPPER.createObjectNode();
      answer.put("accepted", 1);
      answer.put("requestId", requestId);
      return Response.json(202, answer.toString());
    }

    /**
     * The customer id of a request URI as sent, percent-decoded as UTF-8 ({@code %2F} is a {@code
     * /} inside the id, {@code +} stays a plus sign).
     *
     * @throws ProblemException 400 naming {@code customerId} when it is empty, blank, too long, has
     *     control characters or is not validly percent-encoded
     */
    static String customerId(String rawUri) {
      int at = rawUri.indexOf(PREFIX);
      String rest = at < 0 ? "" : rawUri.substring(at + PREFIX.length());
      int query = rest.indexOf('?');
      if (query >= 0) {
        rest = rest.substring(0, query);
      }
      if (rest.indexOf('/') >= 0) {
        throw new ProblemException(Problem.notFound());
      }
      String id = IdentityUnlink.percentDecode(rest, "customerId");
      String problem = null;
      if (id.isBlank()) {
        problem = "must not be blank";
      } else if (!id.equals(id.strip())) {
        problem = "must not start or end with white space";
      } else if (id.codePointCount(0, id.length()) > CUSTOMER_ID_MAX) {
        problem = "is longer than " + CUSTOMER_ID_MAX + " characters";
      } else if (id.chars().anyMatch(Character::isISOControl)) {
        problem = "must not contain control characters";
      }
      if (problem != null) {
        throw new ProblemException(
            Problem.validation(List.of(new FieldError(null, "customerId", problem))));
      }
      return id;
    }
  }

  /** {@code POST /v1/channels/twilio/sms}: Twilio's inbound-message webhook. */
  public static final class Twilio extends IngestHandler {
    private final TwilioSms twilio;
    private final IngestService ingest;
    private final Optional<String> authToken;
    private final Optional<String> publicBaseUrl;

    public Twilio(
        Context context,
        TwilioSms twilio,
        IngestService ingest,
        Optional<String> authToken,
        Optional<String> publicBaseUrl) {
      super("twilio", Set.of("application/x-www-form-urlencoded"), context);
      this.twilio = twilio;
      this.ingest = ingest;
      this.authToken = authToken;
      this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    protected boolean authenticatesItself() {
      // Twilio cannot send our API key: with a token configured the signature authenticates.
      return authToken.isPresent();
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      Map<String, List<String>> params = TwilioSms.parseForm(body);
      if (authToken.isPresent()) {
        String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
        if (!TwilioSignature.verify(authToken.get(), requestUrl(exchange), params, signature)) {
          throw new ProblemException(
              Problem.forbidden("the X-Twilio-Signature does not match this request"));
        }
      }
      if (TwilioSms.isStatusCallback(params)) {
        // The delivery status of a message the business sent: acknowledged, nothing published.
        return new Response(200, "text/xml; charset=utf-8", TwilioSms.EMPTY_TWIML, Map.of());
      }
      CanonicalEvent event = twilio.map(params);
      ingest.publishEvents(List.of(event));
      return new Response(200, "text/xml; charset=utf-8", TwilioSms.EMPTY_TWIML, Map.of());
    }

    private String requestUrl(HttpServerExchange exchange) {
      String base =
          publicBaseUrl.orElseGet(
              () ->
                  exchange.getRequestScheme()
                      + "://"
                      + exchange.getRequestHeaders().getFirst(Headers.HOST));
      String query = exchange.getQueryString();
      return base
          + exchange.getRequestURI()
          + (query == null || query.isEmpty() ? "" : "?" + query);
    }
  }

  /** {@code POST /v1/channels/amazon-connect/ctr}: contact trace records. */
  public static final class AmazonConnect extends IngestHandler {
    private final CanonicalJson json;
    private final ConnectCtr ctr;
    private final IngestService ingest;
    private final Clock clock;
    private final int maxBodyBytes;

    public AmazonConnect(
        Context context,
        CanonicalJson json,
        ConnectCtr ctr,
        IngestService ingest,
        Clock clock,
        int maxBodyBytes) {
      super("amazon-connect", JSON_TYPES, context);
      this.json = json;
      this.ctr = ctr;
      this.ingest = ingest;
      this.clock = clock;
      this.maxBodyBytes = Math.max(maxBodyBytes, context.maxBodyBytes());
    }

    @Override
    protected int maxBodyBytes() {
      // Firehose HTTP endpoint delivery buffers up to 64 MiB per request (5 MiB by default).
      return maxBodyBytes;
    }

    @Override
    protected Optional<String> alternativeKeyHeader() {
      return Optional.of("X-Amz-Firehose-Access-Key");
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      List<JsonNode> items = json.concatenated(body, FIREHOSE_MAX_RECORDS);
      String firehoseRequestId = null;
      if (items.size() > 1 || !isFirehoseEnvelope(items.get(0))) {
        json.checkBatchSize(items.size());
      } else {
        firehoseRequestId = items.get(0).get("requestId").asText();
        items = unwrapFirehose(items.get(0));
      }
      Mapped mapped = ctr.map(items);
      List<String> ids = ingest.publishEvents(mapped.events());
      if (firehoseRequestId != null) {
        // Firehose HTTP endpoint delivery expects its requestId echoed with a 200.
        ObjectNode answer = CanonicalJson.MAPPER.createObjectNode();
        answer.put("requestId", firehoseRequestId);
        answer.put("timestamp", clock.millis());
        return Response.json(200, answer.toString());
      }
      return Response.json(202, accepted(CanonicalJson.MAPPER, ids, "eventIds", mapped.ignored()));
    }

    /**
     * Records in one Firehose delivery: exempt from max-batch-size (Firehose sizes its batches by
     * bytes, up to 64 MiB), bounded only so a body of tiny records cannot exhaust memory.
     */
    static final int FIREHOSE_MAX_RECORDS = 100_000;

    static boolean isFirehoseEnvelope(JsonNode node) {
      return node.isObject()
          && node.has("requestId")
          && node.get("requestId").isTextual()
          && node.has("records")
          && node.get("records").isArray();
    }

    private List<JsonNode> unwrapFirehose(JsonNode envelope) {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode record : envelope.get("records")) {
        JsonNode data = record.get("data");
        if (data == null || !data.isTextual()) {
          throw new ProblemException(
              Problem.malformed("every Firehose record needs a base64 'data' field"));
        }
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
          throw new ProblemException(Problem.malformed("a Firehose record's data is not base64"));
        }
        out.addAll(json.concatenated(decoded, FIREHOSE_MAX_RECORDS));
        if (out.size() > FIREHOSE_MAX_RECORDS) {
          throw new ProblemException(
              Problem.tooLarge("more than " + FIREHOSE_MAX_RECORDS + " records in one delivery"));
        }
      }
      return out;
    }
  }

  /** {@code POST /v1/channels/genesys/events}: Genesys Cloud conversation detail events. */
  public static final class Genesys extends IngestHandler {
    private final CanonicalJson json;
    private final GenesysEvents genesys;
    private final IngestService ingest;

    public Genesys(
        Context context, CanonicalJson json, GenesysEvents genesys, IngestService ingest) {
      super("genesys", JSON_TYPES, context);
      this.json = json;
      this.genesys = genesys;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      Mapped mapped = genesys.map(json.items(body, ndjson(mediaType)));
      List<String> ids = ingest.publishEvents(mapped.events());
      return Response.json(202, accepted(CanonicalJson.MAPPER, ids, "eventIds", mapped.ignored()));
    }
  }

  /** {@code POST /v1/channels/email}: one raw RFC 5322 message. */
  public static final class Email extends IngestHandler {
    private final EmailMessages email;
    private final IngestService ingest;

    public Email(Context context, EmailMessages email, IngestService ingest) {
      super("email", Set.of("message/rfc822"), context);
      this.email = email;
      this.ingest = ingest;
    }

    @Override
    protected Response handle(HttpServerExchange exchange, String mediaType, byte[] body)
        throws PublishUnavailableException {
      if (body.length == 0) {
        throw new ProblemException(Problem.malformed("the body is empty"));
      }
      CanonicalEvent event = email.map(body);
      List<String> ids = ingest.publishEvents(List.of(event));
      ObjectNode answer = CanonicalJson.MAPPER.createObjectNode();
      answer.put("accepted", 1);
      ids.forEach(answer.putArray("eventIds")::add);
      answer.put("contactId", event.contactId());
      return Response.json(202, answer.toString());
    }
  }

  static String utf8(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}

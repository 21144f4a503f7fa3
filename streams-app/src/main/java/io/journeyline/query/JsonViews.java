package io.journeyline.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SentimentStats;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.identity.CustomerIds;
import io.journeyline.journey.ServiceRules;
import io.journeyline.metrics.AggregateRecords;
import io.journeyline.metrics.BucketKey;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricWindow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of DESIGN.md "Query and operations API" (camelCase, instants as ISO-8601 UTC);
 * fields may be added, never renamed.
 */
final class JsonViews {

  private final ObjectMapper mapper;

  private ServiceRules.ServiceLevelFormula formula =
      ServiceRules.ServiceLevelFormula.SHORT_ABANDONS_EXCLUDED;

  /** Sets the service-level formula the service metric's answers use. */
  JsonViews formula(ServiceRules.ServiceLevelFormula value) {
    this.formula = value;
    return this;
  }

  JsonViews(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }

  static String instant(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  /** A contact, from the same record the topology publishes to journeyline.contacts. */
  ObjectNode contact(ContactSummary c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("contactId", c.getContactId());
    n.put("conversationKey", c.getConversationKey());
    n.put("customerId", c.getCustomerId());
    n.put("channel", name(c.getChannel()));
    n.put("direction", name(c.getDirection()));
    n.put("startedAt", instant(c.getStartedAt()));
    n.put("endedAt", instant(c.getEndedAt()));
    n.put("lastEventAt", instant(c.getLastEventAt()));
    n.put("queue", c.getQueue());
    n.put("agentId", c.getAgentId());
    n.put("issue", c.getIssue());
    n.put("fcr", name(c.getFcr()));
    n.put("repeatOf", c.getRepeatOf());
    n.put("channelHop", c.getChannelHop());
    n.put("repeatCount", c.getRepeatCount());
    n.put("abandoned", c.getAbandoned());
    n.put("resolvedDisposition", c.getResolvedDisposition());
    n.put("closedBy", name(c.getClosedBy()));
    SentimentStats s = c.getSentiment();
    ObjectNode sn = n.putObject("sentiment");
    sn.put("messages", s.getMessages());
    sn.put("mean", s.getMean());
    sn.put("min", s.getMin());
    sn.put("first", s.getFirst());
    sn.put("last", s.getLast());
    sn.put("trend", s.getTrend());
    sn.put("negativeShare", s.getNegativeShare());
    sn.put("alerted", s.getAlerted());
    n.put("answeredAt", instant(c.getAnsweredAt()));
    n.put("waitMs", c.getWaitMs());
    n.put("handleMs", c.getHandleMs());
    n.put("holdSeconds", c.getHoldSeconds());
    n.put("transfers", c.getTransfers());
    n.put("firstResponseMs", c.getFirstResponseMs());
    n.put("targetBreached", c.getTargetBreached());
    n.put("csat", c.getCsat());
    n.put("nps", c.getNps());
    n.put("ces", c.getCes());
    n.put("events", c.getEvents());
    n.put("revision", c.getRevision());
    n.put("lateCorrections", c.getLateCorrections());
    return n;
  }

  ObjectNode journey(String customerId, List<ContactSummary> contacts, long updatedAt) {
    ObjectNode n = mapper.createObjectNode();
    n.put("customerId", customerId);
    ArrayNode list = n.putArray("contacts");
    contacts.forEach(c -> list.add(contact(c)));
    n.put("updatedAt", instant(updatedAt));
    return n;
  }

  ObjectNode identity(String type, String normalized, ResolvedIdentifier resolved) {
    ObjectNode n = mapper.createObjectNode();
    n.put("identifier", normalized);
    n.put("type", type);
    n.put("customerId", resolved.getCustomerId());
    n.put("source", CustomerIds.isProvisional(resolved.getCustomerId()) ? "PROVISIONAL" : "EVENT");
    n.put("linkedAt", instant(resolved.getResolvedAt()));
    n.put("shared", resolved.getShared());
    n.put("version", resolved.getVersion());
    return n;
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : numerator / (double) denominator;
  }

  /** True when the bucket has something for the metric. */
  static boolean hasAny(String metric, Counters c) {
    return switch (metric) {
      case "fcr" -> c.touchesFcr();
      case "sentiment" -> c.touchesSentiment();
      case "service" -> c.touchesService();
      case "surveys" -> c.touchesSurveys();
      default -> c.touchesRepeat();
    };
  }

  /** One bucket of a metric answer. */
  ObjectNode bucket(String metric, BucketKey key, Counters c) {
    ObjectNode n = mapper.createObjectNode();
    long size = MetricWindow.parse(key.window()).size().toMillis();
    n.put("start", instant(key.windowStart()));
    n.put("end", instant(key.windowStart() + size));
    n.put("key", key.value());
    switch (metric) {
      case "fcr" -> {
        n.put("contacts", c.fcrContacts());
        n.put("resolved", c.resolved());
        n.put("notResolved", c.notResolved());
        n.put("pending", c.pending());
        n.put("rate", ratio(c.resolved(), c.resolved() + c.notResolved()));
        n.put("provisionalRate", ratio(c.resolved() + c.pending(), c.fcrContacts()));
      }
      case "sentiment" -> {
        n.put("contacts", c.sentimentContacts());
        n.put("messages", c.messages());
        n.put("mean", c.messages() == 0 ? null : c.scoreSumMicros() / 1_000_000.0 / c.messages());
        n.put("negativeShare", ratio(c.negativeMessages(), c.messages()));
        n.put("alerts", c.alerts());
      }
      case "service" -> {
        ServiceAggregate s = AggregateRecords.service(key, c, 0, formula);
        n.put("offered", s.getOffered());
        n.put("answered", s.getAnswered());
        n.put("answeredWithinThreshold", s.getAnsweredWithinThreshold());
        n.put("abandoned", s.getAbandoned());
        n.put("shortAbandons", s.getShortAbandons());
        n.put("serviceLevel", s.getServiceLevel());
        n.put("serviceLevelFormula", s.getServiceLevelFormula());
        n.put("abandonRate", s.getAbandonRate());
        n.put("averageSpeedOfAnswerMs", s.getAverageSpeedOfAnswerMs());
        n.put("handled", s.getHandled());
        n.put("averageHandleMs", s.getAverageHandleMs());
        n.put("transferred", s.getTransferred());
        n.put("transferRate", s.getTransferRate());
        n.put("targetContacts", s.getTargetContacts());
        n.put("targetBreaches", s.getTargetBreaches());
        n.put("breachRate", s.getBreachRate());
      }
      case "surveys" -> {
        SurveyAggregate s = AggregateRecords.surveys(key, c, 0);
        n.put("csatResponses", s.getCsatResponses());
        n.put("csat", s.getCsat());
        n.put("npsResponses", s.getNpsResponses());
        n.put("promoters", s.getPromoters());
        n.put("detractors", s.getDetractors());
        n.put("nps", s.getNps());
        n.put("cesResponses", s.getCesResponses());
        n.put("ces", s.getCes());
        n.put("resolvedCsatResponses", s.getResolvedCsatResponses());
        n.put("csatResolved", s.getCsatResolved());
        n.put("notResolvedCsatResponses", s.getNotResolvedCsatResponses());
        n.put("csatNotResolved", s.getCsatNotResolved());
      }
      default -> {
        n.put("contacts", c.repeatContacts());
        n.put("repeats", c.repeats());
        n.put("channelHops", c.channelHops());
        n.put("rate", ratio(c.repeats(), c.repeatContacts()));
      }
    }
    return n;
  }

  ObjectNode metrics(MetricQuery q, long completeUpTo, List<ObjectNode> buckets) {
    ObjectNode n = mapper.createObjectNode();
    n.put("metric", q.metric());
    n.put("by", q.by().name().toLowerCase(Locale.ROOT));
    n.put("window", q.window());
    n.put("completeUpTo", instant(completeUpTo));
    ArrayNode list = n.putArray("buckets");
    buckets.forEach(list::add);
    return n;
  }

  String write(Object node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.Participant;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DESIGN.md's definitions, written again in plain Java over a set of distinct events, independently
 * of the production rules (no shared code but the test's event spec {@link Ev}): sessions that
 * follow the contact's lifecycle, FCR, repeats and repeat counts, channel hops, sentiment, the
 * service facts of each contact (answer, queue wait, handle time, hold, transfers, first response,
 * response-time target breach), survey answers (each contact's latest answer, its csat, nps and
 * ces, the survey counters split by the contact's FCR status), the alerts the definitions raise
 * (NEGATIVE_SENTIMENT, REPEAT_CONTACT, RESPONSE_TARGET_BREACH, CHURN_RISK) and the 1-hour and 1-day
 * buckets of every dimension, all as of one final watermark (docs/metrics.md, "Definitions").
 */
final class ReferenceModel {

  /**
   * The settings the definitions depend on.
   *
   * @param window the FCR window N
   * @param grace the largest per-channel grace
   * @param gaps the inactivity gap per channel
   * @param lifecycleTimeout when a contact with an explicit start but no end closes
   * @param targets the service-level thresholds and response-time targets
   */
  record Settings(
      Duration window,
      Duration grace,
      Map<Channel, Duration> gaps,
      Duration lifecycleTimeout,
      Targets targets) {

    /** The product's defaults. */
    static Settings defaults() {
      return new Settings(
          Duration.ofDays(7),
          Duration.ofHours(6),
          Map.of(
              Channel.CHAT, Duration.ofMinutes(30),
              Channel.VOICE, Duration.ofHours(4),
              Channel.EMAIL, Duration.ofHours(24),
              Channel.SMS, Duration.ofHours(2)),
          Duration.ofHours(12),
          Targets.defaults());
    }
  }

  /**
   * The service settings the definitions depend on.
   *
   * @param answerThreshold the service-level threshold of the queued channels (voice, chat)
   * @param shortAbandon an abandon after a wait under this is a short abandon
   * @param firstResponse the first-response target of the written channels (email, chat, SMS)
   * @param hold the hold target of a voice contact
   */
  record Targets(
      Map<Channel, Duration> answerThreshold,
      Duration shortAbandon,
      Map<Channel, Duration> firstResponse,
      Duration hold) {

    /** The product's defaults (docs/metrics.md). */
    static Targets defaults() {
      return new Targets(
          Map.of(Channel.VOICE, Duration.ofSeconds(20), Channel.CHAT, Duration.ofSeconds(20)),
          Duration.ofSeconds(5),
          Map.of(
              Channel.EMAIL, Duration.ofHours(4),
              Channel.CHAT, Duration.ofSeconds(30),
              Channel.SMS, Duration.ofHours(1)),
          Duration.ofMinutes(2).plusSeconds(37));
    }
  }

  /**
   * One contact as the contacts topic should hold it.
   *
   * @param customerId the customer
   * @param fcr RESOLVED, NOT_RESOLVED, PENDING or NOT_APPLICABLE
   * @param repeatOf the contact it repeats, or null
   * @param channelHop a repeat on another channel
   * @param events its distinct events
   * @param start its first event time
   * @param end its end, null while open
   * @param repeatCount the earlier contacts it could repeat (INBOUND), else 0
   * @param answeredAt its first ANSWERED event, else its first AGENT message; null when neither
   * @param waitMs the queue wait of an INBOUND voice or chat contact, else null
   * @param handleMs its last end event (else its end) minus answeredAt when answered and ended
   * @param holdSeconds the largest hold its events report, null when none does
   * @param transfers its TRANSFERRED events
   * @param firstResponseMs first CUSTOMER message to the first AGENT message after it, or null
   * @param targetBreached it has a response-time target and missed it (as of the final watermark)
   * @param csat the CSAT of its latest survey answer, or null
   * @param nps the NPS of its latest survey answer, or null
   * @param ces the CES of its latest survey answer, or null
   */
  record Contact(
      String customerId,
      String fcr,
      String repeatOf,
      boolean channelHop,
      int events,
      Instant start,
      Instant end,
      int repeatCount,
      Instant answeredAt,
      Long waitMs,
      Long handleMs,
      Integer holdSeconds,
      int transfers,
      Long firstResponseMs,
      boolean targetBreached,
      Integer csat,
      Integer nps,
      Integer ces) {}

  /**
   * A survey answer (docs/metrics.md, "Surveys"), the test's own record: it names its contact by
   * contactId; null scores were not asked.
   *
   * @param surveyId the answer's id (the later of two answers at the same time is the greater id)
   * @param contactId the contact it is about
   * @param respondedAt when the customer answered
   * @param csat 1-5 or null
   * @param nps 0-10 or null
   * @param ces 1-7 or null
   */
  record Answer(
      String surveyId,
      String contactId,
      Instant respondedAt,
      Integer csat,
      Integer nps,
      Integer ces) {

    /** Of two answers about one contact, the one that counts: the later, then the greater id. */
    static Answer latest(Answer a, Answer b) {
      int byTime = a.respondedAt.compareTo(b.respondedAt);
      if (byTime != 0) {
        return byTime > 0 ? a : b;
      }
      return a.surveyId.compareTo(b.surveyId) >= 0 ? a : b;
    }

    /** A detractor, for CHURN_RISK: NPS 0-6 or CSAT 1-2. */
    boolean detractor() {
      return (nps != null && nps <= 6) || (csat != null && csat <= 2);
    }

    /**
     * Its counters in the survey buckets of a contact with FCR status {@code fcr}, in the order of
     * {@link ReferenceModel#surveys}.
     */
    List<Long> counts(String fcr) {
      long asked = csat != null ? 1 : 0;
      long satisfied = csat != null && csat >= 4 ? 1 : 0;
      boolean resolved = fcr.equals("RESOLVED");
      boolean notResolved = fcr.equals("NOT_RESOLVED");
      return List.of(
          asked,
          satisfied,
          nps != null ? 1L : 0L,
          nps != null && nps >= 9 ? 1L : 0L,
          nps != null && nps <= 6 ? 1L : 0L,
          ces != null ? 1L : 0L,
          ces != null ? (long) ces : 0L,
          resolved ? asked : 0L,
          resolved ? satisfied : 0L,
          notResolved ? asked : 0L,
          notResolved ? satisfied : 0L);
    }
  }

  /** journeyline.alerts.repeat-contact.returns, the default (the harness does not change it). */
  static final int REPEAT_ALERT_RETURNS = 2;

  final Map<String, Contact> contacts = new TreeMap<>();
  final Map<String, List<Long>> fcr = new TreeMap<>();
  final Map<String, List<Long>> sentiment = new TreeMap<>();
  final Map<String, List<Long>> repeat = new TreeMap<>();

  /**
   * The service buckets: offered, answered, answeredWithinThreshold, abandoned, shortAbandons,
   * waitSumMs, handled, handleSumMs, transferred, targetContacts, targetBreaches (buckets whose
   * counters are all zero left out).
   */
  final Map<String, List<Long>> service = new TreeMap<>();

  /**
   * The survey buckets: csatResponses, csatSatisfied, npsResponses, promoters, detractors,
   * cesResponses, cesSum, resolvedCsatResponses, resolvedCsatSatisfied, notResolvedCsatResponses,
   * notResolvedCsatSatisfied (buckets whose counters are all zero left out).
   */
  final Map<String, List<Long>> surveys = new TreeMap<>();

  /**
   * The alerts whose condition holds in this state, as {@code TYPE:contactId} (docs/metrics.md:
   * "Sentiment", "Repeat count and REPEAT_CONTACT", "Response-time targets", "CHURN_RISK"). Alerts
   * are raised as events arrive and never retracted, so the topology raises these and possibly
   * more, whose condition held only in an earlier state: see {@link AggregatesPropertyTest}.
   */
  final Set<String> alerts = new TreeSet<>();

  /**
   * The answers that go to the DLQ with reason unmatched, by the contact id they name: one per
   * contact id that no contact has (the latest answer waiting for it), and one per answer that
   * arrives once its contact has left the journey.
   */
  final List<String> unmatched = new ArrayList<>();

  /** Of those, the answers whose contact had left the journey. */
  int leftJourney;

  /** How long after its end a contact stays in its customer's journey (docs/metrics.md). */
  static final Duration JOURNEY_HORIZON = Duration.ofDays(30);

  private record Folded(
      String contactId,
      String customer,
      Channel channel,
      boolean inbound,
      long start,
      Long end,
      String queue,
      String agent,
      String issue,
      boolean notResolvedItself,
      List<Long> scores,
      int events,
      Service service) {}

  /**
   * The service facts of one contact (docs/metrics.md, "Answer, wait and handle time" and
   * "Response-time targets").
   */
  private record Service(
      Long answeredAt,
      Long waitMs,
      Long handleMs,
      Integer holdSeconds,
      int transfers,
      Long firstResponseMs,
      boolean queued,
      boolean abandoned,
      boolean targeted,
      boolean breached,
      Long breachAt) {

    /** Its counters in a service bucket, in the order of {@link ReferenceModel#service}. */
    List<Long> counts(Targets targets, Channel channel) {
      boolean answered = queued && answeredAt != null;
      boolean abandonedUnanswered = queued && abandoned && answeredAt == null;
      boolean offered = answered || abandonedUnanswered;
      boolean within = answered && waitMs <= targets.answerThreshold().get(channel).toMillis();
      boolean shortAbandon = abandonedUnanswered && waitMs < targets.shortAbandon().toMillis();
      boolean handled = answered && handleMs != null;
      return List.of(
          offered ? 1L : 0L,
          answered ? 1L : 0L,
          within ? 1L : 0L,
          abandonedUnanswered ? 1L : 0L,
          shortAbandon ? 1L : 0L,
          answered ? waitMs : 0L,
          handled ? 1L : 0L,
          handled ? handleMs : 0L,
          answered && transfers > 0 ? 1L : 0L,
          targeted ? 1L : 0L,
          targeted && breached ? 1L : 0L);
    }
  }

  private ReferenceModel() {}

  static ReferenceModel of(List<Ev> distinctEvents, long finalTime, Settings settings) {
    return of(distinctEvents, List.of(), List.of(), finalTime, settings);
  }

  static ReferenceModel of(
      List<Ev> distinctEvents, List<History.Link> links, long finalTime, Settings settings) {
    return of(distinctEvents, links, List.of(), finalTime, settings);
  }

  /**
   * The model of a set of events and CRM links (each posted after every event's time, so a link has
   * the last word on its identifier's customer id).
   */
  static ReferenceModel of(
      List<Ev> distinctEvents,
      List<History.Link> links,
      List<Answer> answers,
      long finalTime,
      Settings settings) {
    return of(distinctEvents, links, answers, List.of(), finalTime, settings);
  }

  /**
   * The model of a set of events, CRM links and survey answers: {@code answers} arrive while the
   * events do, {@code afterFinal} once the watermark is {@code finalTime} (each about another
   * contact), when a contact that ended more than {@link #JOURNEY_HORIZON} before has left its
   * customer's journey.
   */
  static ReferenceModel of(
      List<Ev> distinctEvents,
      List<History.Link> links,
      List<Answer> answers,
      List<Answer> afterFinal,
      long finalTime,
      Settings settings) {
    Map<String, String> owners = Identities.owners(distinctEvents, links, 5);
    long n = settings.window().toMillis();
    Map<String, List<Ev>> byKey = new LinkedHashMap<>();
    for (Ev e : distinctEvents) {
      byKey.computeIfAbsent(e.channel + "/" + e.contactId, k -> new ArrayList<>()).add(e);
    }
    List<Folded> all = new ArrayList<>();
    for (List<Ev> list : byKey.values()) {
      list.sort(
          Comparator.comparing((Ev e) -> e.at)
              .thenComparingInt(e -> lifecycleRank(e.type))
              .thenComparing(e -> e.eventId));
      long keyStart = list.get(0).at.toEpochMilli();
      List<Ev> session = new ArrayList<>();
      for (Ev e : list) {
        if (!session.isEmpty() && opensNewContact(session, e, settings)) {
          all.add(fold(session, keyStart, finalTime, settings, owners));
          session = new ArrayList<>();
        }
        session.add(e);
      }
      all.add(fold(session, keyStart, finalTime, settings, owners));
    }
    ReferenceModel ref = new ReferenceModel();
    // A contact counts one answer, the latest (by respondedAt, then surveyId); an answer naming no
    // contact is unmatched
    Map<String, Answer> latest = new TreeMap<>();
    for (Answer a : answers) {
      latest.merge(a.contactId(), a, Answer::latest);
    }
    Map<String, Folded> byId = new TreeMap<>();
    all.forEach(c -> byId.put(c.contactId, c));
    for (String id : latest.keySet()) {
      if (!byId.containsKey(id)) {
        ref.unmatched.add(id);
      }
    }
    for (Answer a : afterFinal) {
      Folded c = byId.get(a.contactId());
      if (c == null) {
        ref.unmatched.add(a.contactId());
      } else if (c.end != null && c.end < finalTime - JOURNEY_HORIZON.toMillis()) {
        // it left its customer's journey 30 days after it ended
        ref.unmatched.add(a.contactId());
        ref.leftJourney++;
      } else {
        latest.merge(a.contactId(), a, Answer::latest);
      }
    }
    for (Folded c : all) {
      String status = "NOT_APPLICABLE";
      Folded repeatOf = null;
      int repeatCount = 0;
      if (c.inbound) {
        boolean returned = false;
        for (Folded o : all) {
          if (o == c || !o.inbound || !o.customer.equals(c.customer)) {
            continue;
          }
          if (c.end != null && o.start > c.end && o.start <= c.end + n && match(c.issue, o.issue)) {
            returned = true;
          }
          if (o.end != null && c.start > o.end && c.start <= o.end + n && match(o.issue, c.issue)) {
            repeatCount++;
            if (repeatOf == null || moreRecent(o, repeatOf)) {
              repeatOf = o;
            }
          }
        }
        if (c.notResolvedItself || returned) {
          status = "NOT_RESOLVED";
        } else if (c.end != null && finalTime > c.end + n + settings.grace().toMillis()) {
          status = "RESOLVED";
        } else {
          status = "PENDING";
        }
      }
      ref.contacts.put(
          c.contactId,
          new Contact(
              c.customer,
              status,
              repeatOf == null ? null : repeatOf.contactId,
              repeatOf != null && repeatOf.channel != c.channel,
              c.events,
              Instant.ofEpochMilli(c.start),
              c.end == null ? null : Instant.ofEpochMilli(c.end),
              repeatCount,
              c.service.answeredAt == null ? null : Instant.ofEpochMilli(c.service.answeredAt),
              c.service.waitMs,
              c.service.handleMs,
              c.service.holdSeconds,
              c.service.transfers,
              c.service.firstResponseMs,
              c.service.targeted && c.service.breached,
              latest.containsKey(c.contactId) ? latest.get(c.contactId).csat() : null,
              latest.containsKey(c.contactId) ? latest.get(c.contactId).nps() : null,
              latest.containsKey(c.contactId) ? latest.get(c.contactId).ces() : null));
      Answer answer = latest.get(c.contactId);
      List<Long> surveyCounts = answer == null ? null : answer.counts(status);
      List<Long> serviceCounts = c.service.counts(settings.targets(), c.channel);
      boolean anyService = serviceCounts.stream().anyMatch(v -> v != 0);
      long sum = c.scores.stream().mapToLong(Long::longValue).sum();
      long negative = c.scores.stream().filter(s -> s <= -50_000).count();
      long alerted = 0;
      for (int i = 2; i < c.scores.size(); i++) {
        if (c.scores.get(i - 2) + c.scores.get(i - 1) + c.scores.get(i) <= -1_500_000) {
          alerted = 1;
        }
      }
      // the alerts of this contact alone (CHURN_RISK, which looks at the customer's other
      // contacts, below)
      if (alerted == 1) {
        ref.alerts.add("NEGATIVE_SENTIMENT:" + c.contactId);
      }
      if (c.inbound && (c.issue != null || c.end != null) && repeatCount >= REPEAT_ALERT_RETURNS) {
        ref.alerts.add("REPEAT_CONTACT:" + c.contactId);
      }
      // a breach that happened while the contact was open: the deadline, or the event reporting
      // the hold, before the contact's end
      if (c.service.targeted
          && c.service.breached
          && (c.end == null || c.service.breachAt < c.end)) {
        ref.alerts.add("RESPONSE_TARGET_BREACH:" + c.contactId);
      }
      for (String[] w : new String[][] {{"1h", "HOURS"}, {"1d", "DAYS"}}) {
        Instant bucket = Instant.ofEpochMilli(c.start).truncatedTo(ChronoUnit.valueOf(w[1]));
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("ALL", "all");
        dims.put("CHANNEL", c.channel.name());
        dims.put("QUEUE", c.queue == null ? "unknown" : c.queue);
        dims.put("AGENT", c.agent == null ? "unknown" : c.agent);
        dims.put("ISSUE", c.issue == null ? "unknown" : c.issue);
        for (Map.Entry<String, String> d : dims.entrySet()) {
          String key = w[0] + "|" + bucket + "|" + d.getKey() + "|" + d.getValue();
          add(ref.sentiment, key, List.of(1L, (long) c.scores.size(), sum, negative, alerted));
          if (anyService) {
            add(ref.service, key, serviceCounts);
          }
          if (surveyCounts != null && surveyCounts.stream().anyMatch(v -> v != 0)) {
            add(ref.surveys, key, surveyCounts);
          }
          if (c.inbound) {
            add(
                ref.fcr,
                key,
                List.of(
                    1L,
                    status.equals("RESOLVED") ? 1L : 0L,
                    status.equals("NOT_RESOLVED") ? 1L : 0L,
                    status.equals("PENDING") ? 1L : 0L));
            add(
                ref.repeat,
                key,
                List.of(
                    1L,
                    repeatOf != null ? 1L : 0L,
                    repeatOf != null && repeatOf.channel != c.channel ? 1L : 0L));
          }
        }
      }
    }
    // CHURN_RISK for an INBOUND contact C whose latest answer is a detractor's: among the
    // customer's INBOUND contacts that started within N up to C's start (C included), at least 2
    // NOT_RESOLVED and at least one with a mean sentiment at most -0.05
    for (Folded c : all) {
      Answer answer = latest.get(c.contactId);
      if (!c.inbound || answer == null || !answer.detractor()) {
        continue;
      }
      int notResolved = 0;
      boolean negative = false;
      for (Folded o : all) {
        if (o.inbound
            && o.customer.equals(c.customer)
            && o.start <= c.start
            && o.start >= c.start - n) {
          notResolved += ref.contacts.get(o.contactId).fcr().equals("NOT_RESOLVED") ? 1 : 0;
          long sum = o.scores.stream().mapToLong(Long::longValue).sum();
          // mean = sum / count <= -0.05, in millionths
          negative |= !o.scores.isEmpty() && sum <= -50_000L * o.scores.size();
        }
      }
      if (notResolved >= 2 && negative) {
        ref.alerts.add("CHURN_RISK:" + c.contactId);
      }
    }
    return ref;
  }

  /**
   * Whether {@code e} opens a new contact after {@code session}: after an explicit end, anything
   * but an agent, bot or system message, an ANSWERED, or a further end within the gap; before it,
   * silence longer than the lifecycle timeout (explicit start) or the channel's gap (no explicit
   * start).
   */
  private static boolean opensNewContact(List<Ev> session, Ev e, Settings settings) {
    Ev last = session.get(session.size() - 1);
    long silence = e.at.toEpochMilli() - last.at.toEpochMilli();
    long gap = settings.gaps().get(e.channel).toMillis();
    boolean ended = session.stream().anyMatch(ReferenceModel::ends);
    boolean started = session.stream().anyMatch(x -> x.type == EventType.CONTACT_STARTED);
    if (ended) {
      boolean nonCustomerMessage =
          e.type == EventType.MESSAGE && e.participant != Participant.CUSTOMER;
      return !(nonCustomerMessage || e.type == EventType.ANSWERED || (ends(e) && silence <= gap));
    }
    return silence > (started ? settings.lifecycleTimeout().toMillis() : gap);
  }

  /**
   * The order of events at the same instant. docs/metrics.md only says "event-time order"; this
   * takes the contact's lifecycle: start, answer, message, transfer, end, abandon.
   */
  private static int lifecycleRank(EventType type) {
    return switch (type) {
      case CONTACT_STARTED -> 0;
      case ANSWERED -> 1;
      case MESSAGE -> 2;
      case TRANSFERRED -> 3;
      case CONTACT_ENDED -> 4;
      case ABANDONED -> 5;
    };
  }

  private static boolean ends(Ev e) {
    return e.type == EventType.CONTACT_ENDED || e.type == EventType.ABANDONED;
  }

  private static boolean moreRecent(Folded a, Folded b) {
    int byEnd = Long.compare(a.end, b.end);
    if (byEnd != 0) {
      return byEnd > 0;
    }
    int byStart = Long.compare(a.start, b.start);
    return byStart != 0 ? byStart > 0 : a.contactId.compareTo(b.contactId) > 0;
  }

  private static Folded fold(
      List<Ev> session,
      long keyStart,
      long finalTime,
      Settings settings,
      Map<String, String> owners) {
    Ev first = session.get(0);
    Ev last = session.get(session.size() - 1);
    String queue = null;
    String agent = null;
    String issue = null;
    Boolean disposition = null;
    boolean started = false;
    Ev firstEnd = null;
    List<Long> scores = new ArrayList<>();
    for (Ev e : session) {
      queue = e.queue != null ? e.queue : queue;
      agent = e.agentId != null ? e.agentId : agent;
      issue = e.issue != null ? e.issue : issue;
      if (e.type == EventType.CONTACT_ENDED && e.resolved != null) {
        disposition = e.resolved;
      }
      started |= e.type == EventType.CONTACT_STARTED;
      if (firstEnd == null && ends(e)) {
        firstEnd = e;
      }
      if (e.type == EventType.MESSAGE && e.participant == Participant.CUSTOMER) {
        scores.add(Math.round(e.sentiment * 1_000_000));
      }
    }
    long timeout =
        started
            ? settings.lifecycleTimeout().toMillis()
            : settings.gaps().get(first.channel).toMillis();
    Long end = null;
    if (firstEnd != null) {
      end = firstEnd.at.toEpochMilli();
    } else if (finalTime - last.at.toEpochMilli() > timeout) {
      end = last.at.toEpochMilli();
    }
    boolean abandoned = firstEnd != null && firstEnd.type == EventType.ABANDONED;
    String customer = owners.get(first.contactId);
    long start = first.at.toEpochMilli();
    String contactId =
        start == keyStart ? first.contactId : first.contactId + "@" + Instant.ofEpochMilli(start);
    boolean inbound = first.direction == Direction.INBOUND;
    Service service =
        service(session, first.channel, inbound, start, end, abandoned, finalTime, settings);
    return new Folded(
        contactId,
        customer,
        first.channel,
        first.direction == Direction.INBOUND,
        start,
        end,
        queue,
        agent,
        issue,
        abandoned || Boolean.FALSE.equals(disposition),
        scores,
        session.size(),
        service);
  }

  /**
   * docs/metrics.md, "Answer, wait and handle time" and "Response-time targets", over one contact's
   * events in event-time order.
   */
  private static Service service(
      List<Ev> session,
      Channel channel,
      boolean inbound,
      long start,
      Long end,
      boolean abandoned,
      long finalTime,
      Settings settings) {
    Targets targets = settings.targets();
    // answered at its first ANSWERED event, or else at its first AGENT message, counting only
    // those at or before the contact's end
    Long firstAnswered = null;
    Long firstAgent = null;
    Long lastEndEvent = null;
    Integer hold = null;
    int transfers = 0;
    Long firstCustomer = null;
    Long firstResponse = null;
    Long holdBreachAt = null;
    for (Ev e : session) {
      long at = e.at.toEpochMilli();
      boolean agentMessage = e.type == EventType.MESSAGE && e.participant == Participant.AGENT;
      boolean byEnd = end == null || at <= end;
      if (e.type == EventType.ANSWERED && firstAnswered == null && byEnd) {
        firstAnswered = at;
      }
      if (agentMessage && firstAgent == null && byEnd) {
        firstAgent = at;
      }
      if (ends(e)) {
        lastEndEvent = at;
      }
      if (e.holdSeconds != null) {
        hold = hold == null ? e.holdSeconds : Math.max(hold, e.holdSeconds);
        // the first event reporting a hold beyond the target
        if (holdBreachAt == null && e.holdSeconds * 1000L > targets.hold().toMillis()) {
          holdBreachAt = at;
        }
      }
      if (e.type == EventType.TRANSFERRED) {
        transfers++;
      }
      // the response is the first AGENT message after the first CUSTOMER message
      if (agentMessage && firstCustomer != null && firstResponse == null) {
        firstResponse = at;
      }
      if (e.type == EventType.MESSAGE
          && e.participant == Participant.CUSTOMER
          && firstCustomer == null) {
        firstCustomer = at;
      }
    }
    Long answeredAt = firstAnswered != null ? firstAnswered : firstAgent;
    // the queue wait of an INBOUND voice or chat contact: answered - start, or, abandoned
    // unanswered, end - start
    boolean queued = inbound && (channel == Channel.VOICE || channel == Channel.CHAT);
    Long waitMs = null;
    if (queued && answeredAt != null) {
      waitMs = answeredAt - start;
    } else if (queued && abandoned) {
      waitMs = end - start;
    }
    // handle time of an answered contact that ended: its last end event (a wrap-up extends it),
    // or its end when it closed without one, minus answered
    Long handleMs = null;
    if (answeredAt != null && end != null) {
      handleMs = (lastEndEvent != null ? lastEndEvent : end) - answeredAt;
    }
    boolean targeted = false;
    boolean breached = false;
    Long breachAt = null;
    if (inbound && channel == Channel.VOICE) {
      targeted = true;
      breached = hold != null && hold * 1000L > targets.hold().toMillis();
      breachAt = holdBreachAt;
    } else if (inbound && firstCustomer != null) {
      targeted = true;
      long target = targets.firstResponse().get(channel).toMillis();
      breached =
          firstResponse != null
              ? firstResponse - firstCustomer > target
              : finalTime > firstCustomer + target;
      // the breach happened at the deadline, whether the response came later or never
      breachAt = breached ? firstCustomer + target : null;
    }
    return new Service(
        answeredAt,
        waitMs,
        handleMs,
        hold,
        transfers,
        firstResponse == null ? null : firstResponse - firstCustomer,
        queued,
        abandoned,
        targeted,
        breached,
        breachAt);
  }

  /**
   * DESIGN.md's identity rules, written again with a union-find over the final evidence: the
   * identifiers of one contact are linked; a CRM link ties its identifier to the customer id and
   * overrides the identifier's evidence links to other customer ids (it is newer than all of them);
   * an identifier linked to more than {@code maxPerIdentifier} customer ids or identifiers of one
   * other type is shared and links nothing; a component's id is its smallest customer id, else
   * {@code prov:} of its best identifier (phone, email, chat user, then value); a contact belongs
   * to the best id over its identifiers that are not shared.
   */
  static final class Identities {
    private final Map<String, String> parent = new TreeMap<>();

    static Map<String, String> owners(List<Ev> events, List<History.Link> links, int max) {
      Map<String, java.util.Set<String>> byContact = new TreeMap<>();
      for (Ev e : events) {
        java.util.Set<String> ids =
            byContact.computeIfAbsent(e.contactId, k -> new java.util.TreeSet<>());
        if (e.customerId != null) {
          ids.add("CUSTOMER_ID:" + e.customerId);
        }
        if (e.phone != null) {
          ids.add("PHONE:" + e.phone);
        }
        if (e.email != null) {
          ids.add("EMAIL:" + e.email.toLowerCase(java.util.Locale.ROOT));
        }
        if (e.chatUser != null) {
          ids.add("CHAT_USER:" + e.chatUser.trim());
        }
      }
      Map<String, String> crm = new TreeMap<>();
      for (History.Link link : links) {
        crm.put(link.type() + ":" + link.value(), "CUSTOMER_ID:" + link.customerId());
      }
      Map<String, java.util.Set<String>> edges = new TreeMap<>();
      java.util.function.BiConsumer<String, String> edge =
          (a, b) -> {
            edges.computeIfAbsent(a, k -> new java.util.TreeSet<>()).add(b);
            edges.computeIfAbsent(b, k -> new java.util.TreeSet<>()).add(a);
          };
      for (java.util.Set<String> ids : byContact.values()) {
        List<String> list = new ArrayList<>(ids);
        for (int i = 0; i < list.size(); i++) {
          for (int j = i + 1; j < list.size(); j++) {
            if (counts(list.get(i), list.get(j), crm)) {
              edge.accept(list.get(i), list.get(j));
            }
          }
          edges.computeIfAbsent(list.get(i), k -> new java.util.TreeSet<>());
        }
      }
      crm.forEach(edge);
      java.util.Set<String> shared = new java.util.TreeSet<>();
      edges.forEach(
          (node, neighbours) -> {
            if (node.startsWith("CUSTOMER_ID:")) {
              return;
            }
            Map<String, Integer> perType = new TreeMap<>();
            for (String nb : neighbours) {
              perType.merge(nb.substring(0, nb.indexOf(':')), 1, Integer::sum);
            }
            if (perType.values().stream().anyMatch(c -> c > max)) {
              shared.add(node);
            }
          });
      Identities uf = new Identities();
      edges.forEach(
          (node, neighbours) -> {
            uf.find(node);
            if (!shared.contains(node)) {
              for (String nb : neighbours) {
                if (!shared.contains(nb)) {
                  uf.union(node, nb);
                }
              }
            }
          });
      Map<String, String> survivor = new TreeMap<>();
      for (String node : edges.keySet()) {
        String root = shared.contains(node) ? node : uf.find(node);
        String id = own(node);
        survivor.merge(root, id, (x, y) -> better(x, y) ? x : y);
      }
      Map<String, String> owners = new TreeMap<>();
      byContact.forEach(
          (contact, ids) -> {
            String best = null;
            String fallback = null;
            for (String id : ids) {
              String s = survivor.get(shared.contains(id) ? id : uf.find(id));
              if (!shared.contains(id) && (best == null || better(s, best))) {
                best = s;
              }
              if (fallback == null || better(s, fallback)) {
                fallback = s;
              }
            }
            owners.put(contact, best != null ? best : fallback);
          });
      return owners;
    }

    /** An evidence edge counts unless a CRM link of its identifier names another customer id. */
    private static boolean counts(String a, String b, Map<String, String> crm) {
      boolean aId = a.startsWith("CUSTOMER_ID:");
      boolean bId = b.startsWith("CUSTOMER_ID:");
      if (aId == bId) {
        return true;
      }
      String identifier = aId ? b : a;
      String customer = aId ? a : b;
      return !crm.containsKey(identifier) || crm.get(identifier).equals(customer);
    }

    private static String own(String node) {
      return node.startsWith("CUSTOMER_ID:") ? node.substring(12) : "prov:" + node;
    }

    private static boolean better(String a, String b) {
      boolean pa = a.startsWith("prov:");
      boolean pb = b.startsWith("prov:");
      if (pa != pb) {
        return !pa;
      }
      if (!pa) {
        return a.compareTo(b) < 0;
      }
      String ka = a.substring(5);
      String kb = b.substring(5);
      int ra = rank(ka);
      int rb = rank(kb);
      if (ra != rb) {
        return ra < rb;
      }
      return ka.substring(ka.indexOf(':') + 1).compareTo(kb.substring(kb.indexOf(':') + 1)) < 0;
    }

    private static int rank(String key) {
      return key.startsWith("PHONE:") ? 0 : key.startsWith("EMAIL:") ? 1 : 2;
    }

    private String find(String x) {
      parent.putIfAbsent(x, x);
      String p = parent.get(x);
      if (!p.equals(x)) {
        p = find(p);
        parent.put(x, p);
      }
      return p;
    }

    private void union(String a, String b) {
      String ra = find(a);
      String rb = find(b);
      if (!ra.equals(rb)) {
        parent.put(ra, rb);
      }
    }
  }

  static boolean match(String a, String b) {
    return a == null || b == null || a.equals(b);
  }

  private static void add(Map<String, List<Long>> map, String key, List<Long> counts) {
    map.merge(
        key,
        counts,
        (x, y) -> {
          List<Long> out = new ArrayList<>();
          for (int i = 0; i < x.size(); i++) {
            out.add(x.get(i) + y.get(i));
          }
          return out;
        });
  }

  /** Sum over the ALL/1d buckets: contacts, resolved, notResolved, pending, repeats, hops. */
  long[] totals() {
    long[] t = new long[6];
    fcr.forEach(
        (k, v) -> {
          if (k.startsWith("1d|") && k.endsWith("|ALL|all")) {
            for (int i = 0; i < 4; i++) {
              t[i] += v.get(i);
            }
          }
        });
    repeat.forEach(
        (k, v) -> {
          if (k.startsWith("1d|") && k.endsWith("|ALL|all")) {
            t[4] += v.get(1);
            t[5] += v.get(2);
          }
        });
    return t;
  }

  // The published records in the reference's terms

  /** The contacts topic (latest value per key, tombstones as null) in the reference's terms. */
  static Map<String, Contact> contacts(Map<String, ContactSummary> in) {
    Map<String, Contact> out = new TreeMap<>();
    in.forEach(
        (id, c) -> {
          if (c != null) {
            out.put(
                id,
                new Contact(
                    c.getCustomerId(),
                    c.getFcr().name(),
                    c.getRepeatOf(),
                    c.getChannelHop(),
                    c.getEvents(),
                    c.getStartedAt(),
                    c.getEndedAt(),
                    c.getRepeatCount(),
                    c.getAnsweredAt(),
                    c.getWaitMs(),
                    c.getHandleMs(),
                    c.getHoldSeconds(),
                    c.getTransfers(),
                    c.getFirstResponseMs(),
                    c.getTargetBreached(),
                    c.getCsat(),
                    c.getNps(),
                    c.getCes()));
          }
        });
    return out;
  }

  static String bucket(MetricKey k) {
    return k.getWindow() + "|" + k.getWindowStart() + "|" + k.getDimension() + "|" + k.getKey();
  }

  static Map<String, List<Long>> fcr(Map<MetricKey, FcrAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(
                bucket(k),
                List.of(v.getContacts(), v.getResolved(), v.getNotResolved(), v.getPending()));
          }
        });
    return out;
  }

  static Map<String, List<Long>> sentiment(Map<MetricKey, SentimentAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(
                bucket(k),
                List.of(
                    v.getContacts(),
                    v.getMessages(),
                    Math.round(v.getScoreSum() * 1_000_000),
                    v.getNegativeMessages(),
                    v.getAlerts()));
          }
        });
    return out;
  }

  /**
   * The service topic (latest value per key) in the reference's terms, all-zero buckets left out.
   */
  static Map<String, List<Long>> service(Map<MetricKey, ServiceAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          List<Long> counts =
              List.of(
                  v.getOffered(),
                  v.getAnswered(),
                  v.getAnsweredWithinThreshold(),
                  v.getAbandoned(),
                  v.getShortAbandons(),
                  v.getWaitSumMs(),
                  v.getHandled(),
                  v.getHandleSumMs(),
                  v.getTransferred(),
                  v.getTargetContacts(),
                  v.getTargetBreaches());
          if (counts.stream().anyMatch(x -> x != 0)) {
            out.put(bucket(k), counts);
          }
        });
    return out;
  }

  /**
   * The surveys topic (latest value per key) in the reference's terms, all-zero buckets left out.
   */
  static Map<String, List<Long>> surveys(Map<MetricKey, SurveyAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          List<Long> counts =
              List.of(
                  v.getCsatResponses(),
                  v.getCsatSatisfied(),
                  v.getNpsResponses(),
                  v.getPromoters(),
                  v.getDetractors(),
                  v.getCesResponses(),
                  v.getCesSum(),
                  v.getResolvedCsatResponses(),
                  v.getResolvedCsatSatisfied(),
                  v.getNotResolvedCsatResponses(),
                  v.getNotResolvedCsatSatisfied());
          if (counts.stream().anyMatch(x -> x != 0)) {
            out.put(bucket(k), counts);
          }
        });
    return out;
  }

  static Map<String, List<Long>> repeat(Map<MetricKey, RepeatContactAggregate> in) {
    Map<String, List<Long>> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (v.getContacts() != 0) {
            out.put(bucket(k), List.of(v.getContacts(), v.getRepeats(), v.getChannelHops()));
          }
        });
    return out;
  }
}

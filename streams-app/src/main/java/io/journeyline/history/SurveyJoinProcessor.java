package io.journeyline.history;

import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.journey.LogSafe;
import io.journeyline.journey.Routed;
import io.journeyline.journey.SurveyScores;
import io.journeyline.topology.DeadLetterException;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins survey answers ({@code journeyline.surveys}, re-keyed by contactId like {@code
 * journeyline.contacts}) to their contact, and sends each to the journey of the contact's customer
 * on {@code journeyline.journey-transfers}, where it is attached to the contact.
 *
 * <p>The contact is looked up in {@code contact-history-store}, so a survey that arrives days after
 * its contact finds it. A survey that arrives before its contact's first summary waits in {@code
 * survey-pending-store} and is sent when the summary comes; one still unmatched after {@code
 * journeyline.surveys.pending-retention-ms} (wall clock) goes to the DLQ with reason {@code
 * unmatched}. Both inputs reach this processor in one task: the survey topic is repartitioned by
 * contactId exactly as the contacts topic is partitioned.
 *
 * <p>A survey breaking the contract (a score out of range, no score at all) goes to the DLQ with
 * reason {@code invalid}.
 */
public final class SurveyJoinProcessor implements Processor<String, Object, String, Object> {

  private static final Logger log = LoggerFactory.getLogger(SurveyJoinProcessor.class);

  /** Wall-clock time between two sweeps of the pending surveys. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final Duration pendingRetention;
  private final String surveysTopic;
  private final TopologyListener listener;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, ContactSummary> history;
  private TimestampedKeyValueStore<String, SurveyResponse> pending;

  /**
   * An unmatched survey, for the DLQ sink: the original record and the reason.
   *
   * @param survey the answer
   */
  public record Unmatched(SurveyResponse survey) {}

  /**
   * Creates the processor.
   *
   * @param pendingRetention how long a survey waits for its contact
   * @param surveysTopic the survey topic's name (for the DLQ headers)
   * @param listener told about dead-lettered surveys
   */
  public SurveyJoinProcessor(
      Duration pendingRetention, String surveysTopic, TopologyListener listener) {
    this.pendingRetention = pendingRetention;
    this.surveysTopic = surveysTopic;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.history = context.getStateStore(TopologyNames.CONTACT_HISTORY_STORE);
    this.pending = context.getStateStore(TopologyNames.SURVEY_PENDING_STORE);
    context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, Object> record) {
    if (record.value() instanceof SurveyResponse survey) {
      onSurvey(record.key(), survey, record.timestamp());
    } else if (record.value() instanceof ContactSummary contact) {
      ValueAndTimestamp<SurveyResponse> waiting = pending.get(record.key());
      if (waiting != null) {
        pending.delete(record.key());
        send(contact, waiting.value(), record.timestamp());
      }
    }
  }

  private void onSurvey(String contactId, SurveyResponse survey, long timestamp) {
    String violation = violation(survey);
    if (violation != null) {
      throw new DeadLetterException(DeadLetterException.INVALID, violation);
    }
    ContactSummary contact = history.get(contactId);
    if (contact != null) {
      send(contact, survey, timestamp);
      return;
    }
    ValueAndTimestamp<SurveyResponse> waiting = pending.get(contactId);
    SurveyResponse keep =
        waiting == null || later(survey, waiting.value()) ? survey : waiting.value();
    long since = waiting == null ? context.currentSystemTimeMs() : waiting.timestamp();
    pending.put(contactId, ValueAndTimestamp.make(keep, since));
  }

  private static boolean later(SurveyResponse a, SurveyResponse b) {
    return SurveyScores.latest(scores(a), scores(b)).surveyId().equals(a.getSurveyId());
  }

  private void send(ContactSummary contact, SurveyResponse survey, long timestamp) {
    context.forward(
        new Record<>(contact.getCustomerId(), (Object) Routed.of(scores(survey)), timestamp));
  }

  /** The answer as the journey keeps it (without the comment). */
  static SurveyScores scores(SurveyResponse s) {
    return new SurveyScores(
        s.getSurveyId(),
        s.getContactId(),
        s.getRespondedAt().toEpochMilli(),
        s.getCsat(),
        s.getNps(),
        s.getCes(),
        s.getResolved());
  }

  /** What breaks the survey contract, or null. */
  static String violation(SurveyResponse s) {
    if (s.getCsat() == null
        && s.getNps() == null
        && s.getCes() == null
        && s.getResolved() == null) {
      return "survey " + s.getSurveyId() + " has no answer (csat, nps, ces or resolved)";
    }
    if (s.getCsat() != null && (s.getCsat() < 1 || s.getCsat() > 5)) {
      return "survey " + s.getSurveyId() + ": csat must be 1 to 5";
    }
    if (s.getNps() != null && (s.getNps() < 0 || s.getNps() > 10)) {
      return "survey " + s.getSurveyId() + ": nps must be 0 to 10";
    }
    if (s.getCes() != null && (s.getCes() < 1 || s.getCes() > 7)) {
      return "survey " + s.getSurveyId() + ": ces must be 1 to 7";
    }
    return null;
  }

  private void sweep(long now) {
    List<KeyValue<String, ValueAndTimestamp<SurveyResponse>>> expired = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<SurveyResponse>> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, ValueAndTimestamp<SurveyResponse>> entry = it.next();
        if (entry.value.timestamp() + pendingRetention.toMillis() < now) {
          expired.add(entry);
        }
      }
    }
    for (KeyValue<String, ValueAndTimestamp<SurveyResponse>> entry : expired) {
      pending.delete(entry.key);
      listener.deadLettered(DeadLetterException.UNMATCHED);
      log.warn(
          "Survey {} found no contact {} within {}; sent to the DLQ (reason unmatched)",
          entry.value.value().getSurveyId(),
          LogSafe.conversation(entry.key),
          pendingRetention);
      RecordHeaders headers = new RecordHeaders();
      headers.add("reason", DeadLetterException.UNMATCHED.getBytes(StandardCharsets.UTF_8));
      headers.add("source.topic", surveysTopic.getBytes(StandardCharsets.UTF_8));
      headers.add(
          "exception",
          ("no contact " + entry.key + " within " + pendingRetention)
              .getBytes(StandardCharsets.UTF_8));
      context.forward(
          new Record<>(entry.key, (Object) new Unmatched(entry.value.value()), now, headers));
    }
  }
}

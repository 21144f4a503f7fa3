package io.journeyline.metrics;

import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.journey.ServiceRules;
import java.time.Instant;

/** Builds the public aggregate records from a bucket's counters (rates recomputed). */
public final class AggregateRecords {

  private AggregateRecords() {}

  private static long windowEnd(BucketKey bucket) {
    return bucket.windowStart() + MetricWindow.parse(bucket.window()).size().toMillis();
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : numerator / (double) denominator;
  }

  /** The metric topic key of a bucket. */
  public static MetricKey key(BucketKey bucket) {
    return MetricKey.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .build();
  }

  /**
   * {@code rate = resolved / (resolved + notResolved)}; {@code provisionalRate = (resolved +
   * pending) / contacts}.
   */
  public static FcrAggregate fcr(BucketKey bucket, Counters c, long completeUpTo) {
    return FcrAggregate.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd(bucket)))
        .setContacts(c.fcrContacts())
        .setResolved(c.resolved())
        .setNotResolved(c.notResolved())
        .setPending(c.pending())
        .setRate(ratio(c.resolved(), c.resolved() + c.notResolved()))
        .setProvisionalRate(ratio(c.resolved() + c.pending(), c.fcrContacts()))
        .setCorrections(c.corrections())
        .setCompleteUpTo(Instant.ofEpochMilli(completeUpTo))
        .build();
  }

  /** {@code mean = scoreSum / messages}; {@code negativeShare = negativeMessages / messages}. */
  public static SentimentAggregate sentiment(BucketKey bucket, Counters c, long completeUpTo) {
    return SentimentAggregate.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd(bucket)))
        .setContacts(c.sentimentContacts())
        .setMessages(c.messages())
        .setScoreSum(c.scoreSumMicros() / 1_000_000.0)
        .setMean(c.messages() == 0 ? null : c.scoreSumMicros() / 1_000_000.0 / c.messages())
        .setNegativeMessages(c.negativeMessages())
        .setNegativeShare(ratio(c.negativeMessages(), c.messages()))
        .setAlerts(c.alerts())
        .setCorrections(c.corrections())
        .setCompleteUpTo(Instant.ofEpochMilli(completeUpTo))
        .build();
  }

  /**
   * The operational figures: service level by {@code formula}, {@code abandonRate = abandoned /
   * offered}, {@code averageSpeedOfAnswerMs = waitSumMs / answered}, {@code averageHandleMs =
   * handleSumMs / handled}, {@code transferRate = transferred / answered}, {@code breachRate =
   * targetBreaches / targetContacts}.
   */
  public static ServiceAggregate service(
      BucketKey bucket, Counters c, long completeUpTo, ServiceRules.ServiceLevelFormula formula) {
    ServiceCounters s = c.service();
    long slDenominator = formula.denominator(s.offered(), s.answered(), s.shortAbandons());
    return ServiceAggregate.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd(bucket)))
        .setOffered(s.offered())
        .setAnswered(s.answered())
        .setAnsweredWithinThreshold(s.answeredWithinThreshold())
        .setAbandoned(s.abandoned())
        .setShortAbandons(s.shortAbandons())
        .setServiceLevel(ratio(s.answeredWithinThreshold(), slDenominator))
        .setServiceLevelFormula(formula.name())
        .setAbandonRate(ratio(s.abandoned(), s.offered()))
        .setWaitSumMs(s.waitSumMs())
        .setAverageSpeedOfAnswerMs(ratio(s.waitSumMs(), s.answered()))
        .setHandled(s.handled())
        .setHandleSumMs(s.handleSumMs())
        .setAverageHandleMs(ratio(s.handleSumMs(), s.handled()))
        .setTransferred(s.transferred())
        .setTransferRate(ratio(s.transferred(), s.answered()))
        .setTargetContacts(s.targetContacts())
        .setTargetBreaches(s.targetBreaches())
        .setBreachRate(ratio(s.targetBreaches(), s.targetContacts()))
        .setCorrections(c.corrections())
        .setCompleteUpTo(Instant.ofEpochMilli(completeUpTo))
        .build();
  }

  /**
   * {@code csat = csatSatisfied / csatResponses}; {@code nps = (promoters - detractors) /
   * npsResponses * 100}; {@code ces = cesSum / cesResponses}; CSAT of RESOLVED and NOT_RESOLVED
   * contacts alike.
   */
  public static SurveyAggregate surveys(BucketKey bucket, Counters c, long completeUpTo) {
    SurveyCounters s = c.surveys();
    Double nps = ratio(s.promoters() - s.detractors(), s.npsResponses());
    return SurveyAggregate.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd(bucket)))
        .setCsatResponses(s.csatResponses())
        .setCsatSatisfied(s.csatSatisfied())
        .setCsat(ratio(s.csatSatisfied(), s.csatResponses()))
        .setNpsResponses(s.npsResponses())
        .setPromoters(s.promoters())
        .setDetractors(s.detractors())
        .setNps(nps == null ? null : nps * 100)
        .setCesResponses(s.cesResponses())
        .setCesSum(s.cesSum())
        .setCes(ratio(s.cesSum(), s.cesResponses()))
        .setResolvedCsatResponses(s.resolvedCsatResponses())
        .setResolvedCsatSatisfied(s.resolvedCsatSatisfied())
        .setCsatResolved(ratio(s.resolvedCsatSatisfied(), s.resolvedCsatResponses()))
        .setNotResolvedCsatResponses(s.notResolvedCsatResponses())
        .setNotResolvedCsatSatisfied(s.notResolvedCsatSatisfied())
        .setCsatNotResolved(ratio(s.notResolvedCsatSatisfied(), s.notResolvedCsatResponses()))
        .setCorrections(c.corrections())
        .setCompleteUpTo(Instant.ofEpochMilli(completeUpTo))
        .build();
  }

  /** {@code rate = repeats / contacts}. */
  public static RepeatContactAggregate repeat(BucketKey bucket, Counters c, long completeUpTo) {
    return RepeatContactAggregate.newBuilder()
        .setDimension(bucket.dimension())
        .setKey(bucket.value())
        .setWindow(bucket.window())
        .setWindowStart(Instant.ofEpochMilli(bucket.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd(bucket)))
        .setContacts(c.repeatContacts())
        .setRepeats(c.repeats())
        .setChannelHops(c.channelHops())
        .setRate(ratio(c.repeats(), c.repeatContacts()))
        .setCorrections(c.corrections())
        .setCompleteUpTo(Instant.ofEpochMilli(completeUpTo))
        .build();
  }
}

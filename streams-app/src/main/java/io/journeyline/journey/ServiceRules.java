package io.journeyline.journey;

import io.journeyline.avro.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The operational targets a contact is measured against: the service-level threshold of the queued
 * channels (voice and chat), the short-abandon threshold, and the response-time target of each
 * channel (the first agent response for email, chat and SMS; the hold time for voice).
 *
 * @param answerThresholds the service-level threshold per queued channel (VOICE, CHAT)
 * @param shortAbandon an abandon after a shorter wait is a short abandon
 * @param responseTargets the first-response target per written channel (EMAIL, CHAT, SMS)
 * @param voiceHoldTarget the hold-time target of a voice contact
 * @param formula how the service level is computed from the counts
 */
public record ServiceRules(
    Map<Channel, Duration> answerThresholds,
    Duration shortAbandon,
    Map<Channel, Duration> responseTargets,
    Duration voiceHoldTarget,
    ServiceLevelFormula formula) {

  /** The industry's variants of the service-level formula. */
  public enum ServiceLevelFormula {
    /** answeredWithinThreshold / answered: abandons are ignored. */
    ANSWERED_ONLY,
    /** answeredWithinThreshold / offered: every abandon counts against the service level. */
    ABANDONS_COUNTED,
    /** answeredWithinThreshold / (offered - shortAbandons): abandons after a short wait count. */
    SHORT_ABANDONS_EXCLUDED;

    /** The service level's denominator by this formula. */
    public long denominator(long offered, long answered, long shortAbandons) {
      return switch (this) {
        case ANSWERED_ONLY -> answered;
        case ABANDONS_COUNTED -> offered;
        case SHORT_ABANDONS_EXCLUDED -> offered - shortAbandons;
      };
    }
  }

  public ServiceRules {
    answerThresholds = Map.copyOf(new EnumMap<>(answerThresholds));
    responseTargets = Map.copyOf(new EnumMap<>(responseTargets));
    Objects.requireNonNull(shortAbandon, "shortAbandon");
    Objects.requireNonNull(voiceHoldTarget, "voiceHoldTarget");
    Objects.requireNonNull(formula, "formula");
    for (Channel queued : new Channel[] {Channel.VOICE, Channel.CHAT}) {
      Objects.requireNonNull(answerThresholds.get(queued), "answer threshold of " + queued);
    }
    for (Channel written : new Channel[] {Channel.EMAIL, Channel.CHAT, Channel.SMS}) {
      Objects.requireNonNull(responseTargets.get(written), "response target of " + written);
    }
  }

  /**
   * The defaults: answered within 20 s (voice and chat), short abandons under 5 s, first response
   * within 4 h (email), 30 s (chat) and 1 h (SMS), hold under 2 min 37 s (voice), short abandons
   * excluded from the service level.
   */
  public static ServiceRules defaults() {
    return new ServiceRules(
        Map.of(Channel.VOICE, Duration.ofSeconds(20), Channel.CHAT, Duration.ofSeconds(20)),
        Duration.ofSeconds(5),
        Map.of(
            Channel.EMAIL,
            Duration.ofHours(4),
            Channel.CHAT,
            Duration.ofSeconds(30),
            Channel.SMS,
            Duration.ofHours(1)),
        Duration.ofSeconds(157),
        ServiceLevelFormula.SHORT_ABANDONS_EXCLUDED);
  }

  /** True for the channels whose contacts wait in a queue for an agent (voice, chat). */
  public static boolean queued(Channel channel) {
    return channel == Channel.VOICE || channel == Channel.CHAT;
  }

  /** The service-level threshold of a queued channel in ms. */
  public long answerThresholdMs(Channel channel) {
    return answerThresholds.get(channel).toMillis();
  }

  /** The first-response target of a written channel in ms, null for voice. */
  public Long responseTargetMs(Channel channel) {
    Duration target = responseTargets.get(channel);
    return target == null ? null : target.toMillis();
  }
}

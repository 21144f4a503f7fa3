package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;

/**
 * In-process notifications from the topology, for live summaries and tests. Called on stream
 * threads: implementations must be thread-safe and fast. Best effort: after a task is retried under
 * exactly-once, some calls repeat; the output topics are the exact record. Every method defaults to
 * doing nothing.
 */
public interface TopologyListener {

  /** Does nothing. */
  TopologyListener NONE = new TopologyListener() {};

  /** An event was accepted (not a duplicate, not late, valid). */
  default void eventAccepted(Channel channel) {}

  /** A duplicate eventId was dropped. */
  default void duplicateDropped() {}

  /** A heartbeat reached the topology (it only moves the watermark). */
  default void heartbeat() {}

  /** A record went to the dead-letter queue, with the reason header's value. */
  default void deadLettered(String reason) {}

  /**
   * An event later than its channel's grace (but within the allowed lateness) was applied.
   *
   * @param channel the event's channel
   */
  default void lateEventApplied(Channel channel) {}

  /** A contact that was already final was changed (a correction after final). */
  default void correctionAfterFinal() {}

  /**
   * The journey stage sealed contacts: folded the events older than its time minus the allowed
   * lateness into them.
   *
   * @param contacts how many contacts were sealed, or sealed further
   */
  default void contactsSealed(int contacts) {}

  /**
   * An event reached the journey stage that is not later than a sealed contact of its conversation
   * (accepted on another task's time, through a move): folded after it, where its order among the
   * sealed events is no longer known.
   */
  default void eventBeforeSealed() {}

  /** An identifier became shared: it stopped linking customers. */
  default void identifierShared() {}

  /** An identity link was refused by the component size fuse. */
  default void identityLinkRefused() {}

  /** The identity graph moved a contact to another customer. */
  default void contactMoved() {}

  /** An alert was raised (any type). */
  default void alertRaised() {}

  /** A standing alert was withdrawn: the contact no longer meets its condition. */
  default void alertWithdrawn() {}

  /** An FCR aggregate was published. */
  default void fcrAggregate(FcrAggregate aggregate) {}

  /** A sentiment aggregate was published. */
  default void sentimentAggregate(SentimentAggregate aggregate) {}

  /** A repeat-contact aggregate was published. */
  default void repeatAggregate(RepeatContactAggregate aggregate) {}

  /** An operational aggregate was emitted. */
  default void serviceAggregate(ServiceAggregate aggregate) {}

  /** A survey aggregate was emitted. */
  default void surveyAggregate(SurveyAggregate aggregate) {}
}

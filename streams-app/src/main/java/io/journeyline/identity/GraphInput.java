package io.journeyline.identity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the identity graph reads, on its single-partition input repartitions.
 *
 * @param kind what it is
 * @param key the contact key (evidence) or the identifier's link key (CRM link or unlink)
 * @param identifiers for evidence: every identifier the contact carried so far (link keys)
 * @param firstSeen for evidence: the event time each identifier was first seen on the contact
 * @param customerId for evidence: the customer its latest event was routed to; for a CRM link: the
 *     customer id
 * @param time event time of the evidence, or when the link became known
 * @param sourcePartition for a tick: the stage-A task (input partition) whose watermark it is
 * @param sourcePartitions for a tick: how many stage-A tasks there are
 * @param watermark for a tick: that task's low watermark
 */
public record GraphInput(
    Kind kind,
    String key,
    List<String> identifiers,
    List<Long> firstSeen,
    String customerId,
    long time,
    int sourcePartition,
    int sourcePartitions,
    long watermark) {

  /** The kinds. */
  public enum Kind {
    EVIDENCE,
    CRM_LINK,
    CRM_UNLINK,
    /** A stage-A task's low watermark, passed on to the journey stage after the evidence. */
    TICK
  }

  public GraphInput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    identifiers = List.copyOf(identifiers);
    firstSeen = List.copyOf(firstSeen);
    if (firstSeen.size() != identifiers.size()) {
      throw new IllegalArgumentException("one first-seen time per identifier");
    }
  }

  /** Evidence from a contact. */
  public static GraphInput evidence(
      String contactKey, Map<String, Long> firstSeen, String routedTo, long time) {
    return new GraphInput(
        Kind.EVIDENCE,
        contactKey,
        List.copyOf(firstSeen.keySet()),
        List.copyOf(firstSeen.values()),
        routedTo,
        time,
        0,
        0,
        Long.MIN_VALUE);
  }

  /** For evidence: identifier → the event time it was first seen on the contact. */
  public Map<String, Long> firstSeenByIdentifier() {
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < identifiers.size(); i++) {
      out.put(identifiers.get(i), firstSeen.get(i));
    }
    return out;
  }

  /** A CRM link. */
  public static GraphInput crmLink(String linkKey, String customerId, long time) {
    return new GraphInput(
        Kind.CRM_LINK,
        linkKey,
        List.of(),
        List.of(),
        Objects.requireNonNull(customerId),
        time,
        0,
        0,
        Long.MIN_VALUE);
  }

  /**
   * A stage-A task's low watermark: the graph passes it on to the journey stage once it has
   * processed the evidence that task sent before it (and sent the moves that evidence caused).
   */
  public static GraphInput tick(int sourcePartition, int sourcePartitions, long watermark) {
    return new GraphInput(
        Kind.TICK,
        "\u0000tick",
        List.of(),
        List.of(),
        null,
        watermark,
        sourcePartition,
        sourcePartitions,
        watermark);
  }

  /** A CRM unlink (a tombstone on {@code journeyline.identities}). */
  public static GraphInput crmUnlink(String linkKey, long time) {
    return new GraphInput(
        Kind.CRM_UNLINK, linkKey, List.of(), List.of(), null, time, 0, 0, Long.MIN_VALUE);
  }
}

package io.journeyline.identity;

import java.util.List;
import java.util.Objects;

/**
 * What the identity graph reads, on its single-partition input repartitions.
 *
 * @param kind what it is
 * @param key the contact key (evidence) or the identifier's link key (CRM link or unlink)
 * @param identifiers for evidence: every identifier the contact carried so far (link keys)
 * @param customerId for evidence: the customer its latest event was routed to; for a CRM link: the
 *     customer id
 * @param time event time of the evidence, or when the link became known
 */
public record GraphInput(
    Kind kind, String key, List<String> identifiers, String customerId, long time) {

  /** The kinds. */
  public enum Kind {
    EVIDENCE,
    CRM_LINK,
    CRM_UNLINK
  }

  public GraphInput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    identifiers = List.copyOf(identifiers);
  }

  /** Evidence from a contact. */
  public static GraphInput evidence(
      String contactKey, List<String> identifiers, String routedTo, long time) {
    return new GraphInput(Kind.EVIDENCE, contactKey, identifiers, routedTo, time);
  }

  /** A CRM link. */
  public static GraphInput crmLink(String linkKey, String customerId, long time) {
    return new GraphInput(
        Kind.CRM_LINK, linkKey, List.of(), Objects.requireNonNull(customerId), time);
  }

  /** A CRM unlink (a tombstone on {@code journeyline.identities}). */
  public static GraphInput crmUnlink(String linkKey, long time) {
    return new GraphInput(Kind.CRM_UNLINK, linkKey, List.of(), null, time);
  }
}

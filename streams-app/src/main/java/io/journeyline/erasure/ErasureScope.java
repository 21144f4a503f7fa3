package io.journeyline.erasure;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the contact history must erase: every customer id the erased customer had (the survivor, the
 * customer ids and provisional ids of its identifiers, the customers its contacts were sent to),
 * since an old contact summary keeps the customer id it had when it left its journey. Travels as a
 * string on the internal {@code erasure-scope} repartition.
 *
 * @param requestId the erasure request's id
 * @param customerRef the erased customer's keyed hash, for the audit
 * @param requestedAt when the erasure was requested (epoch ms)
 * @param customerIds the customer ids whose contacts go
 */
public record ErasureScope(
    String requestId, String customerRef, long requestedAt, Set<String> customerIds) {

  private static final String SEPARATOR = "\u0001";

  public ErasureScope {
    customerIds = Set.copyOf(new TreeSet<>(customerIds));
  }

  /** The encoded form. */
  public String encode() {
    StringBuilder out =
        new StringBuilder(requestId)
            .append(SEPARATOR)
            .append(customerRef)
            .append(SEPARATOR)
            .append(requestedAt);
    new TreeSet<>(customerIds).forEach(id -> out.append(SEPARATOR).append(id));
    return out.toString();
  }

  /** Reads {@link #encode()}'s form. */
  public static ErasureScope decode(String encoded) {
    List<String> parts = Arrays.asList(encoded.split(SEPARATOR, -1));
    return new ErasureScope(
        parts.get(0),
        parts.get(1),
        Long.parseLong(parts.get(2)),
        new TreeSet<>(parts.subList(3, parts.size())));
  }
}

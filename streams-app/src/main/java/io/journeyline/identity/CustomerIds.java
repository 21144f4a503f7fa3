package io.journeyline.identity;

import io.journeyline.avro.IdentifierType;
import java.util.Collection;
import java.util.Comparator;

/**
 * The customer ids the identity graph gives out, and the one order that picks among them.
 *
 * <p>A node of the graph is an identifier, named by its link key {@code <TYPE>:<normalized value>};
 * a CRM customer id is a node too ({@code CUSTOMER_ID:<id>}). A connected component is one
 * customer, and its id (the survivor) is the best of its nodes:
 *
 * <ol>
 *   <li>an explicit customer id beats every provisional one, and among explicit ids the smallest in
 *       {@link String#compareTo} order wins;
 *   <li>without one, the component is provisional, {@code prov:<TYPE>:<value>} of its best
 *       identifier: phone before email before chat user, then the smallest value.
 * </ol>
 *
 * Because the survivor is a minimum over the component, it does not depend on the order the
 * component was built in. The same order picks the customer of a contact whose identifiers lie in
 * several components (only possible when one of them is shared or was unlinked).
 */
public final class CustomerIds {

  /** Prefix of provisional customer ids. */
  public static final String PROVISIONAL_PREFIX = "prov:";

  private static final String CUSTOMER_ID_PREFIX = IdentifierType.CUSTOMER_ID.name() + ':';

  /** Best first. */
  public static final Comparator<String> ORDER = CustomerIds::compare;

  private CustomerIds() {}

  /** The customer id a node stands for on its own: its explicit id, or its provisional id. */
  public static String own(String linkKey) {
    return linkKey.startsWith(CUSTOMER_ID_PREFIX)
        ? linkKey.substring(CUSTOMER_ID_PREFIX.length())
        : PROVISIONAL_PREFIX + linkKey;
  }

  /** True for a node that is an explicit customer id. */
  public static boolean isCustomerIdNode(String linkKey) {
    return linkKey.startsWith(CUSTOMER_ID_PREFIX);
  }

  /** The link key of an explicit customer id. */
  public static String customerIdNode(String customerId) {
    return CUSTOMER_ID_PREFIX + customerId;
  }

  /** True for a provisional customer id. */
  public static boolean isProvisional(String customerId) {
    return customerId.startsWith(PROVISIONAL_PREFIX);
  }

  /** The identifier type of a link key. */
  public static IdentifierType type(String linkKey) {
    int colon = linkKey.indexOf(':');
    return IdentifierType.valueOf(linkKey.substring(0, colon));
  }

  /** The value of a link key. */
  public static String value(String linkKey) {
    return linkKey.substring(linkKey.indexOf(':') + 1);
  }

  /** The survivor of a non-empty set of nodes: the best of their own ids. */
  public static String survivor(Collection<String> linkKeys) {
    String best = null;
    for (String key : linkKeys) {
      String id = own(key);
      if (best == null || compare(id, best) < 0) {
        best = id;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("a component has at least one node");
    }
    return best;
  }

  /** Negative when customer id {@code a} is better than {@code b}. */
  public static int compare(String a, String b) {
    boolean pa = isProvisional(a);
    boolean pb = isProvisional(b);
    if (pa != pb) {
      return pa ? 1 : -1;
    }
    if (!pa) {
      return a.compareTo(b);
    }
    String ka = a.substring(PROVISIONAL_PREFIX.length());
    String kb = b.substring(PROVISIONAL_PREFIX.length());
    int byType = Integer.compare(rank(ka), rank(kb));
    return byType != 0 ? byType : value(ka).compareTo(value(kb));
  }

  private static int rank(String linkKey) {
    if (linkKey.startsWith("PHONE:")) {
      return 0;
    }
    if (linkKey.startsWith("EMAIL:")) {
      return 1;
    }
    if (linkKey.startsWith("CHAT_USER:")) {
      return 2;
    }
    return 3;
  }
}

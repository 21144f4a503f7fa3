package io.journeyline.identity;

import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.LinkSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The identity graph (DESIGN.md "Customer"): identifiers are nodes, and every piece of evidence
 * that two of them belong to one person is an edge. A connected component is one customer, named by
 * its survivor ({@link CustomerIds}).
 *
 * <ul>
 *   <li><b>Evidence.</b> The identifiers seen on one contact (over all of its events: an event that
 *       carries a phone and an email, or a customer id and a chat user, or a call whose record
 *       names the customer later) are linked pairwise, source {@code EVENT}.
 *   <li><b>CRM links.</b> A CRM link ties an identifier to a customer id, source {@code CRM}. It is
 *       the CRM's statement of whose the identifier is, at a time: the identifier's links to other
 *       customer ids (an earlier CRM link, or evidence older than the statement) stop counting, and
 *       evidence newer than the statement counts again. A CRM unlink is a statement that it belongs
 *       to no customer id. Both may split a component; the latest statement by time wins, whatever
 *       order they arrive in.
 *   <li><b>Shared identifiers.</b> An identifier linked to more than {@code maxCustomers} customer
 *       ids, or to more than that many identifiers of one other type, is shared (a switchboard
 *       number, a family address): its edges stop counting, it is a customer of its own, and a
 *       contact that carries it goes to the customer of its other identifiers. A customer id node
 *       is never shared: the CRM's own links are not guessed.
 *   <li><b>Size fuse.</b> A link that would make a component bigger than {@code maxComponentSize}
 *       identifiers is refused and reported. This is the one rule that depends on arrival order; it
 *       is a safety fuse, not a semantic.
 * </ul>
 *
 * Apart from the fuse, the components, their survivors and the shared flags are functions of the
 * evidence and statements with their times, not of the order they came in.
 *
 * <p><b>Contacts.</b> The graph also keeps, per contact (conversation key) within the journey
 * horizon, its identifiers and the customers the contact's events were routed to (placements). A
 * contact's owner is the best survivor over its identifiers that are not shared (if all are, over
 * all of them). Whenever a change moves the owner, or an event was routed elsewhere, a {@link
 * Output#move} tells the customer that holds the contact to hand it to the owner.
 *
 * <p>Every change carries a version: a sequence number that grows with every operation, so that the
 * journey stage can tell an older move from a newer one.
 */
public final class IdentityGraph {

  /**
   * An edge: where the link came from and the latest event time it was seen at.
   *
   * @param source CRM or EVENT
   * @param time the latest event time of the evidence (for a CRM link: its time)
   */
  public record Edge(LinkSource source, long time) {}

  /**
   * A node: its customer, whether it is shared, its edges (neighbour link key → edge), and the
   * latest CRM statement about it (the customer id it belongs to, null after an unlink; {@link
   * Long#MIN_VALUE} as time when the CRM never spoke about it).
   */
  public static final class Node {
    private String survivor;
    private boolean shared;
    private final TreeMap<String, Edge> edges;
    private String crmCustomer;
    private long crmTime;

    public Node(
        String survivor,
        boolean shared,
        Map<String, Edge> edges,
        String crmCustomer,
        long crmTime) {
      this.survivor = Objects.requireNonNull(survivor, "survivor");
      this.shared = shared;
      this.edges = new TreeMap<>(edges);
      this.crmCustomer = crmCustomer;
      this.crmTime = crmTime;
    }

    /** A node nobody linked yet. */
    static Node fresh(String linkKey) {
      return new Node(CustomerIds.own(linkKey), false, Map.of(), null, Long.MIN_VALUE);
    }

    public String survivor() {
      return survivor;
    }

    public boolean shared() {
      return shared;
    }

    /** The edges, neighbour link key → edge (mutable). */
    public Map<String, Edge> edges() {
      return edges;
    }

    /** The customer id of the latest CRM statement, null when none or after an unlink. */
    public String crmCustomer() {
      return crmCustomer;
    }

    /** The time of the latest CRM statement, {@link Long#MIN_VALUE} when none. */
    public long crmTime() {
      return crmTime;
    }

    Node copy() {
      return new Node(survivor, shared, edges, crmCustomer, crmTime);
    }
  }

  /**
   * A contact as the graph knows it.
   *
   * @param identifiers the link keys seen on its events
   * @param placements the customers its events were sent to and not yet moved away from
   * @param lastSeen the latest event time of its evidence
   */
  public record Contact(Set<String> identifiers, Set<String> placements, long lastSeen) {
    public Contact {
      identifiers = new TreeSet<>(identifiers);
      placements = new TreeSet<>(placements);
    }
  }

  /** Where the graph keeps its state (a state store in the app, maps in tests). */
  public interface Store {
    Node node(String linkKey);

    void putNode(String linkKey, Node node);

    /** The members of the component with this survivor, empty when none. */
    Set<String> members(String survivor);

    void putMembers(String survivor, Set<String> members);

    void deleteMembers(String survivor);

    Contact contact(String contactKey);

    void putContact(String contactKey, Contact contact, long previousLastSeen);

    void deleteContact(String contactKey, long lastSeen);

    /** The contacts that carried an identifier. */
    Collection<String> contactsOf(String linkKey);

    void index(String linkKey, String contactKey);

    void unindex(String linkKey, String contactKey);

    /** The contacts whose last evidence is older than {@code time}, at most {@code limit}. */
    List<String> contactsSeenBefore(long time, int limit);

    /** Keeps (or drops) an identifier in the list of shared identifiers. */
    void markShared(String linkKey, boolean shared);

    /** The last version handed out, 0 at first. */
    long version();

    void version(long version);
  }

  /** What a change produces. */
  public interface Output {
    /** An identifier's customer or shared flag changed (or it is new). */
    void resolved(String linkKey, String customerId, boolean shared, long version, long time);

    /** The contact's events held by customer {@code from} belong to {@code to} now. */
    void move(String contactKey, String from, String to, long version);

    /** A link was refused because the component would grow beyond the fuse. */
    void refused(String a, String b, int size);

    /** An identifier became shared (or stopped being shared). */
    void shared(String linkKey, boolean shared);
  }

  private final Store store;
  private final Output output;
  private final int maxCustomers;
  private final int maxComponentSize;

  /**
   * Creates the graph over a store.
   *
   * @param store the state
   * @param output told about every change
   * @param maxCustomers more distinct customer ids (or identifiers of one other type) than this on
   *     one identifier make it shared
   * @param maxComponentSize the size fuse
   */
  public IdentityGraph(Store store, Output output, int maxCustomers, int maxComponentSize) {
    this.store = store;
    this.output = output;
    this.maxCustomers = maxCustomers;
    this.maxComponentSize = maxComponentSize;
  }

  /** One operation: the state before of every node it touched, and the contacts to recheck. */
  private final class Op {
    final long version;
    final long time;
    final Map<String, Node> before = new LinkedHashMap<>();
    final Set<String> contacts = new LinkedHashSet<>();

    Op(long time) {
      this.version = store.version() + 1;
      this.time = time;
      store.version(version);
    }

    void touch(String linkKey, Node current) {
      if (!before.containsKey(linkKey)) {
        before.put(linkKey, current == null ? null : current.copy());
      }
    }
  }

  /**
   * Evidence from one contact: its identifiers (all of them so far) and the customer its latest
   * event was routed to.
   */
  public void evidence(
      String contactKey, Collection<String> identifiers, String routedTo, long time) {
    Map<String, Long> firstSeen = new TreeMap<>();
    identifiers.forEach(id -> firstSeen.put(id, time));
    evidence(contactKey, firstSeen, routedTo, time);
  }

  /**
   * Evidence from one contact: its identifiers with the event time each was first seen on it, the
   * customer its latest event was routed to, and the latest event time. Two identifiers are linked
   * as of the time both had been seen (the later of their first sightings); a link seen on several
   * contacts counts from its earliest.
   */
  public void evidence(String contactKey, Map<String, Long> firstSeen, String routedTo, long time) {
    Op op = new Op(time);
    List<String> ids = new ArrayList<>(new TreeSet<>(firstSeen.keySet()));
    for (String id : ids) {
      ensure(op, id);
    }
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        long since = Math.max(firstSeen.get(ids.get(i)), firstSeen.get(ids.get(j)));
        link(op, ids.get(i), ids.get(j), new Edge(LinkSource.EVENT, since));
      }
    }
    Contact known = store.contact(contactKey);
    long previousLastSeen = known == null ? Long.MIN_VALUE : known.lastSeen();
    Contact contact = known == null ? new Contact(Set.of(), Set.of(), time) : known;
    for (String id : ids) {
      if (contact.identifiers().add(id)) {
        store.index(id, contactKey);
      }
    }
    if (routedTo != null) {
      contact.placements().add(routedTo);
    }
    contact =
        new Contact(
            contact.identifiers(), contact.placements(), Math.max(time, contact.lastSeen()));
    store.putContact(contactKey, contact, previousLastSeen);
    op.contacts.add(contactKey);
    finish(op);
  }

  /**
   * A CRM statement that the identifier belongs to the customer id, and to no other: its earlier
   * CRM link to another customer id stops counting, and so does evidence that linked it to another
   * customer id before {@code time}. An older statement than the latest one known is ignored, so
   * the outcome does not depend on the order statements arrive in.
   */
  public void crmLink(String linkKey, String customerId, long time) {
    state(linkKey, customerId, time);
  }

  /**
   * A CRM unlink at {@code time}: the identifier belongs to no customer id any more; evidence from
   * before {@code time} that linked it to one stops counting, later evidence links again.
   */
  public void crmUnlink(String linkKey, long time) {
    state(linkKey, null, time);
  }

  private void state(String linkKey, String customerId, long time) {
    Op op = new Op(time);
    Node node = ensure(op, linkKey);
    if (node.crmTime > time || (node.crmTime == time && !wins(customerId, node.crmCustomer))) {
      finish(op);
      return;
    }
    Set<String> seeds = new TreeSet<>();
    seeds.add(linkKey);
    for (Map.Entry<String, Edge> edge : List.copyOf(node.edges.entrySet())) {
      if (CustomerIds.isCustomerIdNode(edge.getKey())) {
        seeds.add(edge.getKey());
        if (edge.getValue().source() == LinkSource.CRM) {
          // A superseded statement: forget its edge.
          node.edges.remove(edge.getKey());
          Node other = store.node(edge.getKey());
          other.edges.remove(linkKey);
          store.putNode(edge.getKey(), other);
        }
      }
    }
    op.touch(linkKey, node);
    node.crmCustomer = customerId;
    node.crmTime = time;
    store.putNode(linkKey, node);
    if (customerId != null) {
      String customer = CustomerIds.customerIdNode(customerId);
      ensure(op, customer);
      node = store.node(linkKey);
      Node other = store.node(customer);
      node.edges.put(customer, new Edge(LinkSource.CRM, time));
      other.edges.put(linkKey, new Edge(LinkSource.CRM, time));
      store.putNode(linkKey, node);
      store.putNode(customer, other);
      seeds.add(customer);
    }
    reevaluateShared(op, linkKey);
    recompute(op, seeds);
    finish(op);
  }

  /**
   * Tie-break of two statements at the same time: the same one applies again; otherwise an unlink,
   * then the smaller customer id wins.
   */
  private static boolean wins(String candidate, String current) {
    if (Objects.equals(candidate, current) || candidate == null) {
      return true;
    }
    return current != null && candidate.compareTo(current) < 0;
  }

  /**
   * True when an edge counts for connectivity: always between two identifiers (or two customer
   * ids); between an identifier and a customer id, unless the identifier's latest CRM statement
   * says otherwise (it names another customer id, or unlinked it) and the evidence is not newer.
   */
  private static boolean effective(String a, Node na, String b, Node nb, Edge edge) {
    boolean aId = CustomerIds.isCustomerIdNode(a);
    boolean bId = CustomerIds.isCustomerIdNode(b);
    if (aId == bId) {
      return true;
    }
    Node identifier = aId ? nb : na;
    String customer = aId ? a : b;
    if (identifier.crmTime == Long.MIN_VALUE) {
      return true;
    }
    if (identifier.crmCustomer != null
        && CustomerIds.customerIdNode(identifier.crmCustomer).equals(customer)) {
      return true;
    }
    return edge.source() == LinkSource.EVENT && edge.time() > identifier.crmTime;
  }

  /**
   * Forgets contacts whose last evidence is older than {@code time} (they left the journey
   * horizon), at most {@code limit} per call. Identifiers and their links stay.
   *
   * @return how many were forgotten
   */
  public int expireContacts(long time, int limit) {
    List<String> old = store.contactsSeenBefore(time, limit);
    for (String key : old) {
      Contact contact = store.contact(key);
      if (contact == null) {
        continue;
      }
      for (String id : contact.identifiers()) {
        store.unindex(id, key);
      }
      store.deleteContact(key, contact.lastSeen());
    }
    return old.size();
  }

  /** The customer of a contact: the best survivor over its identifiers that are not shared. */
  public String owner(Contact contact) {
    String best = null;
    String fallback = null;
    for (String id : contact.identifiers()) {
      Node node = store.node(id);
      if (node == null) {
        continue;
      }
      if (!node.shared && (best == null || CustomerIds.compare(node.survivor, best) < 0)) {
        best = node.survivor;
      }
      if (fallback == null || CustomerIds.compare(node.survivor, fallback) < 0) {
        fallback = node.survivor;
      }
    }
    return best != null ? best : fallback;
  }

  private Node ensure(Op op, String linkKey) {
    Node node = store.node(linkKey);
    if (node == null) {
      op.touch(linkKey, null);
      node = Node.fresh(linkKey);
      store.putNode(linkKey, node);
      store.putMembers(node.survivor, new TreeSet<>(Set.of(linkKey)));
    }
    return node;
  }

  private void link(Op op, String a, String b, Edge edge) {
    Node na = store.node(a);
    Node nb = store.node(b);
    Edge existing = na.edges.get(b);
    // A CRM edge keeps its statement's time; evidence counts from its earliest sighting.
    Edge merged =
        existing == null
            ? edge
            : existing.source() == LinkSource.CRM
                ? existing
                : edge.source() == LinkSource.CRM
                    ? edge
                    : new Edge(LinkSource.EVENT, Math.min(existing.time(), edge.time()));
    if (merged.equals(existing)) {
      return;
    }
    na.edges.put(b, merged);
    nb.edges.put(a, merged);
    store.putNode(a, na);
    store.putNode(b, nb);
    if (!effective(a, na, b, nb, merged)) {
      return;
    }
    boolean sharedA = guard(op, a);
    boolean sharedB = guard(op, b);
    if (!sharedA && !sharedB) {
      union(op, a, b);
    }
  }

  /** Marks a node shared when it is linked to too many customers; true when it is shared. */
  private boolean guard(Op op, String linkKey) {
    Node node = store.node(linkKey);
    if (node.shared) {
      return true;
    }
    if (CustomerIds.isCustomerIdNode(linkKey) || !overLimit(linkKey, node)) {
      return false;
    }
    op.touch(linkKey, node);
    node.shared = true;
    store.putNode(linkKey, node);
    store.markShared(linkKey, true);
    output.shared(linkKey, true);
    recompute(op, Set.of(linkKey));
    return true;
  }

  /** Sets the shared flag from the node's effective edges (after a CRM statement changed them). */
  private void reevaluateShared(Op op, String linkKey) {
    Node node = store.node(linkKey);
    boolean shared = !CustomerIds.isCustomerIdNode(linkKey) && overLimit(linkKey, node);
    if (shared != node.shared) {
      op.touch(linkKey, node);
      node.shared = shared;
      store.putNode(linkKey, node);
      store.markShared(linkKey, shared);
      output.shared(linkKey, shared);
    }
  }

  /** More effective neighbours of one type than allowed (the node is an identifier). */
  private boolean overLimit(String linkKey, Node node) {
    Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
    for (Map.Entry<String, Edge> edge : node.edges.entrySet()) {
      String neighbour = edge.getKey();
      // The identifier side's statement decides; the neighbour node is not needed for it.
      if (CustomerIds.isCustomerIdNode(neighbour)
          && !effective(linkKey, node, neighbour, node, edge.getValue())) {
        continue;
      }
      if (counts.merge(CustomerIds.type(neighbour), 1, Integer::sum) > maxCustomers) {
        return true;
      }
    }
    return false;
  }

  private void union(Op op, String a, String b) {
    String sa = store.node(a).survivor;
    String sb = store.node(b).survivor;
    if (sa.equals(sb)) {
      return;
    }
    Set<String> ma = store.members(sa);
    Set<String> mb = store.members(sb);
    if (ma.size() + mb.size() > maxComponentSize) {
      Node na = store.node(a);
      Node nb = store.node(b);
      na.edges.remove(b);
      nb.edges.remove(a);
      store.putNode(a, na);
      store.putNode(b, nb);
      output.refused(a, b, ma.size() + mb.size());
      return;
    }
    boolean aWins = CustomerIds.compare(sa, sb) <= 0;
    String winner = aWins ? sa : sb;
    String loser = aWins ? sb : sa;
    Set<String> winners = new TreeSet<>(aWins ? ma : mb);
    for (String member : aWins ? mb : ma) {
      Node node = store.node(member);
      op.touch(member, node);
      node.survivor = winner;
      store.putNode(member, node);
      winners.add(member);
    }
    store.deleteMembers(loser);
    store.putMembers(winner, winners);
  }

  /**
   * Recomputes the components that hold the given nodes, after edges were removed or a node became
   * shared (or stopped being): each part gets its survivor, and a node that is no longer shared
   * joins its neighbours again.
   */
  private void recompute(Op op, Set<String> seeds) {
    Set<String> survivors = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    for (String seed : seeds) {
      String survivor = store.node(seed).survivor;
      if (survivors.add(survivor)) {
        all.addAll(store.members(survivor));
      }
      all.add(seed);
    }
    Set<String> seen = new TreeSet<>();
    Set<String> kept = new TreeSet<>();
    for (String start : all) {
      if (!seen.add(start)) {
        continue;
      }
      Set<String> part = new TreeSet<>();
      part.add(start);
      Node startNode = store.node(start);
      if (!startNode.shared) {
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
          String current = queue.poll();
          Node node = store.node(current);
          for (Map.Entry<String, Edge> edge : node.edges.entrySet()) {
            String next = edge.getKey();
            Node nextNode = store.node(next);
            if (!nextNode.shared
                && !seen.contains(next)
                && effective(current, node, next, nextNode, edge.getValue())) {
              seen.add(next);
              part.add(next);
              queue.add(next);
            }
          }
        }
      }
      String survivor = CustomerIds.survivor(part);
      for (String member : part) {
        Node node = store.node(member);
        // A node that stopped being shared reaches into its neighbours' components.
        survivors.add(node.survivor);
        if (!node.survivor.equals(survivor)) {
          op.touch(member, node);
          node.survivor = survivor;
          store.putNode(member, node);
        }
      }
      store.putMembers(survivor, part);
      kept.add(survivor);
    }
    for (String survivor : survivors) {
      if (!kept.contains(survivor)) {
        store.deleteMembers(survivor);
      }
    }
  }

  private void finish(Op op) {
    for (Map.Entry<String, Node> entry : op.before.entrySet()) {
      Node now = store.node(entry.getKey());
      Node before = entry.getValue();
      if (before == null || !before.survivor.equals(now.survivor) || before.shared != now.shared) {
        output.resolved(entry.getKey(), now.survivor, now.shared, op.version, op.time);
        if (before != null) {
          op.contacts.addAll(store.contactsOf(entry.getKey()));
        }
      }
    }
    for (String key : op.contacts) {
      Contact contact = store.contact(key);
      if (contact == null) {
        continue;
      }
      String owner = owner(contact);
      if (contact.placements().size() == 1 && contact.placements().contains(owner)) {
        continue;
      }
      for (String placement : contact.placements()) {
        if (!placement.equals(owner)) {
          output.move(key, placement, owner, op.version);
        }
      }
      store.putContact(
          key,
          new Contact(contact.identifiers(), Set.of(owner), contact.lastSeen()),
          contact.lastSeen());
    }
  }
}

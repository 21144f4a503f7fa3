package io.journeyline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The identity graph's rules, on maps, with expectations worked out by hand. */
class IdentityGraphTest {

  /** The graph over maps, recording what it emits. */
  static final class Fixture implements IdentityGraph.Store, IdentityGraph.Output {
    final Map<String, IdentityGraph.Node> nodes = new TreeMap<>();
    final Map<String, Set<String>> components = new TreeMap<>();
    final Map<String, IdentityGraph.Contact> contacts = new TreeMap<>();
    final Map<String, Set<String>> index = new HashMap<>();
    final Map<String, String> resolved = new TreeMap<>();
    final Map<String, Boolean> sharedFlags = new TreeMap<>();
    final List<String> moves = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();
    final Set<String> sharedIndex = new TreeSet<>();
    long version;
    final IdentityGraph graph;

    Fixture(int maxCustomers, int maxComponentSize) {
      graph = new IdentityGraph(this, this, maxCustomers, maxComponentSize);
    }

    Fixture() {
      this(3, 1000);
    }

    @Override
    public IdentityGraph.Node node(String linkKey) {
      IdentityGraph.Node n = nodes.get(linkKey);
      // a copy, as a store would deserialize one
      return n == null
          ? null
          : new IdentityGraph.Node(
              n.survivor(), n.shared(), n.edges(), n.crmCustomer(), n.crmTime());
    }

    @Override
    public void putNode(String linkKey, IdentityGraph.Node node) {
      nodes.put(
          linkKey,
          new IdentityGraph.Node(
              node.survivor(), node.shared(), node.edges(), node.crmCustomer(), node.crmTime()));
    }

    @Override
    public Set<String> members(String survivor) {
      return new TreeSet<>(components.getOrDefault(survivor, Set.of()));
    }

    @Override
    public void putMembers(String survivor, Set<String> members) {
      components.put(survivor, new TreeSet<>(members));
    }

    @Override
    public void deleteMembers(String survivor) {
      components.remove(survivor);
    }

    @Override
    public IdentityGraph.Contact contact(String contactKey) {
      IdentityGraph.Contact c = contacts.get(contactKey);
      return c == null
          ? null
          : new IdentityGraph.Contact(c.identifiers(), c.placements(), c.lastSeen());
    }

    @Override
    public void putContact(String contactKey, IdentityGraph.Contact contact, long previous) {
      contacts.put(contactKey, contact);
    }

    @Override
    public void deleteContact(String contactKey, long lastSeen) {
      contacts.remove(contactKey);
    }

    @Override
    public Collection<String> contactsOf(String linkKey) {
      return new TreeSet<>(index.getOrDefault(linkKey, Set.of()));
    }

    @Override
    public void index(String linkKey, String contactKey) {
      index.computeIfAbsent(linkKey, k -> new TreeSet<>()).add(contactKey);
    }

    @Override
    public void unindex(String linkKey, String contactKey) {
      index.getOrDefault(linkKey, new TreeSet<>()).remove(contactKey);
    }

    @Override
    public List<String> contactsSeenBefore(long time, int limit) {
      return contacts.entrySet().stream()
          .filter(e -> e.getValue().lastSeen() < time)
          .map(Map.Entry::getKey)
          .limit(limit)
          .toList();
    }

    @Override
    public void markShared(String linkKey, boolean shared) {
      if (shared) {
        sharedIndex.add(linkKey);
      } else {
        sharedIndex.remove(linkKey);
      }
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public void version(long version) {
      this.version = version;
    }

    @Override
    public void resolved(String linkKey, String customerId, boolean shared, long v, long time) {
      resolved.put(linkKey, customerId);
    }

    @Override
    public void move(String contactKey, String from, String to, long v) {
      moves.add(contactKey + ":" + from + "->" + to);
    }

    @Override
    public void refused(String a, String b, int size) {
      refusals.add(a + "|" + b);
    }

    @Override
    public void shared(String linkKey, boolean shared) {
      sharedFlags.put(linkKey, shared);
    }

    String customerOf(String linkKey) {
      return nodes.get(linkKey).survivor();
    }

    /** Every contact's owner. */
    Map<String, String> owners() {
      Map<String, String> out = new TreeMap<>();
      contacts.forEach((k, c) -> out.put(k, graph.owner(c)));
      return out;
    }
  }

  private static final String PHONE = "PHONE:+14155550100";
  private static final String EMAIL = "EMAIL:ann@example.com";
  private static final String CHAT = "CHAT_USER:u-7";

  @Test
  void shouldLinkTheIdentifiersOfOneEvent() {
    Fixture f = new Fixture();
    f.graph.evidence("c1", List.of(PHONE), "prov:" + PHONE, 1);
    f.graph.evidence("c2", List.of(EMAIL), "prov:" + EMAIL, 2);
    // An email that carries the phone too links both: one provisional customer, phone first.
    f.graph.evidence("c3", List.of(EMAIL, PHONE), "prov:" + PHONE, 3);

    assertThat(f.customerOf(EMAIL)).isEqualTo("prov:" + PHONE);
    assertThat(f.resolved).containsEntry(EMAIL, "prov:" + PHONE);
    // c2 went to the email's customer, which no longer exists: it moves.
    assertThat(f.moves).containsExactly("c2:prov:" + EMAIL + "->prov:" + PHONE);
  }

  @Test
  void shouldMakeAProvisionalCustomerKnownByALateCrmLink() {
    Fixture f = new Fixture();
    f.graph.evidence("call-1", List.of(PHONE), "prov:" + PHONE, 1);
    f.graph.evidence("call-2", List.of(PHONE), "prov:" + PHONE, 2);
    f.graph.crmLink(PHONE, "C-9", 3);

    assertThat(f.customerOf(PHONE)).isEqualTo("C-9");
    assertThat(f.moves)
        .containsExactly("call-1:prov:" + PHONE + "->C-9", "call-2:prov:" + PHONE + "->C-9");
    assertThat(f.owners()).containsEntry("call-1", "C-9").containsEntry("call-2", "C-9");
  }

  @Test
  void shouldMergeTwoKnownCustomersIntoTheSmallerId() {
    Fixture f = new Fixture();
    f.graph.evidence("a", List.of("CUSTOMER_ID:C-2", PHONE), "C-2", 1);
    f.graph.evidence("b", List.of("CUSTOMER_ID:C-1", EMAIL), "C-1", 2);
    // A chat that carries the phone and the email joins C-1 and C-2: C-1 survives.
    f.graph.evidence("c", List.of(PHONE, EMAIL), "C-1", 3);

    assertThat(f.customerOf(PHONE)).isEqualTo("C-1");
    assertThat(f.customerOf("CUSTOMER_ID:C-2")).isEqualTo("C-1");
    assertThat(f.moves).containsExactly("a:C-2->C-1");
  }

  @Test
  void shouldSplitOnACrmUnlinkAndMoveTheContactsBack() {
    Fixture f = new Fixture();
    f.graph.crmLink(PHONE, "C-1", 1);
    f.graph.evidence("call", List.of(PHONE), "C-1", 2);
    f.graph.evidence("chat", List.of("CUSTOMER_ID:C-1", CHAT), "C-1", 3);
    f.graph.crmUnlink(PHONE, 4);

    assertThat(f.customerOf(PHONE)).isEqualTo("prov:" + PHONE);
    assertThat(f.customerOf(CHAT)).isEqualTo("C-1");
    assertThat(f.moves).containsExactly("call:C-1->prov:" + PHONE);
  }

  @Test
  void shouldReplaceTheCustomerOfAnIdentifierOnANewCrmLink() {
    Fixture f = new Fixture();
    f.graph.crmLink(PHONE, "C-1", 1);
    f.graph.evidence("call", List.of(PHONE), "C-1", 2);
    f.graph.crmLink(PHONE, "C-5", 3);

    assertThat(f.customerOf(PHONE)).isEqualTo("C-5");
    assertThat(f.customerOf("CUSTOMER_ID:C-1")).isEqualTo("C-1");
    assertThat(f.moves).containsExactly("call:C-1->C-5");
  }

  @Test
  void shouldStopLinkingThroughASharedIdentifier() {
    Fixture f = new Fixture(3, 1000);
    String switchboard = "PHONE:+18005550100";
    // Four customers call from the switchboard, each with their own email: the fourth makes the
    // number shared (more than 3 emails), which splits the four again.
    for (int i = 1; i <= 4; i++) {
      f.graph.evidence("call-" + i, List.of(switchboard, "EMAIL:p" + i + "@example.com"), "x", i);
    }

    assertThat(f.nodes.get(switchboard).shared()).isTrue();
    assertThat(f.sharedFlags).containsEntry(switchboard, true);
    assertThat(f.sharedIndex).containsExactly(switchboard);
    for (int i = 1; i <= 4; i++) {
      assertThat(f.customerOf("EMAIL:p" + i + "@example.com"))
          .isEqualTo("prov:EMAIL:p" + i + "@example.com");
      assertThat(f.owners()).containsEntry("call-" + i, "prov:EMAIL:p" + i + "@example.com");
    }
    // A contact with only the shared number is a customer of its own.
    f.graph.evidence("call-5", List.of(switchboard), "prov:" + switchboard, 5);
    assertThat(f.owners()).containsEntry("call-5", "prov:" + switchboard);
  }

  @Test
  void shouldRefuseALinkBeyondTheSizeFuse() {
    Fixture f = new Fixture(10, 3);
    f.graph.evidence("a", List.of("CUSTOMER_ID:C-1", PHONE, EMAIL), "C-1", 1);
    f.graph.evidence("b", List.of(EMAIL, CHAT), "C-1", 2);

    assertThat(f.refusals).containsExactly(CHAT + "|" + EMAIL);
    assertThat(f.customerOf(CHAT)).isEqualTo("prov:" + CHAT);
  }

  @Test
  void shouldForgetContactsButKeepLinks() {
    Fixture f = new Fixture();
    f.graph.evidence("old", List.of(PHONE, EMAIL), "prov:" + PHONE, 1_000);
    assertThat(f.graph.expireContacts(2_000, 10)).isEqualTo(1);
    assertThat(f.contacts).isEmpty();
    assertThat(f.customerOf(EMAIL)).isEqualTo("prov:" + PHONE);
  }

  /**
   * The components, survivors and owners do not depend on the order of the evidence, links and
   * unlinks (the size fuse, the one order-dependent rule, is not reached here).
   */
  @Test
  void shouldGiveTheSameAnswerInAnyOrder() {
    Random random = new Random(20261203);
    for (int round = 0; round < 200; round++) {
      List<Op> script = randomScript(random);
      Map<String, String> first = null;
      Map<String, String> firstOwners = null;
      for (int order = 0; order < 4; order++) {
        List<Op> shuffled = new ArrayList<>(script);
        Collections.shuffle(shuffled, random);
        Fixture f = new Fixture(3, 1000);
        for (Op op : shuffled) {
          op.apply(f);
        }
        Map<String, String> all = new TreeMap<>();
        f.nodes.forEach((k, n) -> all.put(k, n.survivor()));
        // The resolutions published last equal the state.
        assertThat(f.resolved).isEqualTo(all);
        // A superseded CRM statement processed before the one that superseded it leaves its
        // customer id behind as a node without links, standing for itself: not a difference.
        Map<String, String> customers = new TreeMap<>();
        f.nodes.forEach(
            (k, n) -> {
              if (!(CustomerIds.isCustomerIdNode(k) && n.edges().isEmpty())) {
                customers.put(k, n.survivor());
              }
            });
        Map<String, String> owners = f.owners();
        // Every contact's placement is its owner after the moves.
        f.contacts.forEach((k, c) -> assertThat(c.placements()).containsExactly(f.graph.owner(c)));
        if (first == null) {
          first = customers;
          firstOwners = owners;
        } else {
          assertThat(customers).as("round %d order %d", round, order).isEqualTo(first);
          assertThat(owners).as("round %d order %d", round, order).isEqualTo(firstOwners);
        }
      }
    }
  }

  private interface Op {
    void apply(Fixture f);
  }

  private static List<Op> randomScript(Random random) {
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pool.add("PHONE:+1415555010" + i);
      pool.add("EMAIL:u" + i + "@example.com");
      pool.add("CHAT_USER:c" + i);
    }
    List<Op> script = new ArrayList<>();
    Map<String, List<String>> contactIds = new LinkedHashMap<>();
    int contacts = 3 + random.nextInt(8);
    for (int c = 0; c < contacts; c++) {
      List<String> ids = new ArrayList<>();
      int n = 1 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        ids.add(pool.get(random.nextInt(pool.size())));
      }
      if (random.nextInt(4) == 0) {
        ids.add("CUSTOMER_ID:C-" + random.nextInt(4));
      }
      contactIds.put("contact-" + c, ids);
    }
    // Each contact's evidence arrives in one or two steps (a later event adds an identifier), and
    // each step was routed somewhere arbitrary.
    contactIds.forEach(
        (key, ids) -> {
          long time = random.nextInt(1000);
          String routed = "guess-" + random.nextInt(3);
          if (ids.size() > 1 && random.nextBoolean()) {
            List<String> firstPart = ids.subList(0, 1);
            script.add(f -> f.graph.evidence(key, firstPart, routed, time));
          }
          script.add(f -> f.graph.evidence(key, ids, routed, time));
        });
    // CRM statements at random times: links, re-links to another customer, unlinks.
    int statements = random.nextInt(6);
    for (int i = 0; i < statements; i++) {
      String id = pool.get(random.nextInt(pool.size()));
      long time = random.nextInt(1000);
      if (random.nextInt(3) == 0) {
        script.add(f -> f.graph.crmUnlink(id, time));
      } else {
        String customer = "C-" + random.nextInt(4);
        script.add(f -> f.graph.crmLink(id, customer, time));
      }
    }
    return script;
  }
}

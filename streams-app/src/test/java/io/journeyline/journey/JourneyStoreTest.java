package io.journeyline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.avro.AlertType;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.topology.InternalSerdes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The layout of a customer's state in {@code journey-store}: a header and a part per key. */
class JourneyStoreTest {

  private static final long T0 = 1_780_000_000_000L;
  private static final Serde<JourneyState> SERDE = InternalSerdes.journeyState();

  private KeyValueStore<String, JourneyState> kv;
  private JourneyStore store;
  private final List<String> written = new ArrayList<>();
  private final List<String> read = new ArrayList<>();

  @BeforeEach
  void setUp() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "journey-store-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    MockProcessorContext<String, JourneyOutput> context = new MockProcessorContext<>(props);
    kv =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("journey-store"), Serdes.String(), SERDE)
            .withLoggingDisabled()
            .build();
    kv.init(context.getStateStoreContext(), kv);
    store = new JourneyStore(recording(kv));
  }

  /** The store, recording the keys every put and delete writes. */
  @SuppressWarnings("unchecked")
  private KeyValueStore<String, JourneyState> recording(KeyValueStore<String, JourneyState> real) {
    return (KeyValueStore<String, JourneyState>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("put") || method.getName().equals("delete")) {
                written.add(method.getName() + " " + args[0]);
              } else if (method.getName().equals("get") || method.getName().equals("prefixScan")) {
                read.add(method.getName() + " " + args[0]);
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static ContactEvent event(String customer, String id, String key, long at) {
    return new ContactEvent(
        id,
        Channel.CHAT,
        EventType.MESSAGE,
        key,
        customer,
        at,
        Direction.INBOUND,
        "billing",
        null,
        "refund",
        ContactEvent.toMicros(-0.5),
        null,
        null,
        null);
  }

  /** A state with something in every field, over three conversation keys. */
  private static JourneyState full(String customer) {
    JourneyState s = new JourneyState(customer);
    s.derivedAt(T0 + 60_000);
    s.timerAt(T0 + 3_600_000);
    for (String key : List.of("chat-a", "chat-b", "mail<x@y>")) {
      s.events().add(event(customer, key + "-1", key, T0));
      s.events().add(event(customer, key + "-2", key, T0 + 1_000));
      s.firstStartByKey().put(key, T0);
      s.revisions().put(key, 2L);
    }
    String later = "chat-a@2026-06-01T10:00:00Z";
    s.revisions().put(later, 1L);
    s.lateCorrections().put(later, 1);
    s.alertsSent().add("chat-b");
    s.alertsSent().add(JourneyState.alertKey(AlertType.CHURN_RISK, later));
    s.pinned().put("chat-b", new JourneyState.Pinned("chat-a", false, 1));
    s.surveys().put("chat-b", new SurveyScores("s-1", "chat-b", T0, 2, 3, null, false));
    s.movedOut().put("sms-z", new JourneyState.MovedOut("cust-9", 4, T0));
    s.deferredMoves().add(new JourneyState.DeferredMove("sms-y", "cust-8", 5));
    // a contact id of a key whose events are gone: its bookkeeping has a part of its own
    s.revisions().put("orphan@2026-06-01T10:00:00Z", 7L);
    return s;
  }

  private Map<String, JourneyState> records() {
    Map<String, JourneyState> out = new TreeMap<>();
    try (KeyValueIterator<String, JourneyState> it = kv.all()) {
      while (it.hasNext()) {
        KeyValue<String, JourneyState> e = it.next();
        out.put(e.key, e.value);
      }
    }
    return out;
  }

  private static void assertSameState(JourneyState actual, JourneyState expected) {
    assertThat(actual.customerId()).isEqualTo(expected.customerId());
    assertThat(actual.derivedAt()).isEqualTo(expected.derivedAt());
    assertThat(actual.timerAt()).isEqualTo(expected.timerAt());
    assertThat(actual.events()).containsExactlyInAnyOrderElementsOf(expected.events());
    assertThat(actual.firstStartByKey()).isEqualTo(expected.firstStartByKey());
    assertThat(actual.revisions()).isEqualTo(expected.revisions());
    assertThat(actual.alertsSent()).isEqualTo(expected.alertsSent());
    assertThat(actual.pinned()).isEqualTo(expected.pinned());
    assertThat(actual.lateCorrections()).isEqualTo(expected.lateCorrections());
    assertThat(actual.movedOut()).isEqualTo(expected.movedOut());
    assertThat(actual.surveys()).isEqualTo(expected.surveys());
    assertThat(actual.deferredMoves()).isEqualTo(expected.deferredMoves());
  }

  @Test
  void aSavedStateLoadsBackWholeFromAHeaderAndOnePartPerConversation() {
    JourneyStore.Loaded loaded = store.load("cust-1");
    assertThat(loaded.state()).isNull();
    store.save(loaded, full("cust-1"));

    assertSameState(store.load("cust-1").state(), full("cust-1"));
    assertSameState(JourneyStore.read(kv, "cust-1"), full("cust-1"));
    Map<String, JourneyState> records = records();
    // the header, and a part for each of chat-a, chat-b, mail<x@y>, sms-z (its marker), orphan
    assertThat(records.keySet())
        .containsExactlyInAnyOrder(
            JourneyStore.headerKey("cust-1"),
            JourneyStore.partKey("cust-1", "chat-a"),
            JourneyStore.partKey("cust-1", "chat-b"),
            JourneyStore.partKey("cust-1", "mail<x@y>"),
            JourneyStore.partKey("cust-1", "sms-z"),
            JourneyStore.partKey("cust-1", "orphan"));
    JourneyState header = records.get(JourneyStore.headerKey("cust-1"));
    assertThat(header.events()).isEmpty();
    assertThat(header.revisions()).isEmpty();
    assertThat(header.deferredMoves()).hasSize(1);
    assertThat(records.get(JourneyStore.partKey("cust-1", "orphan")).revisions())
        .containsOnlyKeys("orphan@2026-06-01T10:00:00Z");
    // a later contact's bookkeeping lies with its key's events
    JourneyState a = records.get(JourneyStore.partKey("cust-1", "chat-a"));
    assertThat(a.revisions()).containsOnlyKeys("chat-a", "chat-a@2026-06-01T10:00:00Z");
    assertThat(a.lateCorrections()).containsOnlyKeys("chat-a@2026-06-01T10:00:00Z");
    assertThat(a.alertsSent()).containsExactly("CHURN_RISK:chat-a@2026-06-01T10:00:00Z");
    assertThat(a.events())
        .extracting(ContactEvent::eventId)
        .containsExactly("chat-a-1", "chat-a-2");
  }

  @Test
  void anEventRewritesItsConversationsRecordWhateverTheCustomersHistory() {
    // a customer with 1,000 conversations in the journey
    JourneyState s = new JourneyState("cust-1");
    for (int i = 0; i < 1_000; i++) {
      String key = "chat-" + i;
      s.events().add(event("cust-1", key + "-1", key, T0 + i * 60_000L));
      s.firstStartByKey().put(key, T0 + i * 60_000L);
      s.revisions().put(key, 1L);
    }
    s.derivedAt(T0);
    Map<String, JourneyState> before = JourneyStore.split(s);

    s.events().add(event("cust-1", "chat-7-2", "chat-7", T0 + 7 * 60_000L + 5_000));
    s.revisions().put("chat-7", 2L);
    Map<String, JourneyState> after = JourneyStore.split(s);

    List<String> changed = new ArrayList<>();
    after.forEach(
        (key, record) -> {
          if (!before.containsKey(key) || !before.get(key).sameContent(record)) {
            changed.add(key);
          }
        });
    assertThat(changed).containsExactly(JourneyStore.partKey("cust-1", "chat-7"));
    int written = SERDE.serializer().serialize("t", after.get(changed.get(0))).length;
    int whole = SERDE.serializer().serialize("t", s).length;
    assertThat(written).as("the one record written, against the whole state").isLessThan(200);
    assertThat(whole).isGreaterThan(50 * written);
  }

  @Test
  void aSaveWritesOnlyWhatChangedAndDeletesWhatIsGone() {
    JourneyState s = full("cust-1");
    store.save(store.load("cust-1"), s);
    written.clear();

    // chat-b leaves the journey (events, bookkeeping and all); chat-a gets an event
    JourneyStore.Loaded loaded = store.load("cust-1");
    JourneyState state = loaded.state();
    state.events().removeIf(e -> e.conversationKey().equals("chat-b"));
    state.firstStartByKey().remove("chat-b");
    state.revisions().remove("chat-b");
    state.alertsSent().remove("chat-b");
    state.pinned().remove("chat-b");
    state.surveys().remove("chat-b");
    state.events().add(event("cust-1", "chat-a-3", "chat-a", T0 + 2_000));
    store.save(loaded, state);

    // one write for chat-a, one delete for chat-b, and the header with its new stamp; the other
    // parts are not written
    assertThat(written)
        .containsExactlyInAnyOrder(
            "put " + JourneyStore.headerKey("cust-1"),
            "put " + JourneyStore.partKey("cust-1", "chat-a"),
            "delete " + JourneyStore.partKey("cust-1", "chat-b"));
    assertThat(records()).doesNotContainKey(JourneyStore.partKey("cust-1", "chat-b"));
    assertSameState(store.load("cust-1").state(), state);

    // a save with nothing changed writes nothing
    written.clear();
    JourneyStore.Loaded again = store.load("cust-1");
    store.save(again, again.state());
    assertThat(written).isEmpty();
  }

  @Test
  void aStateWrittenAsOneRecordIsReadWholeAndSplitAtItsNextSave() {
    // how an earlier version wrote it: everything under the customer id
    kv.put("cust-1", full("cust-1"));
    JourneyStore.Loaded loaded = store.load("cust-1");
    assertSameState(loaded.state(), full("cust-1"));

    store.save(loaded, loaded.state());

    assertThat(records()).hasSize(6);
    assertThat(records()).doesNotContainKey("cust-1");
    assertThat(records().get(JourneyStore.headerKey("cust-1")).events()).isEmpty();
    assertSameState(store.load("cust-1").state(), full("cust-1"));
  }

  @Test
  void deletingAStateLeavesNoRecordAndAnotherCustomersRecordsAreNotItsOwn() {
    store.save(store.load("cust-1"), full("cust-1"));
    // "cust-1" is a prefix of "cust-10": its records must not be read as cust-1's
    store.save(store.load("cust-10"), full("cust-10"));

    assertSameState(store.load("cust-1").state(), full("cust-1"));
    store.delete(store.load("cust-1"));

    assertThat(store.load("cust-1").state()).isNull();
    assertThat(records().keySet()).allMatch(k -> k.startsWith("cust-10"));
    assertSameState(store.load("cust-10").state(), full("cust-10"));
  }

  @Test
  void anEmptyStateIsDeletedAndACustomerIdThatCannotBeSplitStaysInOneRecord() {
    JourneyStore.Loaded loaded = store.load("cust-1");
    store.save(loaded, full("cust-1"));
    store.save(loaded, new JourneyState("cust-1"));
    assertThat(records()).isEmpty();

    String odd = "cust\u00002";
    store.save(store.load(odd), full(odd));
    assertThat(records().keySet()).isEqualTo(Set.of(odd));
    assertSameState(store.load(odd).state(), full(odd));
  }

  @Test
  void aCopyInMemoryIsUsedWhileTheStoreHoldsItsStamp() {
    JourneyStore copying = new JourneyStore(recording(kv), 1_000);
    JourneyState s = full("cust-1");
    JourneyAggregator.Derived derived =
        new JourneyAggregator.Derived(s.derivedAt(), Long.MAX_VALUE, List.of(), Map.of());
    copying.save(copying.load("cust-1"), s, derived);
    assertThat(s.stamp()).isNotZero();
    assertThat(records().get(JourneyStore.headerKey("cust-1")).stamp()).isEqualTo(s.stamp());
    read.clear();

    JourneyStore.Loaded loaded = copying.load("cust-1");
    assertThat(loaded.state()).isSameAs(s);
    assertThat(loaded.derived()).isSameAs(derived);
    // one small read: the header, for its stamp; no scan of the parts
    assertThat(read).containsExactly("get " + JourneyStore.headerKey("cust-1"));
    // the copy is the caller's now: a second load reads the records
    read.clear();
    JourneyStore.Loaded second = copying.load("cust-1");
    assertThat(second.state()).isNotSameAs(s);
    assertSameState(second.state(), s);
    assertThat(second.derived()).isNull();
    assertThat(read).contains("prefixScan " + JourneyStore.headerKey("cust-1"));

    // a look does not take the copy
    copying.save(second, second.state());
    assertThat(copying.peek("cust-1")).isSameAs(second.state());
    assertThat(copying.load("cust-1").state()).isSameAs(second.state());
  }

  @Test
  void aCopyIsNotUsedOnceAnotherWriterOrARestoreChangedTheRecords() {
    JourneyStore copying = new JourneyStore(kv, 1_000);
    JourneyStore other = new JourneyStore(kv);
    JourneyState s = full("cust-1");
    copying.save(copying.load("cust-1"), s);
    Map<String, JourneyState> savedFirst = records();

    // another writer (the journey-erasure processor's store) adds an event
    JourneyStore.Loaded theirs = other.load("cust-1");
    theirs.state().events().add(event("cust-1", "chat-a-9", "chat-a", T0 + 9_000));
    other.save(theirs, theirs.state());
    JourneyState mine = copying.load("cust-1").state();
    assertThat(mine).isNotSameAs(s);
    assertThat(mine.events()).extracting(ContactEvent::eventId).contains("chat-a-9");

    // the store goes back to what it held before (a restore from an older changelog position)
    copying.save(copying.load("cust-1"), mine);
    records().keySet().forEach(kv::delete);
    savedFirst.forEach(kv::put);
    JourneyState restored = copying.load("cust-1").state();
    assertSameState(restored, s);
    assertThat(restored.events()).extracting(ContactEvent::eventId).doesNotContain("chat-a-9");

    // another writer deletes the customer
    copying.save(copying.load("cust-1"), restored);
    other.delete(other.load("cust-1"));
    assertThat(copying.load("cust-1").state()).isNull();
    assertThat(copying.peek("cust-1")).isNull();
  }

  @Test
  void theCopiesHoldAtMostTheirBoundOfEventsTheLeastRecentlySavedLeavingFirst() {
    JourneyStore copying = new JourneyStore(recording(kv), 10);
    for (String customer : List.of("cust-1", "cust-2", "cust-3")) {
      JourneyState s = new JourneyState(customer);
      for (int i = 0; i < 4; i++) {
        s.events().add(event(customer, customer + "-e" + i, "chat-" + customer, T0 + i));
      }
      s.firstStartByKey().put("chat-" + customer, T0);
      copying.save(copying.load(customer), s);
    }
    assertThat(copying.copies()).isEqualTo(2);
    read.clear();
    copying.load("cust-1");
    assertThat(read).contains("prefixScan " + JourneyStore.headerKey("cust-1"));
    read.clear();
    copying.load("cust-3");
    assertThat(read).containsExactly("get " + JourneyStore.headerKey("cust-3"));
    // without room, nothing is kept
    JourneyStore none = new JourneyStore(kv, 0);
    none.save(none.load("cust-2"), none.load("cust-2").state());
    assertThat(none.copies()).isZero();
  }
}

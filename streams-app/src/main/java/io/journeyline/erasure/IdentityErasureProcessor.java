package io.journeyline.erasure;

import io.journeyline.avro.ErasureAudit;
import io.journeyline.avro.ErasureRequest;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.identity.CustomerIds;
import io.journeyline.identity.IdentityGraph;
import io.journeyline.identity.IdentityGraphProcessor;
import io.journeyline.journey.Handover;
import io.journeyline.journey.Routed;
import io.journeyline.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure of a customer in the identity graph's task (it shares the graph's stores, so it runs
 * in the graph's one task, in order with the graph's own inputs).
 *
 * <p>For an {@link ErasureRequest} naming a customer id ({@code C-7}, or a provisional {@code
 * prov:PHONE:+14155550100}), it finds the node and its whole connected component, and:
 *
 * <ol>
 *   <li>deletes every member node, its edges from neighbours outside the component (a shared
 *       identifier keeps no trace of it), the component, the shared flag, and every contact the
 *       graph holds of those identifiers with their indexes;
 *   <li>sends tombstones for every member to {@code journeyline.identity-resolution} (so the global
 *       table forgets them on every instance) and to {@code journeyline.identities} (the CRM's
 *       link; marked with the header {@value #ERASURE_HEADER}, which the graph's guard skips);
 *   <li>shreds the data keys of every member on {@code journeyline.data-keys} (a record without key
 *       material replaces each), and writes the member's erasure marker {@code <ref>/*} with the
 *       request's time, up to which stage A drops the identifier's events;
 *   <li>sends an erasure to the journey task of every customer id the customer had (survivor, own
 *       ids of the members, the customers its contacts were sent to), the same ids to every
 *       contact-history task, and each of its contacts to the stage-A task that holds the contact's
 *       identifiers ({@code contact-identity-store});
 *   <li>remembers, by keyed hash only, that the identifiers were erased and when ({@code x|<ref>}),
 *       for the guard in front of the graph, and which references the customer had ({@code
 *       e|<customer ref>}), so that a repeated request shreds keys written since;
 *   <li>writes what it removed to {@code journeyline.erasure-audit}.
 * </ol>
 *
 * Idempotent: a repeated request finds no node, shreds any key written since for the identifiers of
 * the first one, and sends the journey and history erasures again, which find nothing.
 */
public final class IdentityErasureProcessor
    implements Processor<String, String, String, ErasureOutput> {

  private static final Logger log = LoggerFactory.getLogger(IdentityErasureProcessor.class);

  /** Header on the {@code journeyline.identities} tombstones an erasure writes. */
  public static final String ERASURE_HEADER = "journeyline.erasure";

  /** Index prefix of an erased identifier's reference: {@code x|<ref>} → request time. */
  public static final String ERASED_PREFIX = "x|";

  /** Index prefix of an erased customer's references: {@code e|<customer ref>} → refs. */
  static final String CUSTOMER_PREFIX = "e|";

  private final ErasureKeys keys;
  private ProcessorContext<String, ErasureOutput> context;
  private KeyValueStore<String, IdentityGraph.Node> nodes;
  private KeyValueStore<String, Set<String>> components;
  private KeyValueStore<String, IdentityGraph.Contact> contacts;
  private KeyValueStore<String, String> index;
  private DataKeyStore dataKeys;
  private Sensor erasureSensor;

  public IdentityErasureProcessor(ErasureKeys keys) {
    this.keys = keys;
  }

  @Override
  public void init(ProcessorContext<String, ErasureOutput> context) {
    this.context = context;
    this.nodes = context.getStateStore(TopologyNames.IDENTITY_NODE_STORE);
    this.components = context.getStateStore(TopologyNames.IDENTITY_COMPONENT_STORE);
    this.contacts = context.getStateStore(TopologyNames.IDENTITY_CONTACT_STORE);
    this.index = context.getStateStore(TopologyNames.IDENTITY_INDEX_STORE);
    this.dataKeys = new DataKeyStore(context.getStateStore(TopologyNames.DATA_KEY_STORE));
    this.erasureSensor =
        context
            .metrics()
            .addRateTotalSensor(
                "journeyline",
                "identity-erasure-" + context.taskId(),
                "erasures",
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, String> record) {
    ErasureRequest request = record.value() == null ? null : decode(record.value());
    if (request == null || request.getCustomerId() == null) {
      return;
    }
    long ts = record.timestamp();
    long requestedAt = request.getRequestedAt().toEpochMilli();
    String customerId = request.getCustomerId();
    String customerRef = keys.customerRef(customerId);
    String start =
        CustomerIds.isProvisional(customerId)
            ? customerId.substring(CustomerIds.PROVISIONAL_PREFIX.length())
            : CustomerIds.customerIdNode(customerId);

    Set<String> members = new TreeSet<>();
    Set<String> customerIds = new TreeSet<>();
    customerIds.add(customerId);
    IdentityGraph.Node startNode = nodes.get(start);
    if (startNode != null) {
      Set<String> component = components.get(startNode.survivor());
      members.add(start);
      if (component != null) {
        members.addAll(component);
      }
      customerIds.add(startNode.survivor());
    }

    // the contacts of the component, with the customers they were sent to
    int contactCount = 0;
    for (String member : members) {
      customerIds.add(CustomerIds.own(member));
      for (String contactKey : contactsOf(member)) {
        IdentityGraph.Contact contact = contacts.get(contactKey);
        if (contact == null) {
          continue;
        }
        customerIds.addAll(contact.placements());
        for (String id : contact.identifiers()) {
          index.delete("i|" + id + "|" + contactKey);
        }
        index.delete(
            "t|" + String.format("%016x", Math.max(0, contact.lastSeen())) + "|" + contactKey);
        contacts.delete(contactKey);
        contactCount++;
        context.forward(
            new Record<>(
                contactKey, ErasureOutput.of(ErasureOutput.Kind.CONTACT_IDENTITY_ERASE), ts));
      }
    }

    // the nodes: edges from the outside, the node, its flags and its component
    Set<String> survivors = new LinkedHashSet<>();
    for (String member : members) {
      IdentityGraph.Node node = nodes.get(member);
      if (node == null) {
        continue;
      }
      survivors.add(node.survivor());
      for (String neighbour : List.copyOf(node.edges().keySet())) {
        if (members.contains(neighbour)) {
          continue;
        }
        IdentityGraph.Node other = nodes.get(neighbour);
        if (other != null && other.edges().remove(member) != null) {
          nodes.put(neighbour, other);
        }
      }
      nodes.delete(member);
      index.delete(IdentityGraphProcessor.SHARED_PREFIX + member);
    }
    survivors.forEach(components::delete);

    // the references: this request's identifiers and those of earlier requests for the customer
    Set<String> refs = new TreeSet<>();
    String earlier = index.get(CUSTOMER_PREFIX + customerRef);
    if (earlier != null && !earlier.isEmpty()) {
      refs.addAll(List.of(earlier.split(",")));
    }
    Map<String, String> refOf = new LinkedHashMap<>();
    for (String member : members) {
      String ref = keys.ref(member);
      refOf.put(member, ref);
      refs.add(ref);
    }
    index.put(CUSTOMER_PREFIX + customerRef, String.join(",", refs));

    Instant at = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Instant requested = Instant.ofEpochMilli(requestedAt);
    for (String member : members) {
      context.forward(
          new Record<>(member, ErasureOutput.of(ErasureOutput.Kind.RESOLUTION_TOMBSTONE), ts));
      RecordHeaders headers = new RecordHeaders();
      headers.add(ERASURE_HEADER, request.getRequestId().getBytes(StandardCharsets.UTF_8));
      context.forward(
          new Record<>(
              member, ErasureOutput.of(ErasureOutput.Kind.IDENTITY_TOMBSTONE), ts, headers));
    }
    int shredded = 0;
    for (String ref : refs) {
      String prefix = ref + "/";
      for (String name :
          dataKeys.liveKeys(
              prefix + "-".repeat(ErasureKeys.KEY_ID_CHARS),
              prefix + "z".repeat(ErasureKeys.KEY_ID_CHARS))) {
        context.forward(
            new Record<>(
                name,
                ErasureOutput.dataKey(
                    WrappedDataKey.newBuilder()
                        .setWrappedKey(null)
                        .setCreatedAt(requested)
                        .setShreddedAt(at)
                        .build()),
                ts));
        shredded++;
      }
      String marker = prefix + io.journeyline.crypto.TextCrypto.ERASED_KEY_ID;
      Long previous = parse(index.get(ERASED_PREFIX + ref));
      long erasedUpTo = previous == null ? requestedAt : Math.max(previous, requestedAt);
      index.put(ERASED_PREFIX + ref, Long.toString(erasedUpTo));
      context.forward(
          new Record<>(
              marker,
              ErasureOutput.dataKey(
                  WrappedDataKey.newBuilder()
                      .setWrappedKey(null)
                      .setCreatedAt(at)
                      .setShreddedAt(Instant.ofEpochMilli(erasedUpTo))
                      .build()),
              ts));
    }

    for (String id : customerIds) {
      context.forward(
          new Record<>(
              id,
              ErasureOutput.journeyErase(
                  Routed.of(Handover.erase(request.getRequestId(), customerRef, requestedAt))),
              ts));
    }
    context.forward(
        new Record<>(
            request.getRequestId(),
            ErasureOutput.historyScope(
                new ErasureScope(request.getRequestId(), customerRef, requestedAt, customerIds)),
            ts));
    Map<String, Long> removed = new LinkedHashMap<>();
    removed.put("identifiers", (long) members.size());
    removed.put("graphContacts", (long) contactCount);
    removed.put("dataKeys", (long) shredded);
    removed.put("customerIds", (long) customerIds.size());
    context.forward(
        new Record<>(
            request.getRequestId(),
            ErasureOutput.audit(
                ErasureAudit.newBuilder()
                    .setRequestId(request.getRequestId())
                    .setCustomerRef(customerRef)
                    .setStage("identity-graph")
                    .setErasedAt(at)
                    .setRequestedAt(requested)
                    .setRemoved(removed)
                    .build()),
            ts));
    erasureSensor.record();
    log.info(
        "Erasure {} (customer ref {}): {} identifiers, {} contacts of the graph, {} data keys"
            + " shredded; erasing {} customer ids in the journey stage and the contact history",
        request.getRequestId(),
        customerRef,
        members.size(),
        contactCount,
        shredded,
        customerIds.size());
  }

  /**
   * A request as it travels on the internal {@code identity-erasure-requests} repartition (a
   * string, so that the internal topic needs no schema subject).
   */
  public static String encode(ErasureRequest request) {
    return request.getRequestId()
        + "\u0001"
        + request.getRequestedAt().toEpochMilli()
        + "\u0001"
        + request.getCustomerId();
  }

  static ErasureRequest decode(String encoded) {
    String[] parts = encoded.split("\u0001", 3);
    return ErasureRequest.newBuilder()
        .setRequestId(parts[0])
        .setRequestedAt(Instant.ofEpochMilli(Long.parseLong(parts[1])))
        .setCustomerId(parts[2])
        .build();
  }

  private List<String> contactsOf(String linkKey) {
    String prefix = "i|" + linkKey + "|";
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, String> it = index.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        out.add(it.next().key.substring(prefix.length()));
      }
    }
    return out;
  }

  private static Long parse(String value) {
    return value == null ? null : Long.valueOf(value);
  }
}

package io.journeyline.identity;

import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.journey.Handover;
import io.journeyline.journey.LogSafe;
import io.journeyline.journey.Routed;
import io.journeyline.topology.TopologyListener;
import io.journeyline.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity stage: one task (its input repartitions have one partition) holds the whole {@link
 * IdentityGraph}, because connected components need a view of every edge. Its load is the new
 * evidence, not the events: stage A sends a contact's identifiers only when the contact shows a new
 * one or its events were routed to another customer, so a few records per contact, and CRM links.
 *
 * <p>Stores: {@code identity-node-store} (link key → node: survivor, shared flag, edges), {@code
 * identity-component-store} (survivor → member link keys), {@code identity-contact-store} (contact
 * key → identifiers, placements, last evidence time), and two indexes in {@code
 * identity-index-store}: identifier → contacts ({@code i|<link key>|<contact key>}) and last
 * evidence time → contact ({@code t|<16 hex digits>|<contact key>}), the shared identifiers ({@code
 * s|<link key>}), the stage-A tasks' low watermarks ({@code w|<partition>}) and the graph's version
 * ({@code m|version}).
 *
 * <p><b>Time.</b> Stage A sends each low-watermark tick to the graph too, behind its evidence; the
 * graph passes it on to every journey partition (on {@code journeyline.journey-transfers}, behind
 * the moves that evidence caused), and the journey stage's time waits for these as well. So a move
 * reaches the customer that holds the contact before the journey's time passes the contacts it
 * concerns, however fast a replay runs.
 *
 * <p>Contacts are forgotten a journey horizon plus the allowed lateness plus two days after their
 * last evidence (stage A refreshes it daily), by the smallest low watermark the stage-A tasks
 * passed on, a bounded number per record; identifiers and links stay.
 */
public final class IdentityGraphProcessor
    implements Processor<String, GraphInput, String, GraphOutput> {

  private static final Logger log = LoggerFactory.getLogger(IdentityGraphProcessor.class);
  private static final String VERSION_KEY = "m|version";

  /** Prefix of the shared identifiers in {@code identity-index-store}: {@code s|<link key>}. */
  public static final String SHARED_PREFIX = "s|";

  /** Prefix of the stage-A tasks' low watermarks: {@code w|<partition>}. */
  private static final String TASK_WATERMARK_PREFIX = "w|";

  private static final int EXPIRE_PER_RECORD = 16;

  private final int maxCustomers;
  private final int maxComponentSize;
  private final long contactRetentionMs;
  private final TopologyListener listener;

  private ProcessorContext<String, GraphOutput> context;
  private KeyValueStore<String, IdentityGraph.Node> nodes;
  private KeyValueStore<String, Set<String>> components;
  private KeyValueStore<String, IdentityGraph.Contact> contacts;
  private KeyValueStore<String, String> index;
  private IdentityGraph graph;
  private final Map<Integer, Long> taskWatermarks = new HashMap<>();
  private long recordTimestamp;
  private Sensor sharedSensor;
  private Sensor refusedSensor;
  private Sensor moveSensor;

  /**
   * Creates the processor.
   *
   * @param maxCustomers see {@link IdentityGraph}
   * @param maxComponentSize see {@link IdentityGraph}
   * @param contactRetention how long after its last evidence a contact is remembered
   * @param listener told about shared identifiers, refused links and moves
   */
  public IdentityGraphProcessor(
      int maxCustomers,
      int maxComponentSize,
      Duration contactRetention,
      TopologyListener listener) {
    this.listener = listener;
    this.maxCustomers = maxCustomers;
    this.maxComponentSize = maxComponentSize;
    this.contactRetentionMs = contactRetention.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, GraphOutput> context) {
    this.context = context;
    this.nodes = context.getStateStore(TopologyNames.IDENTITY_NODE_STORE);
    this.components = context.getStateStore(TopologyNames.IDENTITY_COMPONENT_STORE);
    this.contacts = context.getStateStore(TopologyNames.IDENTITY_CONTACT_STORE);
    this.index = context.getStateStore(TopologyNames.IDENTITY_INDEX_STORE);
    taskWatermarks.clear();
    try (KeyValueIterator<String, String> it =
        index.prefixScan(TASK_WATERMARK_PREFIX, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, String> entry = it.next();
        taskWatermarks.put(
            Integer.valueOf(entry.key.substring(TASK_WATERMARK_PREFIX.length())),
            Long.valueOf(entry.value));
      }
    }
    String task = context.taskId().toString();
    sharedSensor = sensor("shared-identifiers", task);
    refusedSensor = sensor("refused-links", task);
    moveSensor = sensor("contact-moves", task);
    graph = new IdentityGraph(new Stores(), new Emitter(), maxCustomers, maxComponentSize);
  }

  private Sensor sensor(String operation, String task) {
    return context
        .metrics()
        .addRateTotalSensor(
            "journeyline", "identity-graph-" + task, operation, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, GraphInput> record) {
    GraphInput input = record.value();
    if (input == null) {
      return;
    }
    recordTimestamp = record.timestamp();
    switch (input.kind()) {
      case EVIDENCE -> {
        graph.evidence(
            input.key(), input.firstSeenByIdentifier(), input.customerId(), input.time());
        long clock = clock();
        if (clock != Long.MIN_VALUE) {
          graph.expireContacts(clock - contactRetentionMs, EXPIRE_PER_RECORD);
        }
      }
      case TICK -> {
        Long known = taskWatermarks.get(input.sourcePartition());
        if (known == null || input.watermark() > known) {
          taskWatermarks.put(input.sourcePartition(), input.watermark());
          index.put(
              TASK_WATERMARK_PREFIX + input.sourcePartition(), Long.toString(input.watermark()));
        }
        // Every move this task's evidence caused is already on its way: the journey stage may
        // let its time pass this watermark.
        context.forward(
            new Record<>(
                TopologyNames.TICK_KEY,
                new GraphOutput(
                    null,
                    null,
                    Routed.graphTick(
                        input.sourcePartition(), input.sourcePartitions(), input.watermark())),
                record.timestamp()));
      }
      case CRM_LINK -> graph.crmLink(input.key(), input.customerId(), input.time());
      // A tombstone carries no time of its own: it counts from when the adapters accepted it.
      case CRM_UNLINK -> graph.crmUnlink(input.key(), record.timestamp());
    }
  }

  /**
   * The graph's clock: the smallest low watermark the stage-A tasks passed on, so that it is never
   * ahead of the journey stage's watermark (a batch that runs ahead on one partition does not make
   * the graph forget contacts the journey still holds).
   */
  private long clock() {
    long min = Long.MAX_VALUE;
    for (long w : taskWatermarks.values()) {
      min = Math.min(min, w);
    }
    return taskWatermarks.isEmpty() ? Long.MIN_VALUE : min;
  }

  private final class Emitter implements IdentityGraph.Output {
    @Override
    public void resolved(
        String linkKey, String customerId, boolean shared, long version, long time) {
      ResolvedIdentifier value =
          ResolvedIdentifier.newBuilder()
              .setIdentifierType(CustomerIds.type(linkKey))
              .setIdentifier(CustomerIds.value(linkKey))
              .setCustomerId(customerId)
              .setShared(shared)
              .setVersion(version)
              .setResolvedAt(Instant.ofEpochMilli(Math.max(0, time)))
              .build();
      context.forward(new Record<>(linkKey, new GraphOutput(value, null, null), recordTimestamp));
    }

    @Override
    public void move(String contactKey, String from, String to, long version) {
      moveSensor.record();
      listener.contactMoved();
      log.debug(
          "Contact {} moves from {} to {} (identity version {})",
          LogSafe.conversation(contactKey),
          LogSafe.identifier(from),
          LogSafe.identifier(to),
          version);
      context.forward(
          new Record<>(
              from,
              new GraphOutput(null, Handover.move(contactKey, to, version), null),
              recordTimestamp));
      // ahead of the graph's next tick on the new customer's partition
      context.forward(
          new Record<>(
              to,
              new GraphOutput(null, Handover.expect(contactKey, version), null),
              recordTimestamp));
    }

    @Override
    public void refused(String a, String b, int size) {
      refusedSensor.record();
      listener.identityLinkRefused();
      log.warn(
          "Link {} - {} refused: it would make a customer of {} identifiers (more than {}, {})",
          LogSafe.identifier(a),
          LogSafe.identifier(b),
          size,
          maxComponentSize,
          "journeyline.identity.max-component-size");
    }

    @Override
    public void shared(String linkKey, boolean shared) {
      if (shared) {
        sharedSensor.record();
        listener.identifierShared();
        log.info(
            "Identifier {} is linked to more than {} customers: shared, it no longer links",
            LogSafe.identifier(linkKey),
            maxCustomers);
      } else {
        log.info("Identifier {} is no longer shared", LogSafe.identifier(linkKey));
      }
    }
  }

  /** The graph's state in the task's stores. */
  private final class Stores implements IdentityGraph.Store {
    @Override
    public IdentityGraph.Node node(String linkKey) {
      return nodes.get(linkKey);
    }

    @Override
    public void putNode(String linkKey, IdentityGraph.Node node) {
      nodes.put(linkKey, node);
    }

    @Override
    public Set<String> members(String survivor) {
      Set<String> members = components.get(survivor);
      return members == null ? new TreeSet<>() : new TreeSet<>(members);
    }

    @Override
    public void putMembers(String survivor, Set<String> members) {
      components.put(survivor, members);
    }

    @Override
    public void deleteMembers(String survivor) {
      components.delete(survivor);
    }

    @Override
    public IdentityGraph.Contact contact(String contactKey) {
      return contacts.get(contactKey);
    }

    @Override
    public void putContact(
        String contactKey, IdentityGraph.Contact contact, long previousLastSeen) {
      if (previousLastSeen != contact.lastSeen()) {
        if (previousLastSeen != Long.MIN_VALUE) {
          index.delete(timeKey(previousLastSeen, contactKey));
        }
        index.put(timeKey(contact.lastSeen(), contactKey), "");
      }
      contacts.put(contactKey, contact);
    }

    @Override
    public void deleteContact(String contactKey, long lastSeen) {
      index.delete(timeKey(lastSeen, contactKey));
      contacts.delete(contactKey);
    }

    @Override
    public Collection<String> contactsOf(String linkKey) {
      String prefix = "i|" + linkKey + "|";
      List<String> out = new ArrayList<>();
      try (KeyValueIterator<String, String> it = index.prefixScan(prefix, new StringSerializer())) {
        while (it.hasNext()) {
          out.add(it.next().key.substring(prefix.length()));
        }
      }
      return out;
    }

    @Override
    public void index(String linkKey, String contactKey) {
      index.put("i|" + linkKey + "|" + contactKey, "");
    }

    @Override
    public void unindex(String linkKey, String contactKey) {
      index.delete("i|" + linkKey + "|" + contactKey);
    }

    @Override
    public List<String> contactsSeenBefore(long time, int limit) {
      List<String> out = new ArrayList<>();
      if (time <= 0) {
        return out;
      }
      try (KeyValueIterator<String, String> it = index.range("t|", timeKey(time, ""))) {
        while (it.hasNext() && out.size() < limit) {
          KeyValue<String, String> entry = it.next();
          out.add(entry.key.substring(2 + 16 + 1));
        }
      }
      return out;
    }

    @Override
    public void markShared(String linkKey, boolean shared) {
      if (shared) {
        index.put(SHARED_PREFIX + linkKey, "");
      } else {
        index.delete(SHARED_PREFIX + linkKey);
      }
    }

    @Override
    public long version() {
      String stored = index.get(VERSION_KEY);
      return stored == null ? 0 : Long.parseLong(stored);
    }

    @Override
    public void version(long version) {
      index.put(VERSION_KEY, Long.toString(version));
    }

    private String timeKey(long time, String contactKey) {
      return "t|" + String.format("%016x", Math.max(0, time)) + "|" + contactKey;
    }
  }
}

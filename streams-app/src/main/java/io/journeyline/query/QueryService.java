package io.journeyline.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.IdentifierType;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.identity.CustomerIds;
import io.journeyline.identity.IdentifierNormalizer;
import io.journeyline.identity.IdentityGraph;
import io.journeyline.identity.IdentityGraphProcessor;
import io.journeyline.journey.ContactSummaries;
import io.journeyline.journey.ContactView;
import io.journeyline.journey.JourneyAggregator;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.JourneyStore;
import io.journeyline.metrics.AggregateEmitter;
import io.journeyline.metrics.BucketKey;
import io.journeyline.metrics.BucketTotals;
import io.journeyline.metrics.Counters;
import io.journeyline.problem.ProblemException;
import io.journeyline.topology.JourneylineTopology;
import io.journeyline.topology.TopologyNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the queries from Kafka Streams interactive queries, on any instance.
 *
 * <ul>
 *   <li>A key query ({@code journey-store} by customerId, {@code contact-history-store} by
 *       contactId, the identity graph's stores by identifier) goes to the key's active host ({@link
 *       KafkaStreams#queryMetadataForKey}): read locally when that is this instance, else forwarded
 *       over HTTP with {@value #FORWARDED} set, which makes the receiver answer from its local
 *       state only (never forwarding again: no loops). When the active host cannot answer and
 *       standby replicas exist ({@code journeyline.query.stale-reads}), a standby answers from its
 *       copy ({@code enableStaleStores()}), marked by {@value #STALE}{@code : true}.
 *   <li>A metric query gathers {@code aggregate-store} from every instance ({@link
 *       KafkaStreams#streamsMetadataForStore}), each for exactly the partitions the metadata says
 *       it owns; the partitions must cover the repartition topic, or the answer is 503. Active
 *       stores only: stale buckets would mix times.
 *   <li>An identifier's customer comes from the global {@code identity-resolution-store}, present
 *       on every instance; its component from the identity graph's stores (one task).
 * </ul>
 *
 * While Kafka Streams is not RUNNING, a store is not queryable, or an owner is unreachable, the
 * answer is 503 with Retry-After, never partial data.
 */
final class QueryService {

  private static final Logger log = LoggerFactory.getLogger(QueryService.class);

  /** Header of a query forwarded by another instance: answer from local state only. */
  static final String FORWARDED = "X-Journeyline-Forwarded";

  /** Request header allowing a standby answer; response header marking one. */
  static final String STALE = "X-Journeyline-Stale";

  private final StreamsAppConfig config;
  private final JourneyAggregator aggregator;
  private final IdentifierNormalizer normalizer;
  private final Serializer<String> contactKeySerializer;
  private final JsonViews views;
  private final HttpClient http;
  private final long finalityLagMs;
  private volatile KafkaStreams streams;
  private volatile HostInfo self;

  QueryService(StreamsAppConfig config, Serializer<String> contactKeySerializer, JsonViews views) {
    this.config = config;
    this.aggregator = JourneylineTopology.aggregator(config);
    this.normalizer = new IdentifierNormalizer(config.defaultRegion());
    this.contactKeySerializer = contactKeySerializer;
    this.views = views;
    HttpClient.Builder client =
        HttpClient.newBuilder().connectTimeout(config.queryForwardTimeout());
    // Over TLS: trust the other instances by the trust store, present our certificate if asked.
    config.queryTls().ifPresent(tls -> client.sslContext(tls.clientContext()));
    this.http = client.build();
    this.finalityLagMs = config.fcrWindow().plus(config.maxGrace()).toMillis();
  }

  /** Connects the service to the running Kafka Streams and this instance's advertised address. */
  void attach(KafkaStreams streams, HostInfo self) {
    this.self = self;
    this.streams = streams;
  }

  Optional<KafkaStreams> streams() {
    return Optional.ofNullable(streams);
  }

  private ProblemException unavailable(String detail) {
    return QueryProblems.unavailable(detail, config.queryRetryAfterSeconds());
  }

  private KafkaStreams requireState(boolean allowRebalancing) {
    KafkaStreams ks = streams;
    if (ks == null) {
      throw unavailable("Kafka Streams is starting");
    }
    KafkaStreams.State state = ks.state();
    if (state == KafkaStreams.State.RUNNING
        || (allowRebalancing && state == KafkaStreams.State.REBALANCING)) {
      return ks;
    }
    throw unavailable("Kafka Streams is " + state);
  }

  // ---------------------------------------------------------------- journeys and contacts

  /** {@code GET /v1/customers/{customerId}/journey}. */
  Reply journey(String customerId, boolean forwarded, boolean staleAllowed) {
    return routed(
        TopologyNames.JOURNEY_STORE,
        customerId,
        new StringSerializer(),
        "/v1/customers/" + encode(customerId) + "/journey",
        forwarded,
        staleAllowed,
        (partition, stale) -> localJourney(customerId, partition, stale));
  }

  private Reply localJourney(String customerId, int partition, boolean stale) {
    JourneyState state =
        JourneyStore.read(
            store(
                TopologyNames.JOURNEY_STORE,
                QueryableStoreTypes.<String, JourneyState>keyValueStore(),
                partition,
                stale),
            customerId);
    if (state == null || state.derivedAt() == Long.MIN_VALUE) {
      throw QueryProblems.unknown("customer");
    }
    List<ContactSummary> contacts = new ArrayList<>();
    for (ContactView view : aggregator.derive(state, state.derivedAt())) {
      contacts.add(
          ContactSummaries.toAvro(view, state.revisions().getOrDefault(view.contactId(), 0L)));
    }
    if (contacts.isEmpty()) {
      // only markers of contacts that went to another customer (a merge): tombstoned too
      throw QueryProblems.unknown("customer");
    }
    return Reply.json(views.write(views.journey(state.customerId(), contacts, state.derivedAt())));
  }

  /**
   * {@code GET /v1/contacts/{contactId}}: the contact's latest {@code journeyline.contacts} record,
   * from {@code contact-history-store} on the instance that owns the contactId (partitioned like
   * the topic, hence routed with the topic's key serializer). It outlives the customer's journey
   * state until the history retention; a tombstoned or unknown id is 404.
   */
  Reply contact(String contactId, boolean forwarded, boolean staleAllowed) {
    return routed(
        TopologyNames.CONTACT_HISTORY_STORE,
        contactId,
        contactKeySerializer,
        "/v1/contacts/" + encode(contactId),
        forwarded,
        staleAllowed,
        (partition, stale) -> localContact(contactId, partition, stale));
  }

  private Reply localContact(String contactId, int partition, boolean stale) {
    ContactSummary contact =
        store(
                TopologyNames.CONTACT_HISTORY_STORE,
                QueryableStoreTypes.<String, ContactSummary>keyValueStore(),
                partition,
                stale)
            .get(contactId);
    if (contact == null) {
      throw QueryProblems.unknown("contact");
    }
    return Reply.json(views.write(views.contact(contact)));
  }

  // ---------------------------------------------------------------- identities

  /** {@code GET /v1/identities/{identifier}}: normalized like the topology, then the link. */
  Reply identity(String identifier, String typeParam) {
    List<IdentifierType> candidates = new ArrayList<>();
    String raw = identifier;
    int colon = identifier.indexOf(':');
    if (typeParam != null) {
      candidates.add(identifierType(typeParam));
    } else if (colon > 0 && isType(identifier.substring(0, colon))) {
      candidates.add(IdentifierType.valueOf(identifier.substring(0, colon)));
      raw = identifier.substring(colon + 1);
    } else {
      if (raw.contains("@")) {
        candidates.add(IdentifierType.EMAIL);
      }
      candidates.add(IdentifierType.PHONE);
      candidates.add(IdentifierType.CHAT_USER);
    }
    KafkaStreams ks = requireState(true);
    ReadOnlyKeyValueStore<String, ResolvedIdentifier> links;
    try {
      links =
          ks.store(
              StoreQueryParameters.fromNameAndType(
                  TopologyNames.IDENTITY_RESOLUTION_STORE,
                  QueryableStoreTypes.<String, ResolvedIdentifier>keyValueStore()));
      for (IdentifierType type : candidates) {
        String normalized = normalizer.normalize(type, raw);
        if (normalized == null) {
          continue;
        }
        String linkKey = IdentifierNormalizer.linkKey(type, normalized);
        ResolvedIdentifier link = links.get(linkKey);
        if (link != null) {
          ObjectNode answer = views.identity(type.name(), normalized, link);
          Reply component = identityComponent(linkKey, false);
          if (component.status() == 200) {
            JsonNode graph = readTree(component.body());
            answer.put("source", graph.path("source").asText());
            answer.set("component", graph.path("component"));
          }
          return Reply.json(views.write(answer));
        }
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable("the identity store is not queryable");
    }
    throw QueryProblems.unknown("identifier");
  }

  /**
   * The component of an identifier, from the identity graph's stores (one task, so one instance
   * holds them; others forward): {@code GET /internal/v1/identity-components/{linkKey}}.
   */
  Reply identityComponent(String linkKey, boolean forwarded) {
    return routed(
        TopologyNames.IDENTITY_NODE_STORE,
        linkKey,
        new StringSerializer(),
        "/internal/v1/identity-components/" + encode(linkKey),
        forwarded,
        true,
        (partition, stale) -> localComponent(linkKey, partition, stale));
  }

  private Reply localComponent(String linkKey, int partition, boolean stale) {
    ReadOnlyKeyValueStore<String, IdentityGraph.Node> nodes =
        store(
            TopologyNames.IDENTITY_NODE_STORE,
            QueryableStoreTypes.<String, IdentityGraph.Node>keyValueStore(),
            partition,
            stale);
    ReadOnlyKeyValueStore<String, Set<String>> components =
        store(
            TopologyNames.IDENTITY_COMPONENT_STORE,
            QueryableStoreTypes.<String, Set<String>>keyValueStore(),
            partition,
            stale);
    IdentityGraph.Node node = nodes.get(linkKey);
    if (node == null) {
      throw QueryProblems.unknown("identifier");
    }
    Set<String> members = components.get(node.survivor());
    ObjectNode out = views.mapper().createObjectNode();
    out.put("source", source(node));
    ObjectNode component = out.putObject("component");
    component.put("customerId", node.survivor());
    ArrayNode identifiers = component.putArray("identifiers");
    for (String member : members == null ? Set.of(linkKey) : members) {
      IdentityGraph.Node m = nodes.get(member);
      if (m == null) {
        continue;
      }
      ObjectNode id = identifiers.addObject();
      id.put("type", CustomerIds.type(member).name());
      id.put("identifier", CustomerIds.value(member));
      id.put("shared", m.shared());
      id.put("source", source(m));
      ArrayNode linkList = id.putArray("links");
      for (Map.Entry<String, IdentityGraph.Edge> edge : m.edges().entrySet()) {
        ObjectNode l = linkList.addObject();
        l.put("type", CustomerIds.type(edge.getKey()).name());
        l.put("identifier", CustomerIds.value(edge.getKey()));
        l.put("source", edge.getValue().source().name());
        l.put("at", Instant.ofEpochMilli(Math.max(0, edge.getValue().time())).toString());
      }
    }
    return Reply.json(views.write(out));
  }

  /**
   * {@code GET /v1/identity-graph/shared}: the identifiers that are shared (they stopped linking
   * customers), from the identity graph's task; forwarded there.
   */
  Reply sharedIdentifiers(boolean forwarded) {
    return routed(
        TopologyNames.IDENTITY_INDEX_STORE,
        IdentityGraphProcessor.SHARED_PREFIX,
        new StringSerializer(),
        "/v1/identity-graph/shared",
        forwarded,
        true,
        (partition, stale) -> {
          ReadOnlyKeyValueStore<String, String> index =
              store(
                  TopologyNames.IDENTITY_INDEX_STORE,
                  QueryableStoreTypes.<String, String>keyValueStore(),
                  partition,
                  stale);
          ReadOnlyKeyValueStore<String, IdentityGraph.Node> nodes =
              store(
                  TopologyNames.IDENTITY_NODE_STORE,
                  QueryableStoreTypes.<String, IdentityGraph.Node>keyValueStore(),
                  partition,
                  stale);
          ObjectNode out = views.mapper().createObjectNode();
          ArrayNode list = out.putArray("shared");
          try (var it =
              index.prefixScan(IdentityGraphProcessor.SHARED_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
              String linkKey =
                  it.next().key.substring(IdentityGraphProcessor.SHARED_PREFIX.length());
              IdentityGraph.Node node = nodes.get(linkKey);
              ObjectNode n = list.addObject();
              n.put("type", CustomerIds.type(linkKey).name());
              n.put("identifier", CustomerIds.value(linkKey));
              n.put("links", node == null ? 0 : node.edges().size());
            }
          }
          return Reply.json(views.write(out));
        });
  }

  /**
   * CRM when the CRM's latest statement links it, EVENT when only evidence does, else PROVISIONAL.
   */
  private static String source(IdentityGraph.Node node) {
    if (node.crmCustomer() != null) {
      return "CRM";
    }
    return node.edges().isEmpty() ? "PROVISIONAL" : "EVENT";
  }

  private static boolean isType(String text) {
    return text.equals("PHONE")
        || text.equals("EMAIL")
        || text.equals("CHAT_USER")
        || text.equals("CUSTOMER_ID");
  }

  private static IdentifierType identifierType(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (!isType(t)) {
      throw QueryProblems.badParameter(
          "type", "must be one of PHONE, EMAIL, CHAT_USER, CUSTOMER_ID");
    }
    return IdentifierType.valueOf(t);
  }

  // ---------------------------------------------------------------- metrics

  /** {@code GET /v1/metrics/{metric}}: gathered from every instance, or local partitions only. */
  Reply metrics(String metric, Map<String, Deque<String>> params, boolean forwarded) {
    MetricQuery q = MetricQuery.parse(metric, params, config.windows());
    KafkaStreams ks = requireState(false);
    if (forwarded) {
      Set<Integer> partitions = new TreeSet<>();
      Deque<String> given = params.get("partitions");
      if (given != null) {
        for (String part : String.join(",", given).split(",")) {
          if (!part.isBlank()) {
            partitions.add(Integer.parseInt(part.trim()));
          }
        }
      }
      return Reply.json(views.write(localMetrics(q, partitions)));
    }
    Collection<StreamsMetadata> hosts = ks.streamsMetadataForStore(TopologyNames.AGGREGATE_STORE);
    Map<HostInfo, Set<Integer>> owned = new LinkedHashMap<>();
    Set<Integer> all = new TreeSet<>();
    int assignments = 0;
    for (StreamsMetadata md : hosts) {
      Set<Integer> parts = new TreeSet<>();
      for (TopicPartition tp : md.topicPartitions()) {
        if (tp.topic().endsWith("-" + TopologyNames.BY_BUCKET + "-repartition")) {
          parts.add(tp.partition());
        }
      }
      assignments += parts.size();
      all.addAll(parts);
      owned.put(md.hostInfo(), parts);
    }
    if (all.isEmpty() || assignments != all.size() || all.size() != maxPlusOne(all)) {
      throw unavailable("the aggregate partitions are being reassigned");
    }
    long completeUpTo = Long.MAX_VALUE;
    List<ObjectNode> buckets = new ArrayList<>();
    for (Map.Entry<HostInfo, Set<Integer>> entry : owned.entrySet()) {
      if (entry.getValue().isEmpty()) {
        continue;
      }
      ObjectNode part;
      if (entry.getKey().equals(self)) {
        part = localMetrics(q, entry.getValue());
      } else {
        String path =
            "/v1/metrics/"
                + metric
                + "?"
                + q.queryString()
                + "&partitions="
                + String.join(",", entry.getValue().stream().map(String::valueOf).toList());
        Reply reply = forward(entry.getKey(), path, false);
        if (reply.status() != 200) {
          throw unavailable("an instance owning aggregate partitions could not answer");
        }
        part = (ObjectNode) readTree(reply.body());
      }
      completeUpTo =
          Math.min(completeUpTo, Instant.parse(part.path("completeUpTo").asText()).toEpochMilli());
      part.path("buckets").forEach(b -> buckets.add((ObjectNode) b));
    }
    buckets.sort(
        Comparator.comparing((ObjectNode b) -> Instant.parse(b.path("start").asText()))
            .thenComparing(b -> b.path("key").asText()));
    return Reply.json(views.write(views.metrics(q, completeUpTo, buckets)));
  }

  private static int maxPlusOne(Set<Integer> parts) {
    return parts.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
  }

  private ObjectNode localMetrics(MetricQuery q, Set<Integer> partitions) {
    KafkaStreams ks = requireState(false);
    Set<Integer> active = new TreeSet<>();
    ks.metadataForLocalThreads()
        .forEach(
            t ->
                t.activeTasks()
                    .forEach(
                        task ->
                            task.topicPartitions().stream()
                                .filter(
                                    tp ->
                                        tp.topic()
                                            .endsWith(
                                                "-" + TopologyNames.BY_BUCKET + "-repartition"))
                                .forEach(tp -> active.add(tp.partition()))));
    if (!active.containsAll(partitions)) {
      throw unavailable("aggregate partitions moved to another instance");
    }
    List<ObjectNode> buckets = new ArrayList<>();
    long completeUpTo = Long.MAX_VALUE;
    for (int partition : partitions) {
      ReadOnlyKeyValueStore<String, BucketTotals> store =
          store(
              TopologyNames.AGGREGATE_STORE,
              QueryableStoreTypes.<String, BucketTotals>keyValueStore(),
              partition,
              false);
      try (KeyValueIterator<String, BucketTotals> it =
          store.prefixScan(q.window() + "|", new StringSerializer())) {
        while (it.hasNext()) {
          KeyValue<String, BucketTotals> entry = it.next();
          BucketKey key = BucketKey.parse(entry.key);
          Counters sum = entry.value.sum();
          if (key.dimension() != q.by()
              || key.windowStart() < q.from()
              || key.windowStart() >= q.to()
              || !JsonViews.hasAny(q.metric(), sum)) {
            continue;
          }
          buckets.add(views.bucket(q.metric(), key, sum));
        }
      }
      completeUpTo = Math.min(completeUpTo, completeUpTo(partition));
    }
    return views.metrics(q, completeUpTo == Long.MAX_VALUE ? 0L : completeUpTo, buckets);
  }

  /** As {@code AggregateProcessor}: min watermark of the partition's task minus N and grace. */
  private long completeUpTo(int partition) {
    return AggregateEmitter.completeUpTo(
        store(
            TopologyNames.WATERMARK_STORE,
            QueryableStoreTypes.<String, Long>keyValueStore(),
            partition,
            false),
        finalityLagMs);
  }

  // ---------------------------------------------------------------- routing

  @FunctionalInterface
  private interface LocalRead {
    Reply read(int partition, boolean stale);
  }

  private Reply routed(
      String storeName,
      String key,
      Serializer<String> keySerializer,
      String path,
      boolean forwarded,
      boolean staleAllowed,
      LocalRead local) {
    boolean stale = staleAllowed && config.queryStaleReads();
    KafkaStreams ks = requireState(forwarded && stale);
    KeyQueryMetadata md;
    try {
      md = ks.queryMetadataForKey(storeName, key, keySerializer);
    } catch (RuntimeException e) {
      throw unavailable("the owner of the key is not known yet");
    }
    if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md)) {
      throw unavailable("the owner of the key is not known yet");
    }
    HostInfo me = self;
    if (forwarded) {
      if (md.activeHost().equals(me)) {
        return readLocal(local, md.partition(), false);
      }
      if (stale && md.standbyHosts().contains(me)) {
        return readLocal(local, md.partition(), true).withHeader(STALE, "true");
      }
      throw unavailable("this instance does not own the key (a rebalance is under way)");
    }
    if (md.activeHost().equals(me)) {
      try {
        return readLocal(local, md.partition(), false);
      } catch (ProblemException e) {
        if (e.problem().status() != 503 || !stale || md.standbyHosts().isEmpty()) {
          throw e;
        }
      }
    } else {
      Reply reply = forward(md.activeHost(), path, false);
      if (reply.status() != 503 || !stale || md.standbyHosts().isEmpty()) {
        return reply;
      }
    }
    for (HostInfo standby : md.standbyHosts()) {
      if (standby.equals(me)) {
        try {
          return readLocal(local, md.partition(), true).withHeader(STALE, "true");
        } catch (ProblemException e) {
          if (e.problem().status() != 503) {
            throw e;
          }
        }
      } else {
        Reply reply = forward(standby, path, true);
        if (reply.status() != 503) {
          return reply;
        }
      }
    }
    throw unavailable("no instance holding the key can answer");
  }

  private Reply readLocal(LocalRead local, int partition, boolean stale) {
    try {
      return local.read(partition, stale);
    } catch (InvalidStateStoreException e) {
      // thrown lazily by the store facades, e.g. when the partition just migrated
      throw unavailable("the store is not queryable on this instance");
    }
  }

  private <T> T store(
      String name,
      org.apache.kafka.streams.state.QueryableStoreType<T> type,
      int partition,
      boolean stale) {
    StoreQueryParameters<T> params =
        StoreQueryParameters.fromNameAndType(name, type).withPartition(partition);
    if (stale) {
      params = params.enableStaleStores();
    }
    try {
      return requireState(stale).store(params);
    } catch (InvalidStateStoreException e) {
      throw unavailable("the store is not queryable on this instance");
    }
  }

  private Reply forward(HostInfo host, String path, boolean staleAllowed) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(config.queryScheme() + "://" + host.host() + ":" + host.port() + path))
            .timeout(config.queryForwardTimeout())
            .header(FORWARDED, "true")
            .GET();
    // The owner checks the caller's own key again (QueryAccess): no shared internal secret.
    QueryAccess.callerKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    if (staleAllowed) {
      request.header(STALE, "allow");
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
      response.headers().firstValue(STALE).ifPresent(v -> headers.put(STALE, v));
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(Reply.JSON),
          response.body(),
          headers);
    } catch (IOException e) {
      log.warn("Instance {}:{} did not answer a forwarded query: {}", host.host(), host.port(), e);
      throw unavailable("the instance owning the key is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  private JsonNode readTree(String body) {
    try {
      return views.mapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable answer of another instance", e);
    }
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

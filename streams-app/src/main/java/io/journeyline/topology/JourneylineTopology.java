package io.journeyline.topology;

import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.erasure.ErasureKeys;
import io.journeyline.erasure.IdentityErasureGuard;
import io.journeyline.fcr.FcrRules;
import io.journeyline.history.ContactHistoryProcessor;
import io.journeyline.history.ContactRetention;
import io.journeyline.history.SurveyJoinProcessor;
import io.journeyline.history.TopicBoundSerde;
import io.journeyline.identity.GraphInput;
import io.journeyline.identity.GraphOutput;
import io.journeyline.identity.IdentifierNormalizer;
import io.journeyline.identity.IdentityGraphProcessor;
import io.journeyline.identity.StageAOutput;
import io.journeyline.identity.ValidateDedupResolveProcessor;
import io.journeyline.journey.JourneyAggregator;
import io.journeyline.journey.JourneyOutput;
import io.journeyline.journey.JourneyProcessor;
import io.journeyline.journey.Routed;
import io.journeyline.metrics.AggregateEmitter;
import io.journeyline.metrics.AggregateOutput;
import io.journeyline.metrics.BucketTotals;
import io.journeyline.metrics.Contributions;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.metrics.WatermarkRecorder;
import io.journeyline.sentiment.SentimentScorer;
import io.journeyline.sentiment.VaderScorer;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Journeyline topology, composed from one small function per stage:
 *
 * <pre>
 * interactions (4 topics) ─► validate-dedup-resolve (stage A, by contactId: dedup-store,
 *      │                      contact-identity-store, input-watermark-store;
 *      │                      identity-resolution global store)
 *      ├─► identity-evidence repartition (1 partition) ─┐
 *      │   journeyline.identities (CRM) ─► identity-crm ─┴► identity-graph (one task)
 *      │          ├─► journeyline.identity-resolution (read back by stage A)
 *      │          └─► moves ─► journeyline.journey-transfers ─┐
 *      └─► by-customer repartition (low-watermark ticks) ─────┴─► journey (stage B, by customerId:
 *                        journey-store, timer-index-store, source-watermark-store,
 *                        delta-outbox-store, output-outbox-store)
 *                 ├─► transfers of moved contacts ─► journeyline.journey-transfers
 *                 ├─► journeyline.contacts, journeyline.journeys (once per commit interval),
 *                 │   journeyline.alerts
 *                 └─► by-bucket repartition of signed deltas (watermarks multicast)
 *                       ─► aggregate (stage C: cached sums in aggregate-store, watermark-store;
 *                          each touched bucket emitted once per commit)
 *                            ─► journeyline.metrics.fcr / .sentiment / .repeat-contacts
 * </pre>
 *
 * Two repartitions on the event path, whatever the number of windows and dimensions; the identity
 * graph's inputs are a few records per contact.
 *
 * <p><b>Time.</b> Event time travels in the payload ({@code occurredAt}); the Kafka record
 * timestamps are ingest times and drive nothing here. Each stage-A task keeps the low watermark of
 * its input partitions (data and heartbeats) and judges lateness against it; the journey stage's
 * time is the smallest low watermark over all stage-A tasks, and the aggregate stage's {@code
 * completeUpTo} follows the smallest journey watermark. See {@link ValidateDedupResolveProcessor}
 * and {@link JourneyProcessor}.
 */
public final class JourneylineTopology {

  private JourneylineTopology() {}

  /** The topology with the default sentiment scorer and no listener. */
  public static Topology build(StreamsAppConfig config, JourneylineSerdes serdes) {
    return build(config, serdes, VaderScorer.contactCenter(), TopologyListener.NONE);
  }

  /**
   * The topology.
   *
   * @param config the app settings
   * @param serdes the public topics' serdes
   * @param scorer scores customer messages without a vendor score
   * @param listener told about accepted events, duplicates, alerts and aggregates
   */
  public static Topology build(
      StreamsAppConfig config,
      JourneylineSerdes serdes,
      SentimentScorer scorer,
      TopologyListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    TopicCatalog topics = config.topicCatalog();
    ErasureKeys erasureKeys = new ErasureKeys(config.textCrypto());
    identityResolutionTable(builder, topics, serdes);
    ErasureTopology.dataKeyTable(builder, topics, serdes);
    KStream<String, StageAOutput> stageA =
        validateDedupResolve(builder, topics, serdes, config, scorer, listener, erasureKeys);
    identityGraph(builder, stageA, topics, serdes, config, listener, erasureKeys);
    KStream<String, String> erasureScopes =
        ErasureTopology.identityErasure(builder, topics, serdes, config, erasureKeys);
    KStream<String, Routed> byCustomer = repartitionByCustomer(stageA);
    KStream<String, Routed> transfers =
        builder.stream(
            topics.name(JourneylineTopic.JOURNEY_TRANSFERS),
            Consumed.with(Serdes.String(), InternalSerdes.routed())
                .withName(TopologyNames.JOURNEY_TRANSFERS_SOURCE));
    KStream<String, JourneyOutput> stageB =
        journey(
            builder,
            byCustomer.merge(
                ErasureTopology.handovers(transfers), Named.as(TopologyNames.MERGE_JOURNEY_INPUTS)),
            config,
            listener,
            erasureKeys);
    ErasureTopology.journeyErasure(transfers, topics, serdes, erasureKeys);
    journeyOutputs(stageB, topics, serdes);
    KStream<String, MetricDelta> byBucket = repartitionByBucket(stageB);
    aggregates(builder, byBucket, topics, serdes, config, listener);
    contactHistory(builder, topics, serdes, config, listener);
    ErasureTopology.historyErasure(erasureScopes, topics, serdes);
    return builder.build();
  }

  static void identityResolutionTable(
      StreamsBuilder builder, TopicCatalog topics, JourneylineSerdes serdes) {
    builder.globalTable(
        topics.name(JourneylineTopic.IDENTITY_RESOLUTION),
        Consumed.with(serdes.key(), serdes.resolved())
            .withName(TopologyNames.IDENTITY_RESOLUTION_SOURCE),
        Materialized.<String, ResolvedIdentifier, KeyValueStore<Bytes, byte[]>>as(
                TopologyNames.IDENTITY_RESOLUTION_STORE)
            .withKeySerde(serdes.key())
            .withValueSerde(serdes.resolved()));
  }

  static KStream<String, StageAOutput> validateDedupResolve(
      StreamsBuilder builder,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      SentimentScorer scorer,
      TopologyListener listener,
      ErasureKeys erasureKeys) {
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                TopologyNames.DEDUP_STORE, config.dedupRetention(), Duration.ofMillis(1), false),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                TopologyNames.CONTACT_IDENTITY_STORE,
                config.journeyHorizon(),
                Duration.ofMillis(1),
                false),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.INPUT_WATERMARK_STORE),
                Serdes.String(),
                Serdes.Long())
            .withCachingEnabled());
    List<String> interactionTopics =
        JourneylineTopic.interactionTopics().stream().map(topics::name).toList();
    ValidateDedupResolveProcessor.TimeSettings time =
        new ValidateDedupResolveProcessor.TimeSettings(
            config.allowedLateness(), config.maxClockSkew(), config.watermarkInterval());
    IdentifierNormalizer normalizer = new IdentifierNormalizer(config.defaultRegion());
    return builder.stream(
            interactionTopics,
            Consumed.with(InteractionKeySerde.of(serdes.key()), serdes.interaction())
                .withTimestampExtractor(new IngestTimeExtractor())
                .withName(TopologyNames.INTERACTIONS_SOURCE))
        .process(
            () ->
                new ValidateDedupResolveProcessor(
                    interactionTopics,
                    time,
                    config.dedupRetention(),
                    config.journeyHorizon(),
                    normalizer,
                    scorer,
                    listener,
                    erasureKeys,
                    config.keyWait()),
            Named.as(TopologyNames.VALIDATE_DEDUP_RESOLVE),
            TopologyNames.DEDUP_STORE,
            TopologyNames.CONTACT_IDENTITY_STORE,
            TopologyNames.INPUT_WATERMARK_STORE);
  }

  /**
   * The identity graph: the contacts' evidence from stage A and the CRM links of {@code
   * journeyline.identities} (a tombstone unlinks) meet in one task through two single-partition
   * repartitions. It publishes each identifier's customer to {@code
   * journeyline.identity-resolution} (read back by stage A as a global table) and sends the moves
   * of contacts whose customer changed to {@code journeyline.journey-transfers}.
   */
  static void identityGraph(
      StreamsBuilder builder,
      KStream<String, StageAOutput> stageA,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      TopologyListener listener,
      ErasureKeys erasureKeys) {
    KStream<String, GraphInput> evidence =
        stageA
            .filter((k, v) -> v.evidence() != null, Named.as(TopologyNames.SELECT_EVIDENCE))
            .mapValues(StageAOutput::evidence, Named.as(TopologyNames.TO_EVIDENCE))
            .repartition(
                Repartitioned.<String, GraphInput>as(TopologyNames.IDENTITY_EVIDENCE)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(InternalSerdes.graphInput())
                    .withNumberOfPartitions(1));
    KStream<String, GraphInput> crm =
        builder.stream(
                topics.name(JourneylineTopic.IDENTITIES),
                Consumed.with(serdes.key(), serdes.identityLink())
                    .withName(TopologyNames.IDENTITIES_SOURCE))
            .filter((k, v) -> k != null, Named.as(TopologyNames.SELECT_CRM_LINKS))
            .mapValues(
                (key, link) ->
                    link == null
                        ? GraphInput.crmUnlink(key, 0L)
                        : GraphInput.crmLink(
                            key, link.getCustomerId(), link.getLinkedAt().toEpochMilli()),
                Named.as(TopologyNames.TO_CRM_INPUT))
            .repartition(
                Repartitioned.<String, GraphInput>as(TopologyNames.IDENTITY_CRM)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(InternalSerdes.graphInput())
                    .withNumberOfPartitions(1));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.IDENTITY_NODE_STORE),
            Serdes.String(),
            InternalSerdes.graphNode()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.IDENTITY_COMPONENT_STORE),
            Serdes.String(),
            InternalSerdes.stringSet()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.IDENTITY_CONTACT_STORE),
            Serdes.String(),
            InternalSerdes.graphContact()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.IDENTITY_INDEX_STORE),
            Serdes.String(),
            Serdes.String()));
    // the journey keeps a contact a horizon after its end; the graph dates it by its last
    // evidence, refreshed daily, so it keeps it two days longer
    Duration contactRetention =
        config.journeyHorizon().plus(config.allowedLateness()).plus(Duration.ofDays(2));
    KStream<String, GraphOutput> out =
        evidence
            .merge(crm, Named.as(TopologyNames.MERGE_GRAPH_INPUTS))
            // erased identifiers do not come back through input that was on its way
            .process(
                () -> new IdentityErasureGuard(erasureKeys),
                Named.as(TopologyNames.IDENTITY_ERASURE_GUARD),
                TopologyNames.IDENTITY_INDEX_STORE,
                TopologyNames.IDENTITY_NODE_STORE)
            .process(
                () ->
                    new IdentityGraphProcessor(
                        config.maxCustomersPerIdentifier(),
                        config.maxComponentSize(),
                        contactRetention,
                        listener),
                Named.as(TopologyNames.IDENTITY_GRAPH),
                TopologyNames.IDENTITY_NODE_STORE,
                TopologyNames.IDENTITY_COMPONENT_STORE,
                TopologyNames.IDENTITY_CONTACT_STORE,
                TopologyNames.IDENTITY_INDEX_STORE);
    out.filter((k, v) -> v.resolved() != null, Named.as(TopologyNames.SELECT_RESOLUTIONS))
        .mapValues(GraphOutput::resolved, Named.as(TopologyNames.TO_RESOLVED_IDENTIFIER))
        .to(
            topics.name(JourneylineTopic.IDENTITY_RESOLUTION),
            Produced.with(serdes.key(), serdes.resolved())
                .withName(TopologyNames.IDENTITY_RESOLUTION_SINK));
    out.filter((k, v) -> v.move() != null || v.tick() != null, Named.as(TopologyNames.SELECT_MOVES))
        .mapValues(
            v -> v.move() != null ? Routed.of(v.move()) : v.tick(), Named.as(TopologyNames.TO_MOVE))
        .to(
            topics.name(JourneylineTopic.JOURNEY_TRANSFERS),
            Produced.with(Serdes.String(), InternalSerdes.routed())
                .withStreamPartitioner(ticksToAllPartitions(Routed::isTick))
                .withName(TopologyNames.MOVES_SINK));
  }

  /** Multicasts heartbeat ticks to every partition; events go by the default key hash. */
  static <V> StreamPartitioner<String, V> ticksToAllPartitions(
      java.util.function.Predicate<V> isTick) {
    return (topic, key, value, numPartitions) ->
        isTick.test(value)
            ? Optional.of(
                IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()))
            : Optional.empty();
  }

  static KStream<String, Routed> repartitionByCustomer(KStream<String, StageAOutput> stageA) {
    return stageA
        .filter((k, v) -> v.routed() != null, Named.as(TopologyNames.SELECT_CUSTOMER_EVENTS))
        .mapValues(StageAOutput::routed, Named.as(TopologyNames.TO_CUSTOMER_EVENT))
        .repartition(
            Repartitioned.<String, Routed>as(TopologyNames.BY_CUSTOMER)
                .withKeySerde(Serdes.String())
                .withValueSerde(InternalSerdes.routed())
                .withStreamPartitioner(ticksToAllPartitions(Routed::isTick)));
  }

  static KStream<String, JourneyOutput> journey(
      StreamsBuilder builder,
      KStream<String, Routed> byCustomer,
      StreamsAppConfig config,
      TopologyListener listener,
      ErasureKeys erasureKeys) {
    // Cached: the events of a contact (a replay, a busy chat) often come within one commit
    // interval, and the customer's state then goes to RocksDB and its changelog once, not per
    // event.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.JOURNEY_STORE),
                Serdes.String(),
                InternalSerdes.journeyState())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.TIMER_INDEX_STORE),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.SOURCE_WATERMARK_STORE),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.DELTA_OUTBOX_STORE),
                Serdes.String(),
                InternalSerdes.metricDelta())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.OUTPUT_OUTBOX_STORE),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.JOURNEY_ERASURE_STORE),
            Serdes.String(),
            Serdes.Long()));
    JourneyAggregator aggregator = aggregator(config);
    Contributions contributions = new Contributions(config.windows());
    return ErasureTopology.guardJourney(byCustomer, erasureKeys)
        .process(
            () ->
                new JourneyProcessor(
                    aggregator,
                    contributions,
                    config.graces(),
                    config.allowedLateness(),
                    config.commitInterval(),
                    config.repeatAlertReturns(),
                    config.journeyMaxContacts(),
                    config.journeyMemoryEvents(),
                    listener),
            Named.as(TopologyNames.JOURNEY),
            TopologyNames.JOURNEY_STORE,
            TopologyNames.TIMER_INDEX_STORE,
            TopologyNames.SOURCE_WATERMARK_STORE,
            TopologyNames.DELTA_OUTBOX_STORE,
            TopologyNames.OUTPUT_OUTBOX_STORE);
  }

  /**
   * The aggregator the journey stage derives contacts with; the query API derives with the same
   * one, so that a queried contact equals its {@code journeyline.contacts} record.
   */
  public static JourneyAggregator aggregator(StreamsAppConfig config) {
    FcrRules rules = new FcrRules(config.fcrWindow(), config.maxGrace(), config.issueMatching());
    return new JourneyAggregator(
        rules,
        config.inactivityGaps(),
        config.lifecycleTimeout(),
        config.journeyHorizon(),
        config.serviceRules());
  }

  static void journeyOutputs(
      KStream<String, JourneyOutput> stageB, TopicCatalog topics, JourneylineSerdes serdes) {
    stageB
        .filter(
            (k, v) -> v.kind() == JourneyOutput.Kind.TRANSFER,
            Named.as(TopologyNames.SELECT_TRANSFERS))
        .mapValues(v -> Routed.of(v.transfer()), Named.as(TopologyNames.TO_TRANSFER))
        .to(
            topics.name(JourneylineTopic.JOURNEY_TRANSFERS),
            Produced.with(Serdes.String(), InternalSerdes.routed())
                .withName(TopologyNames.TRANSFERS_SINK));
    stageB
        .filter(
            (k, v) -> v.kind() == JourneyOutput.Kind.CONTACT,
            Named.as(TopologyNames.SELECT_CONTACTS))
        .mapValues(JourneyOutput::contact, Named.as(TopologyNames.TO_CONTACT_SUMMARY))
        .to(
            topics.name(JourneylineTopic.CONTACTS),
            Produced.with(serdes.key(), serdes.contact()).withName(TopologyNames.CONTACTS_SINK));
    stageB
        .filter(
            (k, v) -> v.kind() == JourneyOutput.Kind.JOURNEY,
            Named.as(TopologyNames.SELECT_JOURNEYS))
        .mapValues(JourneyOutput::journey, Named.as(TopologyNames.TO_CUSTOMER_JOURNEY))
        .to(
            topics.name(JourneylineTopic.JOURNEYS),
            Produced.with(serdes.key(), serdes.journey()).withName(TopologyNames.JOURNEYS_SINK));
    stageB
        .filter(
            (k, v) -> v.kind() == JourneyOutput.Kind.ALERT, Named.as(TopologyNames.SELECT_ALERTS))
        .mapValues(JourneyOutput::alert, Named.as(TopologyNames.TO_ALERT))
        .to(
            topics.name(JourneylineTopic.ALERTS),
            Produced.with(serdes.key(), serdes.alert()).withName(TopologyNames.ALERTS_SINK));
  }

  static KStream<String, MetricDelta> repartitionByBucket(KStream<String, JourneyOutput> stageB) {
    return stageB
        .filter(
            (k, v) -> v.kind() == JourneyOutput.Kind.DELTA, Named.as(TopologyNames.SELECT_DELTAS))
        .mapValues(JourneyOutput::delta, Named.as(TopologyNames.TO_DELTA))
        .repartition(
            Repartitioned.<String, MetricDelta>as(TopologyNames.BY_BUCKET)
                .withKeySerde(Serdes.String())
                .withValueSerde(InternalSerdes.metricDelta())
                .withStreamPartitioner(ticksToAllPartitions(MetricDelta::isWatermark)));
  }

  static void aggregates(
      StreamsBuilder builder,
      KStream<String, MetricDelta> byBucket,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      TopologyListener listener) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.WATERMARK_STORE),
            Serdes.String(),
            Serdes.Long()));
    byBucket
        .filter((k, v) -> v.isWatermark(), Named.as(TopologyNames.SELECT_WATERMARKS))
        .process(
            WatermarkRecorder::new,
            Named.as(TopologyNames.RECORD_WATERMARKS),
            TopologyNames.WATERMARK_STORE);
    // A cached aggregate: the deltas of one commit interval are summed in the record cache and
    // each touched bucket is written (store, changelog, metric topics) once per commit.
    KTable<String, BucketTotals> sums =
        byBucket
            .filter((k, v) -> !v.isWatermark(), Named.as(TopologyNames.SELECT_BUCKET_DELTAS))
            .groupByKey(
                Grouped.with(
                    TopologyNames.BY_BUCKET, Serdes.String(), InternalSerdes.metricDelta()))
            .aggregate(
                () -> BucketTotals.EMPTY,
                (bucket, delta, totals) -> totals.plus(delta.delta()),
                Named.as(TopologyNames.AGGREGATE),
                Materialized.<String, BucketTotals, KeyValueStore<Bytes, byte[]>>as(
                        TopologyNames.AGGREGATE_STORE)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(InternalSerdes.bucketTotals())
                    .withCachingEnabled());
    long finalityLag = config.fcrWindow().plus(config.maxGrace()).toMillis();
    KStream<MetricKey, AggregateOutput> out =
        sums.toStream(Named.as(TopologyNames.AGGREGATE_CHANGES))
            .process(
                () ->
                    new AggregateEmitter(
                        finalityLag,
                        config.metricsRetention().orElse(null),
                        config.serviceRules().formula(),
                        listener),
                Named.as(TopologyNames.EMIT_AGGREGATES),
                TopologyNames.WATERMARK_STORE,
                TopologyNames.AGGREGATE_STORE);
    out.filter((k, v) -> v.fcr() != null, Named.as(TopologyNames.SELECT_FCR))
        .mapValues(AggregateOutput::fcr, Named.as(TopologyNames.TO_FCR_AGGREGATE))
        .to(
            topics.name(JourneylineTopic.METRICS_FCR),
            Produced.with(serdes.metricKey(), serdes.fcr()).withName(TopologyNames.FCR_SINK));
    out.filter((k, v) -> v.sentiment() != null, Named.as(TopologyNames.SELECT_SENTIMENT))
        .mapValues(AggregateOutput::sentiment, Named.as(TopologyNames.TO_SENTIMENT_AGGREGATE))
        .to(
            topics.name(JourneylineTopic.METRICS_SENTIMENT),
            Produced.with(serdes.metricKey(), serdes.sentiment())
                .withName(TopologyNames.SENTIMENT_SINK));
    out.filter((k, v) -> v.repeat() != null, Named.as(TopologyNames.SELECT_REPEAT))
        .mapValues(AggregateOutput::repeat, Named.as(TopologyNames.TO_REPEAT_AGGREGATE))
        .to(
            topics.name(JourneylineTopic.METRICS_REPEAT_CONTACTS),
            Produced.with(serdes.metricKey(), serdes.repeat()).withName(TopologyNames.REPEAT_SINK));
    out.filter((k, v) -> v.service() != null, Named.as(TopologyNames.SELECT_SERVICE))
        .mapValues(AggregateOutput::service, Named.as(TopologyNames.TO_SERVICE_AGGREGATE))
        .to(
            topics.name(JourneylineTopic.METRICS_SERVICE),
            Produced.with(serdes.metricKey(), serdes.service())
                .withName(TopologyNames.SERVICE_SINK));
    out.filter((k, v) -> v.surveys() != null, Named.as(TopologyNames.SELECT_SURVEYS))
        .mapValues(AggregateOutput::surveys, Named.as(TopologyNames.TO_SURVEY_AGGREGATE))
        .to(
            topics.name(JourneylineTopic.METRICS_SURVEYS),
            Produced.with(serdes.metricKey(), serdes.surveys())
                .withName(TopologyNames.SURVEYS_SINK));
  }

  /**
   * The contact history: {@code journeyline.contacts} read back into {@code contact-history-store}
   * (latest summary per contactId, tombstones delete), from which {@code GET /v1/contacts/{id}}
   * answers long after the contact left its customer's journey; contacts older than the history
   * retention are tombstoned on {@code journeyline.contacts} (see {@link ContactHistoryProcessor}).
   *
   * <pre>
   * journeyline.contacts ─► contact-history (contact-history-store, contact-history-index-store)
   *                              └─► tombstones of expired contacts ─► journeyline.contacts
   * </pre>
   *
   * <p>Both stores have changelogs of their own; the topic does not serve as the changelog. Kafka
   * Streams restores a store from its source topic only for a source KTable built with {@code
   * topology.optimization=reuse.ktable.source.topics}, or for a read-only store whose processor
   * cannot send anything; the retention sweep needs a processor that sends tombstones, and an index
   * that a restore from the topic would not rebuild (a restore writes the store, bypassing the
   * processor). With two changelogs, store and index are restored to the same committed point. The
   * history's values are encoded exactly as on the topic ({@link TopicBoundSerde}), so its
   * changelog needs no schema subject of its own.
   */
  static void contactHistory(
      StreamsBuilder builder,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      TopologyListener listener) {
    String contacts = topics.name(JourneylineTopic.CONTACTS);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.CONTACT_HISTORY_STORE),
                Serdes.String(),
                TopicBoundSerde.of(serdes.contact(), contacts))
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.CONTACT_HISTORY_INDEX_STORE),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    ContactRetention retention =
        config.contactHistoryRetention().map(ContactRetention::new).orElse(null);
    KStream<String, ContactSummary> contactStream =
        builder.stream(
            contacts,
            Consumed.with(serdes.key(), serdes.contact())
                .withTimestampExtractor(new IngestTimeExtractor())
                .withName(TopologyNames.CONTACT_HISTORY_SOURCE));
    surveyJoin(builder, contactStream, topics, serdes, config, listener);
    contactStream
        .process(
            () -> new ContactHistoryProcessor(retention),
            Named.as(TopologyNames.CONTACT_HISTORY),
            TopologyNames.CONTACT_HISTORY_STORE,
            TopologyNames.CONTACT_HISTORY_INDEX_STORE)
        .to(
            contacts,
            Produced.with(serdes.key(), serdes.contact())
                .withName(TopologyNames.CONTACT_HISTORY_TOMBSTONES_SINK));
  }

  /**
   * Survey answers joined to their contact: {@code journeyline.surveys} re-partitioned by contactId
   * like {@code journeyline.contacts}, both read by {@link SurveyJoinProcessor} (beside the contact
   * history, whose store it reads), which sends each answer to the journey of the contact's
   * customer on {@code journeyline.journey-transfers}, or to the DLQ when no contact came.
   */
  static void surveyJoin(
      StreamsBuilder builder,
      KStream<String, ContactSummary> contactStream,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      TopologyListener listener) {
    String surveysTopic = topics.name(JourneylineTopic.SURVEYS);
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
            Stores.persistentTimestampedKeyValueStore(TopologyNames.SURVEY_PENDING_STORE),
            Serdes.String(),
            TopicBoundSerde.of(serdes.survey(), surveysTopic)));
    KStream<String, Object> surveys =
        builder.stream(
                surveysTopic,
                Consumed.with(serdes.key(), serdes.survey())
                    .withTimestampExtractor(new IngestTimeExtractor())
                    .withName(TopologyNames.SURVEYS_SOURCE))
            .repartition(
                Repartitioned.<String, SurveyResponse>as(TopologyNames.SURVEYS_BY_CONTACT)
                    .withKeySerde(serdes.key())
                    .withValueSerde(serdes.survey()))
            .mapValues(v -> (Object) v, Named.as(TopologyNames.SURVEYS_TO_SURVEY_JOIN));
    KStream<String, Object> joined =
        contactStream
            .mapValues(v -> (Object) v, Named.as(TopologyNames.CONTACTS_TO_SURVEY_JOIN))
            .merge(surveys, Named.as(TopologyNames.MERGE_SURVEY_JOIN_INPUTS))
            .process(
                () ->
                    new SurveyJoinProcessor(
                        config.surveyPendingRetention(), surveysTopic, listener),
                Named.as(TopologyNames.SURVEY_JOIN),
                TopologyNames.CONTACT_HISTORY_STORE,
                TopologyNames.SURVEY_PENDING_STORE);
    joined
        .filter((k, v) -> v instanceof Routed, Named.as(TopologyNames.SELECT_JOINED_SURVEYS))
        .mapValues(v -> (Routed) v, Named.as(TopologyNames.TO_JOINED_SURVEY))
        .to(
            topics.name(JourneylineTopic.JOURNEY_TRANSFERS),
            Produced.with(Serdes.String(), InternalSerdes.routed())
                .withName(TopologyNames.JOINED_SURVEYS_SINK));
    joined
        .filter(
            (k, v) -> v instanceof SurveyJoinProcessor.Unmatched,
            Named.as(TopologyNames.SELECT_UNMATCHED_SURVEYS))
        .mapValues(
            v -> ((SurveyJoinProcessor.Unmatched) v).survey(),
            Named.as(TopologyNames.TO_UNMATCHED_SURVEY))
        .to(
            topics.name(JourneylineTopic.DLQ),
            Produced.with(serdes.key(), serdes.survey())
                .withName(TopologyNames.UNMATCHED_SURVEYS_SINK));
  }

  /** The names of the stores, for tests and operations. */
  public static Set<String> storeNames() {
    return Set.of(
        TopologyNames.DEDUP_STORE,
        TopologyNames.CONTACT_IDENTITY_STORE,
        TopologyNames.IDENTITY_RESOLUTION_STORE,
        TopologyNames.IDENTITY_NODE_STORE,
        TopologyNames.IDENTITY_COMPONENT_STORE,
        TopologyNames.IDENTITY_CONTACT_STORE,
        TopologyNames.IDENTITY_INDEX_STORE,
        TopologyNames.INPUT_WATERMARK_STORE,
        TopologyNames.JOURNEY_STORE,
        TopologyNames.TIMER_INDEX_STORE,
        TopologyNames.SOURCE_WATERMARK_STORE,
        TopologyNames.DELTA_OUTBOX_STORE,
        TopologyNames.OUTPUT_OUTBOX_STORE,
        TopologyNames.AGGREGATE_STORE,
        TopologyNames.WATERMARK_STORE,
        TopologyNames.CONTACT_HISTORY_STORE,
        TopologyNames.CONTACT_HISTORY_INDEX_STORE,
        TopologyNames.SURVEY_PENDING_STORE,
        TopologyNames.DATA_KEY_STORE,
        TopologyNames.JOURNEY_ERASURE_STORE);
  }
}

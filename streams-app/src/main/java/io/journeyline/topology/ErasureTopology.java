package io.journeyline.topology;

import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.erasure.ContactIdentityErasureProcessor;
import io.journeyline.erasure.ErasureKeys;
import io.journeyline.erasure.ErasureOutput;
import io.journeyline.erasure.HistoryErasureProcessor;
import io.journeyline.erasure.IdentityErasureProcessor;
import io.journeyline.erasure.JourneyErasureGuard;
import io.journeyline.erasure.JourneyErasureProcessor;
import io.journeyline.journey.Routed;
import io.journeyline.serde.StringKeyPartitioner;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The erasure (GDPR art. 17) and crypto-shredding fragments of the topology, composed by {@link
 * JourneylineTopology#build}:
 *
 * <pre>
 * journeyline.data-keys ─► data-key-store (global: stage A decrypts text, sees erasure markers)
 * journeyline.erasures ─► identity-erasure-requests (1 partition)
 *      ─► identity-erasure (the graph's task and stores)
 *            ├─► tombstones ─► journeyline.identity-resolution, journeyline.identities
 *            ├─► shredded keys and erasure markers ─► journeyline.data-keys
 *            ├─► ERASE per customer id ─► journeyline.journey-transfers
 *            │        ─► journey-erasure (journey-store, timer-index-store, journey-erasure-store)
 *            │              └─► tombstones ─► journeyline.contacts, journeyline.journeys
 *            ├─► erasure-contacts (by contact) ─► contact-identity-erasure (contact-identity-store)
 *            ├─► erasure-scope (multicast to every partition)
 *            │        ─► contact-history-erasure (contact-history-store)
 *            │              └─► tombstones ─► journeyline.contacts
 *            └─► audit ─► journeyline.erasure-audit (each stage writes its own)
 * </pre>
 */
final class ErasureTopology {

  private ErasureTopology() {}

  /** The data keys as a global table, so every stage-A task can decrypt and see erasures. */
  static void dataKeyTable(StreamsBuilder builder, TopicCatalog topics, JourneylineSerdes serdes) {
    builder.globalTable(
        topics.name(JourneylineTopic.DATA_KEYS),
        Consumed.with(serdes.key(), serdes.dataKey()).withName(TopologyNames.DATA_KEYS_SOURCE),
        Materialized.<String, WrappedDataKey, KeyValueStore<Bytes, byte[]>>as(
                TopologyNames.DATA_KEY_STORE)
            .withKeySerde(serdes.key())
            .withValueSerde(serdes.dataKey()));
  }

  /**
   * The erasure in the identity graph's task, and its outputs; returns the scopes for the contact
   * history, multicast to every partition of the {@code erasure-scope} repartition.
   */
  static KStream<String, String> identityErasure(
      StreamsBuilder builder,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      StreamsAppConfig config,
      ErasureKeys keys) {
    KStream<String, ErasureOutput> out =
        builder.stream(
                topics.name(JourneylineTopic.ERASURES),
                Consumed.with(serdes.key(), serdes.erasureRequest())
                    .withName(TopologyNames.ERASURES_SOURCE))
            .filter(
                (k, v) -> v != null && v.getCustomerId() != null,
                Named.as(TopologyNames.SELECT_ERASURE_REQUESTS))
            .mapValues(
                IdentityErasureProcessor::encode, Named.as(TopologyNames.ENCODE_ERASURE_REQUESTS))
            .repartition(
                Repartitioned.<String, String>as(TopologyNames.IDENTITY_ERASURE_REQUESTS)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.String())
                    .withNumberOfPartitions(1))
            .process(
                () -> new IdentityErasureProcessor(keys),
                Named.as(TopologyNames.IDENTITY_ERASURE),
                TopologyNames.IDENTITY_NODE_STORE,
                TopologyNames.IDENTITY_COMPONENT_STORE,
                TopologyNames.IDENTITY_CONTACT_STORE,
                TopologyNames.IDENTITY_INDEX_STORE);
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.RESOLUTION_TOMBSTONE,
            Named.as(TopologyNames.SELECT_RESOLUTION_TOMBSTONES))
        .mapValues(v -> (ResolvedIdentifier) null, Named.as(TopologyNames.TO_RESOLUTION_TOMBSTONE))
        .to(
            topics.name(JourneylineTopic.IDENTITY_RESOLUTION),
            Produced.with(serdes.key(), serdes.resolved())
                .withName(TopologyNames.RESOLUTION_TOMBSTONES_SINK));
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.IDENTITY_TOMBSTONE,
            Named.as(TopologyNames.SELECT_IDENTITY_TOMBSTONES))
        .mapValues(v -> (IdentityLink) null, Named.as(TopologyNames.TO_IDENTITY_TOMBSTONE))
        .to(
            topics.name(JourneylineTopic.IDENTITIES),
            Produced.with(serdes.key(), serdes.identityLink())
                .withStreamPartitioner(byKeyString())
                .withName(TopologyNames.IDENTITY_TOMBSTONES_SINK));
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.DATA_KEY,
            Named.as(TopologyNames.SELECT_SHREDDED_KEYS))
        .mapValues(ErasureOutput::dataKey, Named.as(TopologyNames.TO_SHREDDED_KEY))
        .to(
            topics.name(JourneylineTopic.DATA_KEYS),
            Produced.with(serdes.key(), serdes.dataKey())
                .withStreamPartitioner(byKeyString())
                .withName(TopologyNames.SHREDDED_KEYS_SINK));
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.JOURNEY_ERASE,
            Named.as(TopologyNames.SELECT_JOURNEY_ERASURES))
        .mapValues(ErasureOutput::routed, Named.as(TopologyNames.TO_JOURNEY_ERASURE))
        .to(
            topics.name(JourneylineTopic.JOURNEY_TRANSFERS),
            Produced.with(Serdes.String(), InternalSerdes.routed())
                .withName(TopologyNames.JOURNEY_ERASURES_SINK));
    // each erased contact to the stage-A task holding its identifiers: as many partitions as the
    // interaction topics, partitioned like them (murmur2 of the contact key's UTF-8 bytes)
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.CONTACT_IDENTITY_ERASE,
            Named.as(TopologyNames.SELECT_CONTACT_ERASURES))
        .mapValues(v -> "", Named.as(TopologyNames.TO_CONTACT_ERASURE))
        .repartition(
            Repartitioned.<String, String>as(TopologyNames.ERASURE_CONTACTS)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String())
                .withNumberOfPartitions(
                    config.topicCatalog().spec(JourneylineTopic.INTERACTIONS_CHAT).partitions()))
        .process(
            ContactIdentityErasureProcessor::new,
            Named.as(TopologyNames.CONTACT_IDENTITY_ERASURE),
            TopologyNames.CONTACT_IDENTITY_STORE);
    audit(
        out,
        topics,
        serdes,
        TopologyNames.SELECT_ERASURE_AUDIT,
        TopologyNames.TO_ERASURE_AUDIT,
        TopologyNames.ERASURE_AUDIT_SINK);
    // as many partitions as journeyline.contacts, which the contact history reads: every task
    // of the history gets every scope
    int historyPartitions = config.topicCatalog().spec(JourneylineTopic.CONTACTS).partitions();
    return out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.HISTORY_SCOPE,
            Named.as(TopologyNames.SELECT_HISTORY_ERASURES))
        .mapValues(ErasureOutput::scope, Named.as(TopologyNames.TO_HISTORY_ERASURE))
        .repartition(
            Repartitioned.<String, String>as(TopologyNames.ERASURE_SCOPE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String())
                .withNumberOfPartitions(historyPartitions)
                .withStreamPartitioner(JourneylineTopology.ticksToAllPartitions(v -> true)));
  }

  /**
   * Partitions by the key's string, as the adapters do ({@link StringKeyPartitioner}): a tombstone
   * or a shredded key must land on the partition of the record it replaces, or compaction would
   * keep both (Kafka Streams would hash the key's Avro wire-format bytes).
   */
  static <V> StreamPartitioner<String, V> byKeyString() {
    return (topic, key, value, partitions) ->
        Optional.of(
            Set.of(
                StringKeyPartitioner.partition(key.getBytes(StandardCharsets.UTF_8), partitions)));
  }

  private static void audit(
      KStream<String, ErasureOutput> out,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      String select,
      String map,
      String sink) {
    out.filter((k, v) -> v.kind() == ErasureOutput.Kind.AUDIT, Named.as(select))
        .mapValues(ErasureOutput::audit, Named.as(map))
        .to(
            topics.name(JourneylineTopic.ERASURE_AUDIT),
            Produced.with(serdes.key(), serdes.erasureAudit()).withName(sink));
  }

  /** Everything on the transfers topic but erasures, for the journey stage. */
  static KStream<String, Routed> handovers(KStream<String, Routed> transfers) {
    return transfers.filter(
        (k, v) -> v == null || v.handover() == null || !v.handover().isErase(),
        Named.as(TopologyNames.SELECT_HANDOVERS));
  }

  /** The journey stage's input, without events of erased customers from before their erasure. */
  static KStream<String, Routed> guardJourney(KStream<String, Routed> input, ErasureKeys keys) {
    return input.process(
        () -> new JourneyErasureGuard(keys),
        Named.as(TopologyNames.JOURNEY_ERASURE_GUARD),
        TopologyNames.JOURNEY_ERASURE_STORE);
  }

  /** The erasures on the transfers topic, applied beside the journey stage. */
  static void journeyErasure(
      KStream<String, Routed> transfers,
      TopicCatalog topics,
      JourneylineSerdes serdes,
      ErasureKeys keys) {
    KStream<String, ErasureOutput> out =
        transfers
            .filter(
                (k, v) -> v != null && v.handover() != null && v.handover().isErase(),
                Named.as(TopologyNames.SELECT_TRANSFER_ERASURES))
            .process(
                () -> new JourneyErasureProcessor(keys),
                Named.as(TopologyNames.JOURNEY_ERASURE),
                TopologyNames.JOURNEY_STORE,
                TopologyNames.TIMER_INDEX_STORE,
                TopologyNames.OUTPUT_OUTBOX_STORE,
                TopologyNames.JOURNEY_ERASURE_STORE);
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.CONTACT_TOMBSTONE,
            Named.as(TopologyNames.SELECT_JOURNEY_ERASURE_CONTACTS))
        .mapValues(v -> (ContactSummary) null, Named.as(TopologyNames.TO_JOURNEY_ERASURE_CONTACT))
        .to(
            topics.name(JourneylineTopic.CONTACTS),
            Produced.with(serdes.key(), serdes.contact())
                .withName(TopologyNames.JOURNEY_ERASURE_CONTACTS_SINK));
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.JOURNEY_TOMBSTONE,
            Named.as(TopologyNames.SELECT_JOURNEY_ERASURE_JOURNEYS))
        .mapValues(v -> (CustomerJourney) null, Named.as(TopologyNames.TO_JOURNEY_ERASURE_JOURNEY))
        .to(
            topics.name(JourneylineTopic.JOURNEYS),
            Produced.with(serdes.key(), serdes.journey())
                .withName(TopologyNames.JOURNEY_ERASURE_JOURNEYS_SINK));
    audit(
        out,
        topics,
        serdes,
        TopologyNames.SELECT_JOURNEY_ERASURE_AUDIT,
        TopologyNames.TO_JOURNEY_ERASURE_AUDIT,
        TopologyNames.JOURNEY_ERASURE_AUDIT_SINK);
  }

  /** The erasure in every contact-history task (after the history's stores are added). */
  static void historyErasure(
      KStream<String, String> scopes, TopicCatalog topics, JourneylineSerdes serdes) {
    KStream<String, ErasureOutput> out =
        scopes.process(
            HistoryErasureProcessor::new,
            Named.as(TopologyNames.HISTORY_ERASURE),
            TopologyNames.CONTACT_HISTORY_STORE);
    out.filter(
            (k, v) -> v.kind() == ErasureOutput.Kind.CONTACT_TOMBSTONE,
            Named.as(TopologyNames.SELECT_HISTORY_ERASURE_CONTACTS))
        .mapValues(v -> (ContactSummary) null, Named.as(TopologyNames.TO_HISTORY_ERASURE_CONTACT))
        .to(
            topics.name(JourneylineTopic.CONTACTS),
            Produced.with(serdes.key(), serdes.contact())
                .withName(TopologyNames.HISTORY_ERASURE_CONTACTS_SINK));
    audit(
        out,
        topics,
        serdes,
        TopologyNames.SELECT_HISTORY_ERASURE_AUDIT,
        TopologyNames.TO_HISTORY_ERASURE_AUDIT,
        TopologyNames.HISTORY_ERASURE_AUDIT_SINK);
  }
}

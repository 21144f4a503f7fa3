package io.journeyline.adapters.publish;

import io.journeyline.adapters.metrics.AdapterMetrics;
import io.journeyline.avro.Heartbeat;
import io.journeyline.serde.SchemaRegistryException;
import io.journeyline.serde.StringKeyPartitioner;
import io.journeyline.topics.RecordTypeHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each HTTP batch as one Kafka transaction, so that a batch is all-or-nothing for
 * read-committed consumers (Kafka Streams with exactly_once_v2 reads committed data only).
 *
 * <p>A small pool of transactional producers (idempotent, {@code acks=all}), each with its own
 * {@code transactional.id} ({@code <prefix>-<n>}), runs one batch transaction at a time. Every
 * blocking step is bounded by the publish timeout ({@code max.block.ms}, {@code
 * request.timeout.ms}, {@code delivery.timeout.ms}). On failure the transaction is aborted; when
 * the abort fails too, or the error is fatal for the producer (fenced, out of order sequence,
 * authorization), the producer is closed and a new one (same transactional.id, which fences and
 * aborts whatever the old one left open) is created for the next batch. The caller then answers 503
 * and the client retries; a retry carries the same eventIds, so the rare batch whose commit did
 * reach the coordinator before a timeout is counted once downstream (dedup by eventId).
 */
public final class TransactionalPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final Map<String, Object> producerConfig;
  private final RecordSerializers serializers;
  private final Duration timeout;
  private final AdapterMetrics metrics;
  private final BlockingQueue<Slot> pool;
  private final List<Slot> slots = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param kafkaConfig Kafka client settings (bootstrap servers, security...); the settings that
   *     make the guarantee (transactional id, idempotence, acks, serializers) are set here
   * @param transactionalIdPrefix unique per adapter instance
   * @param poolSize number of transactional producers
   * @param timeout bound of each blocking Kafka step
   */
  public TransactionalPublisher(
      Map<String, ?> kafkaConfig,
      String transactionalIdPrefix,
      int poolSize,
      Duration timeout,
      RecordSerializers serializers,
      AdapterMetrics metrics) {
    this.serializers = serializers;
    this.timeout = timeout;
    this.metrics = metrics;
    Map<String, Object> config = new HashMap<>();
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    config.putAll(kafkaConfig);
    int linger = Integer.parseInt(config.get(ProducerConfig.LINGER_MS_CONFIG).toString());
    int request = Integer.parseInt(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeoutMs);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, linger + request));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // by the key's string, as a plain-string producer would: see StringKeyPartitioner
    config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, StringKeyPartitioner.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producerConfig = Map.copyOf(config);
    this.pool = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      Slot slot = new Slot(transactionalIdPrefix + "-" + i);
      slots.add(slot);
      pool.add(slot);
    }
  }

  /**
   * Publishes a batch in one transaction and returns once it is committed.
   *
   * @throws PublishUnavailableException when Kafka or the registry cannot take it in time; nothing
   *     of the batch is committed
   */
  public void publish(List<OutboundRecord> records) throws PublishUnavailableException {
    if (records.isEmpty()) {
      return;
    }
    List<ProducerRecord<byte[], byte[]>> serialized = serialize(records);
    Slot slot;
    try {
      slot = pool.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishUnavailableException("interrupted waiting for a producer", e);
    }
    if (slot == null) {
      throw new PublishUnavailableException("no producer free within " + timeout, null);
    }
    long start = System.nanoTime();
    try {
      slot.run(serialized);
      metrics.published(records, System.nanoTime() - start);
    } finally {
      if (closed) {
        slot.discard();
      } else {
        pool.add(slot);
      }
    }
  }

  /** The partitions of a topic (bounded by the publish timeout). */
  public List<PartitionInfo> partitionsFor(String topic) throws PublishUnavailableException {
    Slot slot;
    try {
      slot = pool.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishUnavailableException("interrupted waiting for a producer", e);
    }
    if (slot == null) {
      throw new PublishUnavailableException("no producer free within " + timeout, null);
    }
    try {
      return slot.partitionsFor(topic);
    } finally {
      pool.add(slot);
    }
  }

  private List<ProducerRecord<byte[], byte[]>> serialize(List<OutboundRecord> records)
      throws PublishUnavailableException {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
    try {
      for (OutboundRecord r : records) {
        byte[] key = r.key() == null ? null : serializers.key(r.topic(), r.key());
        byte[] value =
            r.value() == null
                ? null // a tombstone
                : r.value() instanceof Heartbeat hb
                    ? serializers.heartbeat(r.topic(), hb)
                    : serializers.value(r.topic(), r.value());
        // No timestamp: the producer stamps the ingest time.
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(r.topic(), r.partition(), null, key, value);
        if (r.value() instanceof Heartbeat) {
          record.headers().add(RecordTypeHeader.KEY, RecordTypeHeader.heartbeat());
        }
        out.add(record);
      }
    } catch (SchemaRegistryException e) {
      if (e.status() >= 400 && e.status() < 500) {
        // Incompatible or rejected schema: a deployment error, not a transient one.
        throw e;
      }
      throw new PublishUnavailableException("schema registry unavailable", e);
    } catch (SerializationException e) {
      if (e.getCause() instanceof java.io.IOException) {
        throw new PublishUnavailableException("schema registry unavailable", e);
      }
      throw e;
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    List<Slot> idle = new ArrayList<>();
    pool.drainTo(idle);
    idle.forEach(Slot::discard);
  }

  /** One transactional producer, created lazily and replaced after fatal errors. */
  private final class Slot {
    private final String transactionalId;
    private Producer<byte[], byte[]> producer;
    private AutoCloseable producerMetrics;

    Slot(String transactionalId) {
      this.transactionalId = transactionalId;
    }

    private Producer<byte[], byte[]> producer() {
      if (producer == null) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(config);
        try {
          created.initTransactions();
        } catch (RuntimeException e) {
          created.close(Duration.ZERO);
          throw e;
        }
        producer = created;
        producerMetrics = metrics.bindProducer(created);
        metrics.producerCreated();
      }
      return producer;
    }

    List<PartitionInfo> partitionsFor(String topic) throws PublishUnavailableException {
      try {
        return producer().partitionsFor(topic);
      } catch (KafkaException e) {
        if (!(e instanceof org.apache.kafka.common.errors.TimeoutException)) {
          discard();
        }
        throw new PublishUnavailableException("metadata of " + topic + " unavailable", e);
      }
    }

    void run(List<ProducerRecord<byte[], byte[]>> records) throws PublishUnavailableException {
      Producer<byte[], byte[]> p;
      try {
        p = producer();
      } catch (KafkaException e) {
        restoreInterrupt(e);
        throw new PublishUnavailableException("cannot initialize the transactional producer", e);
      }
      try {
        p.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
          Future<RecordMetadata> future = p.send(record);
          sent.add(future);
          if (future.isDone()) {
            failFast(future);
          }
        }
        p.commitTransaction();
      } catch (ProducerFencedException
          | InvalidProducerEpochException
          | OutOfOrderSequenceException
          | UnsupportedVersionException
          | AuthorizationException
          | AuthenticationException e) {
        log.error(
            "Transactional producer {} failed fatally ({}); it is replaced",
            transactionalId,
            e.getClass().getSimpleName());
        discard();
        throw new PublishUnavailableException("producer failed", e);
      } catch (KafkaException e) {
        restoreInterrupt(e);
        abort(p);
        throw new PublishUnavailableException("Kafka did not take the batch in time", e);
      }
    }

    private void failFast(Future<RecordMetadata> future) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof KafkaException k) {
          throw k;
        }
        throw new KafkaException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }

    private void abort(Producer<byte[], byte[]> p) {
      try {
        p.abortTransaction();
      } catch (RuntimeException abortFailed) {
        log.warn(
            "Transactional producer {} could not abort ({}); it is replaced",
            transactionalId,
            abortFailed.getClass().getSimpleName());
        discard();
      }
    }

    void discard() {
      if (producerMetrics != null) {
        try {
          producerMetrics.close();
        } catch (Exception e) {
          log.debug("Unbinding the metrics of producer {} failed", transactionalId, e);
        }
        producerMetrics = null;
      }
      if (producer != null) {
        try {
          producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
          log.debug("Closing producer {} failed", transactionalId, e);
        }
        producer = null;
      }
    }
  }

  private static void restoreInterrupt(KafkaException e) {
    if (e instanceof InterruptException) {
      Thread.currentThread().interrupt();
    }
  }
}

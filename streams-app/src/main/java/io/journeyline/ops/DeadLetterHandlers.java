package io.journeyline.ops;

import io.journeyline.topology.DeadLetterException;
import io.journeyline.topology.TopologyListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exception handlers that send bad records to the dead-letter queue (KIP-1033/KIP-1034) and let the
 * stream go on. The DLQ record keeps the original key and value bytes and carries the headers
 * {@code reason} ({@code deserialization}, {@code invalid}, {@code late}, {@code processing},
 * {@code too-large}), {@code source.topic}, {@code source.partition}, {@code source.offset} and
 * {@code exception} (class and message), after the original headers.
 *
 * <p>Configured through the Streams properties: {@value #DLQ_TOPIC_CONFIG} (the DLQ topic) and
 * {@value #LISTENER_CONFIG} (a {@link TopologyListener} instance told about every record sent).
 */
public final class DeadLetterHandlers {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

  /** Streams property: the DLQ topic name. */
  public static final String DLQ_TOPIC_CONFIG = "journeyline.internal.dlq-topic";

  /** Streams property: the {@link TopologyListener} instance. */
  public static final String LISTENER_CONFIG = "journeyline.internal.listener";

  /** Reason for records that cannot be deserialized. */
  public static final String DESERIALIZATION = "deserialization";

  /** Reason for unexpected processing errors. */
  public static final String PROCESSING = "processing";

  /** Reason for an output record larger than the broker or producer accepts. */
  public static final String TOO_LARGE = "too-large";

  private DeadLetterHandlers() {}

  private abstract static class Base {
    String topic = "journeyline.dlq";
    TopologyListener listener = TopologyListener.NONE;

    void configureFrom(Map<String, ?> configs) {
      Object name = configs.get(DLQ_TOPIC_CONFIG);
      if (name != null) {
        topic = name.toString();
      }
      if (configs.get(LISTENER_CONFIG) instanceof TopologyListener l) {
        listener = l;
      }
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(
        String reason,
        String sourceTopic,
        int partition,
        long offset,
        Headers original,
        byte[] key,
        byte[] value,
        Exception exception) {
      Headers headers = new RecordHeaders();
      if (original != null) {
        original.forEach(headers::add);
      }
      headers.add("reason", bytes(reason));
      headers.add("source.topic", bytes(sourceTopic));
      headers.add("source.partition", bytes(Integer.toString(partition)));
      headers.add("source.offset", bytes(Long.toString(offset)));
      headers.add(
          "exception",
          bytes(exception.getClass().getName() + ": " + String.valueOf(exception.getMessage())));
      listener.deadLettered(reason);
      return List.of(new ProducerRecord<>(topic, null, null, key, value, headers));
    }

    private static byte[] bytes(String s) {
      return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** For records that cannot be deserialized. */
  public static final class Deserialization extends Base
      implements DeserializationExceptionHandler {

    @Override
    public void configure(Map<String, ?> configs) {
      configureFrom(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      log.warn(
          "Record at {}-{}@{} cannot be deserialized ({}); sent to the DLQ",
          record.topic(),
          record.partition(),
          record.offset(),
          exception.getClass().getSimpleName());
      return Response.resume(
          deadLetter(
              DESERIALIZATION,
              record.topic(),
              record.partition(),
              record.offset(),
              record.headers(),
              record.key(),
              record.value(),
              exception));
    }
  }

  /** For contract violations, late events and unexpected processing errors. */
  public static final class Processing extends Base implements ProcessingExceptionHandler {

    @Override
    public void configure(Map<String, ?> configs) {
      configureFrom(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (!(exception instanceof DeadLetterException) && notTheRecordsFault(exception)) {
        // An output the serde or the registry refuses, or Kafka unreachable: every record would
        // fail the same way, so dead-lettering them would quietly lose all output. Fail, and let
        // FailurePolicy stop the app (or retry a transient error) instead.
        return Response.fail();
      }
      String reason = exception instanceof DeadLetterException dead ? dead.reason() : PROCESSING;
      if (exception instanceof DeadLetterException) {
        log.debug(
            "Record at {}-{}@{} is {}; sent to the DLQ",
            context.topic(),
            context.partition(),
            context.offset(),
            reason);
      } else {
        log.warn(
            "Processing the record at {}-{}@{} failed in {}; sent to the DLQ",
            context.topic(),
            context.partition(),
            context.offset(),
            context.processorNodeId(),
            exception);
      }
      return Response.resume(
          deadLetter(
              reason,
              context.topic(),
              context.partition(),
              context.offset(),
              context.headers(),
              context.sourceRawKey(),
              context.sourceRawValue(),
              exception));
    }
  }

  /**
   * True for failures that are not caused by the record being processed: serializing an output (a
   * schema the registry refuses, the registry unreachable) or a retriable Kafka error, anywhere in
   * the cause chain.
   */
  static boolean notTheRecordsFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SerializationException || t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }

  /**
   * For output records Kafka refuses: a record larger than the producer's {@code max.request.size}
   * or the topic's {@code max.message.bytes} (a journey of a customer with a great many contacts)
   * is replaced on its topic by nothing and recorded in the DLQ as its key, the target topic and
   * its size (reason {@code too-large}; the value itself would be refused again), and the stream
   * goes on. Any other production error fails the thread, and {@link FailurePolicy} decides what
   * follows, so a deterministic error never loops.
   */
  public static final class Production extends Base implements ProductionExceptionHandler {

    @Override
    public void configure(Map<String, ?> configs) {
      configureFrom(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
      if (!(exception instanceof RecordTooLargeException)) {
        return Response.fail();
      }
      int size = record.value() == null ? 0 : record.value().length;
      log.warn(
          "A record of {} bytes for {} is larger than Kafka accepts; its key goes to the DLQ"
              + " (reason {}) instead",
          size,
          record.topic(),
          TOO_LARGE);
      Headers original = new RecordHeaders();
      original.add("target.topic", record.topic().getBytes(StandardCharsets.UTF_8));
      original.add("value.bytes", Integer.toString(size).getBytes(StandardCharsets.UTF_8));
      return Response.resume(
          deadLetter(
              TOO_LARGE,
              context.topic(),
              context.partition(),
              context.offset(),
              original,
              record.key(),
              null,
              exception));
    }
  }
}

package io.journeyline.ops;

import io.journeyline.topology.DeadLetterException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exception handlers that send bad records to the dead-letter queue (KIP-1033/KIP-1034) and let the
 * stream go on. The DLQ record keeps the original key and value bytes and carries the headers
 * {@code reason} ({@code deserialization}, {@code invalid}, {@code late}, {@code processing}),
 * {@code source.topic}, {@code source.partition}, {@code source.offset} and {@code exception}
 * (class and message), after the original headers.
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
}

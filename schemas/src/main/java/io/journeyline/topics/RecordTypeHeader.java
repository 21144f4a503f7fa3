package io.journeyline.topics;

import java.nio.charset.StandardCharsets;

/**
 * The header that marks records which are not events on the interaction topics: every heartbeat
 * carries {@code journeyline.record-type: heartbeat}, so that a generic consumer (a Kafka Connect
 * sink with the {@code Filter} transform and the {@code HasHeaderKey} predicate, a Flink SQL or
 * ksqlDB query on the headers) can skip them without decoding the value.
 */
public final class RecordTypeHeader {

  /** The header's key. */
  public static final String KEY = "journeyline.record-type";

  /** Its value on a heartbeat. */
  public static final String HEARTBEAT = "heartbeat";

  private RecordTypeHeader() {}

  /** The value bytes of a heartbeat's header. */
  public static byte[] heartbeat() {
    return HEARTBEAT.getBytes(StandardCharsets.UTF_8);
  }
}

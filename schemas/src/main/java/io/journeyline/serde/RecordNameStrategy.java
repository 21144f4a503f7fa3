package io.journeyline.serde;

import org.apache.avro.Schema;

/**
 * The schema's full name (for example {@code io.journeyline.avro.Heartbeat}), so that several
 * record types can share a topic.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {
  @Override
  public String subjectName(String topic, boolean isKey, Schema schema) {
    return schema.getFullName();
  }
}

package io.journeyline.serde;

import org.apache.avro.Schema;

/** {@code <topic>-<full record name>}. */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {
  @Override
  public String subjectName(String topic, boolean isKey, Schema schema) {
    return topic + "-" + schema.getFullName();
  }
}

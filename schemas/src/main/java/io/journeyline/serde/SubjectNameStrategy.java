package io.journeyline.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a schema is registered and looked up under, like Confluent's {@code
 * io.confluent.kafka.serializers.subject.strategy.SubjectNameStrategy}. Implementations must be
 * stateless and thread-safe; a public no-argument constructor lets them be named in configuration.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

  /**
   * @param topic the topic the record is written to
   * @param isKey whether the record is a key
   * @param schema the record's schema
   * @return the subject name
   */
  String subjectName(String topic, boolean isKey, Schema schema);
}

package io.journeyline.topics;

import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.MetricKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The registry subjects Journeyline writes and the schema of each: {@code <topic>-key} and {@code
 * <topic>-value} of every Avro topic (Confluent's TopicNameStrategy), and the heartbeat under its
 * record name (it shares the interaction topics). This is what {@code journeyline schemas check}
 * and {@code register} deploy.
 */
public final class TopicSubjects {

  private static final Schema STRING_KEY = Schema.create(Schema.Type.STRING);

  /** One subject and the schema Journeyline writes under it. */
  public record Subject(String name, Schema schema) {}

  private TopicSubjects() {}

  /** Every subject, in topic order, keys before values, the heartbeat last. */
  public static List<Subject> of(TopicCatalog catalog) {
    List<Subject> subjects = new ArrayList<>();
    for (JourneylineTopic topic : JourneylineTopic.values()) {
      if (topic.valueType().isEmpty()) {
        continue; // the DLQ keeps the original bytes
      }
      String name = catalog.name(topic);
      Schema key = topic.keyType() == MetricKey.class ? MetricKey.getClassSchema() : STRING_KEY;
      subjects.add(new Subject(name + "-key", key));
      subjects.add(
          new Subject(name + "-value", SpecificData.get().getSchema(topic.valueType().get())));
    }
    subjects.add(new Subject(Heartbeat.getClassSchema().getFullName(), Heartbeat.getClassSchema()));
    return List.copyOf(subjects);
  }
}

package io.journeyline.demo;

import io.journeyline.avro.Heartbeat;
import io.journeyline.avro.MetricKey;
import io.journeyline.serde.SchemaRegistryClient;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers the key and value schema of every topic up front, so that the registry lists each
 * topic's subjects (and consumers can resolve them) before the first record is written.
 */
public final class SchemaBootstrap {

  private static final Schema STRING_KEY = Schema.create(Schema.Type.STRING);

  private SchemaBootstrap() {}

  /**
   * Registers {@code <topic>-key} and {@code <topic>-value} for every Avro topic, and the
   * heartbeat under its record name.
   */
  public static void registerAll(String registryUrl, TopicCatalog catalog) {
    try (SchemaRegistryClient client =
        new SchemaRegistryClient(Map.of("schema.registry.url", registryUrl))) {
      for (JourneylineTopic topic : JourneylineTopic.values()) {
        if (topic.valueType().isEmpty()) {
          continue;
        }
        String name = catalog.name(topic);
        Schema key =
            topic.keyType() == MetricKey.class ? MetricKey.getClassSchema() : STRING_KEY;
        client.register(name + "-key", key);
        client.register(name + "-value", SpecificData.get().getSchema(topic.valueType().get()));
      }
      client.register(Heartbeat.getClassSchema().getFullName(), Heartbeat.getClassSchema());
    }
  }
}

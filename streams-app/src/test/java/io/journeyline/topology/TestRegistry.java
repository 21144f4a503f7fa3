package io.journeyline.topology;

import io.journeyline.embedded.EmbeddedKafkaCluster;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;

/**
 * One in-process broker and schema registry for all TopologyTestDriver tests of a JVM (the serdes
 * talk to a real Confluent-API registry; nothing is mocked). Started on first use, closed at exit.
 */
final class TestRegistry {

  private static EmbeddedKafkaCluster kafka;
  private static EmbeddedSchemaRegistry registry;

  private TestRegistry() {}

  static synchronized String url() {
    if (registry == null) {
      kafka = EmbeddedKafkaCluster.start();
      registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    registry.close();
                    kafka.close();
                  }));
    }
    return registry.url();
  }
}

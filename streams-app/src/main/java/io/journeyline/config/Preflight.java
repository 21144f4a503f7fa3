package io.journeyline.config;

import io.journeyline.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Fail-fast checks before a production process starts: the Kafka cluster and the schema registry
 * answer with the given settings. Each failure is one clear {@link ConfigException}.
 */
public final class Preflight {

  private Preflight() {}

  /** Checks that Kafka answers a metadata request within {@code timeout}. */
  public static void requireKafka(Map<String, Object> kafkaProps, Duration timeout) {
    Object bootstrap = kafkaProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (bootstrap == null || bootstrap.toString().isBlank()) {
      throw new ConfigException(
          "No Kafka cluster configured: set journeyline.kafka.bootstrap.servers"
              + " (or JOURNEYLINE_KAFKA_BOOTSTRAP_SERVERS)");
    }
    Map<String, Object> props = new HashMap<>(kafkaProps);
    int millis = (int) timeout.toMillis();
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ConfigException(
          "Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new ConfigException(
          "Kafka at " + bootstrap + " is not usable: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("Interrupted while checking Kafka at " + bootstrap);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new ConfigException("Kafka client settings are invalid: " + e.getMessage());
    }
  }

  /** Checks that the schema registry answers {@code GET /subjects} with the given settings. */
  public static void requireSchemaRegistry(Map<String, Object> registryProps) {
    Object url = registryProps.get("schema.registry.url");
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(
          "No schema registry configured: set journeyline.schema-registry.schema.registry.url"
              + " (or JOURNEYLINE_SCHEMA_REGISTRY_SCHEMA_REGISTRY_URL)");
    }
    try (SchemaRegistryClient client = new SchemaRegistryClient(registryProps)) {
      client.getAllSubjects();
    } catch (RuntimeException e) {
      throw new ConfigException("Schema registry at " + url + " is not usable: " + e.getMessage());
    }
  }
}

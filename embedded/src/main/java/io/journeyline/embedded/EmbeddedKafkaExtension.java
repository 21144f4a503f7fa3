package io.journeyline.embedded;

import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link EmbeddedKafkaCluster} per test class: started before all
 * tests of the class, closed after them (by the JUnit store, which closes {@link AutoCloseable}
 * values). It injects the cluster into parameters of type {@link EmbeddedKafkaCluster} of test
 * constructors, {@code @BeforeAll}, {@code @BeforeEach}, {@code @AfterEach}, {@code @AfterAll} and
 * test methods. {@code @Nested} classes share their enclosing class's cluster.
 *
 * <p>A class annotated {@link SaslSslKafka} gets a SASL_SSL cluster with an authorizer.
 *
 * <p>It also injects an {@link EmbeddedSchemaRegistry} (development only), started on first use
 * once per test class on the class's cluster and closed with it.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class MyIT {
 *   @Test
 *   void shouldRoundTrip(EmbeddedKafkaCluster kafka, TestInfo info) {
 *     String topic = TestNames.unique(info);
 *     kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
  private static final String CLUSTER_KEY = "cluster";
  private static final String REGISTRY_KEY = "schema-registry";

  /** Creates the extension; JUnit calls this. */
  public EmbeddedKafkaExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == EmbeddedKafkaCluster.class || type == EmbeddedSchemaRegistry.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (parameterContext.getParameter().getType() == EmbeddedSchemaRegistry.class) {
      return registry(extensionContext);
    }
    return cluster(extensionContext);
  }

  /**
   * Returns the schema registry of the test class of {@code context}, started lazily on the class's
   * cluster; the store closes it before the cluster (reverse order of insertion).
   */
  private static EmbeddedSchemaRegistry registry(ExtensionContext context) {
    EmbeddedKafkaCluster cluster = cluster(context);
    return classContext(context)
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            REGISTRY_KEY,
            key ->
                EmbeddedSchemaRegistry.builder()
                    .bootstrapServers(cluster.bootstrapServers())
                    .kafkaProperties(cluster.clientProperties())
                    .start(),
            EmbeddedSchemaRegistry.class);
  }

  /**
   * Returns the cluster of the test class of {@code context}, starting it if needed. A value in a
   * parent context's store (the enclosing class of a {@code @Nested} class) is found first.
   */
  private static EmbeddedKafkaCluster cluster(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    boolean secured =
        classContext
            .getTestClass()
            .map(c -> c.isAnnotationPresent(SaslSslKafka.class))
            .orElse(false);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            CLUSTER_KEY,
            key ->
                secured
                    ? EmbeddedKafkaCluster.builder().saslSsl().start()
                    : EmbeddedKafkaCluster.start(),
            EmbeddedKafkaCluster.class);
  }

  /** The context of the test class, so that the cluster lives as long as the class. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}

package io.journeyline.embedded.junit;

import io.journeyline.embedded.kafka.EmbeddedKafkaCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that starts one {@link EmbeddedKafkaCluster} per test class and injects it.
 *
 * <p>Register it with {@link EmbeddedKafka} (which also carries broker properties) or with
 * {@code @ExtendWith(EmbeddedKafkaExtension.class)}. The broker starts in {@code beforeAll}, is
 * shared by the class's tests and its {@code @Nested} classes, and is closed when the class's
 * extension context closes. Parameters of type {@link EmbeddedKafkaCluster} are resolved in
 * constructors, lifecycle methods and tests; parameters of type {@link KafkaTestScope} in test
 * methods and their {@code @BeforeEach}/{@code @AfterEach} methods.
 *
 * <p>Other extensions (for example one that starts a schema registry or a Streams application) can
 * reach the broker through {@link #cluster(ExtensionContext)}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(EmbeddedKafkaExtension.class);
  private static final String CLUSTER_KEY = "cluster";
  private static final String SCOPE_KEY = "scope";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** Creates the extension; JUnit instantiates it. */
  public EmbeddedKafkaExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedKafkaCluster.class || type == KafkaTestScope.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == EmbeddedKafkaCluster.class) {
      return cluster(context);
    }
    return scope(context);
  }

  /**
   * The broker of the test class that {@code context} belongs to, started on first use.
   *
   * @param context any extension context of the test class, its tests or its nested classes
   * @return the running cluster
   */
  public static EmbeddedKafkaCluster cluster(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    Class<?> testClass = owner.getRequiredTestClass();
    return owner
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(CLUSTER_KEY, key -> start(testClass), EmbeddedKafkaCluster.class);
  }

  /**
   * The {@link KafkaTestScope} of the current test, created on first use and closed after the test.
   *
   * @param context the extension context of a test method
   * @return the test's scope
   * @throws ParameterResolutionException if {@code context} is not a test method's context
   */
  public static KafkaTestScope scope(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "KafkaTestScope belongs to one test: declare it on a @Test, @BeforeEach or @AfterEach"
              + " method, not on a constructor or @BeforeAll method");
    }
    EmbeddedKafkaCluster cluster = cluster(context);
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SCOPE_KEY,
            key ->
                new KafkaTestScope(
                    cluster,
                    TestNames.prefix(
                        context.getRequiredTestClass().getSimpleName(),
                        context.getRequiredTestMethod().getName(),
                        SEQUENCE.incrementAndGet())),
            KafkaTestScope.class);
  }

  /**
   * The class context that owns the broker: the nearest enclosing class context whose class is
   * annotated with {@link EmbeddedKafka}, else the outermost class context.
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext outermost = null;
    for (ExtensionContext current = context;
        current != null;
        current = current.getParent().orElse(null)) {
      if (current.getTestClass().isEmpty()) {
        continue;
      }
      boolean isClassContext = current.getTestMethod().isEmpty();
      if (isClassContext && annotation(current.getRequiredTestClass()).isPresent()) {
        return current;
      }
      if (isClassContext) {
        outermost = current;
      }
    }
    if (outermost == null) {
      throw new ExtensionConfigurationException(
          "EmbeddedKafkaExtension needs a test class context; register it on a test class");
    }
    return outermost;
  }

  private static EmbeddedKafkaCluster start(Class<?> testClass) {
    Map<String, String> properties = new LinkedHashMap<>();
    annotation(testClass)
        .ifPresent(
            embeddedKafka -> {
              for (String property : embeddedKafka.brokerProperties()) {
                int eq = property.indexOf('=');
                if (eq <= 0) {
                  throw new ExtensionConfigurationException(
                      "@EmbeddedKafka(brokerProperties) on "
                          + testClass.getName()
                          + " must be name=value, got: "
                          + property);
                }
                properties.put(
                    property.substring(0, eq).strip(), property.substring(eq + 1).strip());
              }
            });
    return EmbeddedKafkaCluster.builder().brokerProperties(properties).start();
  }

  private static Optional<EmbeddedKafka> annotation(Class<?> testClass) {
    return AnnotationSupport.findAnnotation(testClass, EmbeddedKafka.class);
  }
}

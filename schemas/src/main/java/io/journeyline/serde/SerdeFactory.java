package io.journeyline.serde;

import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Builds Journeyline's serdes from configuration, so that the serde implementation is a matter of
 * configuration rather than code.
 *
 * <ul>
 *   <li>{@value #SPECIFIC_CLASS_CONFIG} (default {@code io.journeyline.serde.SpecificAvroSerde}):
 *       the serde class for generated Avro records (values);
 *   <li>{@value #PRIMITIVE_CLASS_CONFIG} (default {@code io.journeyline.serde.PrimitiveAvroSerde}):
 *       the serde class for primitive keys, written as Avro primitives in the wire format.
 * </ul>
 *
 * Both are instantiated reflectively with their public no-argument constructor and then {@code
 * configure}d with the registry settings: every key prefixed {@value #REGISTRY_PREFIX} (prefix
 * stripped) plus every key that does not start with {@code journeyline.} (plain Confluent names
 * such as {@code schema.registry.url}); prefixed keys win.
 *
 * <p>To use Confluent's own serdes instead (with {@code io.confluent:kafka-streams-avro-serde} on
 * the classpath), set one line each:
 *
 * <pre>
 * journeyline.serde.specific-class=io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde
 * journeyline.serde.primitive-class=io.confluent.kafka.streams.serdes.avro.PrimitiveAvroSerde
 * </pre>
 *
 * Both implementations share the wire format, the subjects and the configuration names, so data and
 * registry contents stay the same.
 */
public final class SerdeFactory {
  /** The serde class for generated records. */
  public static final String SPECIFIC_CLASS_CONFIG = "journeyline.serde.specific-class";

  /** The serde class for primitive keys. */
  public static final String PRIMITIVE_CLASS_CONFIG = "journeyline.serde.primitive-class";

  /** Registry settings under this prefix are passed through with the prefix stripped. */
  public static final String REGISTRY_PREFIX = "journeyline.schema-registry.";

  /** The default for {@value #SPECIFIC_CLASS_CONFIG}. */
  public static final String DEFAULT_SPECIFIC_CLASS = SpecificAvroSerde.class.getName();

  /** The default for {@value #PRIMITIVE_CLASS_CONFIG}. */
  public static final String DEFAULT_PRIMITIVE_CLASS = PrimitiveAvroSerde.class.getName();

  private final String specificClass;
  private final String primitiveClass;
  private final Map<String, Object> registryConfig;

  /** Reads the configuration (a properties-style map). */
  public SerdeFactory(Map<String, ?> config) {
    this.specificClass = stringOr(config.get(SPECIFIC_CLASS_CONFIG), DEFAULT_SPECIFIC_CLASS);
    this.primitiveClass = stringOr(config.get(PRIMITIVE_CLASS_CONFIG), DEFAULT_PRIMITIVE_CLASS);
    this.registryConfig = registryConfig(config);
  }

  private static String stringOr(Object value, String defaultValue) {
    if (value instanceof Class<?> type) {
      return type.getName();
    }
    return value == null || value.toString().isBlank() ? defaultValue : value.toString().trim();
  }

  /** The registry and serde settings handed to each serde's {@code configure}. */
  public static Map<String, Object> registryConfig(Map<String, ?> config) {
    Map<String, Object> out = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (value != null && !key.startsWith("journeyline.")) {
            out.put(key, value);
          }
        });
    config.forEach(
        (key, value) -> {
          if (value != null && key.startsWith(REGISTRY_PREFIX)) {
            out.put(key.substring(REGISTRY_PREFIX.length()), value);
          }
        });
    return out;
  }

  /** The settings handed to each serde's {@code configure}. */
  public Map<String, Object> registryConfig() {
    return Map.copyOf(registryConfig);
  }

  /** A configured value serde for a generated record class. */
  public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> recordClass) {
    return specificSerde(recordClass, false);
  }

  /** A configured serde for a generated record class, as key or value. */
  public <T extends SpecificRecord> Serde<T> specificSerde(Class<T> recordClass, boolean isKey) {
    return create(specificClass, SPECIFIC_CLASS_CONFIG, isKey);
  }

  /** A configured key serde for a primitive type (for example {@code String}). */
  public <T> Serde<T> keySerde(Class<T> keyClass) {
    return primitiveSerde(keyClass, true);
  }

  /** A configured serde for a primitive type, as key or value. */
  public <T> Serde<T> primitiveSerde(Class<T> type, boolean isKey) {
    return create(primitiveClass, PRIMITIVE_CLASS_CONFIG, isKey);
  }

  @SuppressWarnings("unchecked")
  private <T> Serde<T> create(String className, String configKey, boolean isKey) {
    Object instance;
    try {
      Class<?> type = Class.forName(className, true, classLoader());
      if (!Serde.class.isAssignableFrom(type)) {
        throw new ConfigException(
            configKey, className, "The class does not implement " + Serde.class.getName());
      }
      instance = type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          configKey, className, "Class not found; is its jar on the classpath?");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
      throw new ConfigException(
          configKey,
          className,
          "Cannot instantiate with a public no-argument constructor: " + cause);
    }
    Serde<T> serde = (Serde<T>) instance;
    serde.configure(registryConfig, isKey);
    return serde;
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SerdeFactory.class.getClassLoader();
  }
}

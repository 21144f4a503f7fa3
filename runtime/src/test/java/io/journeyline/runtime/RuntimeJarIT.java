package io.journeyline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production jar ({@code target/journeyline-runtime.jar}, built in the package phase) carries
 * what {@code run}, {@code adapters} and {@code schemas} need and nothing of the demo: no Kafka
 * broker, Scala, registry, test kit or JUnit. It is checked three ways: by its entries, by the
 * class references of our own code in it (each must resolve inside the jar or the JDK), and by
 * running it.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RuntimeJarIT {

  static final Path JAR = Path.of("target", "journeyline-runtime.jar");

  /**
   * Package prefixes (as entry paths) under which the jar holds no class ({@code
   * kafka/kafka-version.properties} of kafka-clients is fine; a class under {@code kafka/} is the
   * broker).
   */
  static final List<String> FORBIDDEN =
      List.of(
          "kafka/", // the broker (Scala)
          "scala/",
          "org/apache/kafka/common/test/", // KafkaClusterTestKit
          "org/apache/kafka/controller/",
          "org/apache/kafka/raft/",
          "org/apache/kafka/metadata/",
          "org/apache/kafka/storage/",
          "org/apache/kafka/coordinator/",
          "org/apache/kafka/server/log/",
          "org/junit/",
          "org/opentest4j/",
          "org/assertj/",
          "io/journeyline/embedded/", // the in-process broker and registry
          "io/journeyline/demo/",
          "io/journeyline/simulator/",
          "io/journeyline/cli/DemoCommand",
          "io/journeyline/cli/JourneylineCli");

  static Set<String> entries;

  @BeforeAll
  static void readJar() throws IOException {
    assertThat(JAR).as("built by the package phase").exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entries = jar.stream().map(e -> e.getName()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void shouldHoldNoBrokerScalaRegistryTestKitJUnitOrDemoClass() {
    List<String> found = new ArrayList<>();
    for (String prefix : FORBIDDEN) {
      entries.stream()
          .filter(e -> e.startsWith(prefix) && e.endsWith(".class"))
          .findFirst()
          .ifPresent(found::add);
    }
    assertThat(found).as("entries under forbidden packages").isEmpty();
    assertThat(entries)
        .contains(
            "io/journeyline/cli/RuntimeCli.class",
            "io/journeyline/cli/RunCommand.class",
            "io/journeyline/cli/AdaptersCommand.class",
            "io/journeyline/cli/SchemasCommand.class",
            "io/journeyline/adapters/AdaptersServer.class",
            "org/apache/kafka/streams/KafkaStreams.class",
            "org/rocksdb/RocksDB.class",
            "librocksdbjni-linux64.so",
            "librocksdbjni-linux-aarch64.so",
            "log4j2.xml");
    assertThat(entries).noneMatch(e -> e.startsWith("librocksdbjni-osx"));
  }

  @Test
  void shouldResolveEveryClassOurCodeReferencesInsideTheJarOrTheJdk() throws IOException {
    JavaClasses ours =
        new ClassFileImporter()
            .importJar(new JarFile(JAR.toFile()))
            .that(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "Journeyline classes", c -> c.getPackageName().startsWith("io.journeyline")));
    assertThat(ours.size()).isGreaterThan(100);
    Set<String> missing = new TreeSet<>();
    for (JavaClass javaClass : ours) {
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        if (target.isPrimitive()) {
          continue;
        }
        String name = target.getName();
        String entry = name.replace('.', '/') + ".class";
        if (!entries.contains(entry) && !inJdk(name)) {
          missing.add(javaClass.getName() + " -> " + name);
        }
      }
    }
    assertThat(missing).as("references that resolve nowhere").isEmpty();
  }

  private static boolean inJdk(String name) {
    try {
      Class.forName(name, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Test
  void shouldListRunAdaptersAndSchemasButNoDemo() throws Exception {
    Result help = java("--help");

    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("run", "adapters", "schemas").doesNotContain("demo");
    assertThat(java("schemas", "check", "--help").code()).isZero();
    assertThat(java("--version").out()).contains("journeyline 0.");
  }

  @Test
  void shouldFailFastWithOneClearMessageWhenKafkaIsUnreachableAndLogWithDates() throws Exception {
    int closed = closedPort();
    Path config = Files.createTempFile("runtime-jar", ".properties");
    // A misspelt setting is logged (a WARN line), so the log format shows.
    Files.writeString(
        config, "journeyline.streams.aplication-id=typo\njourneyline.query.auth=none\n");

    Result run =
        java(
            List.of("JOURNEYLINE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + closed),
            "run",
            "--config",
            config.toString(),
            "--connect-timeout",
            "2");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("127.0.0.1:" + closed).doesNotContain("\tat ");
    assertThat(run.err())
        .containsPattern(
            "(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z WARN .*Ignoring settings");
    Files.delete(config);
  }

  @Test
  void shouldLogOneJsonObjectPerLineWithJourneylineLogFormatJson() throws Exception {
    int closed = closedPort();
    Path config = Files.createTempFile("runtime-jar", ".properties");
    Files.writeString(
        config, "journeyline.streams.aplication-id=typo\njourneyline.query.auth=none\n");

    Result run =
        java(
            List.of(
                "JOURNEYLINE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + closed,
                "JOURNEYLINE_LOG_FORMAT=json"),
            "run",
            "--config",
            config.toString(),
            "--connect-timeout",
            "2");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .containsPattern(
            "(?m)^\\{\"@timestamp\":\"\\d{4}-.*\"log.level\":\"WARN\".*Ignoring settings.*\\}$");
    Files.delete(config);
  }

  @Test
  void shouldNameAnUnreachableRegistryInSchemasCheck() throws Exception {
    int closed = closedPort();

    Result check = java("schemas", "check", "--registry-url", "http://127.0.0.1:" + closed);

    assertThat(check.code()).as(check.err()).isEqualTo(2);
    assertThat(check.err())
        .contains("Schema registry", "127.0.0.1:" + closed)
        .doesNotContain("\tat ");
  }

  record Result(int code, String out, String err) {}

  private static Result java(String... args) throws Exception {
    return java(List.of(), args);
  }

  private static Result java(List<String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("JOURNEYLINE_"));
    for (String e : env) {
      int eq = e.indexOf('=');
      builder.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    Path out = Files.createTempFile("runtime-jar", ".out");
    Path err = Files.createTempFile("runtime-jar", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}

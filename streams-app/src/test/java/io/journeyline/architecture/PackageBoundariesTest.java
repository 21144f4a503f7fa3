package io.journeyline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way through the packages (STYLE.md): the business rules know nothing of Kafka, the
 * processing packages know nothing of operations, the command line, the demo or the HTTP query
 * layer, and only the command line and the demo may use the embedded (development-only)
 * infrastructure. Every rule fails when the packages it names hold no classes (ArchUnit's default
 * {@code failOnEmptyShould}), so a renamed package cannot make it pass vacuously.
 */
class PackageBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.journeyline");
  }

  @Test
  void shouldKeepSentimentFreeOfKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.journeyline.sentiment..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.journeyline.avro..")
        .check(classes);
  }

  @Test
  void shouldNotLetProcessingDependOnTheCommandLineDemoOrQueryLayer() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.journeyline.identity..",
            "io.journeyline.journey..",
            "io.journeyline.fcr..",
            "io.journeyline.sentiment..",
            "io.journeyline.metrics..",
            "io.journeyline.history..",
            "io.journeyline.erasure..",
            "io.journeyline.topology..",
            "io.journeyline.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.journeyline.cli..",
            "io.journeyline.demo..",
            "io.journeyline.query..",
            "io.journeyline.ops..")
        .check(classes);
  }

  @Test
  void shouldUseEmbeddedInfrastructureOnlyFromTheCommandLineAndDemo() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.journeyline.cli..", "io.journeyline.demo..", "io.journeyline.embedded..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.journeyline.embedded..")
        .check(classes);
  }

  @Test
  void shouldNotLetTheContractDependOnTheApplication() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.journeyline.avro..", "io.journeyline.serde..", "io.journeyline.topics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.journeyline.cli..",
            "io.journeyline.demo..",
            "io.journeyline.topology..",
            "io.journeyline.adapters..")
        .check(classes);
  }

  @Test
  void shouldNotLetTheQueryApiBorrowFromTheAdapters() {
    noClasses()
        .that()
        .resideInAPackage("io.journeyline.query..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.journeyline.adapters..")
        .check(classes);
  }
}

package io.journeyline.cli;

import io.journeyline.config.ConfigSources;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.serde.AvroSerdeConfig;
import io.journeyline.serde.SchemaMetadata;
import io.journeyline.serde.SchemaRegistryClient;
import io.journeyline.serde.SchemaRegistryException;
import io.journeyline.topics.JourneylineTopic;
import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSubjects;
import io.journeyline.topics.TopicSubjects.Subject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code journeyline schemas check|register}: the schema-evolution step of a deployment, against
 * any Confluent-API registry (Confluent Schema Registry, Karapace, Apicurio's ccompat API, the
 * embedded one). {@code check} asks the registry's compatibility endpoint, per subject, whether the
 * schemas this build writes can be registered under the subject's compatibility level; {@code
 * register} does the same and then registers them, all or none. Production clients then run with
 * {@code auto.register.schemas=false}.
 */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description = {
      "Checks or registers the key and value schemas of every Journeyline topic (and the"
          + " heartbeat) in a Confluent-API schema registry, using the registry's compatibility"
          + " endpoint per subject.",
      "Exit code 0: every subject is compatible (or registered); 1: at least one is incompatible"
          + " (nothing is registered); 2: configuration or registry error."
    },
    subcommands = {SchemasCommand.Check.class, SchemasCommand.Register.class})
final class SchemasCommand implements Runnable {

  /** Exit code when a subject is incompatible. */
  static final int EXIT_INCOMPATIBLE = 1;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How one subject stands against the registry. */
  enum Status {
    /** The subject does not exist yet: registering creates its version 1. */
    NEW,
    /** This exact schema is already a version of the subject. */
    REGISTERED,
    /** The schema would be a new, compatible version. */
    COMPATIBLE,
    /** The registry would refuse it. */
    INCOMPATIBLE
  }

  record Verdict(Subject subject, Status status, String detail) {}

  /** Options shared by both subcommands. */
  static class Options {
    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description =
            "Properties file: journeyline.schema-registry.* (URL, authentication, TLS) and"
                + " journeyline.topics.* (topic names).")
    Path config;

    @Option(
        names = "--registry-url",
        paramLabel = "URL",
        description = "Overrides journeyline.schema-registry.schema.registry.url.")
    String registryUrl;

    Map<String, String> load() {
      Map<String, String> props =
          ConfigSources.load(
              StreamsAppConfig.CONFIG_DEF, Optional.ofNullable(config), System.getenv(), Map.of());
      if (registryUrl != null) {
        props.put(
            ConfigSources.SCHEMA_REGISTRY_PREFIX + AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl);
      }
      if (!props.containsKey(
          ConfigSources.SCHEMA_REGISTRY_PREFIX + AvroSerdeConfig.SCHEMA_REGISTRY_URL)) {
        throw new ConfigException(
            "No schema registry: set --registry-url, "
                + ConfigSources.SCHEMA_REGISTRY_PREFIX
                + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                + " or "
                + ConfigSources.envName(
                    ConfigSources.SCHEMA_REGISTRY_PREFIX + AvroSerdeConfig.SCHEMA_REGISTRY_URL));
      }
      return props;
    }

    static TopicCatalog catalog(Map<String, String> props) {
      Map<JourneylineTopic, String> names = new EnumMap<>(JourneylineTopic.class);
      for (JourneylineTopic topic : JourneylineTopic.values()) {
        String name = props.get(TopicCatalog.NAME_PREFIX + topic.id());
        if (name != null && !name.isBlank()) {
          names.put(topic, name.trim());
        }
      }
      return TopicCatalog.of(names, 1, (short) 1, Duration.ofDays(7));
    }

    static SchemaRegistryClient client(Map<String, String> props) {
      return new SchemaRegistryClient(
          ConfigSources.withPrefix(props, ConfigSources.SCHEMA_REGISTRY_PREFIX));
    }
  }

  /** Asks the registry about every subject; registers nothing. */
  static List<Verdict> check(SchemaRegistryClient client, List<Subject> subjects) {
    List<Verdict> verdicts = new ArrayList<>();
    for (Subject subject : subjects) {
      verdicts.add(check(client, subject));
    }
    return verdicts;
  }

  private static Verdict check(SchemaRegistryClient client, Subject subject) {
    try {
      SchemaMetadata existing = client.lookup(subject.name(), subject.schema());
      return new Verdict(
          subject,
          Status.REGISTERED,
          "version " + existing.version() + ", schema id " + existing.id());
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == 40401) {
        return new Verdict(subject, Status.NEW, "subject not registered yet");
      }
      if (e.errorCode() != 40403) {
        throw e;
      }
    }
    String level = level(client, subject.name());
    List<String> messages = client.testCompatibilityUnderLevel(subject.name(), subject.schema());
    if (messages.isEmpty()) {
      return new Verdict(subject, Status.COMPATIBLE, "a new version, compatible under " + level);
    }
    // Confluent-style answers repeat the whole old schema ("{oldSchema: '...'}"): left out.
    List<String> shown = messages.stream().filter(m -> !m.startsWith("{oldSchema:")).toList();
    return new Verdict(
        subject, Status.INCOMPATIBLE, level + ": " + String.join("; ", shown).strip());
  }

  private static String level(SchemaRegistryClient client, String subject) {
    try {
      return client.getCompatibility(subject);
    } catch (SchemaRegistryException e) {
      if (e.status() != 404) {
        throw e;
      }
      return client.getCompatibility(null) + " (global)";
    }
  }

  /** Prints the verdicts and answers whether all of them allow registering. */
  static boolean report(PrintWriter out, PrintWriter err, String registry, List<Verdict> verdicts) {
    out.printf("Schema registry %s: %d subjects%n", registry, verdicts.size());
    int incompatible = 0;
    for (Verdict v : verdicts) {
      out.printf("  %-12s %-50s %s%n", v.status(), v.subject().name(), v.detail());
      if (v.status() == Status.INCOMPATIBLE) {
        incompatible++;
      }
    }
    out.flush();
    if (incompatible > 0) {
      err.printf(
          "journeyline: %d of %d subjects are INCOMPATIBLE with the registry; nothing was"
              + " registered. Make the change compatible (give new fields a default, keep"
              + " removed fields' defaults) or move it to a new topic.%n",
          incompatible, verdicts.size());
      for (Verdict v : verdicts) {
        if (v.status() == Status.INCOMPATIBLE) {
          err.printf("  %s: %s%n", v.subject().name(), v.detail());
        }
      }
      err.flush();
      return false;
    }
    return true;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Checks every subject against the registry's compatibility endpoint; registers nothing."
              + " Run it before a deployment (CI).")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Options options;

    @Override
    public Integer call() {
      Map<String, String> props = options.load();
      try (SchemaRegistryClient client = Options.client(props)) {
        List<Verdict> verdicts = check(client, TopicSubjects.of(Options.catalog(props)));
        boolean ok =
            report(
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                String.join(",", client.urls()),
                verdicts);
        return ok ? 0 : EXIT_INCOMPATIBLE;
      } catch (SchemaRegistryException e) {
        throw new ConfigException("Schema registry error: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Checks every subject, then registers the new and changed schemas; registers nothing"
              + " when any subject is incompatible.")
  static final class Register implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Options options;

    @Override
    public Integer call() {
      Map<String, String> props = options.load();
      PrintWriter out = spec.commandLine().getOut();
      try (SchemaRegistryClient client = Options.client(props)) {
        List<Verdict> verdicts = check(client, TopicSubjects.of(Options.catalog(props)));
        if (!report(out, spec.commandLine().getErr(), String.join(",", client.urls()), verdicts)) {
          return EXIT_INCOMPATIBLE;
        }
        int registered = 0;
        for (Verdict v : verdicts) {
          if (v.status() == Status.REGISTERED) {
            continue;
          }
          int id = client.register(v.subject().name(), v.subject().schema());
          out.printf("  registered   %-50s schema id %d%n", v.subject().name(), id);
          registered++;
        }
        out.printf("%d registered, %d already present%n", registered, verdicts.size() - registered);
        out.flush();
        return 0;
      } catch (SchemaRegistryException e) {
        throw new ConfigException("Schema registry error: " + e.getMessage());
      }
    }
  }
}

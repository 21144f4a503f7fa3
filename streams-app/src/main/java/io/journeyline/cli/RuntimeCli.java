package io.journeyline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The production command line, the entry point of {@code journeyline-runtime.jar}: {@code run},
 * {@code adapters} and {@code schemas}, without the demo, so that the jar carries no embedded
 * broker, registry, Scala or test library. {@link JourneylineCli} is the developer's superset.
 */
@Command(
    name = "journeyline",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.Version.class,
    description = {
      "Omnichannel interaction stream processor for contact centers (production runtime:"
          + " run, adapters, schemas, keys).",
      ""
    },
    subcommands = {
      RunCommand.class,
      AdaptersCommand.class,
      SchemasCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Configuration: properties file (--config) and JOURNEYLINE_* environment variables;"
          + " see README.md and docs/operations.md."
    })
public final class RuntimeCli implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Runs the command line with the given output streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return CliSupport.execute(commandLine(), out, err, args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    return CliSupport.commandLine(new RuntimeCli(), e -> false);
  }
}

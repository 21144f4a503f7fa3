package io.journeyline.cli;

import io.journeyline.demo.DemoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code journeyline} command line of the developer jar ({@code journeyline.jar}): {@code
 * demo}, {@code run}, {@code adapters}, {@code schemas} and {@code keys}. The production jar's
 * entry point is {@link RuntimeCli}, the same without the demo.
 */
@Command(
    name = "journeyline",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.Version.class,
    description = {
      "Omnichannel interaction stream processor for contact centers: stitches chat, voice, email"
          + " and SMS contacts into customer journeys and computes First Contact Resolution,"
          + " sentiment and repeat-contact metrics in real time on Kafka Streams.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      AdaptersCommand.class,
      SchemasCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Start with:  java -jar journeyline.jar demo",
      "Configuration: properties file (--config) and JOURNEYLINE_* environment variables;"
          + " see README.md."
    })
public final class JourneylineCli implements Runnable {

  /** Exit code for configuration and usage errors. */
  public static final int EXIT_CONFIG = CliSupport.EXIT_CONFIG;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command line with the given output streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return CliSupport.execute(commandLine(), out, err, args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    return CliSupport.commandLine(new JourneylineCli(), e -> e instanceof DemoException);
  }

  /** The version from the jar manifest. */
  public static String version() {
    return CliSupport.version();
  }
}

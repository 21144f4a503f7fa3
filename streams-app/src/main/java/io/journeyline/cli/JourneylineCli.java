package io.journeyline.cli;

import io.journeyline.demo.DemoException;
import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code journeyline} command line: {@code demo}, {@code run} and {@code adapters}. */
@Command(
    name = "journeyline",
    mixinStandardHelpOptions = true,
    versionProvider = JourneylineCli.Version.class,
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
  public static final int EXIT_CONFIG = 2;

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
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new JourneylineCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (exception instanceof ConfigException || exception instanceof DemoException) {
            err.println("journeyline: " + exception.getMessage());
            err.flush();
            return EXIT_CONFIG;
          }
          err.println("journeyline: unexpected error: " + exception);
          if (System.getenv("JOURNEYLINE_DEBUG") != null) {
            exception.printStackTrace(err);
          } else {
            err.println("(set JOURNEYLINE_DEBUG=1 to see the stack trace)");
          }
          err.flush();
          return 1;
        });
    return cli;
  }

  /** The version from the jar manifest. */
  public static String version() {
    String version = JourneylineCli.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "journeyline " + version(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}

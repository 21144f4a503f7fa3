package io.journeyline.cli;

import java.io.PrintWriter;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * What the full command line ({@link JourneylineCli}, with the demo) and the production one ({@link
 * RuntimeCli}) share: the error funnel and the version. It references nothing of the demo, so the
 * runtime jar can carry it without the embedded broker.
 */
final class CliSupport {

  /** Exit code for configuration and usage errors. */
  static final int EXIT_CONFIG = 2;

  private CliSupport() {}

  /**
   * A command line whose configuration errors ({@link ConfigException}, and whatever {@code
   * userError} accepts) print one line and exit with {@link #EXIT_CONFIG}; anything else prints one
   * line (the stack trace only with {@code JOURNEYLINE_DEBUG} set) and exits with 1.
   */
  static CommandLine commandLine(Object root, Predicate<Exception> userError) {
    CommandLine cli = new CommandLine(root);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (exception instanceof ConfigException || userError.test(exception)) {
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

  /** Runs a command line with the given output streams and returns its exit code. */
  static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The version from the jar manifest. */
  static String version() {
    String version = CliSupport.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** {@code --version}: Journeyline's and Java's. */
  static final class Version implements CommandLine.IVersionProvider {
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

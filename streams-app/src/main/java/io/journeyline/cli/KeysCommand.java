package io.journeyline.cli;

import io.journeyline.config.StreamsAppConfig;
import io.journeyline.http.ApiKeyHash;
import io.journeyline.http.ScopedApiKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code journeyline keys generate|hash}: makes the entries of {@code journeyline.query.api-keys}
 * ({@code <name>:<scopes>:pbkdf2-sha256:<iterations>:<salt>:<hash>}). The configuration then holds
 * only salted hashes; the key itself is shown once ({@code generate}) or never leaves the caller
 * ({@code hash} reads it from standard input, not from the command line, where {@code ps} and the
 * shell history would see it).
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Makes API key entries for journeyline.query.api-keys: the configuration holds a salted"
          + " PBKDF2-HMAC-SHA256 hash of each key, never the key."
    },
    subcommands = {KeysCommand.Generate.class, KeysCommand.Hash.class, KeysCommand.MasterKey.class})
final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by both subcommands. */
  static class EntryOptions {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "Whose key it is (logged on refusals; letters, digits, '.', '_' or '-').")
    String name;

    @Option(
        names = "--scopes",
        required = true,
        split = ",",
        paramLabel = "SCOPE",
        description = "Comma-separated: query:personal, query:metrics, ops:metrics, or * for all.")
    java.util.List<String> scopes;

    @Option(
        names = "--iterations",
        defaultValue = "" + ApiKeyHash.DEFAULT_ITERATIONS,
        paramLabel = "N",
        description =
            "PBKDF2 iterations (default: ${DEFAULT-VALUE}, enough for a generated 256-bit key;"
                + " use 100000 or more for a key a human chose: it is verified on every request).")
    int iterations;

    String entry(String key) {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new ConfigException("--name: use letters, digits, '.', '_' or '-'");
      }
      String text =
          name
              + ":"
              + String.join("|", scopes)
              + ":"
              + ApiKeyHash.of(key, iterations, new SecureRandom()).encode();
      try {
        // The same parser as the query API: what this prints is what it accepts.
        ScopedApiKeys.parse(text, StreamsAppConfig.QUERY_SCOPES);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      return text;
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Generates a random 256-bit API key and prints it (once: store it in the client's secret"
            + " store) and its entry for journeyline.query.api-keys."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin EntryOptions options;

    @Override
    public Integer call() {
      String key = ApiKeyHash.generateKey("jlq_", new SecureRandom());
      String entry = options.entry(key);
      PrintWriter out = spec.commandLine().getOut();
      out.println("key:   " + key);
      out.println("entry: " + entry);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "master-key",
      mixinStandardHelpOptions = true,
      description = {
        "Generates a random 256-bit master key for the message-text encryption and prints it in"
            + " base64, for journeyline.crypto.master-key (the same in the adapters and the streams"
            + " app; keep it in a secret: losing it makes all encrypted text unreadable)."
      })
  static final class MasterKey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(io.journeyline.crypto.TextCrypto.generateMasterKey());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "hash",
      mixinStandardHelpOptions = true,
      description = {
        "Reads one API key from standard input (the first line) and prints its entry for"
            + " journeyline.query.api-keys, e.g.  printf %s \"$KEY\" | journeyline keys hash"
            + " --name crm --scopes query:personal"
      })
  static final class Hash implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin EntryOptions options;

    @Override
    public Integer call() throws IOException {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String key = in.readLine();
      if (key == null || key.strip().isEmpty()) {
        throw new ConfigException("no key on standard input");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(options.entry(key.strip()));
      out.flush();
      return 0;
    }
  }
}

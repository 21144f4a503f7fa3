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
 * and, with {@code --api ingest}, of {@code journeyline.adapters.api-keys} ({@code
 * <name>:<scopes>:pbkdf2-sha256:<iterations>:<salt>:<hash>}; the ingest API's scopes are its
 * endpoints). The configuration then holds only salted hashes; the key itself is shown once ({@code
 * generate}) or never leaves the caller ({@code hash} reads it from standard input, not from the
 * command line, where {@code ps} and the shell history would see it).
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Makes API key entries for journeyline.query.api-keys (--api query, the default) or"
          + " journeyline.adapters.api-keys (--api ingest): the configuration holds a salted"
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
        names = "--api",
        defaultValue = "query",
        paramLabel = "API",
        description =
            "Which API the key is for: query (journeyline.query.api-keys, the default) or ingest"
                + " (journeyline.adapters.api-keys).")
    String api;

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
        description =
            "Comma-separated. Query API: query:personal, query:metrics, ops:metrics. Ingest API:"
                + " events, surveys, identities, identities-delete, twilio, amazon-connect, genesys,"
                + " email."
                + " Or * for all.")
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
      java.util.Set<String> known =
          switch (api) {
            case "query" -> StreamsAppConfig.QUERY_SCOPES;
            case "ingest" -> io.journeyline.adapters.AdaptersConfig.ENDPOINTS;
            default -> throw new ConfigException("--api: query or ingest, not '" + api + "'");
          };
      String text =
          name
              + ":"
              + String.join("|", scopes)
              + ":"
              + ApiKeyHash.of(key, iterations, new SecureRandom()).encode();
      try {
        // The same parser as the APIs: what this prints is what they accept.
        ScopedApiKeys.parse(text, known);
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
            + " store) and its entry for journeyline.query.api-keys (or, with --api ingest,"
            + " journeyline.adapters.api-keys)."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin EntryOptions options;

    @Override
    public Integer call() {
      String key =
          ApiKeyHash.generateKey(
              options.api.equals("ingest") ? "jli_" : "jlq_", new SecureRandom());
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
            + " journeyline.query.api-keys (or journeyline.adapters.api-keys with --api ingest),"
            + " e.g.  printf %s \"$KEY\" | journeyline keys hash --name crm --scopes"
            + " query:personal"
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

package io.journeyline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code journeyline-bench compare}: the harness on two git revisions, or on two settings of this
 * build, in one invocation, the runs interleaved A, B, A, B so that the machine's drift hits both
 * sides alike; then the ratios B/A (see {@link CompareReport}).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the harness on two sides and reports the ratios B/A per figure (events/s, CPU-s per M"
          + " events, bytes written per event, state bytes per active customer; the latency p99"
          + ", the sustainable rate and each steady-state scaling point's tail when measured).",
      "Two revisions: --revisions A,B builds each in a temporary git worktree (./mvnw -B -q -o"
          + " package -DskipTests; '.' is this jar, uncommitted changes included) and runs its"
          + " own bench jar. Two settings: --config key=value runs this jar as A and with"
          + " --set key=value as B.",
      "Each side runs as a child JVM with a broker of its own, --rounds times, A and B"
          + " alternating. Options after -- go to every child run (default: --runs b,c"
          + " --repetitions 1 --latency-seconds 0 --no-scaling --no-sustainable); an option a"
          + " side's --help does not list (an older revision) is left out for that side, with"
          + " its value.",
      "Example: journeyline-bench compare --revisions main,. -- --runs c --events 20000"
    })
final class CompareCommand implements Callable<Integer> {

  /** The child runs' options when none are given. */
  private static final List<String> DEFAULT_ARGS =
      List.of(
          "--runs",
          "b,c",
          "--repetitions",
          "1",
          "--latency-seconds",
          "0",
          "--no-scaling",
          "--no-sustainable");

  private static final Pattern NEGATABLE = Pattern.compile("--\\[no-]([a-z][a-z0-9-]*)");
  private static final Pattern OPTION = Pattern.compile("--([a-z][a-z0-9-]*)");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--revisions",
      split = ",",
      paramLabel = "A,B",
      hideParamSyntax = true,
      description = "Two git revisions to compare (any rev git knows; '.' for this jar).")
  List<String> revisions;

  @Option(
      names = "--config",
      paramLabel = "KEY=VALUE",
      description =
          "Compare this jar as it is (A) with this jar run with --set KEY=VALUE (B); repeatable.")
  Map<String, String> config;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description = "Runs per side, interleaved A, B, A, B (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--out",
      defaultValue = "benchmarks/results",
      description =
          "Directory for compare-<timestamp>.md and .json, and the children's results and logs"
              + " under compare-<timestamp>/ (default ${DEFAULT-VALUE}).")
  Path out;

  @Parameters(paramLabel = "BENCH-OPTION", description = "Options for every child run, after --.")
  List<String> benchArgs;

  /** One side: a label and the command that runs it (without --out). */
  private record Side(String label, List<String> command) {}

  @Override
  public Integer call() throws Exception {
    if ((revisions == null) == (config == null || config.isEmpty())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either --revisions A,B or --config KEY=VALUE");
    }
    if (revisions != null && revisions.size() != 2) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--revisions takes two revisions, A,B: " + revisions);
    }
    if (rounds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1");
    }
    Instant started = Instant.now();
    Path dir = out.resolve("compare-" + Report.stamp(started));
    Files.createDirectories(dir);
    List<Side> sides = new ArrayList<>();
    if (revisions != null) {
      for (int i = 0; i < 2; i++) {
        String rev = revisions.get(i);
        Path jar = dir.resolve("jar-" + "AB".charAt(i) + ".jar");
        if (rev.equals(".")) {
          // A copy: a rebuild while the comparison runs must not change the jar under it.
          Files.copy(thisJar(), jar, StandardCopyOption.REPLACE_EXISTING);
        } else {
          build(rev, jar);
        }
        sides.add(new Side(rev, command(jar, List.of())));
      }
    } else {
      Path jar = dir.resolve("jar.jar");
      Files.copy(thisJar(), jar, StandardCopyOption.REPLACE_EXISTING);
      List<String> set = new ArrayList<>();
      config.forEach((k, v) -> set.addAll(List.of("--set", k + "=" + v)));
      sides.add(new Side("this build", command(jar, List.of())));
      sides.add(new Side(String.join(" ", set), command(jar, set)));
    }
    Map<String, List<Map<String, Double>>> figures = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < 2; i++) {
        String name = "AB".charAt(i) + "-" + round;
        JsonNode result = runChild(sides.get(i), dir.resolve(name));
        figures
            .computeIfAbsent(sides.get(i).label(), k -> new ArrayList<>())
            .add(CompareReport.figures(result));
      }
    }
    List<CompareReport.Row> rows =
        CompareReport.rows(figures.get(sides.get(0).label()), figures.get(sides.get(1).label()));
    String md =
        "# Journeyline benchmark comparison, "
            + started
            + "\n\n"
            + CompareReport.markdown(sides.get(0).label(), sides.get(1).label(), rows)
            + "\nRounds: "
            + rounds
            + ", A and B alternating, each a child JVM with a broker of its own. Child options: `"
            + String.join(" ", benchArgs == null ? List.of("(defaults)") : benchArgs)
            + "`. Each child's results and log: `"
            + dir
            + "`.\n";
    System.out.println();
    System.out.println(md);
    Files.writeString(
        out.resolve("compare-" + Report.stamp(started) + ".md"), md, StandardCharsets.UTF_8);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", started.toString());
    json.put("a", sides.get(0).label());
    json.put("b", sides.get(1).label());
    json.put("rounds", rounds);
    json.put("rows", rows);
    json.put("figures", figures);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("compare-" + Report.stamp(started) + ".json").toFile(), json);
    return 0;
  }

  /**
   * The child command for {@code jar}: the options (given or default) that its {@code --help}
   * lists, then {@code extra}.
   */
  private List<String> command(Path jar, List<String> extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
    List<String> args = benchArgs != null ? benchArgs : DEFAULT_ARGS;
    List<String> kept = supported(args, help(jar));
    if (kept.size() < args.size()) {
      List<String> dropped = new ArrayList<>(args);
      kept.forEach(dropped::remove);
      System.err.printf("  %s does not know %s: left out%n", jar.getFileName(), dropped);
    }
    cmd.addAll(kept);
    cmd.addAll(extra);
    return cmd;
  }

  /**
   * The options of {@code args} that {@code help} (a picocli usage text) lists; an option it does
   * not list is left out with the value after it, if any (the next argument when it does not start
   * with {@code --}).
   */
  static List<String> supported(List<String> args, String help) {
    Set<String> known = new HashSet<>();
    Matcher negatable = NEGATABLE.matcher(help);
    while (negatable.find()) {
      known.add("--" + negatable.group(1));
      known.add("--no-" + negatable.group(1));
    }
    Matcher option = OPTION.matcher(help);
    while (option.find()) {
      known.add("--" + option.group(1));
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      boolean hasValue =
          !arg.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      if (!name.startsWith("--") || known.contains(name)) {
        kept.add(arg);
      } else if (hasValue) {
        i++;
      }
    }
    return kept;
  }

  private static String help(Path jar) throws Exception {
    Process p =
        new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "--help")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return text;
  }

  /** Runs one side into {@code dir} and returns its JSON result. */
  private JsonNode runChild(Side side, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(side.command());
    cmd.addAll(List.of("--out", dir.toString()));
    System.err.printf("  %s (%s): %s%n", dir.getFileName(), side.label(), String.join(" ", cmd));
    long t0 = System.nanoTime();
    Path log = dir.resolve("run.log");
    int code =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start()
            .waitFor();
    if (code != 0) {
      throw new IllegalStateException(side.label() + " exited with " + code + ": see " + log);
    }
    Path json;
    try (Stream<Path> files = Files.list(dir)) {
      json =
          files
              .filter(f -> f.getFileName().toString().matches("\\d{8}T\\d{6}Z\\.json"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no results in " + dir));
    }
    System.err.printf("  %s done in %.0f s%n", dir.getFileName(), (System.nanoTime() - t0) / 1e9);
    return new ObjectMapper().readTree(json.toFile());
  }

  /** Builds {@code rev} in a temporary git worktree and copies its bench jar to {@code jar}. */
  private static void build(String rev, Path jar) throws Exception {
    Path top = Path.of(git(null, "rev-parse", "--show-toplevel").trim());
    String commit = git(top, "rev-parse", "--verify", rev + "^{commit}").trim();
    Path tree = Files.createTempDirectory("journeyline-compare-");
    System.err.printf("  building %s (%s) in %s%n", rev, commit.substring(0, 12), tree);
    git(top, "worktree", "add", "--detach", tree.toString(), commit);
    try {
      run(
          tree,
          List.of(
              tree.resolve("mvnw").toString(),
              "-B",
              "-q",
              "-o",
              "package",
              "-DskipTests",
              "-Dspotless.check.skip=true"));
      Path built = tree.resolve("benchmarks/target/journeyline-bench.jar");
      if (!Files.exists(built)) {
        throw new IllegalStateException(rev + " built no benchmarks/target/journeyline-bench.jar");
      }
      Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      git(top, "worktree", "remove", "--force", tree.toString());
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return run(dir, cmd);
  }

  /** Runs {@code cmd} in {@code dir}; its output, or an exception naming it when it failed. */
  private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + output);
    }
    return output;
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The jar this class was loaded from. */
  private static Path thisJar() throws URISyntaxException {
    Path jar =
        Path.of(CompareCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!jar.toString().endsWith(".jar")) {
      throw new IllegalStateException(
          "'.' and --config need the bench jar (java -jar ...), not classes in " + jar);
    }
    return jar;
  }
}

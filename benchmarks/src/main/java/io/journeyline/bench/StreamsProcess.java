package io.journeyline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code journeyline run} instance as a child JVM: the production command line on this JVM's
 * class path (the bench jar carries the streams app), its output in a log file, its query API on a
 * free port for readiness and {@code /metrics}. The fault suite kills it with SIGKILL, freezes it
 * with SIGSTOP, and stops it with SIGTERM.
 */
final class StreamsProcess {

  private static final Pattern QUERY_PORT =
      Pattern.compile("Query and operations API on https? port (\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Every child started, killed by a shutdown hook should this JVM end first. */
  private static final java.util.Set<Process> CHILDREN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> CHILDREN.forEach(Process::destroyForcibly), "journeyline-faults-children"));
  }

  private final String name;
  private final Path config;
  private final Path log;
  private final int heapMb;
  private Process process;
  private int queryPort;
  private int starts;
  private boolean stopped;

  StreamsProcess(String name, Path config, Path log, int heapMb) {
    this.name = name;
    this.config = config;
    this.log = log;
    this.heapMb = heapMb;
  }

  /** Writes the instance's properties file. */
  static Path writeConfig(Path file, Map<String, String> props) throws IOException {
    Properties p = new Properties();
    p.putAll(props);
    Files.createDirectories(file.getParent());
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "journeyline run, fault suite");
    }
    return file;
  }

  String name() {
    return name;
  }

  /** Starts (or restarts) the child JVM; its output is appended to the log. */
  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMb + "m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.journeyline.cli.JourneylineCli");
    command.add("run");
    command.add("--config");
    command.add(config.toString());
    command.add("--connect-timeout");
    command.add("60");
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "---- start " + (starts + 1) + " ----\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    CHILDREN.removeIf(p -> !p.isAlive());
    CHILDREN.add(process);
    starts++;
    queryPort = 0;
    stopped = false;
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** True when the process ended without the suite having stopped or killed it. */
  synchronized boolean exitedOnItsOwn() {
    return process != null && !process.isAlive() && !stopped;
  }

  synchronized int exitCode() {
    return process.exitValue();
  }

  synchronized long pid() {
    return process.pid();
  }

  int starts() {
    return starts;
  }

  Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
  void kill9() throws InterruptedException {
    Process p;
    synchronized (this) {
      stopped = true;
      p = process;
    }
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and a wait for the clean shutdown (SIGKILL after {@code timeout}). */
  void stop(Duration timeout) throws InterruptedException {
    Process p;
    synchronized (this) {
      if (process == null || !process.isAlive()) {
        return;
      }
      stopped = true;
      p = process;
    }
    p.destroy();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Sends a signal by name ({@code STOP}, {@code CONT}) with the system's kill command. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** The query API's port once the child printed it, else 0. */
  synchronized int queryPort() {
    if (queryPort == 0 && Files.exists(log)) {
      try {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        int from = text.lastIndexOf("---- start " + starts + " ----");
        Matcher m = QUERY_PORT.matcher(text.substring(Math.max(0, from)));
        if (m.find()) {
          queryPort = Integer.parseInt(m.group(1));
        }
      } catch (IOException e) {
        return 0;
      }
    }
    return queryPort;
  }

  /** {@code GET /health/ready} answers 200: Kafka Streams is RUNNING and its stores queryable. */
  boolean ready() {
    String body = get("/health/ready", 200);
    return body != null;
  }

  /** The body of {@code GET path} when it answers {@code status}, else null. */
  String get(String path, int status) {
    int port = queryPort();
    if (port == 0 || !alive()) {
      return null;
    }
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == status ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The last lines of the log, for a failure message. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}

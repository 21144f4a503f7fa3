package io.journeyline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots of a Java Flight Recorder file, read with {@link RecordingFile}: the execution
 * samples ({@code jdk.ExecutionSample}) and allocation samples ({@code jdk.ObjectAllocationSample})
 * of the threads a filter selects, tallied by method.
 *
 * <p>Seven tallies: execution samples by their top frame (self time); the same collapsed onto their
 * innermost frame of a focus package (the project's own code that, directly or through the
 * libraries it calls, spent the time; samples without such a frame go to one {@link #OUTSIDE}
 * line); by every focus-package method on the stack (inclusive time: a stage's whole cost); by the
 * Kafka Streams operation they were in ({@link #OPERATIONS}); native-method samples by their top
 * frame (time in native code, such as RocksDB); the time the threads were recorded waiting (parked,
 * blocked, sleeping, reading a socket) by what waited; and the sampled allocation weight (bytes) by
 * the innermost focus-package frame.
 */
final class JfrSummary {

  /** The line of the samples whose stack has no frame of the focus package. */
  static final String OUTSIDE = "(no frame of the focus package)";

  /**
   * One line of a tally.
   *
   * @param frame the method, {@code package.Type.method}
   * @param weight samples (execution) or sampled bytes (allocation)
   * @param share of the tally's total
   */
  record Line(String frame, long weight, double share) {}

  /**
   * The hot spots.
   *
   * @param file the recording
   * @param allSamples execution samples of every thread
   * @param samples execution samples of the selected threads
   * @param self the top {@code limit} methods by self samples
   * @param focused the top {@code limit} focus-package frames by samples, callees collapsed
   * @param inclusive the top {@code limit} focus-package methods by the samples they are anywhere
   *     on the stack of (callers included: a sample counts once for each distinct method), the
   *     share of the samples they took part in
   * @param operations the samples in each {@link #OPERATIONS Kafka Streams operation} (a sample
   *     counts once per operation on its stack, and may be in two, e.g. a store write in a
   *     punctuation), in the order of {@link #OPERATIONS}
   * @param nativeSamples native-method samples of the selected threads ({@code
   *     jdk.NativeMethodSample}: a thread in native code, e.g. RocksDB or a socket, is not in the
   *     execution samples)
   * @param nativeSelf the top {@code limit} native methods by those samples
   * @param waitMillis time the selected threads were recorded waiting (parked, in {@code
   *     Object.wait}, blocked on a monitor, sleeping, or in a socket read), each wait above the
   *     recording's threshold
   * @param waits the top {@code limit} waits by milliseconds, keyed by event type and innermost
   *     frame outside the JDK (what waited)
   * @param allocationBytes sampled allocation weight of the selected threads
   * @param allocations the top {@code limit} focus-package frames by sampled allocation weight
   */
  record Summary(
      Path file,
      long allSamples,
      long samples,
      List<Line> self,
      List<Line> focused,
      List<Line> inclusive,
      List<Line> operations,
      long nativeSamples,
      List<Line> nativeSelf,
      long waitMillis,
      List<Line> waits,
      long allocationBytes,
      List<Line> allocations) {}

  /**
   * What a stream thread's sample was doing on behalf of Kafka Streams, by a frame on its stack
   * ({@code SimpleType.method} prefix): the operations that every stage pays per record or per
   * commit, whichever processor asked for them.
   */
  static final List<Map.Entry<String, String>> OPERATIONS =
      List.of(
          Map.entry("state store put", "MeteredKeyValueStore.put"),
          Map.entry("state store get", "MeteredKeyValueStore.get"),
          Map.entry("state store delete", "MeteredKeyValueStore.delete"),
          Map.entry("state store range", "MeteredKeyValueStore.range"),
          Map.entry("window store put", "MeteredWindowStore.put"),
          Map.entry("window store fetch", "MeteredWindowStore.fetch"),
          Map.entry("send (serialise, produce)", "RecordCollectorImpl.send"),
          Map.entry("source record deserialisation", "RecordDeserializer.deserialize"),
          Map.entry("punctuation", "TaskManager.punctuate"),
          Map.entry("commit (cache flush, producer flush, transaction)", "TaskManager.commit"),
          Map.entry("consumer poll", "KafkaConsumer.poll"));

  /** The events of a thread that waits, not runs. */
  private static final Set<String> WAITS =
      Set.of(
          "jdk.ThreadPark",
          "jdk.JavaMonitorWait",
          "jdk.JavaMonitorEnter",
          "jdk.ThreadSleep",
          "jdk.SocketRead");

  private static final Pattern JDK = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\.");

  private JfrSummary() {}

  /**
   * Reads {@code file}.
   *
   * @param threads selects the threads by Java name
   * @param focusPackage prefix of the project's own types, e.g. {@code io.journeyline.}
   * @param limit lines per tally
   * @param from the first instant counted (null: from the start)
   * @param to the last instant counted (null: to the end)
   */
  static Summary read(
      Path file,
      Predicate<String> threads,
      String focusPackage,
      int limit,
      Instant from,
      Instant to)
      throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> focused = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> operations = new HashMap<>();
    Map<String, Long> allocations = new HashMap<>();
    Map<String, Long> nativeSelf = new HashMap<>();
    Map<String, Long> waits = new HashMap<>();
    long waited = 0;
    long all = 0;
    long samples = 0;
    long nativeSamples = 0;
    long allocated = 0;
    Function<RecordedStackTrace, String> focus = stack -> innermost(stack, focusPackage);
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if ((from != null && event.getStartTime().isBefore(from))
          || (to != null && event.getStartTime().isAfter(to))) {
        continue;
      }
      String type = event.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        all++;
        if (selected(event, "sampledThread", threads) && event.getStackTrace() != null) {
          samples++;
          add(self, top(event.getStackTrace()), 1);
          add(focused, focus.apply(event.getStackTrace()), 1);
          onStack(event.getStackTrace(), focusPackage, inclusive, operations);
        }
      } else if (type.equals("jdk.NativeMethodSample")
          && selected(event, "sampledThread", threads)
          && event.getStackTrace() != null) {
        nativeSamples++;
        add(nativeSelf, top(event.getStackTrace()), 1);
      } else if (WAITS.contains(type)
          && selected(event, "eventThread", threads)
          && event.getStackTrace() != null) {
        long millis = event.getDuration().toMillis();
        waited += millis;
        add(waits, type.substring(4) + " in " + outsideJdk(event.getStackTrace()), millis);
      } else if (type.equals("jdk.ObjectAllocationSample")
          && selected(event, "eventThread", threads)
          && event.getStackTrace() != null) {
        long weight = event.getLong("weight");
        allocated += weight;
        add(allocations, focus.apply(event.getStackTrace()), weight);
      }
    }
    return new Summary(
        file,
        all,
        samples,
        top(self, samples, limit),
        top(focused, samples, limit),
        top(inclusive, samples, limit),
        inOrder(operations, samples),
        nativeSamples,
        top(nativeSelf, nativeSamples, limit),
        waited,
        top(waits, waited, limit),
        allocated,
        top(allocations, allocated, limit));
  }

  /** Counts a sample once for each focus-package method and each operation on its stack. */
  private static void onStack(
      RecordedStackTrace stack,
      String focusPackage,
      Map<String, Long> inclusive,
      Map<String, Long> operations) {
    Set<String> methods = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (RecordedFrame frame : stack.getFrames()) {
      RecordedMethod method = frame.getMethod();
      if (method == null) {
        continue;
      }
      String type = method.getType().getName();
      if (type.startsWith(focusPackage) && methods.add(name(method))) {
        add(inclusive, name(method), 1);
      }
      String simple = type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
      for (Map.Entry<String, String> operation : OPERATIONS) {
        if (simple.startsWith(operation.getValue()) && seen.add(operation.getKey())) {
          add(operations, operation.getKey(), 1);
        }
      }
    }
  }

  /** The operations' lines in the order of {@link #OPERATIONS}, every one of them. */
  private static List<Line> inOrder(Map<String, Long> operations, long total) {
    return OPERATIONS.stream()
        .map(Map.Entry::getKey)
        .map(
            key -> {
              long weight = operations.getOrDefault(key, 0L);
              return new Line(key, weight, total == 0 ? 0 : (double) weight / total);
            })
        .toList();
  }

  private static boolean selected(RecordedEvent event, String field, Predicate<String> threads) {
    RecordedThread thread = event.getThread(field);
    return thread != null && thread.getJavaName() != null && threads.test(thread.getJavaName());
  }

  private static void add(Map<String, Long> tally, String key, long weight) {
    tally.merge(key, weight, Long::sum);
  }

  private static String top(RecordedStackTrace stack) {
    List<RecordedFrame> frames = stack.getFrames();
    return frames.isEmpty() ? "(no frames)" : name(frames.get(0).getMethod());
  }

  private static String outsideJdk(RecordedStackTrace stack) {
    for (RecordedFrame frame : stack.getFrames()) {
      RecordedMethod method = frame.getMethod();
      String type = method == null ? "" : method.getType().getName();
      if (!type.isEmpty() && !JDK.matcher(type).lookingAt()) {
        return name(method);
      }
    }
    return top(stack);
  }

  private static String innermost(RecordedStackTrace stack, String focusPackage) {
    for (RecordedFrame frame : stack.getFrames()) {
      RecordedMethod method = frame.getMethod();
      if (method != null && method.getType().getName().startsWith(focusPackage)) {
        return name(method);
      }
    }
    return OUTSIDE;
  }

  private static String name(RecordedMethod method) {
    return method == null ? "(unknown)" : method.getType().getName() + "." + method.getName();
  }

  static List<Line> top(Map<String, Long> tally, long total, int limit) {
    ToLongFunction<Map.Entry<String, Long>> weight = Map.Entry::getValue;
    return tally.entrySet().stream()
        .sorted(
            Comparator.comparingLong(weight)
                .reversed()
                .thenComparing(Map.Entry::getKey, Comparator.naturalOrder()))
        .limit(limit)
        .map(
            e -> new Line(e.getKey(), e.getValue(), total == 0 ? 0 : (double) e.getValue() / total))
        .toList();
  }
}

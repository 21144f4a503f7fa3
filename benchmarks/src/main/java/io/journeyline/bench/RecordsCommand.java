package io.journeyline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyline.embedded.registry.EmbeddedSchemaRegistry;
import io.journeyline.serde.WireFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journeyline-bench records}: prints the records a broker wrote to its log directory, read
 * straight from the segment files, so that a run kept with {@code faults --keep-work} (or any
 * stopped broker's data) can be read after the fact: every topic, internal ones included, with each
 * record's fate in its transaction (committed, aborted, or still open when the broker stopped).
 *
 * <p>Values and keys in the Confluent wire format are decoded with the schemas the registry wrote
 * to its topic ({@value EmbeddedSchemaRegistry#DEFAULT_TOPIC}) in the same log directory; other
 * bytes print as text when they are printable UTF-8, else escaped.
 */
@Command(
    name = "records",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the records in a Kafka log directory, read from the segment files of a stopped"
          + " broker: one line per record, '<topic>-<partition>@<offset> <timestamp> <fate>"
          + " key=... value=... [headers]'. The fate is 'committed' (or 'plain' outside a"
          + " transaction), 'ABORTED' when its transaction was aborted, 'OPEN' when no marker"
          + " followed it before the broker stopped; read_committed consumers never saw the"
          + " last two.",
      "Confluent-framed keys and values are decoded with the schemas in the registry's topic"
          + " of the same directory.",
      "Example: journeyline-bench records /tmp/journeyline-faults123 --topic 'kill9.*contacts'"
          + " --grep 'sms:+12105550394'"
    })
final class RecordsCommand implements Callable<Integer> {

  /** A partition directory of a Kafka log dir: {@code <topic>-<partition>}. */
  private static final Pattern PARTITION_DIR = Pattern.compile("(.+)-(\\d+)");

  private static final String SCHEMAS_TOPIC = EmbeddedSchemaRegistry.DEFAULT_TOPIC;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description =
          "A Kafka log directory, or a directory above one (a work directory kept by faults"
              + " --keep-work); searched for partition directories.")
  Path dir;

  @Option(
      names = "--topic",
      paramLabel = "REGEX",
      description =
          "Only the topics whose name this regular expression finds (anywhere in the name;"
              + " default: every topic but the registry's and Kafka's own).")
  Pattern topic;

  @Option(
      names = "--grep",
      paramLabel = "TEXT",
      description = "Only the records whose printed line contains this text.")
  String grep;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Stop after N printed records (default: no limit).")
  long limit = Long.MAX_VALUE;

  @Option(
      names = "--max-value-chars",
      paramLabel = "N",
      description = "Cut a printed value after N characters (default 2,000; 0: no cut).")
  int maxValueChars = 2_000;

  @Override
  public Integer call() throws IOException {
    if (limit < 1) {
      System.err.println("--limit must be at least 1, was " + limit);
      return 2;
    }
    if (!Files.isDirectory(dir)) {
      System.err.println("Not a directory: " + dir);
      return 2;
    }
    List<Path> partitions = partitionDirs(dir);
    if (partitions.isEmpty()) {
      System.err.println(
          "No partition directories (<topic>-<partition> with segment files) under " + dir);
      return 2;
    }
    Map<Integer, Schema> schemas = new HashMap<>();
    for (Path p : partitions) {
      if (topicOf(p).equals(SCHEMAS_TOPIC)) {
        schemas.putAll(readSchemas(p));
      }
    }
    Reader reader = new Reader(schemas, maxValueChars);
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, UTF_8);
    long printed = 0;
    int read = 0;
    for (Path p : partitions) {
      String name = topicOf(p);
      // by default not the registry's topic nor Kafka's own (__consumer_offsets and the like)
      boolean wanted = topic != null ? topic.matcher(name).find() : !name.startsWith("_");
      if (!wanted) {
        continue;
      }
      read++;
      printed += reader.print(p, grep, limit - printed, out);
      if (printed >= limit) {
        break;
      }
    }
    out.flush();
    System.err.printf(
        "%,d record(s) printed from %d partition(s); %d schema(s) known%n",
        printed, read, schemas.size());
    return 0;
  }

  /** Partition directories under {@code root} (a few levels deep), by topic then partition. */
  static List<Path> partitionDirs(Path root) throws IOException {
    try (Stream<Path> found = Files.find(root, 6, (p, a) -> a.isDirectory() && isPartitionDir(p))) {
      return found
          .sorted(
              Comparator.comparing(RecordsCommand::topicOf)
                  .thenComparingInt(RecordsCommand::partitionOf))
          .toList();
    }
  }

  private static boolean isPartitionDir(Path p) {
    if (!PARTITION_DIR.matcher(p.getFileName().toString()).matches()) {
      return false;
    }
    // a segment has an offset index beside it; a RocksDB directory's *.log files do not
    try (Stream<Path> files = Files.list(p)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".index"));
    } catch (IOException e) {
      return false;
    }
  }

  static String topicOf(Path partitionDir) {
    Matcher m = PARTITION_DIR.matcher(partitionDir.getFileName().toString());
    return m.matches() ? m.group(1) : partitionDir.getFileName().toString();
  }

  private static int partitionOf(Path partitionDir) {
    Matcher m = PARTITION_DIR.matcher(partitionDir.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(2)) : -1;
  }

  /** The segment files of a partition, in offset order (their names are the base offsets). */
  private static List<Path> segments(Path partitionDir) throws IOException {
    try (Stream<Path> files = Files.list(partitionDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  /** Schema id to schema, from the registry's topic: the last value of each key wins. */
  static Map<Integer, Schema> readSchemas(Path partitionDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<Integer, Schema> schemas = new HashMap<>();
    for (Path segment : segments(partitionDir)) {
      try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
        for (RecordBatch batch : records.batches()) {
          if (batch.isControlBatch()) {
            continue;
          }
          for (Record r : batch) {
            if (!r.hasValue()) {
              continue;
            }
            JsonNode value = json.readTree(bytes(r.value()));
            if (value.hasNonNull("id") && value.hasNonNull("schema")) {
              try {
                schemas.put(
                    value.get("id").asInt(),
                    new Schema.Parser().parse(value.get("schema").asText()));
              } catch (SchemaParseException e) {
                // a schema the registry accepted parses; anything else is not ours to print
              }
            }
          }
        }
      }
    }
    return schemas;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  /** Prints one partition's records with their transactional fate. */
  static final class Reader {
    private final Map<Integer, Schema> schemas;
    private final int maxValueChars;
    private final DecoderFactory decoders = DecoderFactory.get();
    private BinaryDecoder decoder;

    Reader(Map<Integer, Schema> schemas, int maxValueChars) {
      this.schemas = schemas;
      this.maxValueChars = maxValueChars;
    }

    /**
     * Prints the records of one partition that contain {@code grep} (all when null), at most {@code
     * max}; returns how many were printed.
     */
    long print(Path partitionDir, String grep, long max, PrintStream out) throws IOException {
      List<Path> segments = segments(partitionDir);
      Fates fates = fates(segments);
      String tp = partitionDir.getFileName().toString();
      long printed = 0;
      for (Path segment : segments) {
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
          for (RecordBatch batch : records.batches()) {
            if (batch.isControlBatch()) {
              continue;
            }
            String fate = fates.of(batch);
            for (Record r : batch) {
              String line = line(tp, r, fate);
              if (grep == null || line.contains(grep)) {
                out.println(line);
                if (++printed >= max) {
                  return printed;
                }
              }
            }
          }
        }
      }
      return printed;
    }

    String line(String tp, Record r, String fate) {
      StringBuilder line = new StringBuilder(256);
      line.append(tp).append('@').append(r.offset()).append(' ');
      line.append(Instant.ofEpochMilli(r.timestamp())).append(' ').append(fate);
      line.append(" key=").append(r.hasKey() ? render(bytes(r.key()), true) : "null");
      String value = r.hasValue() ? render(bytes(r.value()), false) : "null (tombstone)";
      if (maxValueChars > 0 && value.length() > maxValueChars) {
        value = value.substring(0, maxValueChars) + "…(" + value.length() + " chars)";
      }
      line.append(" value=").append(value);
      for (Header h : r.headers()) {
        line.append(" [").append(h.key()).append('=');
        line.append(h.value() == null ? "null" : render(h.value(), true)).append(']');
      }
      return line.toString();
    }

    /** Avro in the Confluent wire format when the id is known; else text, else escaped bytes. */
    String render(byte[] b, boolean bare) {
      if (b.length > WireFormat.HEADER_SIZE && b[0] == WireFormat.MAGIC_BYTE) {
        Schema schema = schemas.get(WireFormat.schemaId(b));
        if (schema != null) {
          try {
            decoder =
                decoders.binaryDecoder(
                    b, WireFormat.HEADER_SIZE, b.length - WireFormat.HEADER_SIZE, decoder);
            Object datum = new GenericDatumReader<>(schema).read(null, decoder);
            if (decoder.isEnd()) {
              return bare && datum instanceof CharSequence s
                  ? s.toString()
                  : GenericData.get().toString(datum);
            }
          } catch (IOException | AvroRuntimeException | ArrayIndexOutOfBoundsException e) {
            // not Avro after all: printed as bytes below
          }
        }
      }
      return text(b);
    }

    /** UTF-8 text when every character is printable; else ASCII with other bytes as \xNN. */
    static String text(byte[] b) {
      try {
        String s =
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b))
                .toString();
        if (s.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
          return s.replace("\n", "\\n").replace("\t", "\\t");
        }
      } catch (CharacterCodingException e) {
        // binary: escaped below
      }
      StringBuilder out = new StringBuilder(b.length * 2);
      for (byte x : b) {
        int c = x & 0xff;
        if (c >= 0x20 && c < 0x7f && c != '\\') {
          out.append((char) c);
        } else {
          out.append(String.format("\\x%02x", c));
        }
      }
      return out.toString();
    }

    /**
     * The fate of each transactional batch: a first pass over the partition follows each producer's
     * batches to the marker that ends its transaction.
     */
    private static Fates fates(List<Path> segments) throws IOException {
      Map<Long, List<long[]>> pending = new HashMap<>();
      Fates fates = new Fates();
      for (Path segment : segments) {
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
          for (RecordBatch batch : records.batches()) {
            if (!batch.isTransactional()) {
              continue;
            }
            long producer = batch.producerId();
            if (!batch.isControlBatch()) {
              pending
                  .computeIfAbsent(producer, k -> new ArrayList<>())
                  .add(new long[] {batch.baseOffset(), batch.lastOffset()});
              continue;
            }
            List<long[]> ended = pending.remove(producer);
            if (ended != null && controlType(batch) == ControlRecordType.ABORT) {
              fates.aborted.computeIfAbsent(producer, k -> new ArrayList<>()).addAll(ended);
            }
          }
        }
      }
      fates.open.putAll(pending);
      return fates;
    }

    private static ControlRecordType controlType(RecordBatch batch) {
      for (Record r : batch) {
        return ControlRecordType.parse(r.key());
      }
      return ControlRecordType.UNKNOWN;
    }
  }

  /** Aborted and still-open offset ranges per producer id. */
  private static final class Fates {
    final Map<Long, List<long[]>> aborted = new HashMap<>();
    final Map<Long, List<long[]>> open = new HashMap<>();

    String of(RecordBatch batch) {
      if (!batch.isTransactional()) {
        return "plain";
      }
      if (within(aborted, batch)) {
        return "ABORTED";
      }
      return within(open, batch) ? "OPEN" : "committed";
    }

    private static boolean within(Map<Long, List<long[]>> ranges, RecordBatch batch) {
      List<long[]> list = ranges.get(batch.producerId());
      if (list == null) {
        return false;
      }
      for (long[] range : list) {
        if (range[0] == batch.baseOffset()) {
          return true;
        }
      }
      return false;
    }
  }
}

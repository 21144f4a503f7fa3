package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.LinkSource;
import io.journeyline.avro.Participant;
import io.journeyline.identity.GraphInput;
import io.journeyline.identity.IdentityGraph;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.Handover;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.Routed;
import io.journeyline.journey.SealedContact;
import io.journeyline.journey.SurveyScores;
import io.journeyline.metrics.BucketTotals;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import io.journeyline.metrics.ServiceCounters;
import io.journeyline.metrics.SurveyCounters;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes of the internal topics and stores: compact binary, no schema registry (internal data never
 * leaves the app). Each value starts with a format version byte, so that a later version can read
 * what an earlier one wrote: version 2 encodes numbers as zig-zag varints and strings with a varint
 * length, which makes the per-event changelog and repartition records about half the size of
 * version 1 (fixed-width numbers); version 3 (written now) adds the tick's source partition, the
 * correction counter and the per-contact correction counts; version 4 (written now) adds the
 * contact handovers between customers and the moved-out markers of the journey state; version 5
 * (written now) packs an event's participant and hold time into the byte that carried its
 * disposition (whose values 0 to 2 keep their meaning); version 6 (written now) adds the journey
 * state's moves that wait for an earlier transfer; version 7 (written now) adds the journey state's
 * stamp (checked by the journey stage's copy in memory); version 8 (written now) adds the sealed
 * contacts of the journey state and of a handover. Earlier versions are still read.
 */
public final class InternalSerdes {

  private static final byte V1 = 1;
  private static final byte V3 = 3;
  private static final byte V4 = 4;
  private static final byte V5 = 5;
  private static final byte V6 = 6;
  private static final byte V7 = 7;
  private static final byte V8 = 8;

  private InternalSerdes() {}

  /** The writing side, always the current format, into a growable array (no stream layers). */
  static final class Out {
    private byte[] buf = new byte[64];
    private int size;

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void tinyInt(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    void number(long v) {
      ensure(10);
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        buf[size++] = (byte) ((z & 0x7F) | 0x80);
        z >>>= 7;
      }
      buf[size++] = (byte) z;
    }

    void string(String s) {
      if (s == null) {
        number(-1);
        return;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      number(bytes.length);
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    void bool(boolean b) {
      tinyInt(b ? 1 : 0);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** The reading side, for the version the value was written in. */
  static final class In {
    private final byte[] data;
    private final byte version;
    private int pos;

    In(byte[] data) throws IOException {
      this.data = data;
      this.version = tinyInt();
    }

    private int next() throws IOException {
      if (pos >= data.length) {
        throw new EOFException("value ends after " + data.length + " bytes");
      }
      return data[pos++] & 0xFF;
    }

    private long fixed(int bytes) throws IOException {
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = (v << 8) | next();
      }
      return v;
    }

    /** A count or an int-sized number (a fixed 4-byte int in version 1). */
    int count() throws IOException {
      return version == V1 ? (int) fixed(4) : Math.toIntExact(varint());
    }

    /** A long-sized number (a fixed 8-byte long in version 1). */
    long number() throws IOException {
      return version == V1 ? fixed(8) : varint();
    }

    private long varint() throws IOException {
      long z = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = next();
        z |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (z >>> 1) ^ -(z & 1);
        }
      }
      throw new IOException("varint longer than 64 bits");
    }

    String string() throws IOException {
      int n = count();
      if (n < 0) {
        return null;
      }
      if (n > data.length - pos) {
        throw new EOFException("truncated string");
      }
      String s = new String(data, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    boolean bool() throws IOException {
      return next() != 0;
    }

    byte tinyInt() throws IOException {
      return (byte) next();
    }
  }

  private interface Writer<T> {
    void write(Out out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(In in) throws IOException;
  }

  private static <T> Serde<T> serde(String what, Writer<T> writer, Reader<T> reader) {
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          Out out = new Out();
          out.tinyInt(V8);
          try {
            writer.write(out, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            In in = new In(data);
            if (in.version < V1 || in.version > V8) {
              throw new SerializationException(
                  "Unknown " + what + " format version " + in.version + " on " + topic);
            }
            return reader.read(in);
          } catch (IOException e) {
            throw new SerializationException("Cannot read " + what + " on " + topic, e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** The {@code by-customer} values. */
  public static Serde<Routed> routed() {
    return serde(
        "routed event",
        (out, r) -> {
          // 0 event, 1 tick (as the boolean of versions 1-3), 2 handover, 3 survey
          if (r.handover() != null) {
            out.tinyInt(2);
            writeHandover(out, r.handover());
          } else if (r.survey() != null) {
            out.tinyInt(3);
            writeSurvey(out, r.survey());
          } else if (r.isTick()) {
            out.tinyInt(1);
            out.number(r.tick());
            out.number(r.sourcePartition());
            out.number(r.sourcePartitions());
            out.bool(r.viaGraph());
          } else {
            out.tinyInt(0);
            writeEvent(out, r.event(), true);
          }
        },
        in -> {
          byte kind = in.tinyInt();
          if (kind == 0) {
            return Routed.of(readEvent(in, null));
          }
          if (kind == 2 && in.version >= V4) {
            return Routed.of(readHandover(in));
          }
          if (kind == 3 && in.version >= V5) {
            return Routed.of(readSurvey(in));
          }
          long watermark = in.number();
          if (in.version >= V4) {
            int partition = in.count();
            int partitions = in.count();
            return in.bool()
                ? Routed.graphTick(partition, partitions, watermark)
                : Routed.tick(partition, partitions, watermark);
          }
          return in.version >= V3
              ? Routed.tick(in.count(), in.count(), watermark)
              : Routed.tick(0, 0, watermark);
        });
  }

  private static void writeHandover(Out out, Handover h) throws IOException {
    out.tinyInt(h.kind().ordinal());
    out.string(h.contactKey());
    out.string(h.target());
    out.number(h.version());
    out.number(h.hops());
    out.number(h.events().size());
    for (ContactEvent e : h.events()) {
      writeEvent(out, e, true);
    }
    out.bool(h.firstStart() != null);
    if (h.firstStart() != null) {
      out.number(h.firstStart());
    }
    out.number(h.revisions().size());
    for (Map.Entry<String, Long> e : h.revisions().entrySet()) {
      out.string(e.getKey());
      out.number(e.getValue());
    }
    out.number(h.lateCorrections().size());
    for (Map.Entry<String, Integer> e : h.lateCorrections().entrySet()) {
      out.string(e.getKey());
      out.number(e.getValue());
    }
    out.number(h.alertsSent().size());
    for (String id : h.alertsSent()) {
      out.string(id);
    }
    out.number(h.pinned().size());
    for (Map.Entry<String, JourneyState.Pinned> e : h.pinned().entrySet()) {
      out.string(e.getKey());
      out.string(e.getValue().repeatOf());
      out.bool(e.getValue().channelHop());
      out.number(e.getValue().repeatCount());
    }
    writeSurveys(out, h.surveys());
    out.number(h.sealed().size());
    for (SealedContact c : h.sealed()) {
      writeSealed(out, c, out::string);
    }
  }

  private interface StringWriter {
    void write(String value) throws IOException;
  }

  private interface StringReader {
    String read() throws IOException;
  }

  /** A sealed contact: times as differences from its start, the nullable ones flagged in a mask. */
  private static void writeSealed(Out out, SealedContact c, StringWriter strings)
      throws IOException {
    strings.write(c.conversationKey());
    out.tinyInt(c.channel().ordinal());
    out.tinyInt(c.direction().ordinal());
    out.number(c.start());
    out.number(c.events());
    out.number(c.lastEventAt() - c.start());
    Long[] times = {
      c.endAt(),
      c.answeredEvent(),
      c.agentMessage(),
      c.lastEnd(),
      c.firstCustomer(),
      c.firstResponse(),
      c.holdBreachAt()
    };
    int mask = 0;
    for (int i = 0; i < times.length; i++) {
      mask |= times[i] != null ? 1 << i : 0;
    }
    mask |= c.holdSeconds() != null ? 1 << 7 : 0;
    out.tinyInt(mask);
    for (Long t : times) {
      if (t != null) {
        out.number(t - c.start());
      }
    }
    if (c.holdSeconds() != null) {
      out.number(c.holdSeconds());
    }
    out.tinyInt(
        (c.explicitStart() ? 1 : 0)
            | (c.abandoned() ? 2 : 0)
            | (c.disposition() == null ? 0 : c.disposition() ? 4 : 8));
    strings.write(c.queue());
    strings.write(c.agentId());
    strings.write(c.issue());
    out.number(c.transfers());
    out.number(c.scores().length);
    long previous = c.start();
    for (int i = 0; i < c.scores().length; i++) {
      out.number(c.scoreTimes()[i] - previous);
      previous = c.scoreTimes()[i];
      out.number(c.scores()[i]);
    }
  }

  private static SealedContact readSealed(In in, StringReader strings) throws IOException {
    String key = strings.read();
    if (key == null) {
      throw new IOException("sealed contact without a conversation key");
    }
    Channel channel = Channel.values()[in.tinyInt()];
    Direction direction = Direction.values()[in.tinyInt()];
    long start = in.number();
    int events = in.count();
    long lastEventAt = start + in.number();
    int mask = in.tinyInt() & 0xFF;
    Long[] times = new Long[7];
    for (int i = 0; i < times.length; i++) {
      times[i] = (mask & (1 << i)) != 0 ? start + in.number() : null;
    }
    Integer hold = (mask & (1 << 7)) != 0 ? in.count() : null;
    int flags = in.tinyInt();
    Boolean disposition = (flags & 4) != 0 ? Boolean.TRUE : (flags & 8) != 0 ? Boolean.FALSE : null;
    String queue = strings.read();
    String agent = strings.read();
    String issue = strings.read();
    int transfers = in.count();
    int n = in.count();
    long[] scoreTimes = new long[n];
    long[] scores = new long[n];
    long previous = start;
    for (int i = 0; i < n; i++) {
      previous += in.number();
      scoreTimes[i] = previous;
      scores[i] = in.number();
    }
    return new SealedContact(
        key,
        channel,
        direction,
        start,
        events,
        lastEventAt,
        (flags & 1) != 0,
        times[0],
        (flags & 2) != 0,
        queue,
        agent,
        issue,
        disposition,
        scoreTimes,
        scores,
        times[1],
        times[2],
        times[3],
        times[4],
        times[5],
        hold,
        times[6],
        transfers);
  }

  private static void writeSurveys(Out out, Map<String, SurveyScores> surveys) throws IOException {
    out.number(surveys.size());
    for (SurveyScores v : surveys.values()) {
      writeSurvey(out, v);
    }
  }

  private static Map<String, SurveyScores> readSurveys(In in) throws IOException {
    Map<String, SurveyScores> out = new LinkedHashMap<>();
    if (in.version < V5) {
      return out;
    }
    int n = in.count();
    for (int i = 0; i < n; i++) {
      SurveyScores v = readSurvey(in);
      out.put(v.contactId(), v);
    }
    return out;
  }

  private static void writeSurvey(Out out, SurveyScores v) throws IOException {
    out.string(v.surveyId());
    out.string(v.contactId());
    out.number(v.respondedAt());
    out.number(v.csat() == null ? -1 : v.csat());
    out.number(v.nps() == null ? -1 : v.nps());
    out.number(v.ces() == null ? -1 : v.ces());
    out.tinyInt(v.resolved() == null ? 0 : v.resolved() ? 1 : 2);
  }

  private static SurveyScores readSurvey(In in) throws IOException {
    String surveyId = in.string();
    String contactId = in.string();
    long respondedAt = in.number();
    long csat = in.number();
    long nps = in.number();
    long ces = in.number();
    byte resolved = in.tinyInt();
    return new SurveyScores(
        surveyId,
        contactId,
        respondedAt,
        csat < 0 ? null : (int) csat,
        nps < 0 ? null : (int) nps,
        ces < 0 ? null : (int) ces,
        resolved == 0 ? null : resolved == 1);
  }

  private static Handover readHandover(In in) throws IOException {
    Handover.Kind kind = Handover.Kind.values()[in.tinyInt()];
    String contactKey = in.string();
    String target = in.string();
    long version = in.number();
    int hops = in.count();
    int n = in.count();
    List<ContactEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(readEvent(in, null));
    }
    Long firstStart = in.bool() ? in.number() : null;
    Map<String, Long> revisions = new LinkedHashMap<>();
    n = in.count();
    for (int i = 0; i < n; i++) {
      revisions.put(in.string(), in.number());
    }
    Map<String, Integer> corrections = new LinkedHashMap<>();
    n = in.count();
    for (int i = 0; i < n; i++) {
      corrections.put(in.string(), in.count());
    }
    Set<String> alerts = new LinkedHashSet<>();
    n = in.count();
    for (int i = 0; i < n; i++) {
      alerts.add(in.string());
    }
    Map<String, JourneyState.Pinned> pinned = new LinkedHashMap<>();
    n = in.count();
    for (int i = 0; i < n; i++) {
      String id = in.string();
      pinned.put(
          id, new JourneyState.Pinned(in.string(), in.bool(), in.version >= V5 ? in.count() : 1));
    }
    Map<String, SurveyScores> surveys = readSurveys(in);
    List<SealedContact> sealed = new ArrayList<>();
    if (in.version >= V8) {
      n = in.count();
      for (int i = 0; i < n; i++) {
        sealed.add(readSealed(in, in::string));
      }
    }
    return new Handover(
        kind,
        contactKey,
        target,
        version,
        hops,
        events,
        sealed,
        firstStart,
        revisions,
        corrections,
        alerts,
        pinned,
        surveys);
  }

  /** The identity graph's input repartitions. */
  public static Serde<GraphInput> graphInput() {
    return serde(
        "identity graph input",
        (out, g) -> {
          out.tinyInt(g.kind().ordinal());
          out.string(g.key());
          out.number(g.identifiers().size());
          for (int i = 0; i < g.identifiers().size(); i++) {
            out.string(g.identifiers().get(i));
            out.number(g.firstSeen().get(i));
          }
          out.string(g.customerId());
          out.number(g.time());
          out.number(g.sourcePartition());
          out.number(g.sourcePartitions());
          out.number(g.watermark());
        },
        in -> {
          GraphInput.Kind kind = GraphInput.Kind.values()[in.tinyInt()];
          String key = in.string();
          int n = in.count();
          List<String> ids = new ArrayList<>(n);
          List<Long> firstSeen = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ids.add(in.string());
            firstSeen.add(in.number());
          }
          return new GraphInput(
              kind,
              key,
              ids,
              firstSeen,
              in.string(),
              in.number(),
              in.count(),
              in.count(),
              in.number());
        });
  }

  /** The {@code identity-node-store} values. */
  public static Serde<IdentityGraph.Node> graphNode() {
    return serde(
        "identity graph node",
        (out, n) -> {
          out.string(n.survivor());
          out.bool(n.shared());
          out.string(n.crmCustomer());
          out.number(n.crmTime());
          out.number(n.edges().size());
          for (Map.Entry<String, IdentityGraph.Edge> e : n.edges().entrySet()) {
            out.string(e.getKey());
            out.tinyInt(e.getValue().source().ordinal());
            out.number(e.getValue().time());
          }
        },
        in -> {
          String survivor = in.string();
          boolean shared = in.bool();
          String crmCustomer = in.string();
          long crmTime = in.number();
          int n = in.count();
          Map<String, IdentityGraph.Edge> edges = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            edges.put(
                in.string(),
                new IdentityGraph.Edge(LinkSource.values()[in.tinyInt()], in.number()));
          }
          return new IdentityGraph.Node(survivor, shared, edges, crmCustomer, crmTime);
        });
  }

  /** A set of strings (the members of an identity component). */
  public static Serde<Set<String>> stringSet() {
    return serde(
        "string set",
        (out, set) -> {
          out.number(set.size());
          for (String s : set) {
            out.string(s);
          }
        },
        in -> {
          int n = in.count();
          Set<String> set = new TreeSet<>();
          for (int i = 0; i < n; i++) {
            set.add(in.string());
          }
          return set;
        });
  }

  /** The {@code identity-contact-store} values. */
  public static Serde<IdentityGraph.Contact> graphContact() {
    return serde(
        "identity graph contact",
        (out, c) -> {
          out.number(c.identifiers().size());
          for (String s : c.identifiers()) {
            out.string(s);
          }
          out.number(c.placements().size());
          for (String s : c.placements()) {
            out.string(s);
          }
          out.number(c.lastSeen());
        },
        in -> {
          int n = in.count();
          Set<String> ids = new TreeSet<>();
          for (int i = 0; i < n; i++) {
            ids.add(in.string());
          }
          n = in.count();
          Set<String> placements = new TreeSet<>();
          for (int i = 0; i < n; i++) {
            placements.add(in.string());
          }
          return new IdentityGraph.Contact(ids, placements, in.number());
        });
  }

  /**
   * The {@code journey-store} values. Version 2 writes the strings that repeat across a customer's
   * events (conversation keys, contact ids, queues, agents, issues) once, in a table the events
   * refer to by index, and event times as differences from the previous event.
   */
  public static Serde<JourneyState> journeyState() {
    return serde(
        "journey state",
        InternalSerdes::writeJourneyState,
        in -> in.version == V1 ? readJourneyStateV1(in) : readJourneyState(in));
  }

  private static void writeJourneyState(Out out, JourneyState s) throws IOException {
    Map<String, Integer> table = new LinkedHashMap<>();
    for (ContactEvent e : s.events()) {
      intern(table, e.conversationKey());
      intern(table, e.queue());
      intern(table, e.agentId());
      intern(table, e.issue());
    }
    for (SealedContact c : s.sealed()) {
      intern(table, c.conversationKey());
      intern(table, c.queue());
      intern(table, c.agentId());
      intern(table, c.issue());
    }
    s.firstStartByKey().keySet().forEach(k -> intern(table, k));
    s.revisions().keySet().forEach(k -> intern(table, k));
    s.lateCorrections().keySet().forEach(k -> intern(table, k));
    s.alertsSent().forEach(k -> intern(table, k));
    for (Map.Entry<String, JourneyState.Pinned> e : s.pinned().entrySet()) {
      intern(table, e.getKey());
      intern(table, e.getValue().repeatOf());
    }
    out.string(s.customerId());
    out.number(s.derivedAt());
    out.number(s.timerAt());
    out.number(table.size());
    for (String t : table.keySet()) {
      out.string(t);
    }
    out.number(s.events().size());
    long previous = 0;
    for (ContactEvent e : s.events()) {
      out.string(e.eventId());
      out.tinyInt(e.channel().ordinal());
      out.tinyInt(e.type().ordinal());
      out.number(ref(table, e.conversationKey()));
      out.number(e.occurredAt() - previous);
      previous = e.occurredAt();
      out.tinyInt(e.direction().ordinal());
      out.number(ref(table, e.queue()));
      out.number(ref(table, e.agentId()));
      out.number(ref(table, e.issue()));
      out.bool(e.scoreMicros() != null);
      if (e.scoreMicros() != null) {
        out.number(e.scoreMicros());
      }
      writeFlags(out, e);
    }
    out.number(s.firstStartByKey().size());
    for (Map.Entry<String, Long> e : s.firstStartByKey().entrySet()) {
      out.number(ref(table, e.getKey()));
      out.number(e.getValue());
    }
    out.number(s.revisions().size());
    for (Map.Entry<String, Long> e : s.revisions().entrySet()) {
      out.number(ref(table, e.getKey()));
      out.number(e.getValue());
    }
    out.number(s.alertsSent().size());
    for (String id : s.alertsSent()) {
      out.number(ref(table, id));
    }
    out.number(s.pinned().size());
    for (Map.Entry<String, JourneyState.Pinned> e : s.pinned().entrySet()) {
      out.number(ref(table, e.getKey()));
      out.number(ref(table, e.getValue().repeatOf()));
      out.bool(e.getValue().channelHop());
      out.number(e.getValue().repeatCount());
    }
    out.number(s.lateCorrections().size());
    for (Map.Entry<String, Integer> e : s.lateCorrections().entrySet()) {
      out.number(ref(table, e.getKey()));
      out.number(e.getValue());
    }
    out.number(s.movedOut().size());
    for (Map.Entry<String, JourneyState.MovedOut> e : s.movedOut().entrySet()) {
      out.string(e.getKey());
      out.string(e.getValue().target());
      out.number(e.getValue().version());
      out.number(e.getValue().at());
    }
    writeSurveys(out, s.surveys());
    out.number(s.deferredMoves().size());
    for (JourneyState.DeferredMove m : s.deferredMoves()) {
      out.string(m.contactKey());
      out.string(m.target());
      out.number(m.version());
    }
    out.number(s.stamp());
    out.number(s.sealed().size());
    for (SealedContact c : s.sealed()) {
      writeSealed(out, c, value -> out.number(ref(table, value)));
    }
  }

  private static void intern(Map<String, Integer> table, String value) {
    if (value != null) {
      table.putIfAbsent(value, table.size());
    }
  }

  private static int ref(Map<String, Integer> table, String value) {
    return value == null ? -1 : table.get(value);
  }

  private static String deref(List<String> table, int index) throws IOException {
    if (index == -1) {
      return null;
    }
    if (index < 0 || index >= table.size()) {
      throw new IOException("string reference " + index + " outside the table");
    }
    return table.get(index);
  }

  private static JourneyState readJourneyState(In in) throws IOException {
    JourneyState s = new JourneyState(in.string());
    s.derivedAt(in.number());
    s.timerAt(in.number());
    int n = in.count();
    List<String> table = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      table.add(in.string());
    }
    n = in.count();
    long previous = 0;
    for (int i = 0; i < n; i++) {
      String eventId = in.string();
      Channel channel = Channel.values()[in.tinyInt()];
      EventType type = EventType.values()[in.tinyInt()];
      String key = deref(table, in.count());
      long occurredAt = previous + in.number();
      previous = occurredAt;
      Direction direction = Direction.values()[in.tinyInt()];
      String queue = deref(table, in.count());
      String agent = deref(table, in.count());
      String issue = deref(table, in.count());
      Long score = in.bool() ? in.number() : null;
      Flags flags = Flags.read(in);
      s.events()
          .add(
              new ContactEvent(
                  eventId,
                  channel,
                  type,
                  key,
                  s.customerId(),
                  occurredAt,
                  direction,
                  queue,
                  agent,
                  issue,
                  score,
                  flags.resolved(),
                  flags.participant(),
                  flags.holdSeconds()));
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.firstStartByKey().put(deref(table, in.count()), in.number());
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.revisions().put(deref(table, in.count()), in.number());
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.alertsSent().add(deref(table, in.count()));
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      String id = deref(table, in.count());
      s.pinned()
          .put(
              id,
              new JourneyState.Pinned(
                  deref(table, in.count()), in.bool(), in.version >= V5 ? in.count() : 1));
    }
    if (in.version >= V3) {
      n = in.count();
      for (int i = 0; i < n; i++) {
        s.lateCorrections().put(deref(table, in.count()), in.count());
      }
    }
    if (in.version >= V4) {
      n = in.count();
      for (int i = 0; i < n; i++) {
        String key = in.string();
        s.movedOut().put(key, new JourneyState.MovedOut(in.string(), in.number(), in.number()));
      }
    }
    s.surveys().putAll(readSurveys(in));
    if (in.version >= V6) {
      n = in.count();
      for (int i = 0; i < n; i++) {
        s.deferredMoves().add(new JourneyState.DeferredMove(in.string(), in.string(), in.number()));
      }
    }
    if (in.version >= V7) {
      s.stamp(in.number());
    }
    if (in.version >= V8) {
      n = in.count();
      for (int i = 0; i < n; i++) {
        s.sealed().add(readSealed(in, () -> deref(table, in.count())));
      }
    }
    return s;
  }

  /** The layout of version 1: every string in full, fixed-width numbers. */
  private static JourneyState readJourneyStateV1(In in) throws IOException {
    JourneyState s = new JourneyState(in.string());
    s.derivedAt(in.number());
    s.timerAt(in.number());
    int n = in.count();
    for (int i = 0; i < n; i++) {
      s.events().add(readEvent(in, s.customerId()));
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.firstStartByKey().put(in.string(), in.number());
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.revisions().put(in.string(), in.number());
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      s.alertsSent().add(in.string());
    }
    n = in.count();
    for (int i = 0; i < n; i++) {
      String id = in.string();
      s.pinned().put(id, new JourneyState.Pinned(in.string(), in.bool(), 1));
    }
    return s;
  }

  /** The {@code by-bucket} values. */
  public static Serde<MetricDelta> metricDelta() {
    return serde(
        "metric delta",
        (out, d) -> {
          out.bool(d.isWatermark());
          if (d.isWatermark()) {
            out.number(d.sourcePartition());
            out.number(d.watermark());
          } else {
            writeCounters(out, d.delta());
          }
        },
        in ->
            in.bool()
                ? MetricDelta.watermark(in.count(), in.number())
                : MetricDelta.of(readCounters(in)));
  }

  /** The {@code aggregate-store} values: the summed counters and the published-metric flags. */
  public static Serde<BucketTotals> bucketTotals() {
    return serde(
        "bucket totals",
        (out, t) -> {
          writeCounters(out, t.sum());
          out.tinyInt(
              (t.fcr() ? 1 : 0)
                  | (t.sentiment() ? 2 : 0)
                  | (t.repeat() ? 4 : 0)
                  | (t.service() ? 8 : 0)
                  | (t.surveys() ? 16 : 0));
        },
        in -> {
          Counters sum = readCounters(in);
          byte flags = in.tinyInt();
          return new BucketTotals(
              sum,
              (flags & 1) != 0,
              (flags & 2) != 0,
              (flags & 4) != 0,
              (flags & 8) != 0,
              (flags & 16) != 0);
        });
  }

  private static void writeCounters(Out out, Counters c) throws IOException {
    out.number(c.fcrContacts());
    out.number(c.resolved());
    out.number(c.notResolved());
    out.number(c.pending());
    out.number(c.sentimentContacts());
    out.number(c.messages());
    out.number(c.scoreSumMicros());
    out.number(c.negativeMessages());
    out.number(c.alerts());
    out.number(c.repeatContacts());
    out.number(c.repeats());
    out.number(c.channelHops());
    out.number(c.corrections());
    writeGroup(out, c.service().toArray());
    writeGroup(out, c.surveys().toArray());
  }

  /**
   * A group of counters added in version 5 (service, surveys): a flag, then the counters when any
   * is non-zero (most deltas touch one group only).
   */
  private static void writeGroup(Out out, long[] counters) throws IOException {
    boolean any = false;
    for (long n : counters) {
      any |= n != 0;
    }
    out.bool(any);
    if (any) {
      for (long n : counters) {
        out.number(n);
      }
    }
  }

  /** A group {@link #writeGroup} wrote; all zero before version 5 or when flagged so. */
  private static long[] readGroup(In in, int size) throws IOException {
    long[] v = new long[size];
    if (in.version >= V5 && in.bool()) {
      for (int i = 0; i < size; i++) {
        v[i] = in.number();
      }
    }
    return v;
  }

  private static Counters readCounters(In in) throws IOException {
    return new Counters(
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.number(),
        in.version >= V3 ? in.number() : 0,
        ServiceCounters.of(readGroup(in, ServiceCounters.ZERO.toArray().length)),
        SurveyCounters.of(readGroup(in, SurveyCounters.ZERO.toArray().length)));
  }

  private static void writeEvent(Out out, ContactEvent e, boolean withCustomer) throws IOException {
    out.string(e.eventId());
    out.tinyInt(e.channel().ordinal());
    out.tinyInt(e.type().ordinal());
    out.string(e.conversationKey());
    if (withCustomer) {
      out.string(e.customerId());
    }
    out.number(e.occurredAt());
    out.tinyInt(e.direction().ordinal());
    out.string(e.queue());
    out.string(e.agentId());
    out.string(e.issue());
    out.bool(e.scoreMicros() != null);
    if (e.scoreMicros() != null) {
      out.number(e.scoreMicros());
    }
    writeFlags(out, e);
  }

  private static ContactEvent readEvent(In in, String customerId) throws IOException {
    String eventId = in.string();
    Channel channel = Channel.values()[in.tinyInt()];
    EventType type = EventType.values()[in.tinyInt()];
    String key = in.string();
    String customer = customerId == null ? in.string() : customerId;
    long occurredAt = in.number();
    Direction direction = Direction.values()[in.tinyInt()];
    String queue = in.string();
    String agent = in.string();
    String issue = in.string();
    Long score = in.bool() ? in.number() : null;
    Flags flags = Flags.read(in);
    return new ContactEvent(
        eventId,
        channel,
        type,
        key,
        customer,
        occurredAt,
        direction,
        queue,
        agent,
        issue,
        score,
        flags.resolved(),
        flags.participant(),
        flags.holdSeconds());
  }

  /**
   * An event's disposition (bits 0-1: none, true, false), participant (bits 2-4: none or its
   * ordinal + 1) and whether a hold time follows (bit 5), then the hold time.
   */
  private static void writeFlags(Out out, ContactEvent e) throws IOException {
    int flags =
        (e.resolved() == null ? 0 : e.resolved() ? 1 : 2)
            | (e.participant() == null ? 0 : e.participant().ordinal() + 1) << 2
            | (e.holdSeconds() == null ? 0 : 1 << 5);
    out.tinyInt(flags);
    if (e.holdSeconds() != null) {
      out.number(e.holdSeconds());
    }
  }

  /** The fields {@link #writeFlags} wrote; versions before 5 wrote the disposition alone. */
  private record Flags(Boolean resolved, Participant participant, Integer holdSeconds) {

    static Flags read(In in) throws IOException {
      int flags = in.tinyInt();
      int resolved = flags & 3;
      int participant = (flags >> 2) & 7;
      Integer hold = (flags & 1 << 5) != 0 ? in.count() : null;
      return new Flags(
          resolved == 0 ? null : resolved == 1,
          participant == 0 ? null : Participant.values()[participant - 1],
          hold);
    }
  }
}

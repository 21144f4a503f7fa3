package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.journey.ContactEvent;
import io.journeyline.journey.JourneyState;
import io.journeyline.journey.Routed;
import io.journeyline.metrics.Counters;
import io.journeyline.metrics.MetricDelta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes of the internal topics and stores: compact binary, no schema registry (internal data never
 * leaves the app). Each value starts with a format version byte, so that a later version can read
 * what an earlier one wrote.
 */
public final class InternalSerdes {

  private static final byte V1 = 1;

  private InternalSerdes() {}

  private interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> Serde<T> serde(String what, Writer<T> writer, Reader<T> reader) {
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(V1);
            writer.write(out, value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != V1) {
              throw new SerializationException(
                  "Unknown " + what + " format version " + version + " on " + topic);
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
          out.writeBoolean(r.isTick());
          if (r.isTick()) {
            out.writeLong(r.tick());
          } else {
            writeEvent(out, r.event(), true);
          }
        },
        in -> in.readBoolean() ? Routed.tick(in.readLong()) : Routed.of(readEvent(in, null)));
  }

  /** The {@code journey-store} values. */
  public static Serde<JourneyState> journeyState() {
    return serde(
        "journey state",
        (out, s) -> {
          writeString(out, s.customerId());
          out.writeLong(s.derivedAt());
          out.writeLong(s.timerAt());
          out.writeInt(s.events().size());
          for (ContactEvent e : s.events()) {
            writeEvent(out, e, false);
          }
          out.writeInt(s.firstStartByKey().size());
          for (Map.Entry<String, Long> e : s.firstStartByKey().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
          }
          out.writeInt(s.revisions().size());
          for (Map.Entry<String, Long> e : s.revisions().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
          }
          out.writeInt(s.alertsSent().size());
          for (String id : s.alertsSent()) {
            writeString(out, id);
          }
          out.writeInt(s.pinned().size());
          for (Map.Entry<String, JourneyState.Pinned> e : s.pinned().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue().repeatOf());
            out.writeBoolean(e.getValue().channelHop());
          }
        },
        in -> {
          JourneyState s = new JourneyState(readString(in));
          s.derivedAt(in.readLong());
          s.timerAt(in.readLong());
          int n = in.readInt();
          for (int i = 0; i < n; i++) {
            s.events().add(readEvent(in, s.customerId()));
          }
          n = in.readInt();
          for (int i = 0; i < n; i++) {
            s.firstStartByKey().put(readString(in), in.readLong());
          }
          n = in.readInt();
          for (int i = 0; i < n; i++) {
            s.revisions().put(readString(in), in.readLong());
          }
          n = in.readInt();
          for (int i = 0; i < n; i++) {
            s.alertsSent().add(readString(in));
          }
          n = in.readInt();
          for (int i = 0; i < n; i++) {
            String id = readString(in);
            s.pinned().put(id, new JourneyState.Pinned(readString(in), in.readBoolean()));
          }
          return s;
        });
  }

  /** The {@code by-bucket} values. */
  public static Serde<MetricDelta> metricDelta() {
    return serde(
        "metric delta",
        (out, d) -> {
          out.writeBoolean(d.isWatermark());
          if (d.isWatermark()) {
            out.writeInt(d.sourcePartition());
            out.writeLong(d.watermark());
          } else {
            writeCounters(out, d.delta());
          }
        },
        in ->
            in.readBoolean()
                ? MetricDelta.watermark(in.readInt(), in.readLong())
                : MetricDelta.of(readCounters(in)));
  }

  /** The {@code aggregate-store} values. */
  public static Serde<Counters> counters() {
    return serde("counters", InternalSerdes::writeCounters, InternalSerdes::readCounters);
  }

  private static void writeCounters(DataOutputStream out, Counters c) throws IOException {
    out.writeLong(c.fcrContacts());
    out.writeLong(c.resolved());
    out.writeLong(c.notResolved());
    out.writeLong(c.pending());
    out.writeLong(c.sentimentContacts());
    out.writeLong(c.messages());
    out.writeLong(c.scoreSumMicros());
    out.writeLong(c.negativeMessages());
    out.writeLong(c.alerts());
    out.writeLong(c.repeatContacts());
    out.writeLong(c.repeats());
    out.writeLong(c.channelHops());
  }

  private static Counters readCounters(DataInputStream in) throws IOException {
    return new Counters(
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong());
  }

  private static void writeEvent(DataOutputStream out, ContactEvent e, boolean withCustomer)
      throws IOException {
    writeString(out, e.eventId());
    out.writeByte(e.channel().ordinal());
    out.writeByte(e.type().ordinal());
    writeString(out, e.conversationKey());
    if (withCustomer) {
      writeString(out, e.customerId());
    }
    out.writeLong(e.occurredAt());
    out.writeByte(e.direction().ordinal());
    writeString(out, e.queue());
    writeString(out, e.agentId());
    writeString(out, e.issue());
    out.writeBoolean(e.scoreMicros() != null);
    if (e.scoreMicros() != null) {
      out.writeLong(e.scoreMicros());
    }
    out.writeByte(e.resolved() == null ? 0 : e.resolved() ? 1 : 2);
  }

  private static ContactEvent readEvent(DataInputStream in, String customerId) throws IOException {
    String eventId = readString(in);
    Channel channel = Channel.values()[in.readByte()];
    EventType type = EventType.values()[in.readByte()];
    String key = readString(in);
    String customer = customerId == null ? readString(in) : customerId;
    long occurredAt = in.readLong();
    Direction direction = Direction.values()[in.readByte()];
    String queue = readString(in);
    String agent = readString(in);
    String issue = readString(in);
    Long score = in.readBoolean() ? in.readLong() : null;
    byte resolved = in.readByte();
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
        resolved == 0 ? null : resolved == 1);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new IOException("truncated string");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

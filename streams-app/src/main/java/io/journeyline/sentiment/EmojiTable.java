package io.journeyline.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compact emoji table ({@code emoji.tsv}): code point to description. Lookups are a binary
 * search over a sorted {@code int[]}, so no boxing on the hot path.
 */
final class EmojiTable {

  static final String RESOURCE = "emoji.tsv";

  private static final EmojiTable BUILTIN = load();

  private final int[] codePoints;
  private final String[] descriptions;

  private EmojiTable(int[] codePoints, String[] descriptions) {
    this.codePoints = codePoints;
    this.descriptions = descriptions;
  }

  static EmojiTable builtin() {
    return BUILTIN;
  }

  /** The lowest code point in the table; anything below needs no lookup. */
  int lowest() {
    return codePoints.length == 0 ? Integer.MAX_VALUE : codePoints[0];
  }

  /** The description of {@code codePoint}, or {@code null} when it is not in the table. */
  String describe(int codePoint) {
    int index = Arrays.binarySearch(codePoints, codePoint);
    return index >= 0 ? descriptions[index] : null;
  }

  /**
   * Variation selectors and skin-tone modifiers: they only change how the preceding emoji looks.
   * The reference keeps them glued to the previous word ("red heart\uFE0F"), which hides that word
   * from the lexicon; they are dropped here.
   */
  static boolean isPresentationModifier(int codePoint) {
    return codePoint == 0xFE0F
        || codePoint == 0xFE0E
        || (codePoint >= 0x1F3FB && codePoint <= 0x1F3FF);
  }

  private static EmojiTable load() {
    Map<Integer, String> entries = new TreeMap<>();
    InputStream in = EmojiTable.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Missing classpath resource " + RESOURCE);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 2 || fields[1].isBlank()) {
          throw new IllegalStateException("Malformed " + RESOURCE + ":" + lineNumber);
        }
        entries.put(Integer.parseInt(fields[0].strip(), 16), fields[1].strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] codePoints = entries.keySet().stream().mapToInt(Integer::intValue).toArray();
    String[] descriptions = entries.values().toArray(new String[0]);
    return new EmojiTable(codePoints, descriptions);
  }
}

package io.journeyline.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * An immutable VADER lexicon: term to valence (VADER's -4..+4 scale), plus the multi-word phrases
 * that overlays add.
 *
 * <p>{@link #reference()} is the lexicon of vaderSentiment 3.3.2: the published VADER lexicon file
 * (see {@code NOTICE-VADER.txt}) with {@code vader_lexicon_3.3.2_delta.tsv} applied. Its terms are
 * kept exactly as spelled in the file and looked up lower-cased, as the reference does (so a term
 * spelled with a capital letter never matches, there as here).
 *
 * <p>An overlay ({@link #withOverlay}) is a tab-separated {@code term<TAB>valence[<TAB>note]} file
 * with {@code #} comment lines; its terms are lower-cased, replace or add entries, and a term of
 * several words becomes a phrase that {@link VaderScorer} matches on the word sequence and scores
 * as one word. {@link #contactCenter()} is the reference with {@code contact_center_overlay.tsv}.
 *
 * <p>Lexicons are loaded once; the two built-in ones are cached.
 */
public final class VaderLexicon {

  static final String BASE_RESOURCE = "vader_sentiment_lexicon.txt";
  static final String DELTA_RESOURCE = "vader_lexicon_3.3.2_delta.tsv";
  static final String CONTACT_CENTER_RESOURCE = "contact_center_overlay.tsv";

  private static final String REMOVE = "REMOVE";
  private static final String[][] NO_PHRASES = new String[0][];

  private final Map<String, Double> valences;

  /** First word of a phrase to the phrases (as word arrays) starting with it, longest first. */
  private final Map<String, String[][]> phrasesByFirstWord;

  private VaderLexicon(Map<String, Double> valences, Map<String, String[][]> phrasesByFirstWord) {
    this.valences = valences;
    this.phrasesByFirstWord = phrasesByFirstWord;
  }

  /** The lexicon of vaderSentiment 3.3.2 (no phrases). */
  public static VaderLexicon reference() {
    return Builtin.REFERENCE;
  }

  /** The reference lexicon with Journeyline's contact-center overlay. */
  public static VaderLexicon contactCenter() {
    return Builtin.CONTACT_CENTER;
  }

  /**
   * Returns a new lexicon with the entries of {@code overlay} applied on top of this one.
   *
   * @param overlay tab-separated {@code term<TAB>valence[<TAB>note]} lines, {@code #} comments; a
   *     valence of {@code REMOVE} deletes the term
   * @param sourceName names the overlay in error messages
   * @throws IllegalArgumentException on a malformed line (the message names source and line)
   * @throws UncheckedIOException if reading fails
   */
  public VaderLexicon withOverlay(Reader overlay, String sourceName) {
    Map<String, Double> merged = new HashMap<>(valences);
    List<String[]> phrases = new ArrayList<>();
    phrasesByFirstWord.values().forEach(list -> phrases.addAll(Arrays.asList(list)));
    readEntries(
        overlay,
        sourceName,
        true,
        (term, valence) -> {
          String key = String.join(" ", term.toLowerCase(Locale.ROOT).trim().split(" +"));
          String[] words = key.split(" ");
          phrases.removeIf(p -> Arrays.equals(p, words));
          if (valence == null) {
            merged.remove(key);
            return;
          }
          merged.put(key, valence);
          if (words.length > 1) {
            phrases.add(words);
          }
        });
    return new VaderLexicon(Collections.unmodifiableMap(merged), indexPhrases(phrases));
  }

  /**
   * The valence of {@code term} as the scorer sees it: looked up lower-cased.
   *
   * @return the valence, or empty when the term is not in the lexicon
   */
  public OptionalDouble valence(String term) {
    Double valence = valences.get(term.toLowerCase(Locale.ROOT));
    return valence == null ? OptionalDouble.empty() : OptionalDouble.of(valence);
  }

  /** Number of terms (words, emoticons and phrases). */
  public int size() {
    return valences.size();
  }

  /** Valence of an already lower-cased word, or {@code null}. */
  Double get(String lowerCaseWord) {
    return valences.get(lowerCaseWord);
  }

  boolean contains(String lowerCaseWord) {
    return valences.containsKey(lowerCaseWord);
  }

  boolean hasPhrases() {
    return !phrasesByFirstWord.isEmpty();
  }

  /** Phrases (word arrays, longest first) whose first word is {@code lowerCaseWord}. */
  String[][] phrasesStartingWith(String lowerCaseWord) {
    return phrasesByFirstWord.getOrDefault(lowerCaseWord, NO_PHRASES);
  }

  private static Map<String, String[][]> indexPhrases(List<String[]> phrases) {
    Map<String, List<String[]>> grouped = new HashMap<>();
    for (String[] phrase : phrases) {
      grouped.computeIfAbsent(phrase[0], k -> new ArrayList<>()).add(phrase);
    }
    Map<String, String[][]> index = new HashMap<>();
    grouped.forEach(
        (first, list) -> {
          list.sort(Comparator.comparingInt((String[] p) -> p.length).reversed());
          index.put(first, list.toArray(new String[0][]));
        });
    return Collections.unmodifiableMap(index);
  }

  private interface EntrySink {
    /** {@code valence} is null for a removal. */
    void accept(String term, Double valence);
  }

  /**
   * Reads {@code term<TAB>valence...} lines. Like the reference's {@code make_lex_dict}: each line
   * is stripped of surrounding whitespace, empty lines are skipped, the first two tab-separated
   * fields are used. {@code #} comments exist only in overlays: the VADER file has emoticons
   * starting with {@code #}.
   */
  private static void readEntries(
      Reader source, String sourceName, boolean overlay, EntrySink sink) {
    BufferedReader reader = new BufferedReader(source);
    int lineNumber = 0;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || (overlay && trimmed.startsWith("#"))) {
          continue;
        }
        String[] fields = trimmed.split("\t", 3);
        if (fields.length < 2 || fields[0].isBlank()) {
          throw malformed(sourceName, lineNumber, "expected term<TAB>valence");
        }
        String valence = fields[1].strip();
        if (overlay && REMOVE.equals(valence)) {
          sink.accept(fields[0], null);
          continue;
        }
        try {
          double value = Double.parseDouble(valence);
          if (!Double.isFinite(value)) {
            throw malformed(sourceName, lineNumber, "valence is not finite");
          }
          sink.accept(fields[0], value);
        } catch (NumberFormatException e) {
          throw malformed(sourceName, lineNumber, "valence is not a number: " + valence);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lexicon " + sourceName, e);
    }
  }

  private static IllegalArgumentException malformed(String source, int line, String problem) {
    return new IllegalArgumentException(
        "Malformed lexicon entry at " + source + ":" + line + ": " + problem);
  }

  private static Reader resource(String name, Charset charset) {
    InputStream in = VaderLexicon.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("Missing classpath resource " + name);
    }
    return new InputStreamReader(in, charset);
  }

  private static VaderLexicon loadReference() {
    Map<String, Double> base = new HashMap<>(8192);
    try (Reader reader = resource(BASE_RESOURCE, StandardCharsets.ISO_8859_1)) {
      // Terms kept as spelled; the last of duplicate terms wins, as in a Python dict.
      readEntries(reader, BASE_RESOURCE, false, base::put);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    VaderLexicon lexicon = new VaderLexicon(Collections.unmodifiableMap(base), Map.of());
    return lexicon.withBuiltinOverlay(DELTA_RESOURCE);
  }

  VaderLexicon withBuiltinOverlay(String resourceName) {
    try (Reader reader = resource(resourceName, StandardCharsets.UTF_8)) {
      return withOverlay(reader, resourceName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lazy holder: the files are read once, on first use. */
  private static final class Builtin {
    static final VaderLexicon REFERENCE = loadReference();
    static final VaderLexicon CONTACT_CENTER =
        REFERENCE.withBuiltinOverlay(CONTACT_CENTER_RESOURCE);
  }
}

package io.journeyline.sentiment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * VADER (Hutto &amp; Gilbert, 2014), a Java implementation of the reference algorithm of
 * vaderSentiment 3.3.2 ({@code vaderSentiment/vaderSentiment.py}): tokenization that strips
 * punctuation around words but keeps emoticons, lexicon valences, booster and dampener words with
 * distance decay, negation, "least", "but", ALL-CAPS emphasis, "kind of" and special-case idioms,
 * exclamation and question-mark emphasis, normalization to the compound score, and the
 * positive/neutral/negative proportions. The reference's rules are kept as they are, quirks
 * included, so that scores are the reference's to the last published decimal.
 *
 * <p>Emoji are replaced by their descriptions before scoring, as the reference does, from a compact
 * table of the emoji common in contact-center chat ({@code emoji.tsv}).
 *
 * <p>Instances are immutable and thread-safe; {@link #contactCenter()} and {@link #reference()} are
 * shared singletons whose lexicon is loaded once.
 */
public final class VaderScorer implements SentimentScorer {

  // Empirically derived constants of the reference.
  static final double B_INCR = 0.293;
  static final double B_DECR = -0.293;
  static final double C_INCR = 0.733;
  static final double N_SCALAR = -0.74;
  static final double EXCLAMATION_INCR = 0.292;
  static final int MAX_EXCLAMATIONS = 4;
  static final double QUESTION_INCR = 0.18;
  static final double MAX_QUESTION_EMPHASIS = 0.96;
  static final double ALPHA = 15;

  static final Set<String> NEGATE =
      Set.of(
          "aint",
          "arent",
          "cannot",
          "cant",
          "couldnt",
          "darent",
          "didnt",
          "doesnt",
          "ain't",
          "aren't",
          "can't",
          "couldn't",
          "daren't",
          "didn't",
          "doesn't",
          "dont",
          "hadnt",
          "hasnt",
          "havent",
          "isnt",
          "mightnt",
          "mustnt",
          "neither",
          "don't",
          "hadn't",
          "hasn't",
          "haven't",
          "isn't",
          "mightn't",
          "mustn't",
          "neednt",
          "needn't",
          "never",
          "none",
          "nope",
          "nor",
          "not",
          "nothing",
          "nowhere",
          "oughtnt",
          "shant",
          "shouldnt",
          "uhuh",
          "wasnt",
          "werent",
          "oughtn't",
          "shan't",
          "shouldn't",
          "uh-uh",
          "wasn't",
          "weren't",
          "without",
          "wont",
          "wouldnt",
          "won't",
          "wouldn't",
          "rarely",
          "seldom",
          "despite");

  /** Single-word boosters and dampeners; the reference's multi-word ones are in BOOSTER_NGRAMS. */
  static final Map<String, Double> BOOSTERS = boosters();

  /** Multi-word entries of the reference's BOOSTER_DICT ("kind of", "sort of", "just enough"). */
  private static final Ngram[] BOOSTER_NGRAMS = {
    new Ngram(B_DECR, "just", "enough"),
    new Ngram(B_DECR, "kind", "of"),
    new Ngram(B_DECR, "sort", "of"),
  };

  /** The reference's SPECIAL_CASES (idioms and phrases containing lexicon words). */
  private static final Ngram[] SPECIAL_CASES = {
    new Ngram(3, "the", "shit"),
    new Ngram(3, "the", "bomb"),
    new Ngram(1.5, "bad", "ass"),
    new Ngram(1.5, "badass"),
    new Ngram(0.0, "bus", "stop"),
    new Ngram(-2, "yeah", "right"),
    new Ngram(-1.5, "kiss", "of", "death"),
    new Ngram(3, "to", "die", "for"),
    new Ngram(3.1, "beating", "heart"),
    new Ngram(-2.9, "broken", "heart"),
  };

  /** Python's {@code string.punctuation}. */
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final VaderLexicon lexicon;
  private final EmojiTable emoji;
  private final boolean normalizeTypography;

  private VaderScorer(VaderLexicon lexicon, boolean normalizeTypography) {
    this.lexicon = lexicon;
    this.emoji = EmojiTable.builtin();
    this.normalizeTypography = normalizeTypography;
  }

  /**
   * Journeyline's default: the reference lexicon with the contact-center overlay (phrases such as
   * "on hold", "charged twice", "thank you so much"), and typographic quotes read as ASCII ones
   * ({@code can’t} negates like {@code can't}).
   */
  public static VaderScorer contactCenter() {
    return Shared.CONTACT_CENTER;
  }

  /** VADER as vaderSentiment 3.3.2 scores: reference lexicon, no overlay, no text normalization. */
  public static VaderScorer reference() {
    return Shared.REFERENCE;
  }

  /**
   * A scorer over a lexicon of the caller's (for example {@code
   * VaderLexicon.contactCenter().withOverlay(...)}), with typographic quotes read as ASCII ones.
   */
  public static VaderScorer withLexicon(VaderLexicon lexicon) {
    if (lexicon == null) {
      throw new IllegalArgumentException("lexicon must not be null");
    }
    return new VaderScorer(lexicon, true);
  }

  /** The lexicon this scorer uses. */
  public VaderLexicon lexicon() {
    return lexicon;
  }

  /**
   * The compound score, rounded to 4 decimals as the reference rounds it; equal to {@code
   * polarityScores(text).compound()}.
   */
  @Override
  public double score(String text) {
    Analysis analysis = analyze(text);
    return analysis == null ? 0.0 : round(analysis.compound(), 4);
  }

  /**
   * All four VADER scores of {@code text}; {@link SentimentScores#EMPTY} for text without words.
   */
  public SentimentScores polarityScores(String text) {
    Analysis analysis = analyze(text);
    if (analysis == null) {
      return SentimentScores.EMPTY;
    }
    double[] sentiments = analysis.sentiments();
    double emphasis = analysis.punctuationEmphasis();
    // _sift_sentiment_scores
    double posSum = 0.0;
    double negSum = 0.0;
    int neuCount = 0;
    for (double s : sentiments) {
      if (s > 0) {
        posSum += s + 1;
      }
      if (s < 0) {
        negSum += s - 1;
      }
      if (s == 0) {
        neuCount++;
      }
    }
    if (posSum > Math.abs(negSum)) {
      posSum += emphasis;
    } else if (posSum < Math.abs(negSum)) {
      negSum -= emphasis;
    }
    double total = posSum + Math.abs(negSum) + neuCount;
    return new SentimentScores(
        round(Math.abs(negSum / total), 3),
        round(Math.abs(neuCount / total), 3),
        round(Math.abs(posSum / total), 3),
        round(analysis.compound(), 4));
  }

  private record Analysis(double[] sentiments, double compound, double punctuationEmphasis) {}

  /** Returns null when the text has no words (the reference's empty-sentiments case). */
  private Analysis analyze(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String prepared = prepare(text);
    Tokens tokens = Tokens.of(prepared, lexicon);
    int n = tokens.size();
    if (n == 0) {
      return null;
    }
    String[] words = tokens.words;
    String[] lower = tokens.lower;
    boolean capDiff = allCapDifferential(words);

    double[] sentiments = new double[n];
    for (int i = 0; i < n; i++) {
      if (BOOSTERS.containsKey(lower[i])) {
        continue; // a booster scores 0 itself; it modifies the next lexicon words
      }
      if (i < n - 1 && lower[i].equals("kind") && lower[i + 1].equals("of")) {
        continue;
      }
      sentiments[i] = sentimentValence(words, lower, i, capDiff);
    }
    butCheck(lower, sentiments);

    double sum = 0.0;
    for (double s : sentiments) {
      sum += s;
    }
    double emphasis = punctuationEmphasis(prepared);
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    return new Analysis(sentiments, normalize(sum), emphasis);
  }

  private double sentimentValence(String[] words, String[] lower, int i, boolean capDiff) {
    Double lexiconValence = lexicon.get(lower[i]);
    if (lexiconValence == null) {
      return 0.0;
    }
    int n = words.length;
    double valence = lexiconValence;
    // "no" as a negation of the next lexicon word rather than a lexicon word of its own
    if (lower[i].equals("no") && i != n - 1 && lexicon.contains(lower[i + 1])) {
      valence = 0.0;
    }
    if ((i > 0 && lower[i - 1].equals("no"))
        || (i > 1 && lower[i - 2].equals("no"))
        || (i > 2
            && lower[i - 3].equals("no")
            && (lower[i - 1].equals("or") || lower[i - 1].equals("nor")))) {
      valence = lexiconValence * N_SCALAR;
    }
    // ALL-CAPS word in a text that mixes case
    if (isUpper(words[i]) && capDiff) {
      valence = valence > 0 ? valence + C_INCR : valence - C_INCR;
    }
    for (int startI = 0; startI < 3; startI++) {
      int prev = i - (startI + 1);
      if (i > startI && !lexicon.contains(lower[prev])) {
        double s = scalarIncDec(words[prev], lower[prev], valence, capDiff);
        if (startI == 1 && s != 0) {
          s = s * 0.95;
        }
        if (startI == 2 && s != 0) {
          s = s * 0.9;
        }
        valence = valence + s;
        valence = negationCheck(valence, lower, startI, i);
        if (startI == 2) {
          valence = specialIdiomsCheck(valence, lower, i);
        }
      }
    }
    return leastCheck(valence, lower, i);
  }

  private static double scalarIncDec(
      String word, String lowerWord, double valence, boolean capDiff) {
    Double booster = BOOSTERS.get(lowerWord);
    if (booster == null) {
      return 0.0;
    }
    double scalar = booster;
    if (valence < 0) {
      scalar *= -1;
    }
    if (isUpper(word) && capDiff) {
      if (valence > 0) {
        scalar += C_INCR;
      } else {
        scalar -= C_INCR;
      }
    }
    return scalar;
  }

  private static boolean negated(String lowerWord) {
    return NEGATE.contains(lowerWord) || lowerWord.contains("n't");
  }

  private static double negationCheck(double valence, String[] lower, int startI, int i) {
    if (startI == 0) {
      if (negated(lower[i - 1])) {
        valence = valence * N_SCALAR;
      }
    } else if (startI == 1) {
      if (lower[i - 2].equals("never")
          && (lower[i - 1].equals("so") || lower[i - 1].equals("this"))) {
        valence = valence * 1.25;
      } else if (lower[i - 2].equals("without") && lower[i - 1].equals("doubt")) {
        // "without doubt" is not a negation
      } else if (negated(lower[i - 2])) {
        valence = valence * N_SCALAR;
      }
    } else {
      // The reference's condition, precedence included: ("never" followed by "so"/"this") or the
      // word just before being "so"/"this".
      if ((lower[i - 3].equals("never")
              && (lower[i - 2].equals("so") || lower[i - 2].equals("this")))
          || (lower[i - 1].equals("so") || lower[i - 1].equals("this"))) {
        valence = valence * 1.25;
      } else if (lower[i - 3].equals("without")
          && (lower[i - 2].equals("doubt") || lower[i - 1].equals("doubt"))) {
        // "without (a) doubt" is not a negation
      } else if (negated(lower[i - 3])) {
        valence = valence * N_SCALAR;
      }
    }
    return valence;
  }

  /** Called for i >= 3 only, like the reference. */
  private static double specialIdiomsCheck(double valence, String[] lower, int i) {
    int n = lower.length;
    // onezero, twoonezero, twoone, threetwoone, threetwo: the first one found wins
    int[][] sequences = SEQUENCES;
    for (int[] seq : sequences) {
      Ngram special = find(SPECIAL_CASES, lower, i + seq[0], seq[1]);
      if (special != null) {
        valence = special.value;
        break;
      }
    }
    if (n - 1 > i) {
      Ngram zeroOne = find(SPECIAL_CASES, lower, i, 2);
      if (zeroOne != null) {
        valence = zeroOne.value;
      }
    }
    if (n - 1 > i + 1) {
      Ngram zeroOneTwo = find(SPECIAL_CASES, lower, i, 3);
      if (zeroOneTwo != null) {
        valence = zeroOneTwo.value;
      }
    }
    // booster/dampener bi-grams such as "sort of" or "kind of": threetwoone, threetwo, twoone
    for (int[] seq : BOOSTER_SEQUENCES) {
      Ngram booster = find(BOOSTER_NGRAMS, lower, i + seq[0], seq[1]);
      if (booster != null) {
        valence = valence + booster.value;
      }
    }
    return valence;
  }

  /**
   * {offset from i, length} of the reference's onezero, twoonezero, twoone, threetwoone, threetwo.
   */
  private static final int[][] SEQUENCES = {{-1, 2}, {-2, 3}, {-2, 2}, {-3, 3}, {-3, 2}};

  /** threetwoone, threetwo, twoone. */
  private static final int[][] BOOSTER_SEQUENCES = {{-3, 3}, {-3, 2}, {-2, 2}};

  private static Ngram find(Ngram[] ngrams, String[] lower, int start, int length) {
    for (Ngram ngram : ngrams) {
      if (ngram.matches(lower, start, length)) {
        return ngram;
      }
    }
    return null;
  }

  private double leastCheck(double valence, String[] lower, int i) {
    if (i > 1 && !lexicon.contains(lower[i - 1]) && lower[i - 1].equals("least")) {
      if (!lower[i - 2].equals("at") && !lower[i - 2].equals("very")) {
        valence = valence * N_SCALAR;
      }
    } else if (i > 0 && !lexicon.contains(lower[i - 1]) && lower[i - 1].equals("least")) {
      valence = valence * N_SCALAR;
    }
    return valence;
  }

  /** Above this many non-zero sentiments, "but" finds positions through an index. */
  static final int BUT_INDEX_THRESHOLD = 64;

  /**
   * The reference's contrastive "but": sentiments before the first "but" count half, after it one
   * and a half. Faithful to its implementation, which finds each sentiment's position with {@code
   * list.index(value)} (the first equal value), so an equal value earlier in the list is the one
   * changed. Zeros are skipped: changing a zero leaves it zero.
   */
  static void butCheck(String[] lower, double[] sentiments) {
    int bi = -1;
    for (int k = 0; k < lower.length; k++) {
      if (lower[k].equals("but")) {
        bi = k;
        break;
      }
    }
    if (bi < 0) {
      return;
    }
    int nonZero = 0;
    for (double s : sentiments) {
      if (s != 0) {
        nonZero++;
      }
    }
    if (nonZero > BUT_INDEX_THRESHOLD) {
      butCheckIndexed(bi, sentiments);
    } else {
      butCheckScanning(bi, sentiments);
    }
  }

  /** Short texts: a scan for the first equal value, no allocation. */
  static void butCheckScanning(int bi, double[] sentiments) {
    for (int k = 0; k < sentiments.length; k++) {
      double sentiment = sentiments[k];
      if (sentiment == 0) {
        continue;
      }
      int si = 0;
      while (sentiments[si] != sentiment) {
        si++;
      }
      if (si < bi) {
        sentiments[si] = sentiment * 0.5;
      } else if (si > bi) {
        sentiments[si] = sentiment * 1.5;
      }
    }
  }

  /**
   * Long texts: the same result with the positions of each value kept in sorted sets, so that a
   * long text with many sentiment words stays O(n log n) instead of quadratic.
   */
  static void butCheckIndexed(int bi, double[] sentiments) {
    Map<Double, TreeSet<Integer>> positions = new HashMap<>();
    for (int j = 0; j < sentiments.length; j++) {
      if (sentiments[j] != 0) {
        positions.computeIfAbsent(sentiments[j], v -> new TreeSet<>()).add(j);
      }
    }
    for (int k = 0; k < sentiments.length; k++) {
      double sentiment = sentiments[k];
      if (sentiment == 0) {
        continue;
      }
      TreeSet<Integer> same = positions.get(sentiment);
      int si = same.first();
      if (si == bi) {
        continue;
      }
      double changed = si < bi ? sentiment * 0.5 : sentiment * 1.5;
      sentiments[si] = changed;
      same.remove(si);
      if (same.isEmpty()) {
        positions.remove(sentiment);
      }
      positions.computeIfAbsent(changed, v -> new TreeSet<>()).add(si);
    }
  }

  static double punctuationEmphasis(String text) {
    int exclamations = 0;
    int questions = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '!') {
        exclamations++;
      } else if (c == '?') {
        questions++;
      }
    }
    double ep = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCR;
    double qm = 0;
    if (questions > 1) {
      qm = questions <= 3 ? questions * QUESTION_INCR : MAX_QUESTION_EMPHASIS;
    }
    return ep + qm;
  }

  /** The reference's {@code normalize(score, alpha=15)}. */
  static double normalize(double score) {
    double norm = score / Math.sqrt((score * score) + ALPHA);
    if (norm < -1.0) {
      return -1.0;
    }
    return Math.min(norm, 1.0);
  }

  /** True if some but not all words are ALL CAPS. */
  private static boolean allCapDifferential(String[] words) {
    int allCaps = 0;
    for (String word : words) {
      if (isUpper(word)) {
        allCaps++;
      }
    }
    int differential = words.length - allCaps;
    return differential > 0 && differential < words.length;
  }

  /**
   * Python's {@code str.isupper()}: at least one cased character, none of them lower or title case.
   */
  static boolean isUpper(String word) {
    boolean cased = false;
    for (int k = 0; k < word.length(); ) {
      int cp = word.codePointAt(k);
      if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      if (Character.isUpperCase(cp)) {
        cased = true;
      }
      k += Character.charCount(cp);
    }
    return cased;
  }

  /** Python's {@code round(x, digits)}: half-even on the exact binary value. */
  static double round(double value, int digits) {
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  /**
   * Replaces emoji by their descriptions exactly as the reference does (a space before a
   * description unless one precedes it, none after), drops presentation modifiers and, when
   * enabled, reads typographic quotes as ASCII ones. Returns {@code text} itself when nothing
   * changes, which is the common case.
   */
  private String prepare(String text) {
    int first = firstToRewrite(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    out.append(text, 0, first);
    boolean prevSpace = first == 0 || text.charAt(first - 1) == ' ';
    for (int k = first; k < text.length(); ) {
      int cp = text.codePointAt(k);
      k += Character.charCount(cp);
      String description = cp >= emoji.lowest() ? emoji.describe(cp) : null;
      if (description != null) {
        if (!prevSpace) {
          out.append(' ');
        }
        out.append(description);
        prevSpace = false;
      } else if (!EmojiTable.isPresentationModifier(cp)) {
        int mapped = normalizeTypography ? asciiQuote(cp) : cp;
        out.appendCodePoint(mapped);
        prevSpace = mapped == ' ';
      }
    }
    return out.toString();
  }

  private int firstToRewrite(String text) {
    int lowest = Math.min(emoji.lowest(), 0x2018);
    for (int k = 0; k < text.length(); ) {
      int cp = text.codePointAt(k);
      if (cp >= lowest
          && (emoji.describe(cp) != null
              || EmojiTable.isPresentationModifier(cp)
              || (normalizeTypography && asciiQuote(cp) != cp))) {
        return k;
      }
      k += Character.charCount(cp);
    }
    return -1;
  }

  private static int asciiQuote(int cp) {
    switch (cp) {
      case 0x2018: // left single quotation mark
      case 0x2019: // right single quotation mark, the apostrophe of phone keyboards
        return '\'';
      case 0x201C:
      case 0x201D:
        return '"';
      default:
        return cp;
    }
  }

  /** A run of lower-case words with a value, compared without building strings. */
  private static final class Ngram {
    final double value;
    final String[] words;

    Ngram(double value, String... words) {
      this.value = value;
      this.words = words;
    }

    boolean matches(String[] lower, int start, int length) {
      if (length != words.length || start < 0 || start + length > lower.length) {
        return false;
      }
      for (int k = 0; k < length; k++) {
        if (!lower[start + k].equals(words[k])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The reference's {@code words_and_emoticons}: the text split on whitespace, each token stripped
   * of leading and trailing punctuation unless that leaves two characters or fewer (emoticons such
   * as {@code :)} and short words with punctuation are kept as they are). Then the lexicon's
   * phrases are merged into single words.
   */
  static final class Tokens {
    final String[] words;
    final String[] lower;

    private Tokens(String[] words, String[] lower) {
      this.words = words;
      this.lower = lower;
    }

    int size() {
      return words.length;
    }

    static Tokens of(String text, VaderLexicon lexicon) {
      boolean phrases = lexicon.hasPhrases();
      List<String> words = new ArrayList<>();
      // For phrase matching: the fully stripped word and whether punctuation was cut around it.
      List<String> stripped = phrases ? new ArrayList<>() : null;
      List<Boolean> cutBefore = phrases ? new ArrayList<>() : null;
      List<Boolean> cutAfter = phrases ? new ArrayList<>() : null;
      int length = text.length();
      int k = 0;
      while (k < length) {
        int cp = text.codePointAt(k);
        if (isPythonSpace(cp)) {
          k += Character.charCount(cp);
          continue;
        }
        int start = k;
        while (k < length && !isPythonSpace(cp = text.codePointAt(k))) {
          k += Character.charCount(cp);
        }
        int from = start;
        int to = k;
        while (from < to && PUNCTUATION.indexOf(text.charAt(from)) >= 0) {
          from++;
        }
        while (to > from && PUNCTUATION.indexOf(text.charAt(to - 1)) >= 0) {
          to--;
        }
        boolean keepAsIs = text.codePointCount(from, to) <= 2;
        words.add(keepAsIs ? text.substring(start, k) : text.substring(from, to));
        if (phrases) {
          stripped.add(text.substring(from, to));
          cutBefore.add(from > start);
          cutAfter.add(to < k);
        }
      }
      int n = words.size();
      String[] wordArray = words.toArray(new String[0]);
      String[] lowerArray = new String[n];
      for (int i = 0; i < n; i++) {
        lowerArray[i] = wordArray[i].toLowerCase(Locale.ROOT);
      }
      if (!phrases) {
        return new Tokens(wordArray, lowerArray);
      }
      return mergePhrases(wordArray, lowerArray, stripped, cutBefore, cutAfter, lexicon);
    }

    /**
     * Merges each longest phrase match into one word: spelled as written (case kept, for ALL-CAPS
     * emphasis), looked up by the phrase's lexicon key. Allocates nothing when no phrase matches.
     */
    private static Tokens mergePhrases(
        String[] words,
        String[] lower,
        List<String> stripped,
        List<Boolean> cutBefore,
        List<Boolean> cutAfter,
        VaderLexicon lexicon) {
      int n = words.length;
      List<String> mergedWords = null;
      List<String> mergedLower = null;
      int i = 0;
      while (i < n) {
        String[] match = longestPhraseAt(i, stripped, cutBefore, cutAfter, lexicon);
        if (match == null) {
          if (mergedWords != null) {
            mergedWords.add(words[i]);
            mergedLower.add(lower[i]);
          }
          i++;
          continue;
        }
        if (mergedWords == null) {
          mergedWords = new ArrayList<>(n);
          mergedLower = new ArrayList<>(n);
          for (int j = 0; j < i; j++) {
            mergedWords.add(words[j]);
            mergedLower.add(lower[j]);
          }
        }
        mergedWords.add(String.join(" ", stripped.subList(i, i + match.length)));
        mergedLower.add(String.join(" ", match));
        i += match.length;
      }
      if (mergedWords == null) {
        return new Tokens(words, lower);
      }
      return new Tokens(mergedWords.toArray(new String[0]), mergedLower.toArray(new String[0]));
    }

    private static String[] longestPhraseAt(
        int i,
        List<String> stripped,
        List<Boolean> cutBefore,
        List<Boolean> cutAfter,
        VaderLexicon lexicon) {
      String[][] candidates = lexicon.phrasesStartingWith(stripped.get(i).toLowerCase(Locale.ROOT));
      int n = stripped.size();
      for (String[] phrase : candidates) {
        int last = i + phrase.length - 1;
        if (last >= n) {
          continue;
        }
        boolean matches = true;
        for (int j = 0; j < phrase.length && matches; j++) {
          int t = i + j;
          matches =
              (j == 0 || !cutBefore.get(t))
                  && (t == last || !cutAfter.get(t))
                  && stripped.get(t).equalsIgnoreCase(phrase[j]);
        }
        if (matches) {
          return phrase;
        }
      }
      return null;
    }
  }

  /** Python's {@code str.isspace()} for one code point, which {@code str.split()} splits on. */
  static boolean isPythonSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> boosters = new HashMap<>();
    for (String word :
        new String[] {
          "absolutely",
          "amazingly",
          "awfully",
          "completely",
          "considerable",
          "considerably",
          "decidedly",
          "deeply",
          "effing",
          "enormous",
          "enormously",
          "entirely",
          "especially",
          "exceptional",
          "exceptionally",
          "extreme",
          "extremely",
          "fabulously",
          "flipping",
          "flippin",
          "frackin",
          "fracking",
          "fricking",
          "frickin",
          "frigging",
          "friggin",
          "fully",
          "fuckin",
          "fucking",
          "fuggin",
          "fugging",
          "greatly",
          "hella",
          "highly",
          "hugely",
          "incredible",
          "incredibly",
          "intensely",
          "major",
          "majorly",
          "more",
          "most",
          "particularly",
          "purely",
          "quite",
          "really",
          "remarkably",
          "so",
          "substantially",
          "thoroughly",
          "total",
          "totally",
          "tremendous",
          "tremendously",
          "uber",
          "unbelievably",
          "unusually",
          "utter",
          "utterly",
          "very"
        }) {
      boosters.put(word, B_INCR);
    }
    for (String word :
        new String[] {
          "almost",
          "barely",
          "hardly",
          "kinda",
          "kindof",
          "kind-of",
          "less",
          "little",
          "marginal",
          "marginally",
          "occasional",
          "occasionally",
          "partly",
          "scarce",
          "scarcely",
          "slight",
          "slightly",
          "somewhat",
          "sorta",
          "sortof",
          "sort-of"
        }) {
      boosters.put(word, B_DECR);
    }
    return Map.copyOf(boosters);
  }

  /** Lazy holder: the shared scorers are built on first use. */
  private static final class Shared {
    static final VaderScorer REFERENCE = new VaderScorer(VaderLexicon.reference(), false);
    static final VaderScorer CONTACT_CENTER = new VaderScorer(VaderLexicon.contactCenter(), true);
  }
}

package io.journeyline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaderScorerTest {

  private static final VaderScorer REFERENCE = VaderScorer.reference();
  private static final VaderScorer CONTACT_CENTER = VaderScorer.contactCenter();

  /**
   * The examples of vaderSentiment's README with their published scores (neg, neu, pos, compound).
   * Two published lines predate 3.3.2 and are replaced by what 3.3.2 computes: the emoji line
   * (README 0.7003; 0.875 since 3.3.2 added "heart" to the lexicon) and the proportions of "At
   * least it isn't a horrible book." (README 0.0/0.637/0.363; 3.3.2 gives 0.0/0.678/0.322, the
   * compound 0.431 is unchanged).
   */
  static Stream<Arguments> readmeExamples() {
    return Stream.of(
        example("VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746, 0.8316),
        example("VADER is smart, handsome, and funny!", 0.0, 0.248, 0.752, 0.8439),
        example("VADER is very smart, handsome, and funny.", 0.0, 0.299, 0.701, 0.8545),
        example("VADER is VERY SMART, handsome, and FUNNY.", 0.0, 0.246, 0.754, 0.9227),
        example("VADER is VERY SMART, handsome, and FUNNY!!!", 0.0, 0.233, 0.767, 0.9342),
        example(
            "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.0, 0.294, 0.706, 0.9469),
        example("VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0, -0.7424),
        example("The book was good.", 0.0, 0.508, 0.492, 0.4404),
        example("At least it isn't a horrible book.", 0.0, 0.678, 0.322, 0.431),
        example("The book was only kind of good.", 0.0, 0.697, 0.303, 0.3832),
        example(
            "The plot was good, but the characters are uncompelling and the dialog is not great.",
            0.327,
            0.579,
            0.094,
            -0.7042),
        example("Today SUX!", 0.779, 0.221, 0.0, -0.5461),
        example("Today only kinda sux! But I'll get by, lol", 0.127, 0.556, 0.317, 0.5249),
        example("Make sure you :) or :D today!", 0.0, 0.294, 0.706, 0.8633),
        example(
            "Catch utf-8 emoji such as such as \uD83D\uDC98 and \uD83D\uDC8B and \uD83D\uDE01",
            0.0,
            0.615,
            0.385,
            0.875),
        example(
            "Catch utf-8 emoji such as \uD83D\uDC98 and \uD83D\uDC8B and \uD83D\uDE01",
            0.0,
            0.583,
            0.417,
            0.875),
        example("Not bad at all", 0.0, 0.513, 0.487, 0.431));
  }

  private static Arguments example(
      String text, double negative, double neutral, double positive, double compound) {
    return Arguments.of(text, new SentimentScores(negative, neutral, positive, compound));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readmeExamples")
  void shouldGiveTheReadmeScoresOfVaderSentiment(String text, SentimentScores published) {
    assertThat(REFERENCE.polarityScores(text)).isEqualTo(published);
    assertThat(REFERENCE.score(text)).isEqualTo(published.compound());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readmeExamples")
  void shouldGiveTheReadmeScoresWithTheContactCenterOverlayToo(
      String text, SentimentScores published) {
    assertThat(CONTACT_CENTER.polarityScores(text)).isEqualTo(published);
  }

  @Test
  void shouldNegateCaseInsensitively() {
    assertThat(REFERENCE.score("The service was good")).isEqualTo(0.4404);
    assertThat(REFERENCE.score("The service was NOT good")).isEqualTo(-0.3412);
    assertThat(REFERENCE.score("The service was Not good")).isEqualTo(-0.3412);
    assertThat(REFERENCE.score("The service was not good")).isEqualTo(-0.3412);
    assertThat(REFERENCE.score("The service ISN'T good")).isEqualTo(-0.3412);
  }

  @Test
  void shouldNegateUpToThreeWordsBackButNotFourth() {
    assertThat(REFERENCE.score("not good")).isNegative();
    assertThat(REFERENCE.score("not the good")).isNegative();
    assertThat(REFERENCE.score("not a the good")).isNegative();
    assertThat(REFERENCE.score("not a the a good")).isEqualTo(REFERENCE.score("good"));
  }

  @Test
  void shouldTreatNeverSoAndNeverThisAsEmphasisNotNegation() {
    assertThat(REFERENCE.score("Sentiment analysis has never been good.")).isEqualTo(-0.3412);
    assertThat(REFERENCE.score("Sentiment analysis has never been this good!")).isEqualTo(0.5672);
  }

  @Test
  void shouldWeighWordsAfterButMoreThanWordsBefore() {
    assertThat(REFERENCE.score("The agent was helpful but the wait was terrible."))
        .isEqualTo(-0.5023);
    assertThat(REFERENCE.score("The wait was terrible but the agent was helpful."))
        .isEqualTo(0.3919);
  }

  @Test
  void shouldApplyButIdenticallyWithTheIndexUsedForLongTexts() {
    java.util.Random random = new java.util.Random(42);
    double[] values = {0.0, 0.0, 1.9, -2.5, 0.95, 2.85, -1.25, 3.1, 1.55, -3.75};
    for (int round = 0; round < 500; round++) {
      double[] scanned = new double[1 + random.nextInt(200)];
      for (int i = 0; i < scanned.length; i++) {
        scanned[i] = values[random.nextInt(values.length)];
      }
      int but = random.nextInt(scanned.length);
      scanned[but] = 0.0;
      double[] indexed = scanned.clone();
      VaderScorer.butCheckScanning(but, scanned);
      VaderScorer.butCheckIndexed(but, indexed);
      assertThat(indexed).containsExactly(scanned);
    }
  }

  @Test
  void shouldAddExclamationEmphasisForAtMostFourMarks() {
    assertThat(REFERENCE.score("good!!!!")).isEqualTo(REFERENCE.score("good!!!!!!!!"));
    assertThat(REFERENCE.score("good!!!")).isLessThan(REFERENCE.score("good!!!!"));
  }

  @Test
  void shouldAddQuestionEmphasisFromTwoMarksCappedAtFour() {
    assertThat(REFERENCE.score("It is broken?")).isEqualTo(REFERENCE.score("It is broken"));
    assertThat(REFERENCE.score("Why is this still broken??")).isEqualTo(-0.5362);
    assertThat(REFERENCE.score("Why is this still broken???")).isEqualTo(-0.5632);
    assertThat(REFERENCE.score("Why is this still broken????")).isEqualTo(-0.6199);
    assertThat(REFERENCE.score("Why is this still broken??????")).isEqualTo(-0.6199);
  }

  @Test
  void shouldKeepEmoticonsAsWords() {
    assertThat(REFERENCE.score(":)")).isPositive();
    assertThat(REFERENCE.score(":(")).isNegative();
    assertThat(REFERENCE.score(":-) nice")).isEqualTo(0.6249);
  }

  @Test
  void shouldScoreEmojiThroughTheirDescriptions() {
    assertThat(REFERENCE.score("\uD83D\uDE0A"))
        .isEqualTo(REFERENCE.score("smiling face with smiling eyes"));
    assertThat(REFERENCE.score("Great\uD83D\uDE01")).isEqualTo(0.7964);
    assertThat(REFERENCE.score("So sad \uD83D\uDE22 and angry \uD83D\uDE20")).isEqualTo(-0.9242);
    assertThat(REFERENCE.score("I love you \u2764 so much")).isEqualTo(0.8555);
  }

  @Test
  void shouldIgnoreVariationSelectorsAndSkinTonesAfterEmoji() {
    // The reference leaves U+FE0F glued to "heart", which then misses the lexicon (deviation).
    assertThat(REFERENCE.score("\u2764\uFE0F")).isEqualTo(REFERENCE.score("\u2764")).isPositive();
    assertThat(CONTACT_CENTER.score("\uD83D\uDC4D\uD83C\uDFFD"))
        .isEqualTo(CONTACT_CENTER.score("\uD83D\uDC4D"))
        .isPositive();
  }

  @Test
  void shouldGiveContactCenterValenceToEmojiThatVaderLeavesNeutral() {
    assertThat(REFERENCE.score("\uD83D\uDC4D")).isZero(); // thumbs up
    assertThat(CONTACT_CENTER.score("\uD83D\uDC4D")).isEqualTo(0.4404);
    assertThat(CONTACT_CENTER.score("\uD83D\uDC4E")).isEqualTo(-0.4404); // thumbs down
    assertThat(CONTACT_CENTER.score("\uD83D\uDE21")).isEqualTo(-0.5106); // pouting face
    assertThat(CONTACT_CENTER.score("\uD83E\uDD2C")).isNegative(); // face with symbols on mouth
    assertThat(CONTACT_CENTER.score("\uD83D\uDE44")).isNegative(); // face with rolling eyes
    assertThat(CONTACT_CENTER.score("\uD83D\uDE4F")).isPositive(); // folded hands
    assertThat(REFERENCE.score("\uD83D\uDC94")).isEqualTo(0.2732); // broken heart, a quirk
    assertThat(CONTACT_CENTER.score("\uD83D\uDC94")).isEqualTo(-0.5994);
  }

  @Test
  void shouldLeaveEmojiOutsideTheTableUnscored() {
    assertThat(CONTACT_CENTER.polarityScores("\uD83E\uDD91")) // squid
        .isEqualTo(new SentimentScores(0.0, 1.0, 0.0, 0.0));
  }

  @Test
  void shouldReadTypographicApostrophesAsNegationsInTheContactCenterScorer() {
    String curly = "It isn\u2019t good";
    assertThat(REFERENCE.score(curly)).isEqualTo(0.4404); // the reference misses the negation
    assertThat(CONTACT_CENTER.score(curly)).isEqualTo(-0.3412);
    assertThat(CONTACT_CENTER.score("\u201Cgreat\u201D service")).isEqualTo(0.6249);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "   \t\n ", "\u00A0\u2003", "\uFE0F"})
  void shouldScoreMissingOrBlankTextAsNeutral(String text) {
    assertThat(CONTACT_CENTER.score(text)).isZero();
    assertThat(REFERENCE.score(text)).isZero();
    assertThat(CONTACT_CENTER.polarityScores(text)).isEqualTo(SentimentScores.EMPTY);
  }

  @Test
  void shouldScoreTextWithoutSentimentWordsAsFullyNeutral() {
    assertThat(REFERENCE.polarityScores("Order 12345 ships on Monday."))
        .isEqualTo(new SentimentScores(0.0, 1.0, 0.0, 0.0));
  }

  @Test
  void shouldSplitOnUnicodeWhitespaceLikePython() {
    assertThat(REFERENCE.score("not\u00A0good")).isEqualTo(REFERENCE.score("not good"));
    assertThat(REFERENCE.score("not\u2003good\u3000!")).isEqualTo(REFERENCE.score("not good !"));
  }

  @Test
  void shouldScoreVeryLongInputWithinBounds() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append("The agent was helpful but I was on hold and it is not fixed! ");
    }
    double score = CONTACT_CENTER.score(text.toString());
    assertThat(score).isBetween(-1.0, 1.0);
    assertThat(REFERENCE.score(text.toString())).isBetween(-1.0, 1.0);
    SentimentScores scores = CONTACT_CENTER.polarityScores(text.toString());
    assertThat(scores.negative() + scores.neutral() + scores.positive()).isCloseTo(1.0, within());
  }

  @Test
  void shouldSaturateTowardsPlusOrMinusOne() {
    String praise = "great ".repeat(200);
    assertThat(REFERENCE.score(praise)).isEqualTo(1.0);
    assertThat(REFERENCE.score("horrible ".repeat(200))).isEqualTo(-1.0);
  }

  @Test
  void shouldBeUsableThroughTheInterface() {
    SentimentScorer scorer = VaderScorer.contactCenter();
    assertThat(scorer.score("thank you so much")).isPositive();
    SentimentScorer model = text -> 0.25;
    assertThat(model.score("anything")).isEqualTo(0.25);
  }

  @Test
  void shouldShareOneInstancePerBuiltinScorer() {
    assertThat(VaderScorer.contactCenter()).isSameAs(VaderScorer.contactCenter());
    assertThat(VaderScorer.reference()).isSameAs(VaderScorer.reference());
    assertThat(VaderScorer.reference().lexicon()).isSameAs(VaderLexicon.reference());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.002);
  }
}

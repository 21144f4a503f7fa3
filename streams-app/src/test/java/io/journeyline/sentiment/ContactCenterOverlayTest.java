package io.journeyline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactCenterOverlayTest {

  private static final VaderScorer REFERENCE = VaderScorer.reference();
  private static final VaderScorer SCORER = VaderScorer.contactCenter();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I was on hold for 2 hours",
        "You transferred again",
        "Still waiting for the engineer",
        "My issue is still not fixed",
        "The app is still not working",
        "No one called back",
        "nobody called back!!!",
        "I was charged twice",
        "Please cancel my account",
        "What a waste of time",
        "I want to speak to a manager",
        "I am fed up",
        "I can't stand this"
      })
  void shouldScoreContactCenterComplaintsAsNegative(String text) {
    assertThat(SCORER.score(text)).isLessThanOrEqualTo(-0.05);
    assertThat(SCORER.score(text)).isLessThan(REFERENCE.score(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Thank you so much",
        "thanks so much",
        "It is resolved",
        "That sorted it",
        "You fixed it",
        "problem solved",
        "it's working now"
      })
  void shouldScoreResolutionAndThanksAsPositive(String text) {
    assertThat(SCORER.score(text)).isGreaterThanOrEqualTo(0.05);
    assertThat(SCORER.score(text)).isGreaterThan(REFERENCE.score(text));
  }

  @Test
  void shouldScoreTypicalMessagesWithExactValues() {
    assertThat(SCORER.score("I was on hold for 2 hours and transferred again")).isEqualTo(-0.6705);
    assertThat(SCORER.score("Still waiting, no one called back")).isEqualTo(-0.7269);
    assertThat(SCORER.score("I was charged twice and want to cancel my account"))
        .isEqualTo(-0.6908);
    assertThat(SCORER.score("Thank you so much, that sorted it!")).isEqualTo(0.7777);
  }

  @Test
  void shouldScoreAPhraseAsOneWordSoVaderRulesApplyAroundIt() {
    // negation before the phrase
    assertThat(SCORER.score("It is not resolved")).isNegative();
    // booster before the phrase, valence of "on hold" = -1.5 boosted by "really" (0.293)
    assertThat(SCORER.score("really on hold")).isLessThan(SCORER.score("on hold"));
    // the "no" inside "no one called back" does not negate anything
    assertThat(SCORER.score("no one called back")).isEqualTo(SCORER.score("nobody called back"));
    // "but" weighs the phrase after it
    assertThat(SCORER.score("The agent was great but I was charged twice")).isNegative();
  }

  @Test
  void shouldMatchPhrasesCaseInsensitivelyAndKeepAllCapsEmphasis() {
    assertThat(SCORER.score("on hold")).isEqualTo(-0.3612);
    assertThat(SCORER.score("On Hold")).isEqualTo(-0.3612);
    // ALL CAPS phrase in a mixed-case text is emphasized like an ALL CAPS word
    assertThat(SCORER.score("I was ON HOLD")).isLessThan(SCORER.score("I was on hold"));
  }

  @Test
  void shouldPreferTheLongestPhrase() {
    // "thank you so much" (2.7), not "thank you" (1.9) followed by "so much"
    assertThat(SCORER.score("thank you so much")).isEqualTo(0.5719);
    assertThat(SCORER.score("thank you")).isEqualTo(0.4404);
    assertThat(SCORER.score("still on hold")).isLessThan(SCORER.score("on hold"));
  }

  @Test
  void shouldMatchPhrasesAcrossSurroundingButNotInnerPunctuation() {
    assertThat(SCORER.score("(on hold) again")).isEqualTo(SCORER.score("on hold again"));
    assertThat(SCORER.score("\"charged twice\".")).isEqualTo(SCORER.score("charged twice"));
    assertThat(SCORER.score("I was on. Hold on")).isZero();
    assertThat(SCORER.score("still, waiting")).isZero();
  }

  @Test
  void shouldOverrideTheVaderValenceOfSingleWords() {
    assertThat(VaderLexicon.reference().valence("resolved")).hasValue(0.7);
    assertThat(VaderLexicon.contactCenter().valence("resolved")).hasValue(1.8);
    assertThat(VaderLexicon.contactCenter().valence("fixed")).hasValue(1.5);
    assertThat(SCORER.score("not fixed")).isNegative();
  }

  @Test
  void shouldLeaveTextWithoutOverlayTermsScoredAsTheReference() {
    String text = "The agent was helpful but the wait was terrible.";
    assertThat(SCORER.polarityScores(text)).isEqualTo(REFERENCE.polarityScores(text));
  }
}

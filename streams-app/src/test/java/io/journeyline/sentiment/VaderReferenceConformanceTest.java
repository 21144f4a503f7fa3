package io.journeyline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with the reference implementation: every expected value below was produced by
 * vaderSentiment 3.3.2's {@code SentimentIntensityAnalyzer.polarity_scores} (Python 3.11) on the
 * same text, and {@link VaderScorer#reference()} must reproduce all four scores exactly. The texts
 * cover the reference's demo sentences and each of its rules (boosters and their decay, ALL CAPS,
 * negation one to three words back, "never so/this", "without a doubt", "least", "but", "no", "kind
 * of"/"sort of", special-case idioms, punctuation emphasis, emoji, emoticons), plus contact-center
 * messages that show what the overlay of {@link VaderScorer#contactCenter()} is for. Emoji used
 * here are all in the compact table, without variation selectors.
 */
class VaderReferenceConformanceTest {

  static Stream<Arguments> referenceOutputs() {
    return Stream.of(
        gold("Sentiment analysis has never been good.", 0.325, 0.675, 0.0, -0.3412),
        gold("Sentiment analysis has never been this good!", 0.0, 0.621, 0.379, 0.5672),
        gold("Most automated sentiment analysis tools are shit.", 0.375, 0.625, 0.0, -0.5574),
        gold("With VADER, sentiment analysis is the shit!", 0.0, 0.583, 0.417, 0.6476),
        gold("Other sentiment analysis tools can be quite bad.", 0.351, 0.649, 0.0, -0.5849),
        gold("On the other hand, VADER is quite bad ass", 0.0, 0.423, 0.577, 0.802),
        gold("VADER is such a badass!", 0.0, 0.598, 0.402, 0.4003),
        gold("Without a doubt, excellent idea.", 0.0, 0.341, 0.659, 0.7013),
        gold(
            "Roger Dodger is one of the most compelling variations on this theme.",
            0.0,
            0.834,
            0.166,
            0.2944),
        gold(
            "Roger Dodger is at least compelling as a variation on the theme.",
            0.0,
            0.853,
            0.147,
            0.2263),
        gold(
            "Roger Dodger is one of the least compelling variations on this theme.",
            0.132,
            0.868,
            0.0,
            -0.1695),
        gold("Not such a badass after all.", 0.289, 0.711, 0.0, -0.2584),
        gold("Without a doubt, an excellent idea.", 0.0, 0.408, 0.592, 0.7013),
        gold(
            "It was one of the worst movies I've seen, despite good reviews.",
            0.394,
            0.606,
            0.0,
            -0.7584),
        gold("Unbelievably bad acting!!", 0.686, 0.314, 0.0, -0.6572),
        gold("VERY poor production.", 0.674, 0.326, 0.0, -0.6281),
        gold("VERY BAD movie!", 0.735, 0.265, 0.0, -0.7616),
        gold("The agent was helpful but the wait was terrible.", 0.318, 0.536, 0.146, -0.5023),
        gold("The wait was terrible but the agent was helpful.", 0.161, 0.549, 0.29, 0.3919),
        gold("good good but good good", 0.0, 0.079, 0.921, 0.891),
        gold("great, but great and great", 0.0, 0.126, 0.874, 0.9418),
        gold("I am not happy with the service", 0.333, 0.667, 0.0, -0.4585),
        gold("I am NOT happy with the service", 0.333, 0.667, 0.0, -0.4585),
        gold("I'm not at all happy", 0.428, 0.572, 0.0, -0.4585),
        gold("It isn't good", 0.546, 0.454, 0.0, -0.3412),
        gold("It isnt good", 0.546, 0.454, 0.0, -0.3412),
        gold("It is not very good", 0.396, 0.604, 0.0, -0.3865),
        gold("It was never so good", 0.0, 0.475, 0.525, 0.6626),
        gold("Never this good", 0.0, 0.372, 0.628, 0.5228),
        gold("My bill is not really that bad", 0.0, 0.663, 0.337, 0.4689),
        gold("no problem", 0.0, 0.307, 0.693, 0.3089),
        gold("No problems at all, thanks", 0.0, 0.368, 0.632, 0.6319),
        gold("There is no help and no love", 0.529, 0.471, 0.0, -0.6834),
        gold("no good or bad", 0.332, 0.276, 0.393, 0.1139),
        gold("no help or bad", 0.318, 0.281, 0.401, 0.1511),
        gold("I have no idea", 0.423, 0.577, 0.0, -0.296),
        gold("Yeah right, like that will happen", 0.0, 0.46, 0.54, 0.5719),
        gold("That was the kiss of death for my order", 0.417, 0.583, 0.0, -0.6124),
        gold("A burger to die for", 0.494, 0.506, 0.0, -0.5994),
        gold("my car is the bomb", 0.0, 0.5, 0.5, 0.6124),
        gold("Kind of helpful, sort of slow", 0.0, 0.641, 0.359, 0.4215),
        gold("I am kind of happy", 0.0, 0.54, 0.46, 0.5279),
        gold("It is sort of okay", 0.0, 0.713, 0.287, 0.1548),
        gold("Just enough help to get by", 0.0, 0.649, 0.351, 0.4019),
        gold("The wait was SO long and the agent was RUDE", 0.293, 0.707, 0.0, -0.5766),
        gold("THE AGENT WAS RUDE", 0.5, 0.5, 0.0, -0.4588),
        gold("I HATE THIS", 0.649, 0.351, 0.0, -0.5719),
        gold("Thanks!!!!!!", 0.0, 0.0, 1.0, 0.6209),
        gold("Thanks!!", 0.0, 0.0, 1.0, 0.5399),
        gold("Why is this still broken??", 0.464, 0.536, 0.0, -0.5362),
        gold("Why is this still broken???", 0.476, 0.524, 0.0, -0.5632),
        gold("Why is this still broken????", 0.504, 0.496, 0.0, -0.6199),
        gold("Is it good?", 0.0, 0.408, 0.592, 0.4404),
        gold("Great\uD83D\uDE01", 0.0, 0.36, 0.64, 0.7964),
        gold("\uD83D\uDE01\uD83D\uDE01 thanks", 0.0, 0.473, 0.527, 0.836),
        gold("I love you \u2764 so much", 0.0, 0.373, 0.627, 0.8555),
        gold("\uD83D\uDE21\uD83D\uDE21\uD83D\uDE21", 0.0, 1.0, 0.0, 0.0),
        gold("The agent \uD83D\uDC4D fixed it \uD83D\uDE0A", 0.0, 0.6, 0.4, 0.7184),
        gold("So sad \uD83D\uDE22 and angry \uD83D\uDE20", 0.77, 0.23, 0.0, -0.9242),
        gold(":( the order is late", 0.42, 0.58, 0.0, -0.4404),
        gold(":-) nice", 0.0, 0.0, 1.0, 0.6249),
        gold("<3 you guys", 0.0, 0.408, 0.592, 0.4404),
        gold("lol that was fast", 0.0, 0.517, 0.483, 0.4215),
        gold("I'm SO happy!!! :D", 0.0, 0.159, 0.841, 0.912),
        gold("at least you tried", 0.0, 1.0, 0.0, 0.0),
        gold("very least helpful", 0.0, 0.394, 0.606, 0.4728),
        gold("the least helpful agent", 0.437, 0.563, 0.0, -0.3252),
        gold("I'm really really angry", 0.563, 0.437, 0.0, -0.5956),
        gold("I'm really frustrated, not happy, terrible support", 0.624, 0.203, 0.173, -0.769),
        gold("This is a total disaster", 0.523, 0.477, 0.0, -0.659),
        gold("I'd hardly call that help", 0.0, 0.621, 0.379, 0.3477),
        gold("barely acceptable", 0.0, 0.333, 0.667, 0.2516),
        gold("absolutely amazing service", 0.0, 0.328, 0.672, 0.624),
        gold("extremely disappointed", 0.772, 0.228, 0.0, -0.5256),
        gold("EXTREMELY disappointed with this", 0.579, 0.421, 0.0, -0.6281),
        gold("It's okay I guess", 0.0, 0.612, 0.388, 0.2263),
        gold("ok", 0.0, 0.0, 1.0, 0.296),
        gold("Horrible, horrible, horrible", 1.0, 0.0, 0.0, -0.8885),
        gold("The agent was nice.   The product is broken.", 0.261, 0.504, 0.235, -0.0772),
        gold("I was on hold for 2 hours and transferred again", 0.0, 1.0, 0.0, 0.0),
        gold("Still waiting, no one called back", 0.306, 0.694, 0.0, -0.296),
        gold("I was charged twice and want to cancel my account", 0.314, 0.579, 0.107, -0.3612),
        gold("Thank you so much, that sorted it!", 0.0, 0.682, 0.318, 0.4199),
        gold("It is resolved, thanks", 0.0, 0.303, 0.697, 0.5574),
        gold("You fixed it, great job", 0.0, 0.494, 0.506, 0.6249),
        gold("My issue is still not fixed", 0.0, 1.0, 0.0, 0.0),
        gold("I can't stand waiting", 0.0, 1.0, 0.0, 0.0),
        gold("I am fed up", 0.0, 1.0, 0.0, 0.0),
        gold("\"great\" service", 0.0, 0.196, 0.804, 0.6249),
        gold("(good) service", 0.0, 0.256, 0.744, 0.4404),
        gold("good, bad, ugly", 0.701, 0.0, 0.299, -0.5994),
        gold("a b c d e f g good", 0.0, 0.707, 0.293, 0.4404),
        gold("the the the the good", 0.0, 0.58, 0.42, 0.4404),
        gold("the broken heart of the city", 0.274, 0.354, 0.372, 0.2732),
        gold("I never felt so happy", 0.0, 0.458, 0.542, 0.6948),
        gold("not so good", 0.567, 0.433, 0.0, -0.3865),
        gold("Nothing works and nobody cares", 0.0, 0.571, 0.429, 0.4588));
  }

  private static Arguments gold(
      String text, double negative, double neutral, double positive, double compound) {
    return Arguments.of(text, new SentimentScores(negative, neutral, positive, compound));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceOutputs")
  void shouldReproduceTheReferenceScoresExactly(String text, SentimentScores expected) {
    assertThat(VaderScorer.reference().polarityScores(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceOutputs")
  void shouldReturnTheReferenceCompoundFromScore(String text, SentimentScores expected) {
    assertThat(VaderScorer.reference().score(text)).isEqualTo(expected.compound());
  }
}

package io.journeyline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VaderLexiconTest {

  @Test
  void shouldShipThePublishedLexiconFileUnchanged() throws IOException, NoSuchAlgorithmException {
    try (InputStream in = VaderLexicon.class.getResourceAsStream(VaderLexicon.BASE_RESOURCE)) {
      assertThat(in).isNotNull();
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(in.readAllBytes());
      assertThat(HexFormat.of().formatHex(sha1))
          .isEqualTo("8030ad45ce05568c6b73274b617a8b1730bde589");
    }
  }

  @Test
  void shouldHaveTheSizeOfTheVaderSentiment332Lexicon() {
    // 7516 lines in the shipped file with 14 terms listed twice, + 3 added upstream; vaderSentiment
    // has one more term, ":P", which its lower-cased lookup never reaches.
    assertThat(VaderLexicon.reference().size()).isEqualTo(7505);
  }

  @Test
  void shouldApplyThe332DeltaToTheOlderLexiconFile() {
    VaderLexicon lexicon = VaderLexicon.reference();
    assertThat(lexicon.valence("heart")).hasValue(3.2);
    assertThat(lexicon.valence("hearts")).hasValue(3.3);
    assertThat(lexicon.valence("flawed")).hasValue(-2.1);
    assertThat(lexicon.valence("badass")).hasValue(1.4);
    assertThat(lexicon.valence(":p")).hasValue(1.0);
  }

  @Test
  void shouldLookTermsUpLowerCasedLikeTheReference() {
    VaderLexicon lexicon = VaderLexicon.reference();
    assertThat(lexicon.valence("GOOD")).hasValue(1.9);
    assertThat(lexicon.valence(":)")).hasValue(2.0);
    assertThat(lexicon.valence(":D")).hasValue(2.3);
  }

  @Test
  void shouldReadTheLatin1EmoticonsOfTheShippedFile() {
    // ":\u00DE" is spelled with a capital thorn, so like ":D" it is present but never matched
    assertThat(VaderLexicon.reference().get(":\u00DE")).isEqualTo(1.1);
  }

  @Test
  void shouldAddAndOverrideEntriesFromAnOverlay() {
    VaderLexicon lexicon =
        VaderLexicon.reference()
            .withOverlay(
                new StringReader(
                    "# comment\n\nrefund\t1.2\tnote\nGOOD\t0.5\nLong  Wait Time\t-1.7\n"),
                "test-overlay");
    assertThat(lexicon.valence("refund")).hasValue(1.2);
    assertThat(lexicon.valence("good")).hasValue(0.5);
    assertThat(lexicon.valence("long wait time")).hasValue(-1.7);
    assertThat(lexicon.phrasesStartingWith("long"))
        .isDeepEqualTo(new String[][] {{"long", "wait", "time"}});
    assertThat(VaderLexicon.reference().valence("good")).hasValue(1.9);

    VaderScorer scorer = VaderScorer.withLexicon(lexicon);
    assertThat(scorer.score("a long wait time")).isNegative();
  }

  @Test
  void shouldRemoveEntriesAndPhrasesMarkedRemove() {
    VaderLexicon lexicon =
        VaderLexicon.contactCenter()
            .withOverlay(new StringReader("on hold\tREMOVE\ngood\tREMOVE\n"), "removals");
    assertThat(lexicon.valence("on hold")).isEmpty();
    assertThat(lexicon.phrasesStartingWith("on")).isEmpty();
    assertThat(lexicon.valence("good")).isEmpty();
  }

  @Test
  void shouldNameSourceAndLineOfAMalformedOverlayEntry() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                VaderLexicon.reference()
                    .withOverlay(new StringReader("# ok\nfine\t1.0\nbroken 1.0\n"), "mine.tsv"))
        .withMessageContaining("mine.tsv:3");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> VaderLexicon.reference().withOverlay(new StringReader("x\tlots\n"), "mine.tsv"))
        .withMessageContaining("mine.tsv:1")
        .withMessageContaining("lots");
  }

  @Test
  void shouldDocumentEveryContactCenterEntry() throws IOException {
    try (InputStream in =
        VaderLexicon.class.getResourceAsStream(VaderLexicon.CONTACT_CENTER_RESOURCE)) {
      String overlay = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      overlay
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(line -> assertThat(line.split("\t")).hasSize(3).allMatch(f -> !f.isBlank()));
    }
  }
}

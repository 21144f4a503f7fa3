package io.journeyline.adapters.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.TestBounds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4, one test per email case, on messages in the shape of RFC 5322 (Internet Message
 * Format, section 3.6: Message-ID is optional, "SHOULD" be present; Appendix A samples) and RFC
 * 2045/2046 (MIME charset parameter, multipart/alternative).
 */
class EmailVendorCasesTest {

  private final EmailMessages email = new EmailMessages(TestBounds.now());

  private static final String NO_ID =
      """
      From: Mary Smith <mary@example.net>
      To: support@example.com
      Subject: Where is my refund?
      Date: Sun, 01 Mar 2026 09:26:00 +0100
      Content-Type: text/plain; charset=UTF-8

      Hello, still waiting.
      """
          .replace("\n", "\r\n");

  /** RFC 5322 3.6.4: without Message-ID, the id comes from headers relays do not change. */
  @Test
  void shouldDeriveAStableIdFromTheHeadersWhenMessageIdIsMissing() {
    String relayed =
        "Received: from mx2.example.org by mx.example.com; Sun, 01 Mar 2026 08:27:00 +0000\r\n"
            + "Return-Path: <mary@example.net>\r\n"
            + NO_ID.replace("Hello, still waiting.", "Hello, still waiting.\r\n");
    CanonicalEvent first = email.map(NO_ID.getBytes(StandardCharsets.UTF_8));
    CanonicalEvent second = email.map(relayed.getBytes(StandardCharsets.UTF_8));

    assertThat(first.eventId()).startsWith("email:headers:").hasSize(6 + 8 + 64);
    assertThat(second.eventId()).isEqualTo(first.eventId());
    assertThat(second.contactId()).isEqualTo(first.contactId());
    String otherSubject = NO_ID.replace("Where is my refund?", "Another question");
    assertThat(email.map(otherSubject.getBytes(StandardCharsets.UTF_8)).eventId())
        .isNotEqualTo(first.eventId());
  }

  /** RFC 2046 4.1.2: a charset the receiver does not know is decoded best effort, not refused. */
  @Test
  void shouldDecodeUnknownCharsetsBestEffort() {
    String unknownUtf8 =
        NO_ID
            .replace("charset=UTF-8", "charset=x-mac-unknown")
            .replace("Hello, still waiting.", "Grüße, still waiting.");
    assertThat(email.map(unknownUtf8.getBytes(StandardCharsets.UTF_8)).text())
        .isEqualTo("Grüße, still waiting.");

    byte[] latin1 =
        NO_ID
            .replace("charset=UTF-8", "charset=bogus-8")
            .replace("Hello, still waiting.", "Caf\u00e9 closed.")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(email.map(latin1).text()).isEqualTo("Caf\u00e9 closed.");
  }

  /** HTML-only mail (multipart/alternative without text/plain): parsed, quoted history removed. */
  @Test
  void shouldTurnHtmlIntoTextWithAParserAndStripQuotedReplies() {
    String html =
        """
        From: mary@example.net
        To: support@example.com
        Subject: Re: refund
        Message-ID: <html-1@example.net>
        Content-Type: text/html; charset=UTF-8

        <html><head><style>p {color: red}</style><title>t</title></head><body>
        <div dir="ltr">Still&nbsp;not refunded &amp; no answer.<br>Please call.</div>
        <script>alert("x")</script>
        <div class="gmail_quote"><div>On Sat, Support wrote:</div>
        <blockquote>We are on it.</blockquote></div>
        </body></html>
        """
            .replace("\n", "\r\n");
    assertThat(email.map(html.getBytes(StandardCharsets.UTF_8)).text())
        .isEqualTo("Still not refunded & no answer.\nPlease call.");

    String outlook =
        "<div>Thanks, that worked.</div><div id=\"divRplyFwdMsg\"><b>From:</b> Support</div>"
            + "<div>We have issued the refund.</div>";
    assertThat(EmailMessages.htmlToText(outlook)).isEqualTo("Thanks, that worked.");
  }

  /** Issue 17: 8k unclosed script tags took 3.4 s with regular expressions. */
  @Test
  void shouldParseUnclosedScriptTagsInLinearTime() {
    String hostile = "<script>".repeat(131_072); // 1 MiB
    long start = System.nanoTime();
    EmailMessages.htmlToText(hostile);
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("htmlToText 1 MiB of unclosed <script>: %d ms%n", ms);
    assertThat(ms).isLessThan(3000);
  }
}

package io.journeyline.adapters.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.TestBounds;
import io.journeyline.avro.Channel;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public class EmailMessagesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final EmailMessages email = new EmailMessages(TestBounds.at(NOW));

  /** A reply in the shape of RFC 5322 Appendix A.2 (reply with References), as multipart. */
  public static final String REPLY =
      """
      From: Mary Smith <Mary@Example.NET>
      To: John Doe <support@example.com>
      Reply-To: "Mary Smith: Personal Account" <smith@home.example>
      Subject: =?UTF-8?Q?Re:_Refund_f=C3=BCr_order?=
      Date: Sun, 01 Mar 2026 09:26:00 +0100
      Message-ID: <3456@example.net>
      In-Reply-To: <1234@local.machine.example>
      References: <1234@local.machine.example> <2345@example.com>
      MIME-Version: 1.0
      Content-Type: multipart/alternative; boundary="b1"

      --b1
      Content-Type: text/plain; charset=UTF-8

      Still not refunded. My card was 4111 1111 1111 1111.
      Call me on 415-867-5309.

      On Sat, 28 Feb 2026 at 18:00, Support <support@example.com> wrote:
      > We are on it.
      --b1
      Content-Type: text/html; charset=UTF-8

      <p>Still not refunded.</p>
      --b1--
      """
          .replace("\n", "\r\n");

  @Test
  void shouldMapAReplyIntoItsThread() {
    CanonicalEvent e = email.map(REPLY.getBytes(StandardCharsets.UTF_8));

    assertThat(e.channel()).isEqualTo(Channel.EMAIL);
    assertThat(e.type()).isEqualTo(EventType.MESSAGE);
    assertThat(e.participant()).isEqualTo(Participant.CUSTOMER);
    assertThat(e.contactId()).isEqualTo("email:1234@local.machine.example");
    assertThat(e.eventId()).isEqualTo("email:3456@example.net");
    assertThat(e.messageId()).isEqualTo("3456@example.net");
    assertThat(e.customer()).isEqualTo(Customer.ofEmail("mary@example.net"));
    assertThat(e.mailbox()).isEqualTo("support@example.com");
    assertThat(e.subject()).isEqualTo("Re: Refund für order");
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-01T08:26:00Z"));
    assertThat(e.text())
        .isEqualTo(
            "Still not refunded. My card was 4111 1111 1111 1111.\nCall me on 415-867-5309.");
  }

  @Test
  void shouldUseInReplyToThenOwnIdAsThreadKey() {
    String noReferences = REPLY.replaceAll("References: [^\r]*\r\n", "");
    assertThat(email.map(noReferences.getBytes(StandardCharsets.UTF_8)).contactId())
        .isEqualTo("email:1234@local.machine.example");
    String first = noReferences.replaceAll("In-Reply-To: [^\r]*\r\n", "");
    assertThat(email.map(first.getBytes(StandardCharsets.UTF_8)).contactId())
        .isEqualTo("email:3456@example.net");
  }

  @Test
  void shouldUseArrivalTimeForAMissingDateAndRejectDatesOutsideTheWindow() {
    // Issue 10 item 5: a Date beyond the future skew or the past bound is a 400 naming "Date".
    String noDate = REPLY.replaceAll("Date: [^\r]*\r\n", "");
    assertThat(email.map(noDate.getBytes(StandardCharsets.UTF_8)).occurredAt()).isEqualTo(NOW);
    for (String date :
        new String[] {"Mon, 02 Mar 2026 09:26:00 +0000", "Thu, 01 Jan 1960 00:00:00 +0000"}) {
      String bad = REPLY.replace("Sun, 01 Mar 2026 09:26:00 +0100", date);
      ProblemException e =
          catchThrowableOfType(
              ProblemException.class, () -> email.map(bad.getBytes(StandardCharsets.UTF_8)));
      assertThat(e.problem().status()).isEqualTo(400);
      assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("Date");
    }
  }

  @Test
  void shouldRequireAValidSender() {
    String noFrom = REPLY.replaceAll("From: [^\r]*\r\n", "");
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class, () -> email.map(noFrom.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.problem().errors().get(0).field()).isEqualTo("From");
  }

  @Test
  void shouldStripQuotedHistoryAndSignatures() {
    assertThat(EmailMessages.stripQuoted("Thanks!\n-- \nMary\n")).isEqualTo("Thanks!");
    assertThat(EmailMessages.stripQuoted("New text\n\n-----Original Message-----\nFrom: x\nold"))
        .isEqualTo("New text");
    assertThat(
            EmailMessages.stripQuoted(
                "Top\nFrom: Support <s@example.com>\nSent: Monday\nSubject: x\nold text"))
        .isEqualTo("Top");
    assertThat(EmailMessages.stripQuoted("On Mon, Mary\nwrote:\n> quoted")).isEmpty();
  }
}

package io.journeyline.adapters.channels.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.avro.Channel;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TwilioSmsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** The shape of Twilio's documented inbound-message webhook body. */
  static final String INBOUND =
      "ToCountry=US&ToState=CA&SmsMessageSid=SM1234567890abcdef1234567890abcdef&NumMedia=0"
          + "&ToCity=SAN+FRANCISCO&FromZip=94105&SmsSid=SM1234567890abcdef1234567890abcdef"
          + "&FromState=CA&SmsStatus=received&FromCity=SAN+FRANCISCO"
          + "&Body=My+card+4111+1111+1111+1111+was+charged+twice&FromCountry=US"
          + "&To=%2B18005551212&ToZip=94105&NumSegments=1"
          + "&MessageSid=SM1234567890abcdef1234567890abcdef"
          + "&AccountSid=AC1234567890abcdef1234567890abcdef&From=%2B14158675309&ApiVersion=2010-04-01";

  private final TwilioSms twilio =
      new TwilioSms(new Identifiers("US"), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldMapAnInboundMessageOntoTheSmsConversation() {
    CanonicalEvent e = twilio.map(TwilioSms.parseForm(INBOUND.getBytes(StandardCharsets.UTF_8)));

    assertThat(e.eventId()).isEqualTo("twilio:SM1234567890abcdef1234567890abcdef");
    assertThat(e.channel()).isEqualTo(Channel.SMS);
    assertThat(e.type()).isEqualTo(EventType.MESSAGE);
    assertThat(e.participant()).isEqualTo(Participant.CUSTOMER);
    assertThat(e.contactId()).isEqualTo("sms:+14158675309:+18005551212");
    assertThat(e.customer()).isEqualTo(Customer.ofPhone("+14158675309"));
    assertThat(e.businessNumber()).isEqualTo("+18005551212");
    assertThat(e.occurredAt()).isEqualTo(NOW);
    assertThat(e.text()).isEqualTo("My card 4111 1111 1111 1111 was charged twice");
    assertThat(e.attributes())
        .containsEntry("AccountSid", "AC1234567890abcdef1234567890abcdef")
        .doesNotContainKey("FromCity");
  }

  @Test
  void shouldNameMissingParameters() {
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class,
            () ->
                twilio.map(TwilioSms.parseForm("Body=hi&From=".getBytes(StandardCharsets.UTF_8))));
    assertThat(e.problem().errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("MessageSid", "To", "From");
  }
}

package io.journeyline.adapters.channels.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 3, one test per Twilio case, on the parameters of Twilio's docs "Messaging
 * Webhooks" (Incoming Message Webhook and Outbound Message Status Callback) and "Twilio's request
 * to your incoming message Webhook URL".
 */
class TwilioVendorCasesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final TwilioSms twilio =
      new TwilioSms(new Identifiers("US"), Clock.fixed(NOW, ZoneOffset.UTC));

  private static java.util.Map<String, java.util.List<String>> form(String body) {
    return TwilioSms.parseForm(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * "Outbound Message Status in Status Callbacks": the callback carries MessageStatus (queued,
   * sent, delivered, undelivered, failed, read, ...) and SmsStatus for a message the business sent;
   * an incoming message carries SmsStatus=received.
   */
  @Test
  void shouldRecogniseStatusCallbacksButNotInboundMessages() {
    String delivered =
        "SmsSid=SM1&SmsStatus=delivered&MessageStatus=delivered&To=%2B14158675309"
            + "&MessageSid=SM1&AccountSid=AC1&From=%2B18005551212&ApiVersion=2010-04-01";
    String failed =
        "MessageSid=SM2&MessageStatus=failed&ErrorCode=30003&To=%2B14158675309&From=%2B18005551212";
    String read = "MessageSid=SM3&MessageStatus=read&To=whatsapp%3A%2B14158675309";
    assertThat(TwilioSms.isStatusCallback(form(delivered))).isTrue();
    assertThat(TwilioSms.isStatusCallback(form(failed))).isTrue();
    assertThat(TwilioSms.isStatusCallback(form(read))).isTrue();
    assertThat(TwilioSms.isStatusCallback(form(TwilioSmsTest.INBOUND))).isFalse();
  }

  /** A customer texting the business's short code, and an alphanumeric sender id. */
  @Test
  void shouldAcceptShortCodesAndAlphanumericSenders() {
    CanonicalEvent toShortCode =
        twilio.map(
            form("MessageSid=SM10&From=%2B14158675309&To=89898&Body=STOP&SmsStatus=received"));
    assertThat(toShortCode.contactId()).isEqualTo("sms:+14158675309:89898");
    assertThat(toShortCode.customer()).isEqualTo(Customer.ofPhone("+14158675309"));
    assertThat(toShortCode.businessNumber()).isNull();
    assertThat(toShortCode.attributes()).containsEntry("businessAddress", "89898");

    CanonicalEvent fromShortCode =
        twilio.map(form("MessageSid=SM11&From=72345&To=%2B18005551212&Body=code+1234"));
    assertThat(fromShortCode.customer()).isEqualTo(new Customer(null, null, null, "72345"));
    assertThat(fromShortCode.contactId()).isEqualTo("sms:72345:+18005551212");

    CanonicalEvent alphanumeric =
        twilio.map(form("MessageSid=SM12&From=ACMEBANK&To=%2B18005551212&Body=hi"));
    assertThat(alphanumeric.customer()).isEqualTo(new Customer(null, null, null, "ACMEBANK"));
  }

  /** "Twilio's request to your incoming message Webhook URL": WhatsApp From is whatsapp:+E.164. */
  @Test
  void shouldRecogniseAndTagWhatsApp() {
    CanonicalEvent e =
        twilio.map(
            form(
                "MessageSid=SM20&SmsStatus=received&From=whatsapp%3A%2B14158675309"
                    + "&To=whatsapp%3A%2B14155238886&Body=hola&ProfileName=Ana&WaId=14158675309"));
    assertThat(e.customer()).isEqualTo(Customer.ofPhone("+14158675309"));
    assertThat(e.contactId()).isEqualTo("whatsapp:+14158675309:+14155238886");
    assertThat(e.businessNumber()).isEqualTo("+14155238886");
    assertThat(e.source()).isEqualTo("twilio-whatsapp");
    assertThat(e.attributes()).containsEntry("messagingChannel", "whatsapp");

    CanonicalEvent sms = twilio.map(form(TwilioSmsTest.INBOUND));
    assertThat(sms.source()).isEqualTo("twilio");
    assertThat(sms.attributes()).containsEntry("messagingChannel", "sms");
  }
}

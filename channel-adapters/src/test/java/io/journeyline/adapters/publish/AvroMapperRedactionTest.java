package io.journeyline.adapters.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalFields;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.CanonicalSurvey;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.redact.PiiRedactor;
import io.journeyline.avro.Channel;
import io.journeyline.avro.ChatEvent;
import io.journeyline.avro.EmailEvent;
import io.journeyline.avro.EventType;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.topics.TopicCatalog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17 item 7: every free-form field is redacted, always before it is cut to its limit. */
class AvroMapperRedactionTest {

  private final AvroMapper mapper =
      new AvroMapper(TopicCatalog.defaults(1, (short) 1), new PiiRedactor(true, "US"));

  private static CanonicalEvent.Builder base(Channel channel) {
    return CanonicalEvent.builder()
        .eventId("e")
        .occurredAt(Instant.parse("2026-03-01T09:00:00Z"))
        .channel(channel)
        .type(EventType.MESSAGE)
        .contactId("c")
        .customer(Customer.ofPhone("+14158675309"));
  }

  @Test
  void shouldRedactEveryFreeFormField() {
    String card = "4111 1111 1111 1111";
    ChatEvent chat =
        (ChatEvent)
            mapper
                .toRecord(
                    base(Channel.CHAT)
                        .text("pay with " + card)
                        .issue("refund " + card)
                        .queue("q " + card)
                        .entryPoint("page " + card)
                        .attributes(Map.of("note " + card, "cvv 123 " + card))
                        .build())
                .value();
    assertThat(chat.getText()).isEqualTo("pay with [PAN]");
    assertThat(chat.getIssue()).isEqualTo("refund [PAN]");
    assertThat(chat.getQueue()).isEqualTo("q [PAN]");
    assertThat(chat.getEntryPoint()).isEqualTo("page [PAN]");
    assertThat(chat.getAttributes()).containsExactly(Map.entry("note [PAN]", "cvv [CVV] [PAN]"));
  }

  @Test
  void shouldRedactTheSurveyCommentBeforeCuttingItAndKeyTheRecordByContact() {
    // A card across the comment limit (16,384): redacted first, so no digit survives the cut.
    String comment = "x".repeat(CanonicalFields.COMMENT_MAX - 3) + " 4111111111111111";
    OutboundRecord record =
        mapper.toRecord(
            new CanonicalSurvey(
                "s-1",
                "chat-1@2026-03-01T08:00:00Z",
                Instant.parse("2026-03-01T09:00:00.123456Z"),
                Customer.ofPhone("+14158675309"),
                Channel.CHAT,
                3,
                null,
                null,
                null,
                comment));
    SurveyResponse survey = (SurveyResponse) record.value();

    assertThat(record.topic()).isEqualTo("journeyline.surveys");
    assertThat(record.key()).isEqualTo("chat-1@2026-03-01T08:00:00Z");
    assertThat(survey.getComment().length()).isEqualTo(CanonicalFields.COMMENT_MAX);
    assertThat(survey.getComment().endsWith("x [P")).isTrue();
    assertThat(survey.getComment().contains("4111")).isFalse();
    assertThat(survey.getRespondedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00.123Z"));
    assertThat(survey.getCustomer().getPhone()).isEqualTo("+14158675309");
    assertThat(survey.getCsat()).isEqualTo(3);
    assertThat(survey.getNps()).isNull();
    assertThat(
            ((SurveyResponse)
                    mapper
                        .toRecord(
                            new CanonicalSurvey(
                                "s-2",
                                "c",
                                Instant.parse("2026-03-01T09:00:00Z"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                true,
                                "email me at ana@example.com"))
                        .value())
                .getComment())
        .isEqualTo("email me at [EMAIL]");
  }

  @Test
  void shouldRedactBeforeTruncating() {
    // Cards that straddle the text limit (16,384) and the subject limit (256): redacted first,
    // so no digit of them survives the cut.
    String text = "x".repeat(CanonicalJson.TEXT_MAX - 8) + " 4111111111111111"; // 16,393 chars
    String subject = "y".repeat(CanonicalJson.SHORT_MAX - 4) + " 4111111111111111"; // 269 chars
    EmailEvent mail =
        (EmailEvent)
            mapper.toRecord(base(Channel.EMAIL).text(text).subject(subject).build()).value();
    assertThat(mail.getText()).hasSize(CanonicalJson.TEXT_MAX - 2).endsWith(" [PAN]");
    assertThat(mail.getSubject()).hasSize(CanonicalJson.SHORT_MAX).endsWith(" [PA");
  }
}

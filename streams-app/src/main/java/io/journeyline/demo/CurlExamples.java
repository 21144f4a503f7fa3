package io.journeyline.demo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code curl} commands the demo prints, ready to paste into a shell: one per ingest endpoint,
 * then queries that read what they wrote. Their event times lie in the last few days before the
 * moment they are printed, in the order they are printed, so that a fresh demo (or one started with
 * {@code --simulate-rate 0}) takes them all in time and keeps them in the journey. The README shows
 * them as printed at a fixed instant; tests run them as printed and compare the README.
 */
public final class CurlExamples {

  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private CurlExamples() {}

  /**
   * One example: what it shows and the command.
   *
   * @param title what the example does
   * @param command the shell command, as printed
   */
  public record Example(String title, String command) {}

  /**
   * The ingest examples for an adapters API at {@code base} (no API key: the demo's default).
   *
   * @param now when they are printed; their event times lie in the three days before
   */
  public static List<Example> ingest(URI base, Instant now) {
    String url = base.toString().replaceAll("/$", "");
    Instant t = now.truncatedTo(ChronoUnit.MINUTES);
    Instant chat = t.minus(Duration.ofDays(3));
    Instant call = t.minus(Duration.ofDays(2));
    Instant genesys = t.minus(Duration.ofDays(1));
    Instant email = t.minus(Duration.ofHours(2));
    return List.of(
        new Example(
            "Canonical JSON (the chat path): a customer message; the card number is redacted",
            "curl -sS -X POST "
                + url
                + "/v1/events -H 'Content-Type: application/json' -d '{\"eventId\":\"try-chat-1\","
                + "\"occurredAt\":\""
                + chat
                + "\",\"channel\":\"CHAT\",\"type\":\"MESSAGE\","
                + "\"contactId\":\"try-chat-1\",\"customer\":{\"customerId\":\"C-try-1\","
                + "\"chatUserId\":\"chat-u-try-1\"},\"participant\":\"CUSTOMER\",\"text\":\"I was"
                + " charged twice on card 4111 1111 1111 1111\"}'"),
        new Example(
            "A CRM identity link: this phone number belongs to C-try-1",
            "curl -sS -X POST "
                + url
                + "/v1/identities -H 'Content-Type: application/json' -d '{\"type\":\"PHONE\","
                + "\"value\":\"+1 415 555 0100\",\"customerId\":\"C-try-1\"}'"),
        new Example(
            "Amazon Connect contact trace record: the same customer calls back about billing",
            "curl -sS -X POST "
                + url
                + "/v1/channels/amazon-connect/ctr -H 'Content-Type: application/json' -d"
                + " '{\"ContactId\":\"try-ctr-1\",\"Channel\":\"VOICE\",\"InitiationMethod\":\"INBOUND\","
                + "\"InitiationTimestamp\":\""
                + call
                + "\",\"DisconnectTimestamp\":\""
                + call.plus(Duration.ofMinutes(6))
                + "\",\"CustomerEndpoint\":{\"Address\":\"+14155550100\",\"Type\":\"TELEPHONE_NUMBER\"},"
                + "\"Queue\":{\"Name\":\"billing-q\"},\"Agent\":{\"Username\":\"agent-7\"},"
                + "\"Attributes\":{\"issue\":\"billing\"}}'"),
        new Example(
            "Genesys Cloud conversation event",
            "curl -sS -X POST "
                + url
                + "/v1/channels/genesys/events -H 'Content-Type: application/json' -d"
                + " '{\"topicName\":\"v2.detail.events.conversation.try-conv-1.customer.start\","
                + "\"version\":\"2\",\"eventBody\":{\"eventTime\":"
                + genesys.toEpochMilli()
                + ",\"conversationId\":\"try-conv-1\",\"participantId\":\"try-participant-1\","
                + "\"sessionId\":\"try-session-1\",\"mediaType\":\"VOICE\",\"direction\":\"INBOUND\","
                + "\"ani\":\"tel:+14155550100\",\"dnis\":\"tel:+18005550100\"}}'"),
        new Example(
            "Raw RFC 5322 email",
            "printf 'From: Ana Silva <ana.silva@example.com>\\r\\nTo: support@example.com\\r\\n"
                + "Subject: Refund\\r\\nMessage-ID: <try-email-1@example.com>\\r\\n"
                + "Date: "
                + RFC_5322.format(email)
                + "\\r\\n\\r\\nHello, the refund still has not arrived.\\r\\n'"
                + " | curl -sS -X POST "
                + url
                + "/v1/channels/email -H 'Content-Type: message/rfc822' --data-binary @-"),
        new Example(
            "Twilio inbound SMS webhook (form-encoded, no event time: stamped on receipt;"
                + " answers TwiML)",
            "curl -sS -X POST "
                + url
                + "/v1/channels/twilio/sms --data-urlencode"
                + " 'MessageSid=SMtry0000000000000000000000000001' --data-urlencode"
                + " 'From=+14155550100' --data-urlencode 'To=+18005550100' --data-urlencode"
                + " 'Body=Still waiting for my refund'"));
  }

  /**
   * The query examples for a query API at {@code base}: each reads what the ingest examples printed
   * at the same {@code now} wrote (customer {@code C-try-1}, phone {@code +1 415 555 0100}): the
   * chat contact is NOT_RESOLVED because the customer called back about the same issue two days
   * later.
   */
  public static List<Example> query(URI base, Instant now) {
    String url = base.toString().replaceAll("/$", "");
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    return List.of(
        new Example("A contact with its FCR status", "curl -sS " + url + "/v1/contacts/try-chat-1"),
        new Example(
            "A customer's journey across channels",
            "curl -sS " + url + "/v1/customers/C-try-1/journey"),
        new Example(
            "Who a phone number belongs to (normalized to E.164 like the topology does)",
            "curl -sS " + url + "/v1/identities/%2B14155550100"),
        new Example(
            "FCR per channel, daily buckets of the last week",
            "curl -sS '"
                + url
                + "/v1/metrics/fcr?by=channel&window=1d&from="
                + today.minus(Duration.ofDays(7))
                + "&to="
                + today.plus(Duration.ofDays(1))
                + "'"),
        new Example(
            "Sentiment per queue, hourly buckets",
            "curl -sS '" + url + "/v1/metrics/sentiment?by=queue&window=1h'"),
        new Example(
            "Repeat contacts and channel hops, all contacts",
            "curl -sS '" + url + "/v1/metrics/repeat-contacts?by=all&window=1d'"),
        new Example(
            "Service level, abandonment, speed of answer and handle time per queue",
            "curl -sS '" + url + "/v1/metrics/service?by=queue&window=1d'"),
        new Example(
            "CSAT, NPS and CES per agent, and CSAT of resolved against unresolved contacts",
            "curl -sS '" + url + "/v1/metrics/surveys?by=agent&window=1d'"),
        new Example(
            "Readiness (200 once Kafka Streams is RUNNING)", "curl -sS " + url + "/health/ready"),
        new Example(
            "Prometheus metrics, e.g. consumer lag per partition",
            "curl -sS " + url + "/metrics | grep records_lag"),
        new Example("The OpenAPI 3.1 document", "curl -sS " + url + "/openapi.json"));
  }
}

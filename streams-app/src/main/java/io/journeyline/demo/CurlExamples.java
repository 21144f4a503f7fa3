package io.journeyline.demo;

import java.net.URI;
import java.util.List;

/**
 * The {@code curl} commands the demo prints: one per ingest endpoint, ready to paste into a shell.
 * The README shows the same commands for the default port; a test runs them as printed.
 */
public final class CurlExamples {

  private CurlExamples() {}

  /**
   * One example: what it shows and the command.
   *
   * @param title what the example does
   * @param command the shell command, as printed
   */
  public record Example(String title, String command) {}

  /** The ingest examples for an adapters API at {@code base} (no API key: the demo's default). */
  public static List<Example> ingest(URI base) {
    String url = base.toString().replaceAll("/$", "");
    return List.of(
        new Example(
            "Canonical JSON (the chat path): a customer message; the card number is redacted",
            "curl -sS -X POST "
                + url
                + "/v1/events -H 'Content-Type: application/json' -d '{\"eventId\":\"try-chat-1\","
                + "\"occurredAt\":\"2026-06-01T10:00:00Z\",\"channel\":\"CHAT\",\"type\":\"MESSAGE\","
                + "\"contactId\":\"try-chat-1\",\"customer\":{\"customerId\":\"C-try-1\","
                + "\"chatUserId\":\"chat-u-try-1\"},\"participant\":\"CUSTOMER\",\"text\":\"I was"
                + " charged twice on card 4111 1111 1111 1111\"}'"),
        new Example(
            "A CRM identity link",
            "curl -sS -X POST "
                + url
                + "/v1/identities -H 'Content-Type: application/json' -d '{\"type\":\"PHONE\","
                + "\"value\":\"+1 415 555 0100\",\"customerId\":\"C-try-1\"}'"),
        new Example(
            "Twilio inbound SMS webhook (form-encoded; answers TwiML)",
            "curl -sS -X POST "
                + url
                + "/v1/channels/twilio/sms --data-urlencode 'MessageSid=SMtry0000000000000000000000000001'"
                + " --data-urlencode 'From=+14155550100' --data-urlencode 'To=+18005550100'"
                + " --data-urlencode 'Body=Still waiting for my refund'"),
        new Example(
            "Amazon Connect contact trace record",
            "curl -sS -X POST "
                + url
                + "/v1/channels/amazon-connect/ctr -H 'Content-Type: application/json' -d"
                + " '{\"ContactId\":\"try-ctr-1\",\"Channel\":\"VOICE\",\"InitiationMethod\":\"INBOUND\","
                + "\"InitiationTimestamp\":\"2026-06-02T09:00:00Z\","
                + "\"DisconnectTimestamp\":\"2026-06-02T09:06:00Z\","
                + "\"CustomerEndpoint\":{\"Address\":\"+14155550100\",\"Type\":\"TELEPHONE_NUMBER\"},"
                + "\"Queue\":{\"Name\":\"billing-q\"},\"Agent\":{\"Username\":\"agent-7\"},"
                + "\"Attributes\":{\"issue\":\"billing\"}}'"),
        new Example(
            "Genesys Cloud conversation event",
            "curl -sS -X POST "
                + url
                + "/v1/channels/genesys/events -H 'Content-Type: application/json' -d"
                + " '{\"topicName\":\"v2.detail.events.conversation.try-conv-1.customer.start\","
                + "\"version\":\"2\",\"eventBody\":{\"eventTime\":1780390800000,"
                + "\"conversationId\":\"try-conv-1\",\"participantId\":\"try-participant-1\","
                + "\"sessionId\":\"try-session-1\",\"mediaType\":\"VOICE\",\"direction\":\"INBOUND\","
                + "\"ani\":\"tel:+14155550100\",\"dnis\":\"tel:+18005550100\"}}'"),
        new Example(
            "Raw RFC 5322 email",
            "printf 'From: Ana Silva <ana.silva@example.com>\\r\\nTo: support@example.com\\r\\n"
                + "Subject: Refund\\r\\nMessage-ID: <try-email-1@example.com>\\r\\n"
                + "Date: Wed, 03 Jun 2026 08:30:00 +0000\\r\\n\\r\\nHello, the refund still has not"
                + " arrived.\\r\\n' | curl -sS -X POST "
                + url
                + "/v1/channels/email -H 'Content-Type: message/rfc822' --data-binary @-"));
  }

  /**
   * The query examples for a query API at {@code base}: each reads what the ingest examples wrote
   * (customer {@code C-try-1}, phone {@code +1 415 555 0100}). The contact is the Twilio SMS
   * conversation: Twilio carries no event time, so it is stamped with the receive time, the newest
   * of the examples; the dated examples (June 2026) leave the journey once stream time is more than
   * the journey horizon (30 days) past them.
   */
  public static List<Example> query(URI base) {
    String url = base.toString().replaceAll("/$", "");
    return List.of(
        new Example(
            "A contact with its FCR status",
            "curl -sS " + url + "/v1/contacts/sms:%2B14155550100:%2B18005550100"),
        new Example(
            "A customer's journey across channels",
            "curl -sS " + url + "/v1/customers/C-try-1/journey"),
        new Example(
            "Who a phone number belongs to (normalized to E.164 like the topology does)",
            "curl -sS " + url + "/v1/identities/%2B14155550100"),
        new Example(
            "FCR per channel, daily buckets",
            "curl -sS '"
                + url
                + "/v1/metrics/fcr?by=channel&window=1d&from=2026-06-01T00:00:00Z"
                + "&to=2026-06-08T00:00:00Z'"),
        new Example(
            "Sentiment per queue, hourly buckets",
            "curl -sS '" + url + "/v1/metrics/sentiment?by=queue&window=1h'"),
        new Example(
            "Repeat contacts and channel hops, all contacts",
            "curl -sS '" + url + "/v1/metrics/repeat-contacts?by=all&window=1d'"),
        new Example(
            "Readiness (200 once Kafka Streams is RUNNING)", "curl -sS " + url + "/health/ready"),
        new Example(
            "Prometheus metrics, e.g. consumer lag per partition",
            "curl -sS " + url + "/metrics | grep records_lag"),
        new Example("The OpenAPI 3.1 document", "curl -sS " + url + "/openapi.json"));
  }
}

package io.journeyline.adapters.channels.email;

import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.problem.FieldError;
import io.journeyline.adapters.problem.Problem;
import io.journeyline.adapters.problem.ProblemException;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one raw RFC 5322 email ({@code message/rfc822}) onto a canonical EMAIL MESSAGE from the
 * customer.
 *
 * <ul>
 *   <li>thread key (the contactId, {@code email:<id>}): the first id of {@code References}, else
 *       {@code In-Reply-To}, else the message's own {@code Message-ID}; the topology splits a
 *       thread into contacts by the email inactivity gap;
 *   <li>customer: the {@code From} address, lower-cased; mailbox: the first {@code To} address;
 *   <li>text: the text/plain part (text/html stripped of tags when there is none), with quoted
 *       replies ("&gt;" lines, "On ... wrote:", "-----Original Message-----", Outlook "From:/Sent:"
 *       headers) and the signature after "-- " removed;
 *   <li>event time: the {@code Date} header; when it is missing or lies beyond the future skew
 *       bound (a wrong sender clock), the time the message arrives;
 *   <li>eventId: {@code email:<Message-ID>}, or a SHA-256 of the raw message without one.
 * </ul>
 */
public final class EmailMessages {

  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
  private static final Pattern ON_WROTE = Pattern.compile("(?is)^\\s*On\\b.{0,300}\\bwrote:\\s*$");
  private static final Pattern ORIGINAL =
      Pattern.compile("(?i)^\\s*-{2,}\\s*(Original Message|Forwarded message)\\s*-{2,}.*$");
  private static final Pattern OUTLOOK_FROM = Pattern.compile("(?i)^\\s*\\*?From:\\*?\\s.+$");
  private static final Pattern OUTLOOK_NEXT =
      Pattern.compile("(?i)^\\s*\\*?(Sent|Date|To|Subject):\\*?\\s.*$");
  private static final Pattern UNDERSCORES = Pattern.compile("^_{10,}\\s*$");
  private static final Session SESSION = Session.getInstance(new Properties());

  private final Clock clock;
  private final Duration maxFutureSkew;

  public EmailMessages(Clock clock, Duration maxFutureSkew) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
  }

  /**
   * Maps a raw message.
   *
   * @throws ProblemException 400 when the message cannot be parsed or has no valid From
   */
  public CanonicalEvent map(byte[] raw) {
    MimeMessage message;
    List<FieldError> errors = new ArrayList<>();
    try {
      message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
      String from = sender(message);
      String customer = from == null ? null : Identifiers.email(from).orElse(null);
      if (customer == null) {
        errors.add(
            new FieldError(0, "From", from == null ? "is required" : "must be an email address"));
      }
      String messageId = firstId(message.getHeader("Message-ID", null));
      String threadKey = firstId(message.getHeader("References", " "));
      if (threadKey == null) {
        threadKey = firstId(message.getHeader("In-Reply-To", " "));
      }
      String ownId = messageId != null ? messageId : "sha256:" + sha256(raw);
      if (threadKey == null) {
        threadKey = ownId;
      }
      String text = body(message);
      if (text != null && text.length() > CanonicalJson.TEXT_MAX) {
        text = text.substring(0, CanonicalJson.TEXT_MAX);
      }
      if (!errors.isEmpty()) {
        throw new ProblemException(Problem.validation(errors));
      }
      Instant now = clock.instant();
      Instant sent = message.getSentDate() == null ? null : message.getSentDate().toInstant();
      Instant at =
          sent == null
                  || sent.isAfter(now.plus(maxFutureSkew))
                  || sent.isBefore(CanonicalJson.EARLIEST)
              ? now
              : sent;
      String subject = message.getSubject();
      if (subject != null && subject.length() > CanonicalJson.SHORT_MAX) {
        subject = subject.substring(0, CanonicalJson.SHORT_MAX);
      }
      return CanonicalEvent.builder()
          .eventId(bounded("email:" + ownId))
          .occurredAt(at)
          .channel(Channel.EMAIL)
          .type(EventType.MESSAGE)
          .contactId(bounded("email:" + threadKey))
          .customer(Customer.ofEmail(customer))
          .direction(Direction.INBOUND)
          .participant(Participant.CUSTOMER)
          .text(text == null || text.isBlank() ? null : text)
          .source("email")
          .messageId(messageId == null ? null : bounded(messageId))
          .subject(subject)
          .mailbox(mailbox(message))
          .build();
    } catch (MessagingException | IOException | RuntimeException e) {
      if (e instanceof ProblemException p) {
        throw p;
      }
      throw new ProblemException(Problem.malformed("the body is not a readable RFC 5322 message"));
    }
  }

  private static String sender(MimeMessage message) throws MessagingException {
    Address[] from = message.getFrom();
    if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)) {
      return null;
    }
    return address.getAddress();
  }

  private static String mailbox(MimeMessage message) throws MessagingException {
    Address[] to = message.getRecipients(Message.RecipientType.TO);
    if (to == null || to.length == 0 || !(to[0] instanceof InternetAddress address)) {
      return null;
    }
    return Identifiers.email(address.getAddress()).orElse(null);
  }

  /** The first message id in a header value, without angle brackets. */
  static String firstId(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = MESSAGE_ID.matcher(header);
    if (m.find()) {
      return m.group(1);
    }
    String trimmed = header.trim().split("\\s+")[0];
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static String bounded(String id) {
    return id.length() <= CanonicalJson.ID_MAX
        ? id
        : id.substring(0, 7) + sha256(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String body(Part part) throws MessagingException, IOException {
    String plain = find(part, "text/plain", 0);
    if (plain != null) {
      return stripQuoted(plain);
    }
    String html = find(part, "text/html", 0);
    return html == null ? null : stripQuoted(htmlToText(html));
  }

  private static String find(Part part, String mimeType, int depth)
      throws MessagingException, IOException {
    if (depth > 10) {
      return null;
    }
    if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      return null;
    }
    if (part.isMimeType(mimeType)) {
      Object content = part.getContent();
      return content instanceof String s ? s : null;
    }
    if (part.isMimeType("multipart/*")) {
      Object content = part.getContent();
      if (content instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart child = multipart.getBodyPart(i);
          String found = find(child, mimeType, depth + 1);
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }

  static String htmlToText(String html) {
    return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
        .replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n")
        .replaceAll("<[^>]*>", " ")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  /** The new text of a reply: quoted history and signature removed. */
  public static String stripQuoted(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.equals("-- ") || line.equals("--")) {
        break;
      }
      if (ORIGINAL.matcher(line).matches() || UNDERSCORES.matcher(line).matches()) {
        break;
      }
      if (ON_WROTE.matcher(line).matches()
          || (i + 1 < lines.length
              && line.trim().startsWith("On ")
              && ON_WROTE.matcher(line + " " + lines[i + 1]).matches())) {
        break;
      }
      if (OUTLOOK_FROM.matcher(line).matches()
          && i + 1 < lines.length
          && OUTLOOK_NEXT.matcher(lines[i + 1]).matches()) {
        break;
      }
      if (line.trim().startsWith(">")) {
        continue;
      }
      out.append(line).append('\n');
    }
    return out.toString().strip();
  }
}

package io.journeyline.adapters.channels.email;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.journeyline.adapters.ingest.CanonicalEvent;
import io.journeyline.adapters.ingest.CanonicalJson;
import io.journeyline.adapters.ingest.Customer;
import io.journeyline.adapters.ingest.Identifiers;
import io.journeyline.adapters.ingest.TimeBounds;
import io.journeyline.avro.Channel;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.problem.FieldError;
import io.journeyline.problem.Problem;
import io.journeyline.problem.ProblemException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Maps one raw RFC 5322 email ({@code message/rfc822}) onto a canonical EMAIL MESSAGE from the
 * customer.
 *
 * <ul>
 *   <li>thread key (the contactId, {@code email:<id>}): the first id of {@code References}, else
 *       {@code In-Reply-To}, else the message's own {@code Message-ID}; the topology splits a
 *       thread into contacts by the email inactivity gap;
 *   <li>customer: the {@code From} address, lower-cased; mailbox: the first {@code To} address;
 *   <li>text: the text/plain part (else the text/html part as text), with quoted replies ("&gt;"
 *       lines, "On ... wrote:", "-----Original Message-----", Outlook "From:/Sent:" headers) and
 *       the signature after "-- " removed;
 *   <li>event time: the {@code Date} header, which must lie within the event-time window (else 400
 *       naming {@code Date}); when it is missing, the time the message arrives;
 *   <li>eventId: {@code email:<Message-ID>}, or without one {@code email:headers:<SHA-256>} of the
 *       headers that survive relay hops (From, To, Cc, Date, Subject, In-Reply-To, References), so
 *       a message relayed twice is one event;
 *   <li>text/html is turned into text with jsoup (quoted blocks removed); a charset Java does not
 *       know is decoded best effort (UTF-8 if valid, else windows-1252).
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

  /** Longest line the quote patterns look at ("On ... wrote:" allows 300 characters between). */
  private static final int QUOTE_LINE_MAX = 400;

  private static final List<String> STABLE_HEADERS =
      List.of("From", "To", "Cc", "Date", "Subject", "In-Reply-To", "References");
  private static final Session SESSION = Session.getInstance(new Properties());

  private final TimeBounds bounds;

  public EmailMessages(TimeBounds bounds) {
    this.bounds = bounds;
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
      String ownId = messageId != null ? messageId : "headers:" + headerDigest(message);
      if (threadKey == null) {
        threadKey = ownId;
      }
      // Not truncated here: the text is redacted first, then cut (AvroMapper).
      String text = body(message);
      Instant sent = message.getSentDate() == null ? null : message.getSentDate().toInstant();
      if (sent != null) {
        String violation = bounds.violation(sent);
        if (violation != null) {
          errors.add(new FieldError(0, "Date", violation));
        }
      }
      if (!errors.isEmpty()) {
        throw new ProblemException(Problem.validation(errors));
      }
      Instant at = sent == null ? bounds.clock().instant() : sent;
      String subject = message.getSubject();
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

  /**
   * A digest of the headers that stay the same at every relay hop (From, To, Cc, Date, Subject,
   * In-Reply-To, References), for a message without Message-ID: Received, Return-Path and DKIM
   * headers that relays add are left out.
   */
  static String headerDigest(MimeMessage message) throws MessagingException {
    StringBuilder sb = new StringBuilder();
    for (String name : STABLE_HEADERS) {
      String[] values = message.getHeader(name);
      sb.append(name.toLowerCase(java.util.Locale.ROOT)).append(':');
      if (values != null) {
        for (String v : values) {
          sb.append(v.replaceAll("\\s+", " ").trim()).append('\u0000');
        }
      }
      sb.append('\n');
    }
    return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
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
      return text(part);
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

  /**
   * The text of a text part. A charset Java does not know (or a mislabelled one) is decoded best
   * effort: UTF-8 when the bytes are valid UTF-8, else windows-1252 (a superset of Latin-1 that
   * maps every byte), so one odd label never rejects the whole message.
   */
  static String text(Part part) throws MessagingException, IOException {
    try {
      Object content = part.getContent();
      if (content instanceof String s) {
        return s;
      }
    } catch (java.io.UnsupportedEncodingException
        | java.nio.charset.IllegalCharsetNameException e) {
      // fall through to the raw bytes
    }
    byte[] bytes;
    try (java.io.InputStream in = part.getInputStream()) {
      bytes = in.readAllBytes();
    }
    return bestEffort(bytes);
  }

  static String bestEffort(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
    }
  }

  /** Block elements that end a line of text. */
  private static final java.util.Set<String> BLOCKS =
      java.util.Set.of(
          "p",
          "div",
          "br",
          "li",
          "tr",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "table",
          "ul",
          "ol",
          "blockquote",
          "pre",
          "hr",
          "section",
          "article",
          "header",
          "footer",
          "dd",
          "dt");

  /**
   * HTML to text with a real parser (jsoup, linear in the input): script, style and head content
   * dropped, quoted history removed (blockquote, Gmail's gmail_quote, Outlook's divRplyFwdMsg and
   * everything after it, Thunderbird's moz-cite-prefix), block elements and br as line breaks,
   * entities decoded.
   */
  static String htmlToText(String html) {
    // Real mail nests far less than this; deeper markup is flattened by the parser, which keeps
    // a hostile body of 100k nested elements cheap.
    org.jsoup.nodes.Document doc =
        org.jsoup.Jsoup.parse(html, "", org.jsoup.parser.Parser.htmlParser().setMaxDepth(256));
    doc.select("script, style, head, title, noscript, template").remove();
    doc.select(
            "blockquote, .gmail_quote, .moz-cite-prefix, #mail-editor-reference-message-container")
        .remove();
    for (org.jsoup.nodes.Element reply : doc.select("#divRplyFwdMsg, #appendonsend")) {
      // Outlook puts the quoted message after this marker, as its following siblings.
      org.jsoup.nodes.Node next = reply;
      while (next != null) {
        org.jsoup.nodes.Node following = next.nextSibling();
        next.remove();
        next = following;
      }
    }
    StringBuilder out = new StringBuilder();
    org.jsoup.select.NodeTraversor.traverse(
        new org.jsoup.select.NodeVisitor() {
          @Override
          public void head(org.jsoup.nodes.Node node, int depth) {
            if (node instanceof org.jsoup.nodes.TextNode t) {
              out.append(t.getWholeText().replace('\u00a0', ' '));
            } else if (node instanceof org.jsoup.nodes.Element e
                && BLOCKS.contains(e.normalName())) {
              newline(out);
            }
          }

          @Override
          public void tail(org.jsoup.nodes.Node node, int depth) {
            if (node instanceof org.jsoup.nodes.Element e && BLOCKS.contains(e.normalName())) {
              newline(out);
            }
          }
        },
        doc.body() == null ? doc : doc.body());
    // Collapse runs of spaces within lines; keep line structure.
    StringBuilder text = new StringBuilder(out.length());
    for (String line : out.toString().split("\n", -1)) {
      String collapsed = SPACES.matcher(line).replaceAll(" ").strip();
      if (!collapsed.isEmpty() || (text.length() > 0 && text.charAt(text.length() - 1) != '\n')) {
        text.append(collapsed).append('\n');
      }
    }
    return text.toString().strip();
  }

  private static void newline(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
  }

  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");

  /** The new text of a reply: quoted history and signature removed. */
  public static String stripQuoted(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.equals("-- ") || line.equals("--")) {
        break;
      }
      if (line.length() > QUOTE_LINE_MAX) {
        // No reply header is this long: the patterns only look at lines that could be one.
        if (!line.stripLeading().startsWith(">")) {
          out.append(line).append('\n');
        }
        continue;
      }
      // Cheap gates first: each pattern only runs on lines that contain what it needs.
      String head = line.stripLeading();
      if ((line.contains("--") && ORIGINAL.matcher(line).matches())
          || (head.startsWith("__") && UNDERSCORES.matcher(line).matches())) {
        break;
      }
      if (head.regionMatches(true, 0, "On", 0, 2)
          && ((line.contains("wrote:") && ON_WROTE.matcher(line).matches())
              || (i + 1 < lines.length
                  && lines[i + 1].length() <= QUOTE_LINE_MAX
                  && lines[i + 1].contains("wrote:")
                  && ON_WROTE.matcher(line + " " + lines[i + 1]).matches()))) {
        break;
      }
      if (head.length() > 5
          && (head.regionMatches(true, 0, "From:", 0, 5)
              || head.regionMatches(true, 0, "*From:", 0, 6))
          && i + 1 < lines.length
          && OUTLOOK_NEXT.matcher(lines[i + 1]).matches()
          && OUTLOOK_FROM.matcher(line).matches()) {
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

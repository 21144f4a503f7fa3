package io.journeyline.topology;

import io.journeyline.avro.Channel;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded contact-center history over weeks or months, on all four channels, as a platform would
 * replay it: customers who come back on another channel about the same issue (or not), long queue
 * waits, bot messages after the end, abandoned calls, unresolved dispositions, outbound calls, SMS
 * and email conversations split by inactivity, provisional (phone-only) customers, and customers
 * who reveal who they are late: some call from their number first and name themselves (customer id
 * and number on one event) on a later contact; some write from an address only, which a CRM link
 * posted at a random moment (before, between or after their contacts) ties to their customer id.
 * {@link #posted} is the order a producer sends it in: event-time order, with reorderings of under
 * a minute and retried events sent again right after the original; {@link #links} says after how
 * many posted events each CRM link is posted.
 */
final class History {

  static final String BUSINESS_NUMBER = "+18005550199";
  static final String[] ISSUES = {"billing", "delivery", "outage", null};
  static final double[] SCORES = {-0.9, -0.7, -0.4, -0.1, 0.0, 0.3, 0.6, 0.9};

  /** Every distinct event, in generation order. */
  final List<Ev> distinct = new ArrayList<>();

  /** The events in the order they are posted, duplicates included. */
  final List<Ev> posted = new ArrayList<>();

  /**
   * A CRM link, posted once {@code afterPosted} events of {@link #posted} have been.
   *
   * @param type PHONE, EMAIL or CHAT_USER
   * @param value the identifier
   * @param customerId the customer
   * @param afterPosted how many posted events come before it
   */
  record Link(String type, String value, String customerId, int afterPosted) {}

  /** The CRM links, in posting order. */
  final List<Link> links = new ArrayList<>();

  int duplicates;
  int reorders;
  int contactsGenerated;

  private final SplittableRandom random;
  private final String prefix;
  private int ids;

  private History(long seed) {
    this.random = new SplittableRandom(seed);
    this.prefix = "h" + seed;
  }

  /**
   * Generates a history.
   *
   * @param seed fixes everything
   * @param start the earliest instant
   * @param days how long it lasts
   * @param customers how many customers (every fifth is known by phone only)
   */
  static History generate(long seed, Instant start, int days, int customers) {
    History h = new History(seed);
    long end = start.plus(Duration.ofDays(days)).toEpochMilli();
    for (int c = 0; c < customers; c++) {
      h.customer(c, start.toEpochMilli(), end, days);
    }
    h.postingOrder();
    h.placeLinks();
    return h;
  }

  /** The latest event time: the watermark the adapters end the replay with. */
  Instant maxTime() {
    return distinct.stream().map(e -> e.at).max(Comparator.naturalOrder()).orElseThrow();
  }

  private final List<String[]> pendingLinks = new ArrayList<>();

  private void customer(int c, long start, long end, int days) {
    boolean known = c % 5 != 4;
    // Revealed by an event: the first contact is a call from the number only; later contacts name
    // the customer and carry the number too.
    boolean revealedByEvent = c % 5 == 3;
    // Revealed by the CRM: emails come from the address only; a CRM link ties it to the customer.
    boolean revealedByCrm = c % 5 == 2;
    String customerId = known ? prefix + "-cust-" + c : null;
    String phone = "+14152" + String.format(Locale.ROOT, "%06d", c);
    String email = "c" + c + "@" + prefix + ".example.com";
    if (revealedByCrm) {
      pendingLinks.add(new String[] {"EMAIL", email, customerId, "EMAIL:" + email});
    }
    long t =
        start
            + random.nextInt(Math.max(1, days - 14)) * 86_400_000L
            + minutes(random.nextInt(1440));
    int contacts = 1 + random.nextInt(4);
    for (int j = 0; j < contacts && t < end; j++) {
      Channel channel =
          revealedByEvent && j == 0
              ? Channel.VOICE
              : known
                  ? Channel.values()[random.nextInt(4)]
                  : random.nextBoolean() ? Channel.VOICE : Channel.SMS;
      boolean anonymous =
          (revealedByEvent && j == 0) || (revealedByCrm && channel == Channel.EMAIL);
      List<Ev> contact =
          switch (channel) {
            case CHAT, VOICE -> call(channel, c, j, t);
            case EMAIL -> email(c, t);
            case SMS -> sms(phone, t);
          };
      boolean outbound = channel == Channel.VOICE && random.nextInt(10) == 0;
      for (Ev e : contact) {
        if (customerId != null && !anonymous) {
          e.customer(customerId);
        }
        if (channel == Channel.SMS || channel == Channel.VOICE || revealedByEvent) {
          e.phone(phone);
        }
        if (revealedByCrm && channel == Channel.EMAIL) {
          e.email(email);
        }
        if (outbound) {
          e.outbound();
        }
      }
      distinct.addAll(contact);
      contactsGenerated++;
      long last = contact.get(contact.size() - 1).at.toEpochMilli();
      // A return about the same or another issue within days, or a quiet spell of weeks
      t =
          last
              + (random.nextBoolean()
                  ? minutes(60) + random.nextInt(5 * 24) * 3_600_000L
                  : (8 + random.nextInt(13)) * 86_400_000L);
    }
  }

  private List<Ev> call(Channel channel, int c, int j, long t) {
    String contactId = channel.name().toLowerCase(Locale.ROOT) + "-" + prefix + "-" + c + "-" + j;
    String issue = ISSUES[random.nextInt(ISSUES.length)];
    String queue = random.nextBoolean() ? "q-billing" : "q-general";
    List<Ev> out = new ArrayList<>();
    out.add(ev(channel, contactId, EventType.CONTACT_STARTED, t).queue(queue));
    // Usually the first message comes seconds after the start; some chats wait in queue longer
    // than the chat inactivity gap
    long at =
        channel == Channel.CHAT && random.nextInt(6) == 0
            ? t + minutes(35) + random.nextInt(15) * 60_000L
            : t + 10_000L + random.nextInt(40) * 1_000L;
    int messages = 1 + random.nextInt(4);
    for (int m = 0; m < messages; m++) {
      out.add(message(channel, contactId, at));
      at += minutes(1) + random.nextInt(3) * 60_000L;
    }
    boolean abandoned = random.nextInt(10) == 0;
    Ev end =
        ev(channel, contactId, abandoned ? EventType.ABANDONED : EventType.CONTACT_ENDED, at)
            .issue(issue)
            .agent("agent-" + random.nextInt(5));
    if (!abandoned && random.nextInt(8) == 0) {
      end.resolved(false);
    }
    out.add(end);
    if (random.nextInt(5) == 0) {
      Ev bye = ev(channel, contactId, EventType.MESSAGE, at + 3_000L + random.nextInt(17) * 1_000L);
      bye.participant = Participant.BOT;
      bye.text = "Thanks for contacting us";
      out.add(bye);
    }
    return out;
  }

  private List<Ev> email(int c, long t) {
    // One thread key per customer: a later email conversation is a new contact of the same key
    String thread = "thread-" + prefix + "-" + c;
    List<Ev> out = new ArrayList<>();
    long at = t;
    int messages = 1 + random.nextInt(3);
    for (int m = 0; m < messages; m++) {
      out.add(message(Channel.EMAIL, thread, at));
      at += minutes(30) + random.nextInt(6) * 3_600_000L;
    }
    out.get(out.size() - 1).issue(ISSUES[random.nextInt(ISSUES.length)]);
    return out;
  }

  private List<Ev> sms(String phone, long t) {
    String key = phone + "|" + BUSINESS_NUMBER;
    List<Ev> out = new ArrayList<>();
    long at = t;
    int messages = 1 + random.nextInt(4);
    for (int m = 0; m < messages; m++) {
      out.add(message(Channel.SMS, key, at));
      at += minutes(1) + random.nextInt(20) * 60_000L;
    }
    out.get(out.size() - 1).issue(ISSUES[random.nextInt(ISSUES.length)]);
    return out;
  }

  private Ev message(Channel channel, String contactId, long at) {
    Ev e = ev(channel, contactId, EventType.MESSAGE, at);
    if (random.nextInt(4) == 0) {
      e.agentSays("Let me check that for you");
    } else {
      e.customerSays(SCORES[random.nextInt(SCORES.length)]);
      e.text = "I need help with my order";
    }
    return e;
  }

  private Ev ev(Channel channel, String contactId, EventType type, long at) {
    return Ev.of(channel, prefix + "-e" + ids++, contactId, type, Instant.ofEpochMilli(at));
  }

  private static long minutes(int n) {
    return n * 60_000L;
  }

  /**
   * Each CRM link after a random number of posted events: before, between or after the contacts it
   * concerns, but at most 10 days after the first of them, well within the journey horizon (a merge
   * re-attributes the contacts within the horizon; older ones keep the customer they had).
   */
  private void placeLinks() {
    for (String[] link : pendingLinks) {
      long first = Long.MAX_VALUE;
      for (Ev e : distinct) {
        if (link[1].equals(e.email)) {
          first = Math.min(first, e.at.toEpochMilli());
        }
      }
      int latest = posted.size();
      if (first != Long.MAX_VALUE) {
        long limit = first + Duration.ofDays(10).toMillis();
        latest = 0;
        while (latest < posted.size() && posted.get(latest).at.toEpochMilli() <= limit) {
          latest++;
        }
      }
      links.add(new Link(link[0], link[1], link[2], random.nextInt(latest + 1)));
    }
    links.sort(Comparator.comparingInt(Link::afterPosted));
  }

  /** Event-time order, then swaps of neighbours less than a minute apart, then retries. */
  private void postingOrder() {
    List<Ev> order = new ArrayList<>(distinct);
    order.sort(Comparator.comparing((Ev e) -> e.at).thenComparing(e -> e.eventId));
    for (int i = 0; i + 1 < order.size(); i++) {
      Ev a = order.get(i);
      Ev b = order.get(i + 1);
      if (Duration.between(a.at, b.at).toMillis() < 60_000L && random.nextInt(3) == 0) {
        order.set(i, b);
        order.set(i + 1, a);
        reorders++;
        i++;
      }
    }
    for (int i = 0; i < order.size(); i++) {
      posted.add(order.get(i));
      if (random.nextInt(33) == 0) {
        // a retry: the same event again, right behind it
        posted.add(order.get(i));
        duplicates++;
      }
    }
  }
}

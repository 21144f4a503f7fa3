package io.journeyline.simulator;

import io.journeyline.avro.Channel;
import io.journeyline.avro.CustomerRef;
import io.journeyline.avro.Direction;
import io.journeyline.avro.EventType;
import io.journeyline.avro.Participant;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.config.StreamsAppConfig;
import io.journeyline.events.InteractionEvents;
import io.journeyline.events.InteractionFields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic generator of a realistic omnichannel event mix, driven by event time.
 *
 * <p>Contacts arrive as a Poisson process in event time. Each contact is a small story: chat and
 * voice contacts start, wait in the queue until an agent answers (ANSWERED), exchange customer and
 * agent messages and end with a wrap-up issue code and disposition (or are abandoned); SMS and
 * email contacts are messages only and close by inactivity. Some inbound calls put the customer on
 * hold (the events from then on report the hold so far in {@code holdSeconds}, now and then beyond
 * the 157 s target), and every answered call ends twice, as Amazon Connect reports it: the call's
 * end, then the agent's after-contact work end 30 s to 3 min later (a wrap-up CONTACT_ENDED). A
 * share of customers come back about the same issue, mostly within the FCR window and often on
 * another channel; some contacts are outbound. Customers carry several identifiers (CRM id, phone,
 * email, chat user id) and events carry the ones their channel knows, sometimes two at once, which
 * links them.
 *
 * <p>A share of the inbound contacts an agent handled ({@link SimulationProfile#surveyShare()}) get
 * a survey answer minutes to days after they ended, with CSAT, NPS and CES scores that follow the
 * story: an upset customer, an unresolved disposition, a long hold, a transfer or a repeat contact
 * score lower. The survey names the contact by the contactId the topology gives it: the
 * conversation key, or {@code <key>@<first event>} for a later SMS conversation of the same key
 * (sessions split by the default SMS inactivity gap).
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class TrafficGenerator {

  private static final String[] ISSUES = {
    "billing", "technical", "delivery", "account", "cancellation"
  };
  private static final double[] ISSUE_WEIGHTS = {0.30, 0.25, 0.20, 0.15, 0.10};
  private static final Channel[] CHANNELS = Channel.values();
  private static final double[] CHANNEL_WEIGHTS = {0.35, 0.35, 0.15, 0.15};
  private static final String BUSINESS_NUMBER = "+18005550100";
  private static final String MAILBOX = "support@journeyline-demo.example.com";

  /** Mean events per contact of the default mix, used to turn events/s into arrivals. */
  public static final double MEAN_EVENTS_PER_CONTACT = 13.5;

  /** Chance that an answered inbound call puts the customer on hold once. */
  private static final double HOLD_PROBABILITY = 0.3;

  /** Of the holds, the share that lasts longer than the hold target. */
  private static final double LONG_HOLD_SHARE = 0.2;

  /**
   * The topology's default hold target ({@code journeyline.service.hold-target-ms}), 2 min 37 s.
   */
  private static final int HOLD_TARGET_SECONDS = 157;

  /**
   * The topology's default SMS inactivity gap: a simulated SMS conversation key is split into
   * contacts by it, as the topology splits it, to name a later contact's survey.
   */
  static final Duration SMS_INACTIVITY_GAP =
      Duration.ofMillis(
          (Long)
              StreamsAppConfig.CONFIG_DEF
                  .defaultValues()
                  .get(StreamsAppConfig.GAP_MS_PREFIX + "sms"));

  /** How long the SMS contacts of a key are remembered for naming surveys (longer than a delay). */
  private static final Duration SMS_MEMORY = Duration.ofDays(30);

  private final SimulationProfile profile;
  private final SplittableRandom random;
  private final List<Customer> customers;
  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private final Map<String, SmsKeyHistory> smsKeys = new HashMap<>();
  private Instant nextArrival;
  private long sequence;
  private long contactSequence;
  private long surveySequence;

  /** Creates a generator whose event clock starts at the profile's start instant. */
  public TrafficGenerator(SimulationProfile profile) {
    this.profile = profile;
    this.random = new SplittableRandom(profile.seed());
    this.customers = new ArrayList<>(profile.customers());
    for (int i = 0; i < profile.customers(); i++) {
      customers.add(Customer.create(i));
    }
    this.nextArrival = profile.eventClockStart();
  }

  /** How a new contact (not a return) picks its customer. */
  public enum CustomerOrder {
    /** Any customer of the pool, at random (the default). */
    RANDOM,
    /**
     * In rounds: each round visits every customer of the pool once, in a seeded random order, so
     * that after {@code customers} arrivals every customer has had a contact.
     */
    ROUNDS
  }

  /** The next customers of the current round, or null for {@link CustomerOrder#RANDOM}. */
  private Rounds rounds;

  /** Creates a generator whose new contacts pick their customers in {@code order}. */
  public TrafficGenerator(SimulationProfile profile, CustomerOrder order) {
    this(profile);
    this.rounds =
        order == CustomerOrder.ROUNDS
            ? new Rounds(profile.customers(), new SplittableRandom(profile.seed() ^ 0x9E3779B97L))
            : null;
  }

  /** The profile this generator follows. */
  public SimulationProfile profile() {
    return profile;
  }

  /**
   * What became due in one step: interaction events and survey answers, each in event-time order.
   *
   * @param events the interaction events
   * @param surveys the survey answers
   */
  public record Tick(List<SimulatedEvent> events, List<SimulatedSurvey> surveys) {}

  /**
   * Starts the contacts that arrive up to {@code until} (at the given mean arrival rate) and
   * returns every event due up to {@code until}, in event-time order. The survey answers due are
   * dropped; {@link #advance} returns them too.
   *
   * @param until the event-time instant to advance to
   * @param arrivalsPerEventHour mean number of new contacts per event-time hour
   */
  public List<SimulatedEvent> advanceTo(Instant until, double arrivalsPerEventHour) {
    return advance(until, arrivalsPerEventHour).events();
  }

  /**
   * Starts the contacts that arrive up to {@code until} (at the given mean arrival rate) and
   * returns every event and every survey answer due up to {@code until}, each in event-time order.
   *
   * @param until the event-time instant to advance to
   * @param arrivalsPerEventHour mean number of new contacts per event-time hour
   */
  public Tick advance(Instant until, double arrivalsPerEventHour) {
    if (arrivalsPerEventHour > 0) {
      double meanGapMillis = 3_600_000.0 / arrivalsPerEventHour;
      while (!nextArrival.isAfter(until)) {
        schedule(nextArrival, new Spawn(pickCustomer(), null, null, 0));
        long gap = Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis));
        nextArrival = nextArrival.plusMillis(gap);
      }
    } else if (nextArrival.isBefore(until)) {
      nextArrival = until;
    }
    List<SimulatedEvent> due = new ArrayList<>();
    List<SimulatedSurvey> surveys = new ArrayList<>();
    while (!queue.isEmpty() && !queue.peek().at().isAfter(until)) {
      Scheduled next = queue.poll();
      if (next.payload() instanceof SimulatedEvent event) {
        due.add(event);
      } else if (next.payload() instanceof PendingSurvey survey) {
        surveys.add(answer(survey));
      } else if (next.payload() instanceof Spawn spawn) {
        startContact(next.at(), spawn);
      }
    }
    return new Tick(due, surveys);
  }

  /** Events and pending story starts not yet due. */
  public int scheduled() {
    return queue.size();
  }

  private Customer pickCustomer() {
    if (rounds != null) {
      return customers.get(rounds.next());
    }
    return customers.get(random.nextInt(customers.size()));
  }

  /** Every index of {@code 0..size-1} once per round, each round in a new random order. */
  private static final class Rounds {
    private final int[] order;
    private final SplittableRandom random;
    private int next;

    Rounds(int size, SplittableRandom random) {
      this.order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      this.random = random;
      this.next = size;
    }

    int next() {
      if (next == order.length) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        next = 0;
      }
      return order[next++];
    }
  }

  private void startContact(Instant start, Spawn spawn) {
    Customer customer = spawn.customer();
    boolean isReturn = spawn.issue() != null;
    String issue = isReturn ? spawn.issue() : weighted(ISSUES, ISSUE_WEIGHTS);
    Channel channel;
    if (isReturn && random.nextDouble() >= profile.channelHopProbability()) {
      channel = spawn.previousChannel();
    } else if (isReturn) {
      channel = otherChannel(spawn.previousChannel());
    } else {
      channel = weighted(CHANNELS, CHANNEL_WEIGHTS);
    }
    boolean outbound = !isReturn && random.nextDouble() < profile.outboundProbability();
    if (outbound && (channel == Channel.CHAT || channel == Channel.EMAIL)) {
      channel = Channel.VOICE;
    }
    boolean negative =
        random.nextDouble() < profile.negativeMoodProbability() + 0.25 * spawn.depth();
    String contactId = contactId(channel, customer, start);
    Story story =
        new Story(
            channel,
            contactId,
            customer,
            outbound ? Direction.OUTBOUND : Direction.INBOUND,
            Phrases.QUEUE_BY_ISSUE.get(issue),
            "agent-" + (1 + random.nextInt(40)),
            issue);
    Instant t = start;
    boolean abandoned =
        !outbound
            && (channel == Channel.CHAT || channel == Channel.VOICE)
            && random.nextDouble() < profile.abandonProbability();
    if (channel == Channel.CHAT || channel == Channel.VOICE) {
      emit(story, t, EventType.CONTACT_STARTED, null, null, null, null);
    }
    if (abandoned) {
      t = t.plusSeconds(20 + random.nextInt(300));
      if (random.nextBoolean()) {
        emit(story, t, EventType.MESSAGE, Participant.CUSTOMER, pickText(negative), null, null);
        t = t.plusSeconds(30 + random.nextInt(120));
      }
      emit(story, t, EventType.ABANDONED, null, null, null, null);
      // An abandoned customer usually tries again soon.
      if (spawn.depth() < 3 && random.nextDouble() < 0.7) {
        schedule(
            t.plusSeconds(600 + random.nextInt(7200)),
            new Spawn(customer, issue, channel, spawn.depth() + 1));
      }
      return;
    }
    if (channel == Channel.CHAT || channel == Channel.VOICE) {
      // The queue wait before an agent answers: mostly (about 80 %) within the 20 s service-level
      // threshold, the rest up to two minutes.
      t =
          t.plusSeconds(
              outbound
                  ? 5 + random.nextInt(20)
                  : random.nextDouble() < 0.8 ? 2 + random.nextInt(19) : 21 + random.nextInt(100));
      emit(story, t, EventType.ANSWERED, null, null, null, null);
    }
    int turns = outbound ? 1 + random.nextInt(2) : 2 + random.nextInt(5);
    boolean transferred = channel == Channel.VOICE && random.nextDouble() < 0.1;
    // An inbound call: the agent may put the customer on hold once, after one of their turns.
    int holdTurn =
        channel == Channel.VOICE && !outbound && random.nextDouble() < HOLD_PROBABILITY
            ? random.nextInt(turns)
            : -1;
    Integer holdSeconds = null;
    Instant firstMessage = null;
    for (int turn = 0; turn < turns; turn++) {
      Participant first = outbound ? Participant.AGENT : Participant.CUSTOMER;
      Participant second = outbound ? Participant.CUSTOMER : Participant.AGENT;
      t = t.plus(gap(channel));
      if (firstMessage == null) {
        firstMessage = t;
      }
      boolean lastTurn = turn == turns - 1;
      String customerText =
          lastTurn && !negative ? pick(Phrases.CUSTOMER_POSITIVE) : pickText(negative);
      emit(
          story,
          t,
          EventType.MESSAGE,
          first,
          first == Participant.CUSTOMER ? customerText : pick(Phrases.AGENT),
          null,
          holdSeconds);
      if (turn == holdTurn) {
        // Every event from now on reports the hold so far ("holdSeconds"); some holds run past
        // the target.
        holdSeconds =
            random.nextDouble() < LONG_HOLD_SHARE
                ? HOLD_TARGET_SECONDS + 3 + random.nextInt(320)
                : 15 + random.nextInt(130);
        t = t.plusSeconds(holdSeconds);
      }
      // A chat agent's first reply comes quickly (the first-response target is 30 s), mostly.
      t =
          channel == Channel.CHAT && turn == 0 && second == Participant.AGENT
              ? t.plusSeconds(3 + random.nextInt(35))
              : t.plus(gap(channel));
      emit(
          story,
          t,
          EventType.MESSAGE,
          second,
          second == Participant.CUSTOMER ? customerText : pick(Phrases.AGENT),
          // Messaging channels carry the intent code on the agent's reply; chat and voice
          // get it at wrap-up.
          second == Participant.AGENT && !hasExplicitEnd(channel) ? issue : null,
          holdSeconds);
      if (transferred && turn == 0) {
        t = t.plusSeconds(30 + random.nextInt(120));
        emit(story, t, EventType.TRANSFERRED, null, null, null, holdSeconds);
      }
    }
    boolean resolved = random.nextDouble() >= profile.unresolvedDispositionProbability();
    if (hasExplicitEnd(channel)) {
      t = t.plusSeconds(10 + random.nextInt(60));
      emit(story, t, EventType.CONTACT_ENDED, null, null, resolved, holdSeconds);
      if (channel == Channel.VOICE) {
        // The agent's after-contact work ends 30 s to 3 min after the call: a second
        // CONTACT_ENDED with the same issue and disposition (the wrap-up), as Connect sends it.
        t = t.plusSeconds(30 + random.nextInt(151));
        emit(story, t, EventType.CONTACT_ENDED, null, null, resolved, holdSeconds);
      }
    }
    if (!outbound && random.nextDouble() < profile.surveyShare()) {
      boolean longHold = holdSeconds != null && holdSeconds > HOLD_TARGET_SECONDS;
      scheduleSurvey(
          story, firstMessage, t, negative, resolved, longHold, transferred, spawn.depth());
    }
    if (!outbound && spawn.depth() < 3) {
      double repeatChance = resolved ? profile.repeatProbability() : 0.8;
      if (random.nextDouble() < repeatChance / (1 + spawn.depth())) {
        Duration after =
            random.nextDouble() < profile.repeatWithinWindowShare()
                ? Duration.ofMinutes(30 + random.nextInt(6 * 24 * 60))
                : SimulationProfile.FCR_WINDOW.plusHours(12 + random.nextInt(5 * 24));
        schedule(t.plus(after), new Spawn(customer, issue, channel, spawn.depth() + 1));
      }
    }
  }

  /**
   * Plans the survey answer of a contact that ended at {@code ended}: its delay, and scores that
   * follow the story. The answer is built when it is due, when the contactId of an SMS contact is
   * known (a later SMS story of the same key may still have joined its contact).
   */
  private void scheduleSurvey(
      Story story,
      Instant firstMessage,
      Instant ended,
      boolean negative,
      boolean resolved,
      boolean longHold,
      boolean transferred,
      int depth) {
    double when = random.nextDouble();
    Duration delay =
        when < 0.45
            ? Duration.ofMinutes(2 + random.nextInt(58))
            : when < 0.8
                ? Duration.ofMinutes(60 + random.nextInt(23 * 60))
                : Duration.ofMinutes(24 * 60 + random.nextInt(3 * 24 * 60));
    Instant respondedAt = ended.plus(delay).plusSeconds(random.nextInt(60));
    double satisfaction =
        0.9
            - (negative ? 0.3 : 0)
            - (resolved ? 0 : 0.3)
            - (longHold ? 0.1 : 0)
            - (transferred ? 0.05 : 0)
            - 0.05 * depth;
    Integer csat = random.nextDouble() < 0.9 ? 1 + (int) Math.round(4 * noisy(satisfaction)) : null;
    Integer nps = random.nextDouble() < 0.7 ? (int) Math.round(10 * noisy(satisfaction)) : null;
    Integer ces =
        random.nextDouble() < 0.5 ? 1 + (int) Math.round(6 * (1 - noisy(satisfaction))) : null;
    Boolean saidResolved =
        random.nextDouble() < 0.6 ? random.nextDouble() < (resolved ? 0.9 : 0.15) : null;
    if (csat == null && nps == null && ces == null && saidResolved == null) {
      csat = 1 + (int) Math.round(4 * noisy(satisfaction));
    }
    String comment =
        random.nextDouble() < 0.25
            ? pick(satisfaction >= 0.6 ? Phrases.SURVEY_PRAISE : Phrases.SURVEY_COMPLAINT)
            : null;
    CustomerRef customer = story.customer().refFor(story.channel(), random);
    String surveyId = "survey-" + profile.seed() + "-" + (++surveySequence);
    schedule(
        respondedAt,
        new PendingSurvey(
            story.channel(),
            story.contactId(),
            firstMessage,
            SurveyResponse.newBuilder()
                .setSurveyId(surveyId)
                .setContactId(story.contactId())
                .setRespondedAt(respondedAt)
                .setCustomer(customer)
                .setChannel(story.channel())
                .setCsat(csat)
                .setNps(nps)
                .setCes(ces)
                .setResolved(saidResolved)
                .setComment(comment)
                .build()));
  }

  /** A satisfaction in [0, 1] as one answer reports it: the story's, give or take. */
  private double noisy(double satisfaction) {
    return Math.min(1, Math.max(0, satisfaction + 0.12 * random.nextGaussian()));
  }

  /** The due survey, naming its contact as the topology does. */
  private SimulatedSurvey answer(PendingSurvey pending) {
    String contactId = pending.key();
    if (pending.channel() == Channel.SMS) {
      contactId = smsKeys.get(pending.key()).contactId(pending.key(), pending.firstMessage());
    }
    SurveyResponse response =
        SurveyResponse.newBuilder(pending.response()).setContactId(contactId).build();
    return new SimulatedSurvey(pending.channel(), contactId, response.getRespondedAt(), response);
  }

  private static boolean hasExplicitEnd(Channel channel) {
    return channel == Channel.CHAT || channel == Channel.VOICE;
  }

  private String contactId(Channel channel, Customer customer, Instant start) {
    long n = ++contactSequence;
    return switch (channel) {
      case CHAT -> "chat-" + profile.seed() + "-" + n;
      case VOICE -> "call-" + profile.seed() + "-" + n;
      case EMAIL -> "thread-" + profile.seed() + "-" + n + "@mail.journeyline-demo.example.com";
      // One conversation per customer and business number; the topology sessionizes it.
      case SMS -> "sms:" + customer.phone() + ":" + BUSINESS_NUMBER;
    };
  }

  private Duration gap(Channel channel) {
    return switch (channel) {
      case CHAT -> Duration.ofSeconds(15 + random.nextInt(90));
      case VOICE -> Duration.ofSeconds(10 + random.nextInt(60));
      case EMAIL -> Duration.ofMinutes(20 + random.nextInt(6 * 60));
      case SMS -> Duration.ofSeconds(30 + random.nextInt(15 * 60));
    };
  }

  private String pickText(boolean negative) {
    if (negative) {
      return random.nextDouble() < 0.75
          ? pick(Phrases.CUSTOMER_NEGATIVE)
          : pick(Phrases.CUSTOMER_NEUTRAL);
    }
    return random.nextDouble() < 0.7
        ? pick(Phrases.CUSTOMER_NEUTRAL)
        : pick(Phrases.CUSTOMER_POSITIVE);
  }

  private String pick(List<String> options) {
    return options.get(random.nextInt(options.size()));
  }

  private Channel otherChannel(Channel previous) {
    Channel next;
    do {
      next = weighted(CHANNELS, CHANNEL_WEIGHTS);
    } while (next == previous);
    return next;
  }

  private <T> T weighted(T[] values, double[] weights) {
    double r = random.nextDouble();
    double acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += weights[i];
      if (r < acc) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private void schedule(Instant at, Object payload) {
    queue.add(new Scheduled(at, sequence++, payload));
  }

  private void emit(
      Story story,
      Instant at,
      EventType type,
      Participant participant,
      String text,
      Object issueOrResolved,
      Integer holdSeconds) {
    String eventId = "sim-" + profile.seed() + "-" + sequence;
    String issue = issueOrResolved instanceof String s ? s : null;
    Boolean resolved = issueOrResolved instanceof Boolean b ? b : null;
    if (type == EventType.CONTACT_ENDED) {
      issue = story.issue();
    }
    Double vendorSentiment = null;
    if (story.channel() == Channel.VOICE
        && participant == Participant.CUSTOMER
        && random.nextDouble() < 0.3) {
      // Contact Lens style transcript sentiment, already normalized to [-1, 1].
      vendorSentiment = Math.round((random.nextDouble() * 2 - 1) * 100) / 100.0;
    }
    CustomerRef ref = story.customer().refFor(story.channel(), random);
    InteractionFields fields =
        new InteractionFields(
            story.channel(),
            eventId,
            at,
            type,
            story.contactId(),
            ref,
            story.direction(),
            story.queue(),
            story.agentId(),
            issue,
            participant,
            text,
            vendorSentiment,
            resolved,
            "simulator",
            Map.of());
    Map<String, Object> channelFields =
        switch (story.channel()) {
          case CHAT -> Map.of("entryPoint", "web:/help");
          case VOICE ->
              holdSeconds == null
                  ? Map.of("dialedNumber", BUSINESS_NUMBER)
                  : Map.of("dialedNumber", BUSINESS_NUMBER, "holdSeconds", holdSeconds);
          case EMAIL ->
              Map.of(
                  "messageId", eventId + "@mail.journeyline-demo.example.com",
                  "subject", "Re: your " + story.issue() + " request",
                  "mailbox", MAILBOX);
          case SMS ->
              Map.of(
                  "messageSid",
                  "SM" + Long.toHexString(sequence),
                  "businessNumber",
                  BUSINESS_NUMBER);
        };
    SpecificRecord event = InteractionEvents.build(fields, channelFields);
    if (story.channel() == Channel.SMS) {
      smsKeys.computeIfAbsent(story.contactId(), k -> new SmsKeyHistory()).add(at.toEpochMilli());
    }
    schedule(at, new SimulatedEvent(story.channel(), story.contactId(), at, event));
  }

  private record Scheduled(Instant at, long seq, Object payload) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
  }

  private record Spawn(Customer customer, String issue, Channel previousChannel, int depth) {}

  /**
   * A survey answer planned for a contact: its conversation key, and for SMS the contact's first
   * message, which finds the contact (and so its contactId) among the key's when it is due.
   */
  private record PendingSurvey(
      Channel channel, String key, Instant firstMessage, SurveyResponse response) {}

  /**
   * The contacts the topology makes of one SMS conversation key: the key's events split where the
   * silence exceeds {@link #SMS_INACTIVITY_GAP}. The earliest contact of a key keeps the key as its
   * contactId, a later one is {@code <key>@<its first event>}.
   */
  private static final class SmsKeyHistory {
    private final long gap = SMS_INACTIVITY_GAP.toMillis();
    private final TreeMap<Long, Long> contacts = new TreeMap<>(); // first event -> last event
    private long firstEver = Long.MAX_VALUE;

    void add(long at) {
      firstEver = Math.min(firstEver, at);
      long from = at;
      long to = at;
      Map.Entry<Long, Long> before = contacts.floorEntry(at);
      if (before != null && before.getValue() + gap >= at) {
        from = before.getKey();
        to = Math.max(before.getValue(), at);
        contacts.remove(before.getKey());
      }
      Map.Entry<Long, Long> after;
      while ((after = contacts.ceilingEntry(from)) != null && after.getKey() - gap <= to) {
        to = Math.max(to, after.getValue());
        contacts.remove(after.getKey());
      }
      contacts.put(from, to);
      long forgetBefore = at - SMS_MEMORY.toMillis();
      while (!contacts.isEmpty() && contacts.firstEntry().getValue() < forgetBefore) {
        contacts.pollFirstEntry();
      }
    }

    String contactId(String key, Instant message) {
      Map.Entry<Long, Long> contact = contacts.floorEntry(message.toEpochMilli());
      long first = contact == null ? firstEver : contact.getKey();
      return first == firstEver ? key : key + "@" + Instant.ofEpochMilli(first);
    }
  }

  private record Story(
      Channel channel,
      String contactId,
      Customer customer,
      Direction direction,
      String queue,
      String agentId,
      String issue) {}

  /**
   * One customer in this many shares the phone number of the customer before (a household), so that
   * phone-only contacts of two customers still meet in the identity graph; every other customer has
   * a number of their own.
   */
  static final int HOUSEHOLD_EVERY = 40;

  /** A simulated customer with all their identifiers. */
  record Customer(String customerId, String phone, String email, String chatUserId) {

    static Customer create(int index) {
      String[] first = {"alex", "sam", "maria", "li", "omar", "priya", "jonas", "ana", "kofi"};
      String[] last = {"smith", "garcia", "chen", "okafor", "novak", "silva", "kim", "berg"};
      String name = first[index % first.length] + "." + last[(index / first.length) % last.length];
      // A household: one customer in HOUSEHOLD_EVERY shares the phone of the customer before.
      int phoneOwner = index % HOUSEHOLD_EVERY == HOUSEHOLD_EVERY - 1 ? index - 1 : index;
      String phone = phoneNumber(phoneOwner);
      return new Customer(
          String.format("C-%06d", index),
          phone,
          name + index + "@example.com",
          String.format("chat-u-%05d", index));
    }

    /**
     * The phone number of customer {@code index}: distinct for up to 1,000,000 customers (the 555
     * exchange, unassigned for real subscribers, over 100 area codes of the North American
     * numbering plan's form: no N11, no 9 in the middle digit).
     */
    static String phoneNumber(int index) {
      int slot = (index / 10_000) % 100;
      int area = 201;
      for (int found = -1; ; area++) {
        if ((area / 10) % 10 != 9 && area % 100 != 11 && ++found == slot) {
          break;
        }
      }
      return String.format("+1%d555%04d", area, index % 10_000);
    }

    /** The identifiers a platform of this channel knows; sometimes also the CRM id. */
    CustomerRef refFor(Channel channel, SplittableRandom random) {
      CustomerRef.Builder ref = CustomerRef.newBuilder();
      switch (channel) {
        case CHAT -> {
          ref.setChatUserId(chatUserId);
          if (random.nextDouble() < 0.5) {
            ref.setCustomerId(customerId);
          }
        }
        case VOICE -> {
          ref.setPhone(phone);
          if (random.nextDouble() < 0.4) {
            ref.setCustomerId(customerId);
          }
        }
        case EMAIL -> ref.setEmail(email);
        case SMS -> ref.setPhone(phone);
      }
      return ref.build();
    }
  }
}

package io.journeyline.simulator;

import java.util.List;
import java.util.Map;

/**
 * Message texts the simulator draws from: customer lines by mood and issue, agent lines, and survey
 * comments.
 */
final class Phrases {

  private Phrases() {}

  static final List<String> CUSTOMER_POSITIVE =
      List.of(
          "Thanks so much, that fixed it!",
          "Great, that works perfectly now.",
          "Perfect, thank you for the quick help :)",
          "Awesome, really appreciate it.",
          "That was easy, thanks a lot!",
          "Brilliant, you sorted it out.",
          "Yes that's exactly what I needed, thank you");

  static final List<String> CUSTOMER_NEUTRAL =
      List.of(
          "Hi, I have a question about my account.",
          "Can you check the status for me?",
          "My order number is in the previous email.",
          "OK, one moment please.",
          "I'm calling about my last bill.",
          "Sure, go ahead.",
          "Which plan am I on right now?");

  static final List<String> CUSTOMER_NEGATIVE =
      List.of(
          "This is the third time I'm contacting you and it's still not fixed.",
          "I have been on hold for 40 minutes, this is terrible.",
          "You charged me twice and nobody called back!",
          "This is ridiculous, I want to cancel my account.",
          "Still waiting. Worst service ever.",
          "I'm really frustrated, the app keeps crashing.",
          "Why was I transferred again? Nobody can help me.",
          "The package never arrived and I'm very angry.");

  static final List<String> AGENT =
      List.of(
          "Thanks for reaching out, let me look into that for you.",
          "I can see the issue on your account now.",
          "I've applied the fix, could you check again please?",
          "I'm sorry about the trouble, I'll make sure it's sorted.",
          "Could you confirm the last four digits of your phone number?",
          "I've escalated this to our specialist team.",
          "Is there anything else I can help you with today?");

  static final List<String> SURVEY_PRAISE =
      List.of(
          "Quick and friendly, thank you.",
          "The agent knew exactly what to do.",
          "Solved on the first try, great service.",
          "Very helpful, no complaints.");

  static final List<String> SURVEY_COMPLAINT =
      List.of(
          "Nobody solved my problem.",
          "Far too long on hold.",
          "I had to explain everything again after the transfer.",
          "Still not fixed, I'm thinking about leaving.",
          "The agent was polite but the issue is still open.");

  static final Map<String, String> QUEUE_BY_ISSUE =
      Map.of(
          "billing", "billing-q",
          "technical", "tech-support-q",
          "delivery", "orders-q",
          "account", "accounts-q",
          "cancellation", "retention-q");
}

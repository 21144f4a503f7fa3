package io.journeyline.identity;

import io.journeyline.avro.IdentifierType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves the customer of an event (DESIGN.md "Customer"): the explicit customerId, else the first
 * identifier (phone, then email, then chat user) with a link, else a provisional id derived from
 * the first normalized identifier, {@code prov:<TYPE>:<value>}.
 */
public final class CustomerResolver {

  /** How a customer was found. */
  public enum Source {
    EXPLICIT,
    LINK,
    PROVISIONAL
  }

  /** A normalized identifier. */
  public record Identifier(IdentifierType type, String value) {
    /** Its identity-link key. */
    public String linkKey() {
      return IdentifierNormalizer.linkKey(type, value);
    }
  }

  /**
   * The result.
   *
   * @param customerId the customer
   * @param source how it was found
   * @param identifiers the event's normalized identifiers other than the customerId (the links an
   *     event with an explicit customerId teaches)
   */
  public record Resolution(String customerId, Source source, List<Identifier> identifiers) {}

  /** Prefix of provisional customer ids. */
  public static final String PROVISIONAL_PREFIX = "prov:";

  private final IdentifierNormalizer normalizer;

  public CustomerResolver(IdentifierNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  /**
   * Resolves.
   *
   * @param customerId the explicit customerId, may be null
   * @param phone the phone, may be null
   * @param email the email, may be null
   * @param chatUser the chat user id, may be null
   * @param links looks up a link key, returning the linked customerId
   * @return empty when the event carries no usable identifier (a contract violation)
   */
  public Optional<Resolution> resolve(
      String customerId,
      String phone,
      String email,
      String chatUser,
      Function<String, String> links) {
    List<Identifier> ids = new ArrayList<>(3);
    add(ids, IdentifierType.PHONE, normalizer.phone(phone));
    add(ids, IdentifierType.EMAIL, normalizer.email(email));
    add(ids, IdentifierType.CHAT_USER, normalizer.chatUser(chatUser));
    String explicit = normalizer.normalize(IdentifierType.CUSTOMER_ID, customerId);
    if (explicit != null) {
      return Optional.of(new Resolution(explicit, Source.EXPLICIT, List.copyOf(ids)));
    }
    for (Identifier id : ids) {
      String linked = links.apply(id.linkKey());
      if (linked != null) {
        return Optional.of(new Resolution(linked, Source.LINK, List.copyOf(ids)));
      }
    }
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Resolution(
            PROVISIONAL_PREFIX + ids.get(0).linkKey(), Source.PROVISIONAL, List.copyOf(ids)));
  }

  private static void add(List<Identifier> ids, IdentifierType type, String value) {
    if (value != null) {
      ids.add(new Identifier(type, value));
    }
  }
}

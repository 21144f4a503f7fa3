package io.journeyline.events;

/**
 * Brings vendor-provided sentiment scores onto the [-1, 1] scale of the events' {@code sentiment}
 * field (the scale of Journeyline's own scoring): the adapters normalize a native feed's score with
 * it, and the streams app clamps the canonical field with {@link #clampUnit}.
 *
 * <p>Each vendor scale is symmetric around 0, so the mapping is linear (0 stays neutral) and values
 * outside the documented range are clamped.
 *
 * <p>There is no Genesys Cloud normalizer: the Genesys feed the adapters read (conversation detail
 * events) carries no sentiment, and Genesys's documented -100..+100 score is a per-conversation
 * figure, not a per-message one (docs/ingest-native.md, Genesys section).
 */
public final class VendorScores {

  /** Amazon Connect Contact Lens: sentiment score from -5 to +5. */
  public static final double CONTACT_LENS_LIMIT = 5.0;

  private VendorScores() {}

  /**
   * Normalizes an Amazon Contact Lens sentiment score (-5..+5).
   *
   * @throws IllegalArgumentException if {@code score} is NaN or infinite
   */
  public static double fromContactLens(double score) {
    return scale(score, CONTACT_LENS_LIMIT, "Contact Lens");
  }

  /**
   * Clamps a score that is already meant to be on [-1, 1] (the canonical ingest's {@code
   * sentiment}).
   *
   * @throws IllegalArgumentException if {@code score} is NaN or infinite
   */
  public static double clampUnit(double score) {
    return scale(score, 1.0, "unit");
  }

  private static double scale(double score, double limit, String vendor) {
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException(
          vendor + " sentiment score is not a finite number: " + score);
    }
    double unit = score / limit;
    // + 0.0 turns -0.0 into 0.0, so that a neutral vendor score is exactly neutral.
    return Math.max(-1.0, Math.min(1.0, unit)) + 0.0;
  }
}

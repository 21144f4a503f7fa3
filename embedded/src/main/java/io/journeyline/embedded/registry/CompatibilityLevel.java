package io.journeyline.embedded.registry;

import java.util.Locale;

/** Compatibility levels of the Confluent Schema Registry. */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** Whether the new schema must read data written with the old ones. */
  public boolean backward() {
    return backward;
  }

  /** Whether the old schemas must read data written with the new one. */
  public boolean forward() {
    return forward;
  }

  /** Whether the check covers every earlier version rather than only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /** Parses a level name, case-insensitively; unknown names answer 422 error code 42203. */
  static CompatibilityLevel parse(String name) {
    if (name == null) {
      throw RegistryException.invalidCompatibilityLevel("null");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RegistryException.invalidCompatibilityLevel(name);
    }
  }
}

package io.journeyline.adapters.channels;

import io.journeyline.adapters.ingest.CanonicalEvent;
import java.util.List;

/**
 * What a native payload maps to: canonical events, and how many native items were understood but
 * carry nothing Journeyline models (e.g. Amazon Connect TASK contacts, Genesys user.start) and were
 * therefore skipped on purpose.
 */
public record Mapped(List<CanonicalEvent> events, int ignored) {

  public Mapped {
    events = List.copyOf(events);
  }
}

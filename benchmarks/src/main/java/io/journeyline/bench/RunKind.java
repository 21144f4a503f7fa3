package io.journeyline.bench;

/** The measured runs, each on the same pre-loaded input. */
enum RunKind {
  COPY_ALOS("a", "raw consume->produce copy, at-least-once"),
  COPY_TX("a'", "raw consume->produce copy, transactional"),
  BARE_AGGREGATE("b", "bare Streams groupByKey().aggregate(), exactly_once_v2"),
  JOURNEYLINE_EOS("c", "full Journeyline topology, exactly_once_v2"),
  JOURNEYLINE_ALOS("d", "full Journeyline topology, at_least_once"),
  HTTP_INGEST("e", "adapters' HTTP ingest, POST /v1/events in batches of 100 over loopback");

  private final String label;
  private final String description;

  RunKind(String label, String description) {
    this.label = label;
    this.description = description;
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  boolean streams() {
    return this == BARE_AGGREGATE || this == JOURNEYLINE_EOS || this == JOURNEYLINE_ALOS;
  }

  /**
   * The kind whose warm-up pass also warms this one: (d) runs the same code as (c), so one warm-up
   * of the topology serves both when both are selected.
   */
  RunKind warmedBy() {
    return this == JOURNEYLINE_ALOS ? JOURNEYLINE_EOS : this;
  }
}

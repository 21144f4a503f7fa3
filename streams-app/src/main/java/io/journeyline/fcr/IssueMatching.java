package io.journeyline.fcr;

/** How a contact without an issue code matches other contacts (DESIGN.md "Issue match"). */
public enum IssueMatching {
  /** A contact without an issue code matches any issue (the default). */
  LENIENT,
  /** A contact without an issue code matches no issue. */
  STRICT;

  /** True when two contacts concern the same issue under this mode. */
  public boolean matches(String a, String b) {
    if (a == null || b == null) {
      return this == LENIENT;
    }
    return a.equals(b);
  }
}

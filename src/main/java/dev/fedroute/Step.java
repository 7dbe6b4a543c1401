package dev.fedroute;

/** The step of the resolution algorithm (docs/resolution.md section 2) that produced a result. */
public enum Step {
  /** The host is an IP literal. */
  IP_LITERAL("1"),
  /** The host is a name with an explicit port. */
  EXPLICIT_PORT("2"),
  /** {@code .well-known} delegated to an IP literal. */
  DELEGATED_IP_LITERAL("3.1"),
  /** {@code .well-known} delegated to a name with a port. */
  DELEGATED_EXPLICIT_PORT("3.2"),
  /** {@code .well-known} delegated; {@code _matrix-fed._tcp} SRV of the delegated host. */
  DELEGATED_SRV("3.3"),
  /** {@code .well-known} delegated; legacy {@code _matrix._tcp} SRV of the delegated host. */
  DELEGATED_LEGACY_SRV("3.4"),
  /** {@code .well-known} delegated; A/AAAA of the delegated host, port 8448. */
  DELEGATED_FALLBACK("3.5"),
  /** No delegation; {@code _matrix-fed._tcp} SRV of the host. */
  SRV("4"),
  /** No delegation; legacy {@code _matrix._tcp} SRV of the host. */
  LEGACY_SRV("5"),
  /** No delegation and no SRV: A/AAAA of the host, port 8448. */
  FALLBACK("6");

  private final String label;

  Step(String label) {
    this.label = label;
  }

  /**
   * The spec's number for this step, as printed by the CLI ({@code "3.3"}).
   *
   * @return the step label
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}

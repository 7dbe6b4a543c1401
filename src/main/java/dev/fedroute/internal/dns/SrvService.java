package dev.fedroute.internal.dns;

/** The SRV services of Matrix federation, whose records the DNS client keeps beside each host's. */
public enum SrvService {
  /** {@code _matrix-fed._tcp}, the current service (steps 4 and 3.3). */
  MATRIX_FED("_matrix-fed._tcp."),
  /** {@code _matrix._tcp}, the deprecated one (steps 5 and 3.4). */
  MATRIX("_matrix._tcp.");

  private final String prefix;

  SrvService(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The service's name for a host, for example {@code _matrix-fed._tcp.example.org}.
   *
   * @param host the lower-case host without trailing dot
   * @return the name the SRV records are asked for
   */
  public String nameOf(String host) {
    return prefix + host;
  }

  /**
   * The service a name is of, or {@code null} when it is no Matrix service's.
   *
   * @param name a lower-case name without trailing dot
   */
  static SrvService of(String name) {
    for (SrvService service : values()) {
      if (name.startsWith(service.prefix) && name.length() > service.prefix.length()) {
        return service;
      }
    }
    return null;
  }

  /** The host of a name of this service ({@link #nameOf(String)} reversed). */
  String hostOf(String name) {
    return name.substring(prefix.length());
  }
}

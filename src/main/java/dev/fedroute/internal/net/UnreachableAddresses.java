package dev.fedroute.internal.net;

import dev.fedroute.Resolution;
import dev.fedroute.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of unreachable addresses of federation destinations: an address that refused a
 * connection or failed the TLS check for a TLS name is "down" for that name for a while ({@code
 * unreachableFor}), and {@link #order(Resolution)} puts it last. A connection that succeeds clears
 * the mark.
 *
 * <p>Marks are kept per TLS name and address:port, because a certificate that fails for one name on
 * a shared IP:port says nothing about another name there. Thread-safe; time comes from the injected
 * clock. Expired marks are dropped lazily; at most {@code maxEntries} marks are kept (the oldest
 * ones go first when more are made).
 */
public final class UnreachableAddresses {
  private static final int DEFAULT_MAX_ENTRIES = 10_000;

  /**
   * One place to try: an address of a target, with the target's port.
   *
   * @param target the target the address belongs to
   * @param address the address and port to connect to
   */
  public record Candidate(Target target, InetSocketAddress address) {
    /** Checks the arguments. */
    public Candidate {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(address, "address");
    }
  }

  private record Key(String tlsName, InetSocketAddress address) {}

  private final Map<Key, Instant> downUntil = new ConcurrentHashMap<>();
  private final Duration unreachableFor;
  private final InstantSource clock;
  private final int maxEntries;

  /**
   * A registry with the system clock.
   *
   * @param unreachableFor how long a failed address is tried last (zero: never demoted)
   */
  public UnreachableAddresses(Duration unreachableFor) {
    this(unreachableFor, InstantSource.system(), DEFAULT_MAX_ENTRIES);
  }

  /**
   * A registry with a given clock.
   *
   * @param unreachableFor how long a failed address is tried last (zero: never demoted)
   * @param clock the time source
   * @param maxEntries the most marks kept
   * @throws IllegalArgumentException when the duration is negative or maxEntries below 1
   */
  public UnreachableAddresses(Duration unreachableFor, InstantSource clock, int maxEntries) {
    if (unreachableFor.isNegative()) {
      throw new IllegalArgumentException("unreachableFor must not be negative: " + unreachableFor);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
    }
    this.unreachableFor = unreachableFor;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxEntries = maxEntries;
  }

  /**
   * Marks an address as down for a TLS name, from now for {@code unreachableFor}.
   *
   * @param tlsName the TLS name of the failed connection
   * @param address the address and port that failed
   */
  public void markDown(String tlsName, InetSocketAddress address) {
    if (unreachableFor.isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (downUntil.size() >= maxEntries) {
      prune(now);
    }
    downUntil.put(key(tlsName, address), now.plus(unreachableFor));
  }

  /**
   * Clears the mark of an address that just accepted a connection.
   *
   * @param tlsName the TLS name
   * @param address the address and port
   */
  public void markUp(String tlsName, InetSocketAddress address) {
    downUntil.remove(key(tlsName, address));
  }

  /**
   * Clears every mark of a TLS name (its server was heard from again).
   *
   * @param tlsName the TLS name
   * @return whether it had a mark that had not expired
   */
  public boolean markAllUp(String tlsName) {
    String name = tlsName.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    boolean any = false;
    for (var entry : downUntil.entrySet()) {
      if (entry.getKey().tlsName().equals(name)
          && downUntil.remove(entry.getKey(), entry.getValue())) {
        any |= now.isBefore(entry.getValue());
      }
    }
    return any;
  }

  /**
   * Whether an address is currently down for a TLS name.
   *
   * @param tlsName the TLS name
   * @param address the address and port
   * @return true while its mark lasts
   */
  public boolean isDown(String tlsName, InetSocketAddress address) {
    Key key = key(tlsName, address);
    Instant until = downUntil.get(key);
    if (until == null) {
      return false;
    }
    if (clock.instant().isBefore(until)) {
      return true;
    }
    downUntil.remove(key, until);
    return false;
  }

  /**
   * Every address of a resolution in the order to try it: the resolution's order (RFC 2782 targets,
   * RFC 8305 addresses) with the addresses that are down moved to the end, their relative order
   * kept. A target whose addresses are all down so comes after every usable one.
   *
   * @param resolution the resolution
   * @return the candidates, never empty
   */
  public List<Candidate> order(Resolution resolution) {
    List<Candidate> up = new ArrayList<>();
    List<Candidate> down = new ArrayList<>();
    for (Target target : resolution.targets()) {
      for (InetAddress address : target.addresses()) {
        Candidate c = new Candidate(target, new InetSocketAddress(address, target.port()));
        (isDown(resolution.tlsServerName(), c.address()) ? down : up).add(c);
      }
    }
    up.addAll(down);
    return List.copyOf(up);
  }

  private void prune(Instant now) {
    downUntil.values().removeIf(until -> !now.isBefore(until));
    while (downUntil.size() >= maxEntries) {
      downUntil.entrySet().stream()
          .min(Map.Entry.comparingByValue())
          .ifPresent(e -> downUntil.remove(e.getKey(), e.getValue()));
    }
  }

  private static Key key(String tlsName, InetSocketAddress address) {
    return new Key(tlsName.toLowerCase(Locale.ROOT), Objects.requireNonNull(address, "address"));
  }
}

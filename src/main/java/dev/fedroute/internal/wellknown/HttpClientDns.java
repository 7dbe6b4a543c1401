package dev.fedroute.internal.wellknown;

import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HttpClient's view of Fedroute's DNS: host names go through the {@link AddressLookup}, IP
 * literals are taken as they are, and blocked addresses are dropped. Blocks the calling thread for
 * at most the time left before the fetch's deadline (set per thread by the fetcher). Thread-safe.
 */
final class HttpClientDns implements DnsResolver {

  /** No address of a host may be connected to. */
  static final class BlockedDestinationException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    BlockedDestinationException(String host) {
      super("destination blocked: every address of " + host + " is on the blocklist");
    }
  }

  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

  private final AddressLookup resolver;
  private final AddressFilter filter;

  HttpClientDns(AddressLookup resolver, AddressFilter filter) {
    this.resolver = resolver;
    this.filter = filter;
  }

  static void deadline(long nanoTime) {
    DEADLINE.set(nanoTime);
  }

  static void clearDeadline() {
    DEADLINE.remove();
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Optional<InetAddress> literal = IpAddresses.parse(bare);
    List<InetAddress> all = literal.isPresent() ? List.of(literal.get()) : lookup(bare);
    List<InetAddress> permitted = filter.permitted(all);
    if (permitted.isEmpty()) {
      throw new BlockedDestinationException(host);
    }
    return permitted.toArray(InetAddress[]::new);
  }

  private List<InetAddress> lookup(String host) throws UnknownHostException {
    Long deadline = DEADLINE.get();
    long wait = deadline == null ? TimeUnit.SECONDS.toNanos(30) : deadline - System.nanoTime();
    try {
      return resolver
          .resolve(host.toLowerCase(Locale.ROOT))
          .toCompletableFuture()
          .get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw failed(host, e.getCause());
    } catch (TimeoutException e) {
      throw failed(host, new TimeoutException("timed out"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(host, e);
    }
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  private static UnknownHostException failed(String host, Throwable cause) {
    UnknownHostException e =
        new UnknownHostException("DNS: cannot resolve " + host + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }
}

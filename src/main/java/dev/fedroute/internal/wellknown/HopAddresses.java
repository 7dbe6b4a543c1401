package dev.fedroute.internal.wellknown;

import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressLookup;
import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where one hop of a {@code .well-known} fetch may connect: a host name's addresses from Fedroute's
 * own DNS (asynchronously, no thread waits for them), an IP literal as it is, blocked addresses
 * removed. The HTTP client is then given these addresses and never resolves a name itself.
 * Thread-safe.
 */
final class HopAddresses {

  /** No address of a host may be connected to. */
  static final class BlockedDestinationException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    BlockedDestinationException(String host) {
      super("destination blocked: every address of " + host + " is on the blocklist");
    }
  }

  private final AddressLookup resolver;
  private final AddressFilter filter;

  HopAddresses(AddressLookup resolver, AddressFilter filter) {
    this.resolver = resolver;
    this.filter = filter;
  }

  /**
   * The permitted addresses of a URI's host, in the order to try them.
   *
   * @param host a URI's host: a name, an IPv4 literal or a bracketed IPv6 literal
   * @return the addresses; fails with {@link BlockedDestinationException} when every address is
   *     blocked, or an {@link UnknownHostException} naming the DNS problem
   */
  CompletableFuture<List<InetAddress>> of(String host) {
    String bare = IpAddresses.unbracketed(host);
    Optional<InetAddress> literal = IpAddresses.parse(bare);
    CompletableFuture<List<InetAddress>> all =
        literal.isPresent()
            ? CompletableFuture.completedFuture(List.of(literal.get()))
            : lookup(bare);
    return all.thenApply(
        addresses -> {
          List<InetAddress> permitted = filter.permitted(addresses);
          if (permitted.isEmpty()) {
            throw new CompletionException(new BlockedDestinationException(host));
          }
          return permitted;
        });
  }

  private CompletableFuture<List<InetAddress>> lookup(String host) {
    CompletableFuture<List<InetAddress>> answer;
    try {
      answer = resolver.resolve(host.toLowerCase(Locale.ROOT)).toCompletableFuture();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionallyCompose(
        failure -> CompletableFuture.failedFuture(failed(host, unwrap(failure))));
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static UnknownHostException failed(String host, Throwable cause) {
    UnknownHostException e =
        new UnknownHostException("DNS: cannot resolve " + host + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }
}

package dev.fedroute.internal.net;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Turns a host name into its addresses (A and AAAA, CNAMEs followed). The one seam through which
 * the {@code .well-known} fetch finds where to connect, so that it uses Fedroute's own DNS.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface AddressLookup {
  /**
   * Looks up a host's addresses.
   *
   * @param host a lower-case DNS name without trailing dot
   * @return the addresses (unfiltered, in no particular order); the stage fails with a {@link
   *     dev.fedroute.FedrouteException} ({@code no_address} or {@code dns_failure}) when there are
   *     none
   */
  CompletionStage<List<InetAddress>> resolve(String host);
}

package dev.fedroute.internal.resolve;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.internal.dns.DnsClient;
import dev.fedroute.internal.dns.LookupStatus;
import dev.fedroute.internal.net.AddressLookup;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Lets the {@code .well-known} fetch find hosts through Fedroute's own DNS client. */
final class DnsAddressLookup implements AddressLookup {
  private final DnsClient dns;

  DnsAddressLookup(DnsClient dns) {
    this.dns = dns;
  }

  @Override
  public CompletionStage<List<InetAddress>> resolve(String host) {
    return dns.addresses(host)
        .thenApply(
            answer -> {
              if (answer.status() == LookupStatus.FOUND) {
                return answer.addresses();
              }
              if (answer.status() == LookupStatus.FAILED) {
                throw new FedrouteException(
                    ErrorCode.DNS_FAILURE, "the address lookup of " + host + " failed");
              }
              throw new FedrouteException(ErrorCode.NO_ADDRESS, host + " has no A or AAAA record");
            });
  }
}

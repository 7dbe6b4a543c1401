package dev.fedroute.internal.resolve;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.Target;
import dev.fedroute.internal.dns.AddressAnswer;
import dev.fedroute.internal.dns.DnsClient;
import dev.fedroute.internal.dns.LookupStatus;
import dev.fedroute.internal.net.AddressFilter;
import dev.fedroute.internal.net.AddressOrder;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.wellknown.ErrorBackoff;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Turns hosts and SRV records into {@link Target}s: A/AAAA lookups, the blocklist, RFC 8305 order,
 * and the error that explains an empty result. Thread-safe.
 */
final class TargetLookup {
  /** How long a resolution built on a stale (served after a DNS failure) answer is kept. */
  private static final Duration STALE_ANSWER_LIFETIME = Duration.ofSeconds(30);

  private final DnsClient dns;
  private final AddressFilter filter;
  private final InstantSource clock;
  private final ErrorBackoff dnsBackoff;

  TargetLookup(DnsClient dns, AddressFilter filter, InstantSource clock, ErrorBackoff dnsBackoff) {
    this.dns = dns;
    this.filter = filter;
    this.clock = clock;
    this.dnsBackoff = dnsBackoff;
  }

  /** A target for an IP literal (steps 1 and 3.1), refused when the address is blocked. */
  Target ipLiteral(ResolutionTrace trace, InetAddress address, int port) {
    String text = IpAddresses.toText(address);
    if (filter.isBlocked(address)) {
      trace.note("address " + text + " is blocked");
      throw new FedrouteException(
          ErrorCode.DESTINATION_BLOCKED,
          "server name " + trace.serverName() + " points at blocked address " + text);
    }
    return new Target(text, port, List.of(address));
  }

  /** The single target of a final host (steps 2, 3.2, 3.5 and 6). */
  CompletionStage<Target> host(ResolutionTrace trace, String host, int port) {
    FedrouteListener.Lookup lookup = trace.lookup(FedrouteListener.LookupKind.ADDRESSES, host);
    return dns.addresses(host)
        .thenApply(
            answer -> {
              lookup.finished(outcome(answer.status(), answer.stale()));
              HostAddresses outcome = toTarget(trace, host, port, answer);
              if (outcome.target != null) {
                return outcome.target;
              }
              throw failure(trace, List.of(outcome));
            });
  }

  /** The targets of SRV records, in the given order, skipping those left without an address. */
  CompletionStage<List<Target>> srvTargets(ResolutionTrace trace, List<SrvRecord> ordered) {
    List<CompletableFuture<AddressAnswer>> lookups = new ArrayList<>(ordered.size());
    for (SrvRecord r : ordered) {
      FedrouteListener.Lookup lookup =
          trace.lookup(FedrouteListener.LookupKind.ADDRESSES, r.target());
      lookups.add(
          dns.addresses(r.target())
              .thenApply(
                  answer -> {
                    lookup.finished(outcome(answer.status(), answer.stale()));
                    return answer;
                  })
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<HostAddresses> outcomes = new ArrayList<>(ordered.size());
              for (int i = 0; i < ordered.size(); i++) {
                SrvRecord r = ordered.get(i);
                AddressAnswer answer = lookups.get(i).join();
                if (!answer.cnameChain().isEmpty()) {
                  trace.note(
                      "SRV target "
                          + r.target()
                          + " is a CNAME (-> "
                          + String.join(" -> ", answer.cnameChain())
                          + "); RFC 2782 says it should not be, followed anyway");
                }
                outcomes.add(toTarget(trace, r.target(), r.port(), answer));
              }
              List<Target> targets =
                  outcomes.stream().filter(o -> o.target != null).map(o -> o.target).toList();
              if (targets.isEmpty()) {
                throw failure(trace, outcomes);
              }
              return targets;
            });
  }

  /**
   * Records when a DNS answer for {@code name} (a host or an SRV service) makes the trace's
   * resolution expire: a stale answer (served after a DNS failure) after {@link
   * #STALE_ANSWER_LIFETIME}; a failed lookup after the name's error backoff, which grows with each
   * consecutive failure (a resolution built without the name, from another SRV target or the next
   * step, is kept only that long, so that the name is asked again soon); any other answer at its
   * own expiry, which also ends the name's backoff.
   */
  void answerExpires(
      ResolutionTrace trace, String name, LookupStatus status, boolean stale, Instant expiresAt) {
    Instant now = clock.instant();
    if (stale) {
      trace.ingredientExpires(now.plus(STALE_ANSWER_LIFETIME));
    } else if (status == LookupStatus.FAILED) {
      trace.ingredientExpires(now.plus(dnsBackoff.recordFailure(name)));
    } else {
      dnsBackoff.reset(name);
      trace.ingredientExpires(expiresAt);
    }
  }

  /**
   * A DNS answer's outcome in a word, for the listener: {@code found}, {@code not_found}, {@code
   * failed}, or {@code stale} for a good answer served after a failure.
   */
  static String outcome(LookupStatus status, boolean stale) {
    return stale ? "stale" : status.name().toLowerCase(Locale.ROOT);
  }

  private HostAddresses toTarget(
      ResolutionTrace trace, String host, int port, AddressAnswer answer) {
    if (answer.stale()) {
      trace.note("A/AAAA " + host + ": DNS failed, serving the stale answer");
    }
    answerExpires(trace, host, answer.status(), answer.stale(), answer.expiresAt());
    if (answer.status() != LookupStatus.FOUND) {
      trace.note("A/AAAA " + host + ": " + describe(answer));
      return new HostAddresses(host, null, answer.status(), false);
    }
    List<InetAddress> permitted = filter.permitted(answer.addresses());
    trace.note("A/AAAA " + host + ": " + texts(answer.addresses()));
    if (permitted.size() < answer.addresses().size()) {
      List<InetAddress> blocked = new ArrayList<>(answer.addresses());
      blocked.removeAll(permitted);
      trace.note("blocked, dropped: " + texts(blocked));
    }
    if (permitted.isEmpty()) {
      return new HostAddresses(host, null, LookupStatus.FOUND, true);
    }
    return new HostAddresses(
        host,
        new Target(host, port, AddressOrder.interleave(permitted)),
        LookupStatus.FOUND,
        false);
  }

  /** Why no target is left: blocked only when every one was blocked; names the hosts. */
  private static FedrouteException failure(ResolutionTrace trace, List<HostAddresses> outcomes) {
    String name = trace.serverName().text();
    if (outcomes.stream().allMatch(o -> o.blocked)) {
      return new FedrouteException(
          ErrorCode.DESTINATION_BLOCKED,
          "every address of " + about(hosts(outcomes), name) + " is blocked");
    }
    List<HostAddresses> failed =
        outcomes.stream().filter(o -> o.status == LookupStatus.FAILED).toList();
    if (!failed.isEmpty()) {
      return new FedrouteException(
          ErrorCode.DNS_FAILURE, "the address lookup of " + about(hosts(failed), name) + " failed");
    }
    List<HostAddresses> missing =
        outcomes.stream().filter(o -> o.status == LookupStatus.NOT_FOUND).toList();
    return new FedrouteException(
        ErrorCode.NO_ADDRESS,
        about(hosts(missing.isEmpty() ? outcomes : missing), name) + " has no A or AAAA record");
  }

  /** The hosts, and the server name they were looked up for when it is another name. */
  private static String about(String hosts, String serverName) {
    return hosts.equalsIgnoreCase(serverName) ? hosts : hosts + " (for " + serverName + ")";
  }

  private static String hosts(List<HostAddresses> outcomes) {
    return outcomes.stream().map(o -> o.host).distinct().collect(Collectors.joining(", "));
  }

  private static String describe(AddressAnswer answer) {
    String what = answer.status() == LookupStatus.FAILED ? "lookup failed" : "no address";
    return answer.detail() == null ? what : what + " (" + answer.detail() + ")";
  }

  static String texts(List<InetAddress> addresses) {
    return addresses.stream().map(IpAddresses::toText).collect(Collectors.joining(", "));
  }

  private record HostAddresses(String host, Target target, LookupStatus status, boolean blocked) {}
}

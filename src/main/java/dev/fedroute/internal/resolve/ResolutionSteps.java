package dev.fedroute.internal.resolve;

import dev.fedroute.ErrorCode;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.FedrouteListener;
import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.dns.DnsClient;
import dev.fedroute.internal.dns.LookupStatus;
import dev.fedroute.internal.dns.SrvAnswer;
import dev.fedroute.internal.dns.SrvService;
import dev.fedroute.internal.text.IpAddresses;
import dev.fedroute.internal.time.Deadlines;
import dev.fedroute.internal.wellknown.WellKnownClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The resolution algorithm of docs/resolution.md section 2: which step applies, which lookups it
 * needs, and which {@code Host} header and TLS name result. Uncached; thread-safe.
 */
final class ResolutionSteps {
  static final int DEFAULT_PORT = 8448;

  private final FedrouteConfig config;
  private final DnsClient dns;
  private final WellKnownClient wellKnown;
  private final TargetLookup targets;
  private final RandomGenerator random;
  private final FedrouteListener listener;

  ResolutionSteps(
      FedrouteConfig config,
      DnsClient dns,
      WellKnownClient wellKnown,
      TargetLookup targets,
      RandomGenerator random,
      FedrouteListener listener) {
    this.config = config;
    this.dns = dns;
    this.wellKnown = wellKnown;
    this.targets = targets;
    this.random = random;
    this.listener = listener;
  }

  /**
   * Resolves a name within the configured deadline; the stage fails with a {@link
   * FedrouteException} only: one of the steps' own, with the trace of the steps taken; code {@code
   * timeout}, with that trace, when the deadline ran out; any other failure as {@link
   * FedrouteException#of} translates it (an {@link Error} stays itself).
   */
  CompletionStage<Resolution> run(ServerName name) {
    FedrouteListener.Resolving heard = listener.resolutionStarted(name);
    ResolutionTrace trace = new ResolutionTrace(name, heard);
    return deadline(trace, name)
        .whenComplete(
            (resolution, failure) -> {
              if (failure == null) {
                heard.resolved(resolution);
              } else {
                heard.failed(FedrouteException.of(failure, name));
              }
            });
  }

  private CompletableFuture<Resolution> deadline(ResolutionTrace trace, ServerName name) {
    Duration limit = config.resolveTimeout();
    return Deadlines.failAfter(steps(trace, name).toCompletableFuture(), limit)
        .exceptionally(
            e -> {
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof TimeoutException) {
                throw trace.fail(
                    new FedrouteException(
                        ErrorCode.TIMEOUT,
                        "resolving " + name + " took longer than " + limit.toMillis() + " ms"),
                    "deadline of " + limit.toMillis() + " ms reached");
              }
              if (cause instanceof FedrouteException failure) {
                throw trace.fail(failure);
              }
              throw FedrouteException.of(cause, name);
            });
  }

  private CompletionStage<Resolution> steps(ResolutionTrace trace, ServerName name) {
    if (name.isIpLiteral()) {
      trace.note("server name is an IP literal: .well-known and SRV do not apply");
      return ipLiteral(trace, Step.IP_LITERAL, name);
    }
    String host = name.canonicalHost();
    if (name.port().isPresent()) {
      trace.note("server name has an explicit port: .well-known and SRV do not apply");
      return targets
          .host(trace, host, name.port().getAsInt())
          .thenApply(t -> trace.finish(Step.EXPLICIT_PORT, name.text(), host, List.of(t)));
    }
    ServerName override = config.servers().overrides().get(name);
    if (override != null) {
      WellKnownResult wk = WellKnownResult.overridden(override.text());
      trace.wellKnown(wk);
      trace.note(
          ".well-known: overridden by configuration (not fetched): m.server " + override.text());
      return delegated(trace, override);
    }
    lookAhead(host);
    if (!config.steps().wellKnown()) {
      trace.note(".well-known: skipped (switched off)");
      return srvSteps(trace, host, name.host(), false);
    }
    FedrouteListener.Lookup fetch = trace.lookup(FedrouteListener.LookupKind.WELL_KNOWN, host);
    return wellKnown
        .lookup(host)
        .thenCompose(
            wk -> {
              fetch.finished(wk.outcome().label());
              trace.wellKnown(wk);
              trace.note(describe(host, wk));
              if (wk.outcome() == WellKnownResult.Outcome.DELEGATED) {
                return delegated(trace, ServerName.parse(wk.mServer()));
              }
              return srvSteps(trace, host, name.host(), false);
            });
  }

  private CompletionStage<Resolution> delegated(ResolutionTrace trace, ServerName delegation) {
    if (delegation.isIpLiteral()) {
      return ipLiteral(trace, Step.DELEGATED_IP_LITERAL, delegation);
    }
    String host = delegation.canonicalHost();
    if (delegation.port().isPresent()) {
      return targets
          .host(trace, host, delegation.port().getAsInt())
          .thenApply(
              t -> trace.finish(Step.DELEGATED_EXPLICIT_PORT, delegation.text(), host, List.of(t)));
    }
    lookAhead(host);
    return srvSteps(trace, host, delegation.host(), true);
  }

  /** Steps 1 and 3.1: the IP literal itself, on its port or 8448; the Host header is the name. */
  private CompletionStage<Resolution> ipLiteral(ResolutionTrace trace, Step step, ServerName name) {
    InetAddress ip = name.ipAddress().orElseThrow();
    try {
      Target target = targets.ipLiteral(trace, ip, name.port().orElse(DEFAULT_PORT));
      return CompletableFuture.completedFuture(
          trace.finish(step, name.text(), IpAddresses.toText(ip), List.of(target)));
    } catch (FedrouteException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Steps 3.3-3.5 (delegated) or 4-6: the SRV records, then the 8448 fallback. */
  private CompletionStage<Resolution> srvSteps(
      ResolutionTrace trace, String host, String hostHeader, boolean delegated) {
    Step fed = delegated ? Step.DELEGATED_SRV : Step.SRV;
    Step legacy = delegated ? Step.DELEGATED_LEGACY_SRV : Step.LEGACY_SRV;
    Step fallback = delegated ? Step.DELEGATED_FALLBACK : Step.FALLBACK;
    CompletionStage<List<SrvRecord>> matrixFed =
        config.steps().matrixFedSrv()
            ? srv(trace, SrvService.MATRIX_FED, host)
            : CompletableFuture.completedFuture(List.of());
    return matrixFed.thenCompose(
        found -> {
          if (!found.isEmpty()) {
            return fromSrv(trace, fed, host, hostHeader, found);
          }
          if (!config.steps().legacySrv()) {
            return fallback(trace, fallback, host, hostHeader);
          }
          return srv(trace, SrvService.MATRIX, host)
              .thenCompose(
                  old ->
                      old.isEmpty()
                          ? fallback(trace, fallback, host, hostHeader)
                          : fromSrv(trace, legacy, host, hostHeader, old));
        });
  }

  /**
   * Starts, without waiting, the DNS lookups that steps 4-6 (or 3.3-3.5) of a host may need: both
   * SRV records, each SRV target's addresses as soon as its record arrives, and the host's own
   * addresses (the fallback's, and the {@code .well-known} fetch's). The steps then ask for the
   * same answers, which the DNS cache shares with these lookups in flight; a lookup the steps do
   * not take is never reported and cannot fail the resolution (DNS answers never fail: a failure is
   * an answer). Off in the strictly serial mode.
   */
  private void lookAhead(String host) {
    if (!config.dns().lookAhead()) {
      return;
    }
    if (config.steps().matrixFedSrv()) {
      lookAheadSrv(SrvService.MATRIX_FED, host);
    }
    if (config.steps().legacySrv()) {
      lookAheadSrv(SrvService.MATRIX, host);
    }
    dns.addresses(host);
  }

  private void lookAheadSrv(SrvService service, String host) {
    dns.srv(service, host)
        .thenAccept(
            answer -> {
              for (SrvRecord r : answer.records()) {
                if (!".".equals(r.target())) {
                  dns.addresses(r.target());
                }
              }
            });
  }

  private CompletionStage<Resolution> fromSrv(
      ResolutionTrace trace, Step step, String host, String hostHeader, List<SrvRecord> records) {
    trace.srvRecords(records);
    List<SrvRecord> ordered = SrvOrder.order(records, random);
    return targets
        .srvTargets(trace, ordered)
        .thenApply(list -> trace.finish(step, hostHeader, host, list));
  }

  private CompletionStage<Resolution> fallback(
      ResolutionTrace trace, Step step, String host, String hostHeader) {
    trace.note("no SRV record: falling back to " + host + ":" + DEFAULT_PORT);
    return targets
        .host(trace, host, DEFAULT_PORT)
        .thenApply(t -> trace.finish(step, hostHeader, host, List.of(t)));
  }

  /**
   * One SRV lookup: its records, or an empty list when the next step should be tried. A lone {@code
   * .} target fails the resolution with {@code service_unavailable}.
   */
  private CompletionStage<List<SrvRecord>> srv(
      ResolutionTrace trace, SrvService kind, String host) {
    String service = kind.nameOf(host);
    FedrouteListener.Lookup lookup = trace.lookup(FedrouteListener.LookupKind.SRV, service);
    return dns.srv(kind, host)
        .thenApply(
            answer -> {
              List<SrvRecord> usable =
                  answer.records().stream().filter(r -> !".".equals(r.target())).toList();
              boolean unavailable = !answer.records().isEmpty() && usable.isEmpty();
              lookup.finished(
                  unavailable
                      ? "unavailable"
                      : TargetLookup.outcome(answer.status(), answer.stale()));
              targets.answerExpires(
                  trace, service, answer.status(), answer.stale(), answer.expiresAt());
              if (answer.status() == LookupStatus.FAILED && !answer.stale()) {
                // Treated as "no record" for choosing the next step.
                trace.note("SRV " + service + ": lookup failed (" + answer.detail() + ")");
                return List.of();
              }
              if (answer.status() == LookupStatus.NOT_FOUND) {
                trace.note("SRV " + service + ": no record");
                return List.of();
              }
              trace.note(describe(service, answer));
              if (usable.isEmpty()) {
                throw new FedrouteException(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "SRV "
                        + service
                        + " has target \".\": the service is decidedly not available for "
                        + trace.serverName());
              }
              return usable;
            });
  }

  private static String describe(String service, SrvAnswer answer) {
    String records =
        answer.records().stream()
            .map(r -> r.priority() + " " + r.weight() + " " + r.port() + " " + r.target())
            .collect(Collectors.joining("; "));
    return "SRV "
        + service
        + ": "
        + answer.records().size()
        + (answer.records().size() == 1 ? " record" : " records")
        + (answer.stale() ? " (stale, DNS failed)" : "")
        + ": "
        + records;
  }

  private static String describe(String host, WellKnownResult wk) {
    StringBuilder line = new StringBuilder(".well-known https://").append(host);
    line.append("/.well-known/matrix/server: ").append(wk.outcome().label());
    wk.httpStatus().ifPresent(s -> line.append(", HTTP ").append(s));
    wk.delegation().ifPresent(m -> line.append(", m.server ").append(m));
    if (wk.detail() != null) {
      line.append(" (").append(wk.detail()).append(')');
    }
    return line.append(", cached ").append(wk.ttl().toSeconds()).append(" s").toString();
  }
}

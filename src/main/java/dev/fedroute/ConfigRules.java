package dev.fedroute;

import dev.fedroute.FedrouteConfig.AddressPolicy;
import dev.fedroute.FedrouteConfig.Backoff;
import dev.fedroute.FedrouteConfig.Caching;
import dev.fedroute.FedrouteConfig.Dns;
import dev.fedroute.FedrouteConfig.Proxy;
import dev.fedroute.FedrouteConfig.Servers;
import dev.fedroute.FedrouteConfig.Steps;
import dev.fedroute.FedrouteConfig.TrustStore;
import dev.fedroute.FedrouteConfig.WellKnown;
import dev.fedroute.InvalidConfigurationException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every rule of {@link FedrouteConfig}, in one place: each setting is checked and every violation
 * kept, named by the setting's builder method. Not thread-safe: one instance per check.
 */
final class ConfigRules {
  private final List<Violation> violations = new ArrayList<>();

  private ConfigRules() {}

  static List<Violation> check(
      Duration resolveTimeout,
      Steps steps,
      Dns dns,
      WellKnown wellKnown,
      Caching caching,
      AddressPolicy addresses,
      Servers servers,
      String userAgent,
      Proxy proxy,
      Optional<TrustStore> trustStore) {
    ConfigRules r = new ConfigRules();
    r.positive("resolveTimeout", resolveTimeout);
    r.present("steps", steps);
    if (r.present("dns", dns)) {
      r.present("dnsServers", dns.servers());
      r.positive("dnsQueryTimeout", dns.queryTimeout());
    }
    if (r.present("wellKnown", wellKnown)) {
      r.range("wellKnownPort", wellKnown.port(), 1, 65535);
      r.positive("wellKnownConnectTimeout", wellKnown.connectTimeout());
      r.positive("wellKnownTimeout", wellKnown.timeout());
      r.atLeast("wellKnownMaxBodyBytes", wellKnown.maxBodyBytes(), 1);
      r.atLeast("wellKnownMaxRedirects", wellKnown.maxRedirects(), 0);
    }
    if (r.present("caching", caching)) {
      r.caching(caching);
    }
    if (r.present("addresses", addresses)) {
      r.present("blocklist", addresses.blocklist());
      r.present("allowlist", addresses.allowlist());
      r.notNegative("unreachableFor", addresses.unreachableFor());
    }
    if (r.present("servers", servers)) {
      r.present("serversAllow", servers.allow());
      r.present("serversDeny", servers.deny());
      if (r.present("overrides", servers.overrides())) {
        servers.overrides().keySet().stream()
            .filter(name -> name.isIpLiteral() || name.port().isPresent())
            .map(ServerName::text)
            .sorted()
            .forEach(
                name ->
                    r.violations.add(
                        new Violation(
                            "overrides",
                            name,
                            "an override's server name must be a DNS name without a port"
                                + " (only those reach step 3)",
                            null)));
      }
    }
    if (r.present("userAgent", userAgent)) {
      r.rule(
          "userAgent",
          userAgent,
          !userAgent.isBlank() && userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
          "must be printable ASCII, not blank (no control characters)");
    }
    if (r.present("proxy", proxy)) {
      r.proxy(proxy);
    }
    if (r.present("trustStore", trustStore)) {
      trustStore.ifPresent(r::loadable);
    }
    return List.copyOf(r.violations);
  }

  private void proxy(Proxy p) {
    present("proxyNoProxy", p.noProxy());
    present("proxyConnectBy", p.connectBy());
    if (present("proxyUrl", p.url())) {
      p.url()
          .flatMap(ConfigRules::proxyUrlProblem)
          .ifPresent(
              problem ->
                  violations.add(
                      new Violation("proxyUrl", shownUrl(p.url().get()), problem, null)));
    }
    boolean hasUrl = p.url() != null && p.url().isPresent();
    if (p.username() != null) {
      rule(
          "proxyUsername",
          "***",
          !p.username().isEmpty()
              && p.username().chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ':'),
          "must be printable ASCII without ':' (Basic authentication)");
      rule("proxyUsername", "***", hasUrl, "is set without proxyUrl");
    }
    if (p.password() != null) {
      rule("proxyPassword", "***", p.username() != null, "is set without proxyUsername");
    }
  }

  /** Why a proxy URL cannot be used, or empty; never repeats credentials. */
  private static Optional<String> proxyUrlProblem(java.net.URI url) {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must be http://host:port or https://host:port");
    }
    if (url.getHost() == null) {
      return Optional.of("has no host (write http://host:port or https://host:port)");
    }
    if (url.getRawUserInfo() != null) {
      return Optional.of("must not carry credentials: set proxyUsername and proxyPassword");
    }
    String path = url.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      return Optional.of("must have no path, query or fragment (write http://host:port)");
    }
    return Optional.empty();
  }

  /** A proxy URL as a violation shows it: any user information masked. */
  private static String shownUrl(java.net.URI url) {
    if (url.getRawUserInfo() == null) {
      return url.toString();
    }
    return url.toString().replace(url.getRawUserInfo() + "@", "***@");
  }

  private void caching(Caching c) {
    atLeast("cacheMaxSize", c.maxSize(), 1);
    ordered("wellKnownMinTtl", c.wellKnownMinTtl(), "wellKnownMaxTtl", c.wellKnownMaxTtl());
    positive("wellKnownDefaultTtl", c.wellKnownDefaultTtl());
    fraction("wellKnownJitter", c.wellKnownJitter(), 0.0, 0.5);
    fraction("refreshAheadFraction", c.refreshAheadFraction(), 0.0, 1.0);
    backoff("wellKnownErrorBackoff", c.wellKnownErrors());
    positive("dnsNegativeTtlDefault", c.dnsNegativeTtlDefault());
    positive("dnsNegativeTtlMax", c.dnsNegativeTtlMax());
    notNegative("dnsServeStale", c.dnsServeStale());
    backoff("dnsErrorBackoff", c.dnsErrors());
  }

  private void backoff(String name, Backoff backoff) {
    if (present(name, backoff)) {
      ordered(name + "Initial", backoff.initial(), name + "Max", backoff.max());
    }
  }

  /** Both positive, and {@code high} not below {@code low}. */
  private void ordered(String lowName, Duration low, String highName, Duration high) {
    boolean lowOk = positive(lowName, low);
    boolean highOk = positive(highName, high);
    if (lowOk && highOk && high.compareTo(low) < 0) {
      violations.add(
          new Violation(
              highName, high.toString(), "is below " + lowName + " (" + low + ")", lowName));
    }
  }

  private void loadable(TrustStore store) {
    store
        .problem()
        .ifPresent(
            reason ->
                violations.add(new Violation("trustStore", store.path().toString(), reason, null)));
  }

  private boolean present(String name, Object value) {
    if (value == null) {
      violations.add(new Violation(name, "null", "must be set", null));
      return false;
    }
    return true;
  }

  private boolean positive(String name, Duration value) {
    return present(name, value)
        && rule(name, value, !value.isNegative() && !value.isZero(), "must be positive");
  }

  private void notNegative(String name, Duration value) {
    if (present(name, value)) {
      rule(name, value, !value.isNegative(), "must not be negative");
    }
  }

  private void atLeast(String name, int value, int min) {
    rule(name, value, value >= min, "must be at least " + min);
  }

  private void range(String name, int value, int min, int max) {
    rule(name, value, value >= min && value <= max, "must be from " + min + " to " + max);
  }

  private void fraction(String name, double value, double min, double max) {
    rule(name, value, value >= min && value <= max, "must be from " + min + " to " + max);
  }

  private boolean rule(String name, Object value, boolean ok, String problem) {
    if (!ok) {
      violations.add(new Violation(name, String.valueOf(value), problem, null));
    }
    return ok;
  }
}

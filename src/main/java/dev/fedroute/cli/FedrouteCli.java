package dev.fedroute.cli;

import dev.fedroute.Cidr;
import dev.fedroute.FedrouteConfig;
import dev.fedroute.FedrouteException;
import dev.fedroute.InvalidServerNameException;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.ServerPattern;
import dev.fedroute.internal.net.TlsContexts;
import dev.fedroute.jakarta.FederationClientSettings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code fedroute} command: resolves one Matrix server name and reports how, as text or as one
 * JSON object ({@code --json}, see {@link JsonReport}). With {@code --connect} it then sends {@code
 * GET /_matrix/federation/v1/version} through the library's federation client path (see {@link
 * FederationCheck}) and reports the answer.
 *
 * <p>With {@code --connect} (or {@code --keys}, which implies it) it also checks every target x
 * address ({@link AddressChecks}), with {@code --keys} the signing keys ({@link KeyCheck}), and
 * reports the verdict {@code federation_ok} and hints ({@link Warnings}).
 *
 * <p>Exit codes: {@value #EXIT_RESOLVED} resolved (with {@code --connect} or {@code --keys}: the
 * verdict is true); {@value #EXIT_FAILED} resolution failed (with {@code --connect} or {@code
 * --keys}: the verdict is false; the error is reported); {@value #EXIT_USAGE} invalid arguments
 * (usage on stderr) or an invalid server name (reported like a failure). An instance runs one
 * command line; it is not thread-safe.
 */
@Command(
    name = "fedroute",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = "Shows how a Matrix server name resolves to federation destinations.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:resolved (with --connect or --keys: federation_ok, the verdict, is true)",
      "1:resolution failed (with --connect or --keys: the verdict is false)",
      "2:invalid arguments or invalid server name"
    })
public final class FedrouteCli implements Callable<Integer> {
  /** Exit code of a successful resolution. */
  public static final int EXIT_RESOLVED = 0;

  /** Exit code of a failed resolution. */
  public static final int EXIT_FAILED = 1;

  /** Exit code of invalid arguments or an invalid server name. */
  public static final int EXIT_USAGE = 2;

  /** How long past the configured deadline the CLI waits for a resolver that overran it. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  /** The most runs {@code --repeat} makes: each one is a whole resolution from empty caches. */
  static final int MAX_REPEAT = 1000;

  /** Held so that the level set in {@link #main(String[])} stays (JUL keeps loggers weakly). */
  private static final java.util.logging.Logger JERSEY_LOG =
      java.util.logging.Logger.getLogger("org.glassfish.jersey");

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SERVER_NAME",
      description =
          "The server name: host[:port], e.g. example.org, example.org:8448, [::1]"
              + " (one starting with '-' goes after '--')")
  private String serverName;

  @Option(
      names = "--dns",
      paramLabel = "HOST[:PORT]",
      converter = DnsServerConverter.class,
      description = "DNS server IP address, port 53 unless given; repeatable (default: system's)")
  private List<InetSocketAddress> dnsServers = new ArrayList<>();

  @Option(
      names = "--trust-store",
      paramLabel = "FILE",
      description =
          "PKCS12 or JKS trust store for TLS: .well-known and --connect (default: the JVM's trust)")
  private Path trustStore;

  @Option(
      names = "--trust-store-password",
      paramLabel = "PW",
      description = "Password of the trust store")
  private String trustStorePassword;

  @Option(
      names = "--allow",
      paramLabel = "CIDR",
      converter = CidrConverter.class,
      description = "Address range to allow despite the blocklist; repeatable")
  private List<Cidr> allow = new ArrayList<>();

  @Option(
      names = "--server-allow",
      paramLabel = "PATTERN",
      description =
          "Resolve only server names matching a pattern (example.org, *.example.org); repeatable")
  private List<String> serverAllow = new ArrayList<>();

  @Option(
      names = "--server-deny",
      paramLabel = "PATTERN",
      description = "Never resolve server names matching the pattern (deny wins); repeatable")
  private List<String> serverDeny = new ArrayList<>();

  @Option(
      names = "--override",
      paramLabel = "NAME=SERVER",
      description =
          "Act as if NAME's .well-known answered m.server SERVER, without fetching; repeatable")
  private List<String> overrides = new ArrayList<>();

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description =
          "Outbound HTTP proxy of the .well-known fetches and --connect (http://[user:pw@]host:port"
              + " or https://...): CONNECT tunnels to the checked addresses")
  private String proxy;

  @Option(
      names = "--no-proxy",
      paramLabel = "LIST",
      split = ",",
      description =
          "Destinations reached without the proxy: names, .suffix names, CIDR ranges (comma list)")
  private List<String> noProxy = new ArrayList<>();

  @Option(names = "--no-well-known", description = "Skip .well-known delegation (step 3)")
  private boolean noWellKnown;

  @Option(names = "--no-legacy-srv", description = "Skip the deprecated _matrix._tcp SRV record")
  private boolean noLegacySrv;

  @Option(
      names = "--no-matrix-fed-srv",
      description =
          "Skip the _matrix-fed._tcp SRV record (with --no-well-known: the original r0 algorithm)")
  private boolean noMatrixFedSrv;

  @Option(names = "--well-known-port", hidden = true, converter = PortConverter.class)
  private int wellKnownPort = 443;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Deadline of the resolution, and with --connect the connect and read timeouts:"
              + " 500ms, 10s, 2m or PT10S (default: 30s; connect 10s)")
  private Duration timeout;

  @Option(
      names = "--connect",
      description =
          "Then GET /_matrix/federation/v1/version from the resolved destinations (with failover),"
              + " and from every target x address (connections), and give a verdict")
  private boolean connect;

  @Option(
      names = "--keys",
      description =
          "Then also fetch /_matrix/key/v2/server and verify the signing keys (implies --connect)")
  private boolean keys;

  @Option(names = "--json", description = "Print one JSON object instead of the report")
  private boolean json;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Resolve N times, each with a fresh resolver (every cache empty), and report every run"
              + " (runs_ms) and their median (elapsed_ms); the resolution shown is the last run's")
  private Integer repeat;

  @Option(
      names = "--no-look-ahead",
      description =
          "Strictly serial DNS lookups, one after the other (the same result, for comparison)")
  private boolean noLookAhead;

  private final Function<FedrouteConfig, ? extends ServerNameResolver> resolverFactory;
  private final PrintStream out;

  private FedrouteCli(
      Function<FedrouteConfig, ? extends ServerNameResolver> resolverFactory, PrintStream out) {
    this.resolverFactory = resolverFactory;
    this.out = out;
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // The first TLS handshake's set-up, on the other core while this one parses and builds.
    WarmUp.start();
    // Jersey warns on stderr about optional providers the CLI does not use; Fedroute's own log
    // lines (each failed attempt of --connect) stay. --connect sends the Host header through
    // Jersey's Apache HttpClient 5 connector, which FederationClients chooses: no JVM-wide flag.
    JERSEY_LOG.setLevel(java.util.logging.Level.SEVERE);
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs one command line with the real resolver.
   *
   * @param args the arguments
   * @param out where the report goes (and {@code --help}, {@code --version})
   * @param err where usage errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, ServerNameResolver::create);
  }

  /**
   * Runs one command line with resolvers made by the given factory; the resolver is closed before
   * this returns.
   *
   * @param args the arguments
   * @param out where the report goes (and {@code --help}, {@code --version})
   * @param err where usage errors go
   * @param resolverFactory builds the resolver from the configuration the options describe
   * @return the exit code
   */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Function<FedrouteConfig, ? extends ServerNameResolver> resolverFactory) {
    Objects.requireNonNull(resolverFactory, "resolverFactory");
    CommandLine cmd = new CommandLine(new FedrouteCli(resolverFactory, out));
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    cmd.setOut(outWriter).setErr(errWriter);
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("fedroute: internal error: " + e);
          e.printStackTrace(c.getErr());
          return EXIT_FAILED;
        });
    cmd.setParameterExceptionHandler(
        (e, given) -> {
          CommandLine c = e.getCommandLine();
          c.getErr().println(e.getMessage());
          UnmatchedArgumentException.printSuggestions(e, c.getErr());
          hyphenatedName(c, given)
              .ifPresent(
                  a ->
                      c.getErr()
                          .println(
                              "'"
                                  + a
                                  + "' is not an option; a server name starting with '-' goes"
                                  + " after '--', as in: -- "
                                  + a));
          c.usage(c.getErr());
          return EXIT_USAGE;
        });
    int code = cmd.execute(args);
    outWriter.flush();
    errWriter.flush();
    return code;
  }

  /**
   * The first argument before any {@code --} that starts with a single '-' but names no option:
   * perhaps a server name such as {@code -a.example.org}.
   */
  private static Optional<String> hyphenatedName(CommandLine cmd, String[] given) {
    for (String arg : given) {
      if (arg.equals("--")) {
        break;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (arg.startsWith("-")
          && !arg.startsWith("--")
          && arg.length() > 1
          && cmd.getCommandSpec().findOption(name) == null) {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves the server name and prints the report.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    FedrouteConfig config = config();
    ServerName name;
    try {
      name = ServerName.parse(serverName);
    } catch (InvalidServerNameException e) {
      print(Report.failed(serverName, e, Duration.ZERO));
      return EXIT_USAGE;
    }
    int count = repeat == null ? 1 : repeat;
    List<Duration> runs = new ArrayList<>();
    for (int run = 1; run < count; run++) {
      try (ServerNameResolver resolver = resolverFactory.apply(config)) {
        runs.add(resolve(resolver, name, config.resolveTimeout()).elapsed());
      }
    }
    Report report;
    try (ServerNameResolver resolver = resolverFactory.apply(config)) {
      report = resolve(resolver, name, config.resolveTimeout());
      runs.add(report.elapsed());
      if (repeat != null) {
        report = report.withRuns(runs);
      }
      if (connect || keys) {
        report =
            report.error() == null
                ? tester(report, resolver, name, config)
                : report.withConnectNotAttempted(keys);
      }
    }
    print(report);
    boolean ok = connect || keys ? Boolean.TRUE.equals(report.federationOk()) : report.succeeded();
    return ok ? EXIT_RESOLVED : EXIT_FAILED;
  }

  /**
   * Sends the federation request, then checks every address and, with --keys, the signing keys; all
   * on one PKIX trust manager (each load of a --trust-store file costs tens of milliseconds).
   */
  private Report tester(
      Report resolved, ServerNameResolver resolver, ServerName name, FedrouteConfig config) {
    X509ExtendedTrustManager pkix = TlsContexts.trustManager(config.trustStore());
    // config() made --timeout the resolve timeout, so this is --timeout or the default deadline.
    Report report =
        resolved.withConnection(
            FederationCheck.connect(
                resolver, name, config, pkix, connectTimeout(), config.resolveTimeout()));
    Resolution resolution = report.resolution();
    AddressProbe probe =
        new AddressProbe(
            resolution.tlsServerName(),
            resolution.hostHeader(),
            pkix,
            config.userAgent(),
            connectTimeout(),
            config.resolveTimeout(),
            config.proxy());
    List<AddressCheck> checks = AddressChecks.run(resolution, probe);
    KeyCheck keyCheck = null;
    if (keys) {
      Connection fetched =
          FederationCheck.get(
              resolver,
              resolution.serverName(),
              config,
              pkix,
              KeyCheck.PATH,
              connectTimeout(),
              config.resolveTimeout());
      keyCheck = KeyCheck.of(fetched, resolution.serverName().text(), Instant.now());
    }
    return report.withChecks(checks, keyCheck);
  }

  private Duration connectTimeout() {
    return timeout == null ? FederationClientSettings.defaults().connectTimeout() : timeout;
  }

  /**
   * The configuration the options describe.
   *
   * @return the configuration
   * @throws ParameterException when the options do not make a valid configuration
   */
  FedrouteConfig config() {
    if (repeat != null && (repeat < 1 || repeat > MAX_REPEAT)) {
      throw new ParameterException(
          spec.commandLine(), "--repeat must be from 1 to " + MAX_REPEAT + ", was " + repeat);
    }
    FedrouteConfig.Builder builder =
        FedrouteConfig.builder()
            .dnsServers(dnsServers)
            .wellKnownEnabled(!noWellKnown)
            .matrixFedSrvEnabled(!noMatrixFedSrv)
            .legacySrvEnabled(!noLegacySrv)
            .dnsLookAhead(!noLookAhead)
            .serversAllow(patterns("--server-allow", serverAllow))
            .serversDeny(patterns("--server-deny", serverDeny))
            .overrides(overrides())
            .wellKnownPort(wellKnownPort)
            .allow(allow)
            .trustStore(trustStoreOption());
    ProxyOption.apply(spec.commandLine(), proxy, noProxy, builder);
    if (timeout != null) {
      builder.resolveTimeout(timeout);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Map<ServerName, ServerName> overrides() {
    Map<ServerName, ServerName> map = new LinkedHashMap<>();
    for (String pair : overrides) {
      try {
        Map.Entry<ServerName, ServerName> override = FedrouteConfig.Servers.override(pair);
        map.put(override.getKey(), override.getValue());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--override " + e.getMessage());
      }
    }
    return map;
  }

  private List<ServerPattern> patterns(String option, List<String> texts) {
    List<ServerPattern> patterns = new ArrayList<>();
    for (String text : texts) {
      try {
        patterns.add(ServerPattern.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
      }
    }
    return patterns;
  }

  private Optional<FedrouteConfig.TrustStore> trustStoreOption() {
    if (trustStore == null) {
      if (trustStorePassword != null) {
        throw new ParameterException(
            spec.commandLine(), "--trust-store-password needs --trust-store FILE");
      }
      return Optional.empty();
    }
    FedrouteConfig.TrustStore store = new FedrouteConfig.TrustStore(trustStore, trustStorePassword);
    TrustStoreCheck.problem(store)
        .ifPresent(
            problem -> {
              throw new ParameterException(spec.commandLine(), problem);
            });
    return Optional.of(store);
  }

  private Report resolve(ServerNameResolver resolver, ServerName name, Duration deadline) {
    long start = System.nanoTime();
    try {
      return Report.ok(resolver.resolveBlocking(name, deadline.plus(GRACE)), since(start));
    } catch (FedrouteException e) {
      return Report.failed(serverName, e, since(start));
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void print(Report report) {
    if (json) {
      out.println(JsonReport.render(report));
    } else {
      out.print(TextReport.render(report));
    }
    out.flush();
  }
}

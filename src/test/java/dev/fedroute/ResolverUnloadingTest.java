package dev.fedroute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedroute.testing.DnsTestServer;
import dev.fedroute.testing.HttpsTestServer;
import dev.fedroute.testing.TestCa;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.Unloading;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application that used Fedroute and closed its resolver can be unloaded, as an application
 * server undeploys a WAR: Fedroute and its libraries are loaded by a class loader of their own
 * ({@link ApplicationLoader}, as a server's deployment loader), the resolver starts its threads
 * with that loader as their context (as a server's request thread has), resolves names through DNS,
 * SRV and {@code .well-known} over TLS, and is closed; then nothing may keep the loader: no thread,
 * no task left on the JDK's shared schedulers, no shutdown hook, no static of the JDK. The loader
 * is only weakly held here and must be collected.
 */
class ResolverUnloadingTest {
  /** Classes whose code sources make up the application: Fedroute and what it needs at run time. */
  private static final String[] APPLICATION = {
    "dev.fedroute.ServerNameResolver",
    "dev.fedroute.ResolverUnloadingTest",
    "org.xbill.DNS.Lookup",
    "com.github.benmanes.caffeine.cache.Caffeine",
    "org.apache.hc.client5.http.impl.async.HttpAsyncClients",
    "org.apache.hc.core5.http.HttpHost",
    "org.apache.hc.core5.http2.HttpVersionPolicy",
    "com.fasterxml.jackson.core.JsonFactory",
    "org.slf4j.LoggerFactory",
    "org.slf4j.nop.NOPServiceProvider",
  };

  private final TestCa ca = TestCa.create("Fedroute unloading CA");
  private final HttpsTestServer wellKnown =
      HttpsTestServer.https(ca.issue("*.unload.test")).start();
  private final DnsTestServer dns =
      DnsTestServer.start(
          "a.unload.test. 60 IN A 127.0.0.1",
          "w.unload.test. 60 IN A 127.0.0.1",
          "t.unload.test. 60 IN A 127.0.0.1",
          "_matrix-fed._tcp.s.unload.test. 60 IN SRV 10 5 8448 t.unload.test.");
  private Path trustStore;

  @AfterEach
  void stop() throws Exception {
    wellKnown.close();
    dns.close();
    if (trustStore != null) {
      Files.deleteIfExists(trustStore);
    }
  }

  @Test
  void aClosedResolverLeavesNothingThatKeepsItsApplicationLoaded() throws Exception {
    wellKnown.defaultHandler(
        r ->
            r.hostName().startsWith("w.")
                ? TestResponse.json("{\"m.server\":\"a.unload.test:8448\"}")
                : TestResponse.status(404));
    trustStore = Files.createTempFile("fedroute-unload", ".p12");
    ca.writeTrustStore(trustStore, "changeit", "PKCS12");

    WeakReference<ClassLoader> loader = runApplication();
    Unloading.forgetTheLastRecordMethods();

    boolean collected = Unloading.collected(loader);
    assertThat(threadsOf(loader)).as("threads of the application").isEmpty();
    assertThat(collected).as("the application's class loader, collected within 20 s").isTrue();
    assertThat(loader.get()).as("the application's class loader, collected").isNull();
  }

  /** Loads, runs and closes the application; only a weak reference to its loader comes out. */
  private WeakReference<ClassLoader> runApplication() throws Exception {
    URLClassLoader application = new ApplicationLoader(applicationPath());
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(application);
    try {
      @SuppressWarnings("unchecked")
      Function<List<String>, String> app =
          (Function<List<String>, String>)
              application
                  .loadClass(InApplication.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();
      String outcome =
          app.apply(
              List.of(
                  hostAndPort(dns.address()),
                  String.valueOf(wellKnown.port()),
                  trustStore.toString()));
      assertThat(outcome)
          .as("the application's resolutions")
          .isEqualTo(
              "a.unload.test:8448=127.0.0.1:8448 w.unload.test=127.0.0.1:8448"
                  + " s.unload.test=127.0.0.1:8448");
      assertThat(application.loadClass(ServerNameResolver.class.getName()))
          .as("Fedroute was the application's own")
          .isNotSameAs(ServerNameResolver.class);
    } finally {
      current.setContextClassLoader(previous);
    }
    application.close();
    return new WeakReference<>(application);
  }

  /**
   * A deployment's loader: its own classes first (Fedroute and its libraries, also on the test's
   * class path), everything else (the JDK and its modules) from the test's loader.
   */
  private static final class ApplicationLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    ApplicationLoader(URL[] urls) {
      super("fedroute-application", urls, ResolverUnloadingTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null && !name.startsWith("java.")) {
          try {
            type = findClass(name);
          } catch (ClassNotFoundException notOurs) {
            // the JDK's or the test's
          }
        }
        if (type == null) {
          type = super.loadClass(name, false);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }
  }

  private static List<String> threadsOf(WeakReference<ClassLoader> loader) {
    List<String> names = new ArrayList<>();
    ClassLoader l = loader.get();
    if (l != null) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getContextClassLoader() == l || t.getClass().getClassLoader() == l) {
          names.add(t.getName());
        }
      }
    }
    return names;
  }

  private static URL[] applicationPath() throws URISyntaxException {
    Set<URL> urls = new LinkedHashSet<>();
    for (String name : APPLICATION) {
      try {
        Class<?> type = Class.forName(name, false, ResolverUnloadingTest.class.getClassLoader());
        urls.add(type.getProtectionDomain().getCodeSource().getLocation());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("not on the test class path: " + name, e);
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static String hostAndPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /**
   * The application: runs inside the application's class loader, so it may name Fedroute's types
   * only there. Its argument is the DNS server, the {@code .well-known} port and the trust store;
   * it answers each name with its first address.
   */
  public static final class InApplication implements Function<List<String>, String> {
    /** Made reflectively. */
    public InApplication() {}

    @Override
    public String apply(List<String> args) {
      String dns = args.get(0);
      int colon = dns.lastIndexOf(':');
      FedrouteConfig config =
          FedrouteConfig.builder()
              .dnsServers(
                  List.of(
                      new InetSocketAddress(
                          dns.substring(0, colon), Integer.parseInt(dns.substring(colon + 1)))))
              .resolveTimeout(Duration.ofSeconds(10))
              .wellKnownPort(Integer.parseInt(args.get(1)))
              .trustStore(
                  Optional.of(new FedrouteConfig.TrustStore(Path.of(args.get(2)), "changeit")))
              .allow(Cidr.parseAll(List.of("127.0.0.0/8")))
              .build();
      StringBuilder out = new StringBuilder();
      try (ServerNameResolver resolver = ServerNameResolver.create(config)) {
        for (String name : List.of("a.unload.test:8448", "w.unload.test", "s.unload.test")) {
          Target first = resolver.resolveBlocking(name).targets().get(0);
          out.append(out.length() == 0 ? "" : " ")
              .append(name)
              .append('=')
              .append(first.addresses().get(0).getHostAddress())
              .append(':')
              .append(first.port());
        }
      }
      return out.toString();
    }
  }
}

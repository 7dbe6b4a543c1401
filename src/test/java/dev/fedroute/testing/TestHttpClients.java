package dev.fedroute.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;

/** HTTP clients for tests that send every host name to 127.0.0.1. */
public final class TestHttpClients {
  private TestHttpClients() {}

  /** A DNS resolver answering 127.0.0.1 for every name. */
  public static final DnsResolver LOOPBACK =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host;
        }
      };

  /**
   * An Apache HttpClient 5 with standard hostname verification, no redirects, every name at
   * 127.0.0.1.
   *
   * @param trust the client TLS context
   * @return the client
   */
  public static CloseableHttpClient loopbackClient(SSLContext trust) {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(LOOPBACK)
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(trust))
                .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .build();
  }
}

package dev.fedroute.cli;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A PKIX trust manager that remembers the chain of the last server handshake it saw, before it
 * checks it: so a report can show the certificate even when the check (or a TLS name check made on
 * top of it) refused it. The field is volatile so that another thread sees it.
 */
class ChainRecorder extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private volatile List<X509Certificate> lastChain = List.of();

  /**
   * A recorder around the trust manager that does the real check.
   *
   * @param pkix the PKIX trust manager
   */
  ChainRecorder(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  /**
   * The chain of the last server handshake, leaf first.
   *
   * @return the chain, empty before any
   */
  List<X509Certificate> lastChain() {
    return lastChain;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    remember(chain);
    pkix.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    remember(chain);
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    remember(chain);
    pkix.checkServerTrusted(chain, authType);
  }

  private void remember(X509Certificate[] chain) {
    lastChain = chain == null ? List.of() : List.of(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}

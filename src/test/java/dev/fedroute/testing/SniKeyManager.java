package dev.fedroute.testing;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that picks a certificate by the SNI host name: first an identity registered
 * for exactly that name, then one whose DNS SANs cover it (one left-most wildcard label), else the
 * default. Thread-safe once built.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  static final String DEFAULT_ALIAS = "default";

  private final Map<String, TestCa.Leaf> byAlias = new LinkedHashMap<>();
  private final Map<String, String> aliasByName = new LinkedHashMap<>();

  SniKeyManager(
      TestCa.Leaf defaultIdentity, Map<String, TestCa.Leaf> named, List<TestCa.Leaf> bySan) {
    byAlias.put(DEFAULT_ALIAS, defaultIdentity);
    int i = 0;
    for (Map.Entry<String, TestCa.Leaf> e : named.entrySet()) {
      String alias = "named-" + i++;
      byAlias.put(alias, e.getValue());
      aliasByName.put(e.getKey().toLowerCase(Locale.ROOT), alias);
    }
    i = 0;
    for (TestCa.Leaf leaf : bySan) {
      byAlias.put("san-" + i++, leaf);
    }
  }

  static String sniOf(SSLSession session) {
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  String aliasFor(String sni) {
    if (sni == null) {
      return DEFAULT_ALIAS;
    }
    String name = sni.toLowerCase(Locale.ROOT);
    String alias = aliasByName.get(name);
    if (alias != null) {
      return alias;
    }
    for (Map.Entry<String, TestCa.Leaf> e : byAlias.entrySet()) {
      if (e.getKey().startsWith("san-") && covers(e.getValue().certificate(), name)) {
        return e.getKey();
      }
    }
    return DEFAULT_ALIAS;
  }

  private static boolean covers(X509Certificate cert, String name) {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (sans == null) {
      return false;
    }
    for (List<?> san : sans) {
      if (((Integer) san.get(0)) != 2) {
        continue;
      }
      String pattern = ((String) san.get(1)).toLowerCase(Locale.ROOT);
      if (pattern.equals(name)) {
        return true;
      }
      int dot = name.indexOf('.');
      if (pattern.startsWith("*.") && dot > 0 && name.substring(dot).equals(pattern.substring(1))) {
        return true;
      }
    }
    return false;
  }

  private String choose(String keyType, SSLSession handshake) {
    String alias = aliasFor(handshake == null ? null : sniOf(handshake));
    return keyType.equals(byAlias.get(alias).privateKey().getAlgorithm()) ? alias : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    List<String> out = new ArrayList<>();
    byAlias.forEach(
        (alias, leaf) -> {
          if (keyType.equals(leaf.privateKey().getAlgorithm())) {
            out.add(alias);
          }
        });
    return out.toArray(String[]::new);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[0];
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TestCa.Leaf leaf = byAlias.get(alias);
    return leaf == null ? null : leaf.chain();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TestCa.Leaf leaf = byAlias.get(alias);
    return leaf == null ? null : leaf.privateKey();
  }
}

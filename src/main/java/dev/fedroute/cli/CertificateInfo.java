package dev.fedroute.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * What a report shows of one certificate. Immutable.
 *
 * @param subject the RFC 2253 subject
 * @param issuer the RFC 2253 issuer
 * @param dnsNames the DNS names of the subject alternative names
 * @param ipAddresses the IP addresses of the subject alternative names, as text
 * @param notAfter the end of its validity
 * @param sha256 the SHA-256 fingerprint of its DER encoding, lower-case hex
 */
record CertificateInfo(
    String subject,
    String issuer,
    List<String> dnsNames,
    List<String> ipAddresses,
    Instant notAfter,
    String sha256) {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  /** Copies the lists. */
  CertificateInfo {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /**
   * The information of a certificate.
   *
   * @param cert the certificate
   * @return its information; an unreadable SAN extension gives empty name lists
   */
  static CertificateInfo of(X509Certificate cert) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
        if (san.size() >= 2
            && san.get(0) instanceof Integer type
            && san.get(1) instanceof String v) {
          if (type == SAN_DNS) {
            dns.add(v);
          } else if (type == SAN_IP) {
            ips.add(v);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // shown without names
    }
    return new CertificateInfo(
        cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
        cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
        dns,
        ips,
        cert.getNotAfter().toInstant(),
        fingerprint(cert));
  }

  private static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }
}

package dev.fedroute.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority minted in memory for tests (EC P-256, SHA256withECDSA), issuing leaf
 * certificates with DNS and IP subject alternative names. Thread-safe.
 *
 * <pre>{@code
 * TestCa ca = TestCa.create("Test CA");
 * TestCa.Leaf leaf = ca.leaf("example.test").dns("example.test", "*.example.test").issue();
 * SSLContext client = ca.sslContextTrustingThisCa();
 * }</pre>
 */
public final class TestCa {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final char[] NO_PASSWORD = "changeit".toCharArray();

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private TestCa(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /**
   * Mints a self-signed CA certificate valid from one day ago for ten years.
   *
   * @param cn the common name of the CA
   * @return the CA
   */
  public static TestCa create(String cn) {
    KeyPair keys = newKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=" + cn);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              nextSerial(),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(keys, sign(b, keys.getPrivate()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot mint CA " + cn, e);
    }
  }

  /**
   * The CA with its private key as a PKCS12 key store, to hand the same CA to another JVM.
   *
   * @param password the store password
   * @return the PKCS12 bytes
   */
  public byte[] toPkcs12(String password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "ca", keyPair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ks.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot export the CA", e);
    }
  }

  /**
   * Reads a CA written by {@link #toPkcs12(String)}.
   *
   * @param pkcs12 the PKCS12 bytes
   * @param password the store password
   * @return the CA
   */
  public static TestCa fromPkcs12(byte[] pkcs12, String password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new java.io.ByteArrayInputStream(pkcs12), password.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey("ca", password.toCharArray());
      X509Certificate cert = (X509Certificate) ks.getCertificate("ca");
      return new TestCa(new KeyPair(cert.getPublicKey(), key), cert);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the CA", e);
    }
  }

  /**
   * The CA certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The CA's key pair.
   *
   * @return the keys
   */
  public KeyPair keyPair() {
    return keyPair;
  }

  /**
   * Starts a leaf certificate with a subject common name (never used for name checks).
   *
   * @param cn the subject CN
   * @return a builder, valid from one hour ago for 30 days unless changed
   */
  public LeafBuilder leaf(String cn) {
    return new LeafBuilder(cn);
  }

  /**
   * Issues a leaf for DNS names (wildcards allowed), the first one being the CN.
   *
   * @param dnsNames the DNS SANs
   * @return the leaf
   */
  public Leaf issue(String... dnsNames) {
    return leaf(dnsNames[0]).dns(dnsNames).issue();
  }

  /**
   * A trust store holding only this CA's certificate (type PKCS12, in memory).
   *
   * @return the trust store
   */
  public KeyStore trustStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("test-ca", certificate);
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a trust store holding this CA's certificate.
   *
   * @param file where to write
   * @param password the store password
   * @param type {@code PKCS12} or {@code JKS}
   * @return the file
   */
  public Path writeTrustStore(Path file, String password, String type) {
    try {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(null, null);
      ks.setCertificateEntry("test-ca", certificate);
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write trust store " + file, e);
    }
  }

  /**
   * A trust manager trusting only this CA.
   *
   * @return the trust manager
   */
  public X509TrustManager trustManager() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A client TLS context trusting only this CA (with the JDK's standard checks).
   *
   * @return the context
   */
  public SSLContext sslContextTrustingThisCa() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** Builds one leaf certificate. Not thread-safe. */
  public final class LeafBuilder {
    private final String cn;
    private final List<GeneralName> names = new ArrayList<>();
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(30));
    private KeyPair keys;

    private LeafBuilder(String cn) {
      this.cn = cn;
    }

    /**
     * Adds DNS SANs, for example {@code example.test} or {@code *.example.test}.
     *
     * @param dnsNames the names
     * @return this builder
     */
    public LeafBuilder dns(String... dnsNames) {
      for (String n : dnsNames) {
        names.add(new GeneralName(GeneralName.dNSName, n));
      }
      return this;
    }

    /**
     * Adds IP SANs.
     *
     * @param addresses IP literals such as {@code 127.0.0.1} or {@code ::1}
     * @return this builder
     */
    public LeafBuilder ip(String... addresses) {
      for (String a : addresses) {
        names.add(new GeneralName(GeneralName.iPAddress, a));
      }
      return this;
    }

    /**
     * Sets the validity period.
     *
     * @param from not before
     * @param until not after
     * @return this builder
     */
    public LeafBuilder validity(Instant from, Instant until) {
      notBefore = from;
      notAfter = until;
      return this;
    }

    /**
     * Makes the certificate expired since yesterday.
     *
     * @return this builder
     */
    public LeafBuilder expired() {
      return validity(
          Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
    }

    /**
     * Makes the certificate valid only from tomorrow on.
     *
     * @return this builder
     */
    public LeafBuilder notYetValid() {
      return validity(
          Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /**
     * Uses the given key pair instead of a fresh EC P-256 one.
     *
     * @param value the leaf's keys
     * @return this builder
     */
    public LeafBuilder keyPair(KeyPair value) {
      keys = value;
      return this;
    }

    /**
     * Signs the leaf.
     *
     * @return the leaf and its key
     */
    public Leaf issue() {
      KeyPair k = keys != null ? keys : newKeyPair();
      try {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                new X500Name(certificate.getSubjectX500Principal().getName()),
                nextSerial(),
                Date.from(notBefore),
                Date.from(notAfter),
                new X500Name("CN=" + cn),
                k.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        if (!names.isEmpty()) {
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return new Leaf(sign(b, keyPair.getPrivate()), certificate, k);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot issue leaf " + cn, e);
      }
    }
  }

  /**
   * An issued leaf certificate with its key and chain.
   *
   * @param certificate the leaf
   * @param caCertificate the issuing CA
   * @param keyPair the leaf's keys
   */
  public record Leaf(X509Certificate certificate, X509Certificate caCertificate, KeyPair keyPair) {

    /**
     * The private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
      return keyPair.getPrivate();
    }

    /**
     * The chain a server presents: leaf, then CA.
     *
     * @return a fresh array
     */
    public X509Certificate[] chain() {
      return new X509Certificate[] {certificate, caCertificate};
    }

    /**
     * A PKCS12 key store with the key under alias {@code leaf}, password {@code changeit}.
     *
     * @return the key store
     */
    public KeyStore keyStore() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", privateKey(), NO_PASSWORD, chain());
        return ks;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * A server TLS context presenting only this leaf.
     *
     * @return the context
     */
    public SSLContext serverContext() {
      try {
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), NO_PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package dev.fedroute.cli;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.List;
import javax.crypto.KeyAgreement;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * Start-up work that a fresh CLI process needs for its first TLS handshake, done on a background
 * thread while the main thread parses the options, reads the trust store and builds the resolver
 * (the machine's other core): the TLS engine writing a ClientHello (SNI, key shares), and the
 * elliptic-curve key agreement and signature check a server's answer takes. In a fresh JVM the
 * first of each runs in the interpreter and loads hundreds of classes; done here, the {@code
 * .well-known} fetch's handshake finds them loaded and compiled. It sends nothing, reads no file
 * and changes nothing the resolution uses (each part builds its own objects); a failure is ignored,
 * as the fetch then simply does the work itself.
 */
final class WarmUp {
  private WarmUp() {}

  /**
   * Starts the work on a daemon thread, which ends by itself (or with the JVM).
   *
   * @return the thread started
   */
  static Thread start() {
    Thread thread = new Thread(WarmUp::run, "fedroute-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void run() {
    try {
      clientHello();
      for (int i = 0; i < 3; i++) {
        agree("XDH", new NamedParameterSpec("X25519"));
        agree("EC", new ECGenParameterSpec("secp256r1"));
        signature();
      }
    } catch (GeneralSecurityException | SSLException | RuntimeException e) {
      // Only a warm-up: the fetch does whatever is left.
    }
  }

  /** A client engine's first flight, as the fetch starts it (no trust manager: nothing checked). */
  private static void clientHello() throws GeneralSecurityException, SSLException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[0], null);
    SSLEngine engine = context.createSSLEngine("warm-up.invalid", 443);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName("warm-up.invalid")));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
    engine.beginHandshake();
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    engine.closeOutbound();
  }

  /** An ephemeral key agreement on a named group (the handshake's key exchange). */
  private static void agree(String algorithm, java.security.spec.AlgorithmParameterSpec group)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(group);
    KeyPair ours = generator.generateKeyPair();
    KeyPair theirs = generator.generateKeyPair();
    KeyAgreement agreement = KeyAgreement.getInstance(algorithm.equals("EC") ? "ECDH" : algorithm);
    agreement.init(ours.getPrivate());
    agreement.doPhase(theirs.getPublic(), true);
    agreement.generateSecret();
  }

  /** An ECDSA signature made and checked (the server's CertificateVerify, the chain's). */
  private static void signature() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    byte[] data = new byte[64];
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(data);
    byte[] signed = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(data);
    verifier.verify(signed);
  }
}

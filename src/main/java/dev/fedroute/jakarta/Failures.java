package dev.fedroute.jakarta;

import dev.fedroute.FedrouteException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Sorts the failures of federation requests. Stateless. */
final class Failures {
  /** What a failed attempt says about its destination. */
  enum Kind {
    /** The TCP connection could not be made: nothing was sent. */
    CONNECT,
    /** The TLS handshake or the certificate check failed: nothing was sent. */
    TLS,
    /** Anything else (read timeout, reset after sending, a filter's failure): not retried. */
    OTHER
  }

  private static final int MAX_DEPTH = 16;

  private Failures() {}

  /**
   * Classifies a failure by its causes, TLS before connect (a handshake cut short is TLS).
   *
   * @param failure what the client stack threw
   * @return the kind
   */
  static Kind classify(Throwable failure) {
    Kind kind = Kind.OTHER;
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof FedrouteException) {
        return Kind.OTHER;
      }
      if (isTls(t)) {
        return Kind.TLS;
      }
      if (isConnect(t)) {
        kind = Kind.CONNECT;
      }
    }
    return kind;
  }

  private static boolean isTls(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return t instanceof SSLException
        || t instanceof CertificateException
        || message.startsWith("HTTPS hostname wrong");
  }

  private static boolean isConnect(Throwable t) {
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof PortUnreachableException
        || (t instanceof SocketTimeoutException && message.contains("connect timed out"))
        || (t instanceof SocketTimeoutException && duringHandshake(t))
        || t.getClass().getSimpleName().equals("ConnectTimeoutException")
        // HttpClient's own exception, should a stack ever throw it for a refused CONNECT (they
        // return the proxy's answer instead, which ProxyRefusal turns into a ConnectException)
        || t.getClass().getSimpleName().equals("TunnelRefusedException");
  }

  /**
   * A read that timed out inside the TLS handshake: the peer took the TCP connection but never
   * completed TLS, so nothing was sent. Jersey's connector reports it as a plain read timeout.
   */
  private static boolean duringHandshake(Throwable t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("sun.security.ssl.")
          && frame.getMethodName().toLowerCase(Locale.ROOT).contains("handshake")) {
        return true;
      }
    }
    return false;
  }

  /** The failure as the {@link ProcessingException} the JAX-RS API throws. */
  static ProcessingException asProcessing(Throwable failure, String serverName) {
    Throwable t = FedrouteException.unwrap(failure);
    if (t instanceof ProcessingException pe) {
      return pe;
    }
    FedrouteException fe = FedrouteException.of(t, serverName);
    return new ProcessingException(fe.getMessage(), fe);
  }
}

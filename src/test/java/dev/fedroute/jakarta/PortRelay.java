package dev.fedroute.jakarta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Forwards TCP connections from a fixed loopback port (8448, the federation default) to a test
 * server's port, byte for byte, so steps that default to 8448 reach a test server.
 */
final class PortRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "port-relay");
            t.setDaemon(true);
            return t;
          });

  private PortRelay(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
    pool.execute(this::acceptLoop);
  }

  /**
   * Listens on 127.0.0.1:{@code port}.
   *
   * @param port the port to listen on
   * @param targetPort the port on 127.0.0.1 to forward to
   * @return the relay
   * @throws IOException when the port is taken
   */
  static PortRelay start(int port, int targetPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
    return new PortRelay(s, targetPort);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        Socket out = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
        open.add(in);
        open.add(out);
        pool.execute(() -> pump(in, out));
        pool.execute(() -> pump(out, in));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side went away
    } finally {
      close(from);
      close(to);
    }
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      open.forEach(this::close);
      pool.shutdownNow();
    }
  }
}

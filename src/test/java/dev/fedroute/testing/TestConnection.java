package dev.fedroute.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/** Serves the requests of one connection of an {@link HttpsTestServer}, keep-alive. */
final class TestConnection implements Runnable {
  private static final int MAX_LINE = 16 * 1024;

  private final HttpsTestServer server;
  private final Socket socket;
  private final int id;

  TestConnection(HttpsTestServer server, Socket socket, int id) {
    this.server = server;
    this.socket = socket;
    this.id = id;
  }

  @Override
  public void run() {
    try (socket) {
      String sni = null;
      if (socket instanceof SSLSocket ssl) {
        ssl.startHandshake();
        sni = SniKeyManager.sniOf(ssl.getSession());
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!server.isClosed() && serveOne(in, out, sni)) {
        // next request on the same connection
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the client went away, the handshake failed, or the server is closing
    } finally {
      server.forget(socket);
    }
  }

  private boolean serveOne(InputStream in, OutputStream out, String sni)
      throws IOException, InterruptedException {
    String requestLine = readLine(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return false;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3) {
      return false;
    }
    Map<String, List<String>> headers = readHeaders(in);
    byte[] body = readBody(in, headers);
    RecordedRequest request = server.record(id, sni, parts[0], parts[1], headers, body);
    TestResponse response = server.handlerFor(request).handle(request);
    if (response.noAnswer()) {
      return false;
    }
    response.writeTo(out, "HEAD".equals(parts[0]));
    String connection = request.header("connection");
    return !response.closesConnection()
        && !(connection != null && connection.equalsIgnoreCase("close"));
  }

  private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static byte[] readBody(InputStream in, Map<String, List<String>> headers)
      throws IOException {
    List<String> te = headers.get("transfer-encoding");
    if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
        body.write(in.readNBytes(size));
        readLine(in);
      }
      readHeaders(in);
      return body.toByteArray();
    }
    List<String> length = headers.get("content-length");
    return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.get(0)));
  }

  private static int chunkSize(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null) {
      throw new IOException("truncated chunked body");
    }
    int semi = line.indexOf(';');
    return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("line too long");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}

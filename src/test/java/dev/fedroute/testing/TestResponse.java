package dev.fedroute.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an {@link HttpsTestServer} handler answers: a status, headers and a body written with the
 * chosen framing, optionally in pieces with pauses, or no answer at all. Immutable; the {@code
 * with...} methods return copies.
 */
public final class TestResponse {

  /** How the body length is told to the client. */
  public enum Framing {
    /** A {@code Content-Length} header. */
    CONTENT_LENGTH,
    /** {@code Transfer-Encoding: chunked}, no length. */
    CHUNKED,
    /** No length; the connection is closed after the body. */
    CLOSE_DELIMITED
  }

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final Framing framing;
  private final int pieceSize;
  private final Duration pause;
  private final boolean noAnswer;
  private final Duration headPause;

  private TestResponse(
      int status,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      Framing framing,
      int pieceSize,
      Duration pause,
      boolean noAnswer,
      Duration headPause) {
    this.status = status;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.framing = framing;
    this.pieceSize = pieceSize;
    this.pause = pause;
    this.noAnswer = noAnswer;
    this.headPause = headPause;
  }

  /**
   * A response with a body.
   *
   * @param status the status code
   * @param body the body
   * @return the response, framed by Content-Length
   */
  public static TestResponse of(int status, byte[] body) {
    return new TestResponse(
        status,
        List.of(),
        body.clone(),
        Framing.CONTENT_LENGTH,
        Integer.MAX_VALUE,
        Duration.ZERO,
        false,
        Duration.ZERO);
  }

  /**
   * A response with a UTF-8 text body.
   *
   * @param status the status code
   * @param body the body
   * @return the response
   */
  public static TestResponse text(int status, String body) {
    return of(status, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An empty response.
   *
   * @param status the status code
   * @return the response
   */
  public static TestResponse status(int status) {
    return of(status, new byte[0]);
  }

  /**
   * A 200 response with a JSON body and {@code Content-Type: application/json}.
   *
   * @param json the body
   * @return the response
   */
  public static TestResponse json(String json) {
    return text(200, json).withHeader("Content-Type", "application/json");
  }

  /**
   * A redirect.
   *
   * @param status 301, 302, 303, 307 or 308
   * @param location the {@code Location} header
   * @return the response
   */
  public static TestResponse redirect(int status, String location) {
    return status(status).withHeader("Location", location);
  }

  /**
   * A 200 JSON body that would be a valid delegation, padded to exactly {@code size} bytes.
   *
   * @param mServer the {@code m.server} value
   * @param size the total body size
   * @param framing how the length is told
   * @return the response
   */
  public static TestResponse oversizedJson(String mServer, int size, Framing framing) {
    String head = "{\"m.server\":\"" + mServer + "\",\"pad\":\"";
    String tail = "\"}";
    int pad = size - head.length() - tail.length();
    if (pad < 0) {
      throw new IllegalArgumentException("size too small: " + size);
    }
    return json(head + "x".repeat(pad) + tail).withFraming(framing);
  }

  /**
   * A 200 body sent in pieces with a pause before each piece.
   *
   * @param body the whole body
   * @param pieceSize bytes per piece
   * @param pause the pause before each piece
   * @param framing how the length is told
   * @return the response
   */
  public static TestResponse drip(byte[] body, int pieceSize, Duration pause, Framing framing) {
    return new TestResponse(
        200, List.of(), body.clone(), framing, pieceSize, pause, false, Duration.ZERO);
  }

  /**
   * No answer: the server closes the connection after reading the request.
   *
   * @return the response
   */
  public static TestResponse closeConnection() {
    return new TestResponse(
        0, List.of(), new byte[0], Framing.CLOSE_DELIMITED, 1, Duration.ZERO, true, Duration.ZERO);
  }

  /**
   * A copy with one more header.
   *
   * @param name the name
   * @param value the value
   * @return the copy
   */
  public TestResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> h = new ArrayList<>(headers);
    h.add(Map.entry(name, value));
    return new TestResponse(status, h, body, framing, pieceSize, pause, noAnswer, headPause);
  }

  /**
   * A copy with another framing.
   *
   * @param value the framing
   * @return the copy
   */
  public TestResponse withFraming(Framing value) {
    return new TestResponse(status, headers, body, value, pieceSize, pause, noAnswer, headPause);
  }

  /**
   * A copy whose status line and headers are sent one byte at a time, with a pause before each
   * byte, as a server that drips its headers does; the body follows at once.
   *
   * @param value the pause before each byte of the head
   * @return the copy
   */
  public TestResponse withDrippingHead(Duration value) {
    return new TestResponse(status, headers, body, framing, pieceSize, pause, noAnswer, value);
  }

  /**
   * The status code.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  boolean noAnswer() {
    return noAnswer;
  }

  boolean closesConnection() {
    return framing == Framing.CLOSE_DELIMITED;
  }

  void writeTo(OutputStream out, boolean headRequest) throws IOException, InterruptedException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (Map.Entry<String, String> h : headers) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    switch (framing) {
      case CONTENT_LENGTH -> head.append("Content-Length: ").append(body.length).append("\r\n");
      case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
      case CLOSE_DELIMITED -> head.append("Connection: close\r\n");
    }
    byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    if (headPause.isZero()) {
      out.write(headBytes);
    } else {
      for (byte b : headBytes) {
        Thread.sleep(headPause.toMillis());
        out.write(b);
        out.flush();
      }
    }
    out.flush();
    if (!headRequest) {
      writeBody(out);
    }
    out.flush();
  }

  private void writeBody(OutputStream out) throws IOException, InterruptedException {
    for (int off = 0; off < body.length; off += pieceSize) {
      if (!pause.isZero()) {
        Thread.sleep(pause.toMillis());
      }
      int len = Math.min(pieceSize, body.length - off);
      if (framing == Framing.CHUNKED) {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, off, len);
        out.write(new byte[] {'\r', '\n'});
      } else {
        out.write(body, off, len);
      }
      out.flush();
    }
    if (framing == Framing.CHUNKED) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}

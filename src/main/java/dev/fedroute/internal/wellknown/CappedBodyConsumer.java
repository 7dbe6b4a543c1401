package dev.fedroute.internal.wellknown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects one response of at most {@code limit} body bytes. A longer body (announced or sent)
 * fails the exchange at once with {@link BodyTooLarge}, which closes the connection rather than
 * reading on. One per exchange; called by the HTTP client's I/O thread.
 */
final class CappedBodyConsumer implements AsyncResponseConsumer<CappedBodyConsumer.Answer> {

  /**
   * A complete response.
   *
   * @param status the status code
   * @param headers the response headers
   * @param body the body, or {@code null} when the response has none
   */
  record Answer(int status, List<Header> headers, byte[] body) {
    Header first(String name) {
      for (Header h : headers) {
        if (h.getName().equalsIgnoreCase(name)) {
          return h;
        }
      }
      return null;
    }

    List<String> all(String name) {
      return headers.stream()
          .filter(h -> h.getName().equalsIgnoreCase(name))
          .map(Header::getValue)
          .toList();
    }
  }

  /** The body is longer than the limit. */
  static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(int limit) {
      super("body over " + limit + " bytes");
    }
  }

  private final int limit;
  private final IntConsumer onStatus;
  private FutureCallback<Answer> callback;
  private HttpResponse head;
  private ByteArrayOutputStream body;

  /**
   * @param limit the most body bytes accepted
   * @param onStatus told the status as soon as the response head arrives
   */
  CappedBodyConsumer(int limit, IntConsumer onStatus) {
    this.limit = limit;
    this.onStatus = onStatus;
  }

  @Override
  public void consumeResponse(
      HttpResponse response,
      EntityDetails entity,
      HttpContext context,
      FutureCallback<Answer> resultCallback)
      throws IOException {
    this.callback = resultCallback;
    onStatus.accept(response.getCode());
    if (entity == null) {
      resultCallback.completed(answer(response, null));
      return;
    }
    if (entity.getContentLength() > limit) {
      throw new BodyTooLarge(limit);
    }
    head = response;
    long announced = entity.getContentLength();
    body = new ByteArrayOutputStream(announced >= 0 ? (int) announced : 1024);
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {
    // 1xx: nothing to keep
  }

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    capacityChannel.update(limit + 1);
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    int n = src.remaining();
    if (body.size() + (long) n > limit) {
      throw new BodyTooLarge(limit);
    }
    byte[] chunk = new byte[n];
    src.get(chunk);
    body.write(chunk, 0, n);
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    callback.completed(answer(head, body.toByteArray()));
  }

  @Override
  public void failed(Exception cause) {
    if (callback != null) {
      callback.failed(cause);
    }
  }

  @Override
  public void releaseResources() {
    body = null;
  }

  private static Answer answer(HttpResponse response, byte[] bytes) {
    return new Answer(response.getCode(), List.of(response.getHeaders()), bytes);
  }
}

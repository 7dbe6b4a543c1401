package dev.fedroute.internal.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * A DNS server outside the machine, reduced to its answer: every query gets the same wire message,
 * parsed by dnsjava as a response from the network is. A message that does not parse fails the
 * query with dnsjava's {@link IOException}, as a network resolver's does.
 */
final class WireAnswers implements Resolver {
  private volatile byte[] wire = new byte[0];

  /** Answers every later query with these bytes. */
  void answer(byte[] bytes) {
    wire = bytes.clone();
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    try {
      return CompletableFuture.completedFuture(new Message(wire));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query) {
    return sendAsync(query, Runnable::run);
  }

  @Override
  public void setPort(int port) {}

  @Override
  public void setTCP(boolean flag) {}

  @Override
  public void setIgnoreTruncation(boolean flag) {}

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {}

  @Override
  public void setTSIGKey(TSIG key) {}

  @Override
  public void setTimeout(Duration timeout) {}
}

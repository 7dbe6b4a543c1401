package dev.fedroute.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real DNS server on 127.0.0.1 for tests: UDP and TCP on one port, answering authoritatively from
 * master-file lines such as {@code a.example.test. 300 IN A 127.0.20.1} (absolute names, explicit
 * TTLs; A, AAAA, CNAME, SRV, SOA and any other type dnsjava parses).
 *
 * <p>Answers: the RRset on an exact name and type match; a CNAME at the name (for another type)
 * plus, when the target is in the same zone, what the target gives (see {@link TestZone} for what
 * "zone" means here); NOERROR with no records (NODATA) when the name or a descendant exists;
 * NXDOMAIN otherwise. Negative answers carry the SOA of the longest suffix that owns one. UDP
 * answers over 512 bytes (or the query's EDNS size) are truncated with TC set.
 *
 * <p>Faults, by query name (all types): {@link #failWith}, {@link #dropQueries}, {@link
 * #truncateUdp}, {@link #answerWithWrongId}, {@link #answerAnotherQuestion}. Answers that change
 * from one query to the next: {@link #answerInTurn}. Every query received, dropped or not, is
 * counted and logged as {@code "<name> <TYPE> <udp|tcp>"} with the name lower-case without trailing
 * dot. Thread-safe; close it to stop its threads.
 */
public final class DnsTestServer implements AutoCloseable {
  private enum Fault {
    DROP,
    TRUNCATE_UDP,
    WRONG_ID,
    WRONG_QUESTION
  }

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("dns-worker"));
  private final ExecutorService loops = Executors.newCachedThreadPool(daemon("dns-io"));
  private final ScheduledExecutorService later =
      Executors.newSingleThreadScheduledExecutor(daemon("dns-latency"));
  private volatile Duration latency = Duration.ZERO;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicReference<TestZone> zone = new AtomicReference<>(TestZone.empty());
  private final Map<Name, Fault> faults = new ConcurrentHashMap<>();
  private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
  private final Map<String, Integer> typedRcodes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, InTurn> inTurn = new ConcurrentHashMap<>();
  private final List<String> log = new ArrayList<>();
  private volatile boolean closed;

  private DnsTestServer(int port, List<String> zoneLines) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ServerSocket tcpSocket = null;
    DatagramSocket udpSocket = null;
    for (int attempt = 0; udpSocket == null; attempt++) {
      tcpSocket = new ServerSocket(port, 200, loopback);
      try {
        udpSocket = new DatagramSocket(new InetSocketAddress(loopback, tcpSocket.getLocalPort()));
      } catch (SocketException busy) {
        tcpSocket.close();
        if (attempt == 20 || port != 0) {
          throw busy;
        }
      }
    }
    // Room for a burst of queries (a load test sends thousands at once).
    udpSocket.setReceiveBufferSize(4 << 20);
    udp = udpSocket;
    tcp = tcpSocket;
    replaceZone(zoneLines);
    loops.execute(this::udpLoop);
    loops.execute(this::acceptLoop);
  }

  /**
   * Starts a server on a free port of 127.0.0.1.
   *
   * @param zoneLines master-file lines
   * @return the running server
   */
  public static DnsTestServer start(String... zoneLines) {
    return start(Arrays.asList(zoneLines));
  }

  /**
   * Starts a server on a free port of 127.0.0.1.
   *
   * @param zoneLines master-file lines
   * @return the running server
   */
  public static DnsTestServer start(List<String> zoneLines) {
    return start(0, zoneLines);
  }

  /**
   * Starts a server on a chosen port of 127.0.0.1 (UDP and TCP), for a server configured in advance
   * to ask it.
   *
   * @param port the port, or 0 for any free one
   * @param zoneLines master-file lines
   * @return the running server
   * @throws UncheckedIOException when the port is taken
   */
  public static DnsTestServer start(int port, List<String> zoneLines) {
    try {
      return new DnsTestServer(port, zoneLines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server again on the port of one that was closed, as a restarted server would be. The
   * port may be held for a moment by another socket meanwhile (a client's ephemeral port): binding
   * is retried for up to 10 seconds.
   *
   * @param port the port
   * @param zoneLines master-file lines
   * @return the running server
   * @throws UncheckedIOException when the port stays taken
   */
  public static DnsTestServer restart(int port, List<String> zoneLines) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return start(port, zoneLines);
      } catch (UncheckedIOException busy) {
        if (System.nanoTime() > deadline) {
          throw busy;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting the DNS server", e);
      }
    }
  }

  /**
   * The address to send queries to (UDP and TCP).
   *
   * @return 127.0.0.1 and the port
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  /**
   * Replaces all records.
   *
   * @param zoneLines master-file lines
   */
  public void replaceZone(String... zoneLines) {
    replaceZone(Arrays.asList(zoneLines));
  }

  /**
   * Replaces all records.
   *
   * @param zoneLines master-file lines
   */
  public void replaceZone(List<String> zoneLines) {
    zone.set(TestZone.empty().plus(TestZone.parse(zoneLines)));
  }

  /**
   * Adds records to the current ones.
   *
   * @param zoneLines master-file lines
   */
  public void addRecords(String... zoneLines) {
    var records = TestZone.parse(Arrays.asList(zoneLines));
    zone.updateAndGet(z -> z.plus(records));
  }

  /**
   * Answers every query for a name with an error code and no records.
   *
   * @param name the query name
   * @param rcode for example {@code Rcode.SERVFAIL}
   */
  public void failWith(String name, int rcode) {
    rcodes.put(TestZone.name(name), rcode);
  }

  /**
   * Answers queries of one type for a name with an error code; other types are answered.
   *
   * @param name the query name
   * @param type for example {@code Type.AAAA}
   * @param rcode for example {@code Rcode.SERVFAIL}
   */
  public void failWith(String name, int type, int rcode) {
    typedRcodes.put(countKey(TestZone.name(name), type), rcode);
  }

  /**
   * Never answers queries for a name, so clients time out.
   *
   * @param name the query name
   */
  public void dropQueries(String name) {
    faults.put(TestZone.name(name), Fault.DROP);
  }

  /**
   * Answers UDP queries for a name with TC set and no records; TCP queries are answered fully.
   *
   * @param name the query name
   */
  public void truncateUdp(String name) {
    faults.put(TestZone.name(name), Fault.TRUNCATE_UDP);
  }

  /**
   * Answers the queries of one type for a name from a sequence of record sets instead of the zone:
   * the first query from the first set, the second from the second, and every later one from the
   * last, as a name that changes its answer between two queries (DNS rebinding) does.
   *
   * @param name the query name
   * @param type for example {@code Type.A}
   * @param answers master-file lines per query, in order; at least one
   */
  public void answerInTurn(String name, int type, List<List<String>> answers) {
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("no answers");
    }
    List<TestZone> zones =
        answers.stream().map(lines -> TestZone.empty().plus(TestZone.parse(lines))).toList();
    inTurn.put(countKey(TestZone.name(name), type), new InTurn(zones, new AtomicInteger()));
  }

  /** The record sets of {@link #answerInTurn} and how many of them were served. */
  private record InTurn(List<TestZone> zones, AtomicInteger served) {
    TestZone next() {
      return zones.get(Math.min(served.getAndIncrement(), zones.size() - 1));
    }
  }

  /**
   * Answers queries for a name as an off-path spoofer guessing wrong would: the records of the
   * zone, but with another message ID than the query's.
   *
   * @param name the query name
   */
  public void answerWithWrongId(String name) {
    faults.put(TestZone.name(name), Fault.WRONG_ID);
  }

  /**
   * Answers queries for a name with a response whose question is another name ({@code
   * spoofed.invalid.}), carrying an A record 127.0.1.99 for it, as a spoofer replaying an answer
   * would.
   *
   * @param name the query name
   */
  public void answerAnotherQuestion(String name) {
    faults.put(TestZone.name(name), Fault.WRONG_QUESTION);
  }

  /** Removes every fault. */
  public void clearFaults() {
    faults.clear();
    rcodes.clear();
    typedRcodes.clear();
  }

  /**
   * How many queries for a name and type arrived (UDP and TCP together) since the last reset.
   *
   * @param name the name, with or without trailing dot, any case
   * @param type for example {@code Type.A}
   * @return the count
   */
  public int queryCount(String name, int type) {
    AtomicInteger count = counts.get(countKey(TestZone.name(name), type));
    return count == null ? 0 : count.get();
  }

  /**
   * How many queries arrived since the last reset.
   *
   * @return the count
   */
  public int totalQueries() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /**
   * The queries received since the last reset, in arrival order, as {@code "<name> <TYPE>
   * <udp|tcp>"}.
   *
   * @return a copy of the log
   */
  public List<String> queryLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Clears the counts and the query log. */
  public void resetCounts() {
    synchronized (log) {
      counts.clear();
      log.clear();
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.forEach(DnsTestServer::closeQuietly);
    workers.shutdownNow();
    loops.shutdownNow();
    later.shutdownNow();
    try {
      loops.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void udpLoop() {
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
      try {
        udp.receive(packet);
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        var from = packet.getSocketAddress();
        workers.execute(() -> answerUdp(data, from));
      } catch (IOException | RejectedExecutionException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void answerUdp(byte[] data, SocketAddress from) {
    try {
      Message query = new Message(data);
      byte[] reply = handle(query, false);
      if (reply == null) {
        return;
      }
      DatagramPacket packet = new DatagramPacket(reply, reply.length, from);
      Duration delay = latency;
      if (delay.isZero()) {
        udp.send(packet);
      } else {
        later.schedule(() -> sendQuietly(packet), delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (IOException | RejectedExecutionException e) {
      // a malformed query or a closed socket: no answer, like a real server
    }
  }

  private void sendQuietly(DatagramPacket packet) {
    try {
      udp.send(packet);
    } catch (IOException e) {
      // closed meanwhile
    }
  }

  /**
   * Answers every UDP query only after this long, as a distant server would: concurrent queries
   * wait side by side, not one after the other (no worker thread is held meanwhile).
   *
   * @param value the latency, zero for none
   */
  public void answerAfter(Duration value) {
    latency = value;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = tcp.accept();
        connections.add(socket);
        loops.execute(() -> serveConnection(socket));
      } catch (IOException | RejectedExecutionException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serveConnection(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (!closed) {
        byte[] data = new byte[in.readUnsignedShort()];
        in.readFully(data);
        byte[] reply = handle(new Message(data), true);
        if (reply != null) {
          synchronized (out) {
            out.writeShort(reply.length);
            out.write(reply);
            out.flush();
          }
        }
      }
    } catch (EOFException | SocketException e) {
      // the client closed the connection, or the server is closing
    } catch (IOException e) {
      // a malformed query: drop the connection like a real server
    } finally {
      connections.remove(socket);
    }
  }

  private byte[] handle(Message query, boolean overTcp) {
    var question = query.getQuestion();
    if (question == null) {
      return null;
    }
    Name name = question.getName();
    countQuery(name, question.getType(), overTcp);
    Fault fault = faults.get(name);
    if (fault == Fault.DROP) {
      return null;
    }
    if (fault == Fault.WRONG_QUESTION) {
      return wire(spoofedAnswer(query), query, overTcp);
    }
    Message response = TestZone.responseTo(query);
    Integer rcode = rcodes.getOrDefault(name, typedRcodes.get(countKey(name, question.getType())));
    if (rcode != null) {
      response.getHeader().setRcode(rcode);
    } else if (fault == Fault.TRUNCATE_UDP && !overTcp) {
      response.getHeader().setFlag(Flags.TC);
    } else {
      InTurn turn = inTurn.get(countKey(name, question.getType()));
      (turn == null ? zone.get() : turn.next()).answer(response);
    }
    if (fault == Fault.WRONG_ID) {
      response.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
    }
    return wire(response, query, overTcp);
  }

  private static byte[] wire(Message response, Message query, boolean overTcp) {
    if (overTcp) {
      return response.toWire();
    }
    OPTRecord opt = query.getOPT();
    return response.toWire(opt == null ? 512 : Math.max(512, opt.getPayloadSize()));
  }

  private static Message spoofedAnswer(Message query) {
    Message forged = new Message(query.getHeader().getID());
    forged.getHeader().setFlag(Flags.QR);
    forged.getHeader().setFlag(Flags.AA);
    Name other = TestZone.name("spoofed.invalid");
    forged.addRecord(
        Record.newRecord(other, query.getQuestion().getType(), DClass.IN), Section.QUESTION);
    forged.addRecord(
        TestZone.parse(List.of("spoofed.invalid. 300 IN A 127.0.1.99")).get(0), Section.ANSWER);
    return forged;
  }

  private void countQuery(Name name, int type, boolean overTcp) {
    String text = name.toString(true).toLowerCase(Locale.ROOT);
    synchronized (log) {
      counts.computeIfAbsent(countKey(name, type), k -> new AtomicInteger()).incrementAndGet();
      log.add(text + " " + Type.string(type) + (overTcp ? " tcp" : " udp"));
    }
  }

  private static String countKey(Name name, int type) {
    return name.toString().toLowerCase(Locale.ROOT) + "/" + type;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package dev.fedroute.internal.dns;

import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.internal.time.ClockTicker;
import dev.fedroute.internal.time.Deadlines;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends the queries of one uncached lookup and turns the responses into a {@link RecordAnswer}:
 * follows CNAME chains (asking again for the last target when a response stops at a CNAME),
 * converts the records into what the resolver uses (addresses, {@link SrvRecord}s), and computes
 * positive and negative lifetimes. Thread-safe; holds no state between lookups.
 */
final class QueryRunner {
  /** The most CNAMEs followed from the asked name. */
  static final int MAX_CNAME_HOPS = 8;

  /**
   * Where dnsjava finishes reading each answer: the common pool, as its {@code sendAsync(query)}
   * intends, but not as the pool itself. Given the pool itself, {@code CompletableFuture} runs the
   * step on a new thread per answer whenever the pool has fewer than two workers (a machine with
   * one or two cores): six threads started per cold resolution.
   */
  private static final Executor COMMON_POOL = task -> ForkJoinPool.commonPool().execute(task);

  /** RFC 2181 section 8: a TTL with the top bit set is taken as zero. */
  private static final long MAX_TTL = Integer.MAX_VALUE;

  private final Resolver resolver;
  private final InstantSource clock;
  private final Duration timeout;
  private final Duration negativeDefault;
  private final Duration negativeMax;

  QueryRunner(Resolver resolver, DnsSettings settings, InstantSource clock) {
    this.resolver = resolver;
    this.clock = clock;
    this.timeout = settings.queryTimeout();
    this.negativeDefault = settings.negativeTtlDefault();
    this.negativeMax = settings.negativeTtlMax();
  }

  /**
   * Looks up a name and type. The future never fails: every error is a FAILED answer.
   *
   * @param name an absolute name
   * @param type the record type: A, AAAA or SRV
   */
  CompletableFuture<RecordAnswer> lookup(Name name, int type) {
    return query(new Chase(name, type), name);
  }

  private CompletableFuture<RecordAnswer> query(Chase chase, Name qname) {
    CompletableFuture<Message> response;
    try {
      Message query = Message.newQuery(Record.newRecord(qname, chase.type, DClass.IN));
      response = resolver.sendAsync(query, COMMON_POOL).toCompletableFuture().copy();
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return Deadlines.failAfter(response, timeout)
        .handle(
            (message, error) ->
                error == null
                    ? interpret(chase, qname, message)
                    : CompletableFuture.completedFuture(chase.failed(describe(qname, error))))
        .thenCompose(answer -> answer);
  }

  private CompletableFuture<RecordAnswer> interpret(Chase chase, Name qname, Message message) {
    int rcode = message.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return done(chase.failed(Rcode.string(rcode) + " for " + text(qname)));
    }
    List<Record> answer = message.getSection(Section.ANSWER);
    Name current = qname;
    while (true) {
      List<Record> rrset = matching(answer, current, chase.type);
      if (!rrset.isEmpty()) {
        return done(chase.found(rrset));
      }
      List<Record> cname =
          chase.type == Type.CNAME ? List.of() : matching(answer, current, Type.CNAME);
      if (cname.isEmpty()) {
        break;
      }
      String problem = chase.follow((CNAMERecord) cname.get(0));
      if (problem != null) {
        return done(chase.failed(problem));
      }
      current = ((CNAMERecord) cname.get(0)).getTarget();
    }
    SOARecord soa = soa(message);
    if (rcode == Rcode.NXDOMAIN || soa != null || current.equals(qname)) {
      return done(chase.negative(rcode, soa, current));
    }
    return query(chase, current);
  }

  private static List<Record> matching(List<Record> section, Name name, int type) {
    List<Record> out = new ArrayList<>();
    for (Record r : section) {
      if (r.getType() == type
          && hasData(r)
          && r.getName().equals(name)
          && r.getDClass() == DClass.IN) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Whether a record of a type asked here carries its data: dnsjava reads a record with an empty
   * RDATA (RFC 2136 update syntax, never a valid answer) as an empty record of that type, not as
   * the type's class. Such a record is ignored like one of another type.
   */
  private static boolean hasData(Record r) {
    return switch (r.getType()) {
      case Type.A -> r instanceof ARecord;
      case Type.AAAA -> r instanceof AAAARecord;
      case Type.SRV -> r instanceof SRVRecord;
      case Type.CNAME -> r instanceof CNAMERecord;
      default -> true;
    };
  }

  private static SOARecord soa(Message message) {
    for (Record r : message.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    return null;
  }

  private String describe(Name qname, Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return "timeout after " + timeout.toMillis() + " ms asking for " + text(qname);
    }
    if (cause instanceof PortUnreachableException) {
      return "DNS server refused the query (port unreachable) asking for " + text(qname);
    }
    String detail = cause.getMessage();
    return cause.getClass().getSimpleName()
        + " asking for "
        + text(qname)
        + (detail == null || detail.isBlank() ? "" : ": " + detail);
  }

  private static CompletableFuture<RecordAnswer> done(RecordAnswer answer) {
    return CompletableFuture.completedFuture(answer);
  }

  /**
   * The lower-case text of a name without trailing dot ({@code .} for the root).
   *
   * @param name an absolute name
   * @return the text
   */
  static String text(Name name) {
    String s = name.toString(true).toLowerCase(Locale.ROOT);
    return s.isEmpty() ? "." : s;
  }

  /**
   * The detail of a NOT_FOUND answer.
   *
   * @param nxdomain true for NXDOMAIN, false for NODATA
   * @param type the record type asked
   * @param last the last name asked (the end of the CNAME chain)
   * @return for example {@code no AAAA record at example.org}
   */
  static String notFoundDetail(boolean nxdomain, int type, String last) {
    return (nxdomain ? "NXDOMAIN" : "no " + Type.string(type) + " record") + " at " + last;
  }

  /** What the records of a FOUND answer say: their addresses, or their SRV records. */
  private static List<?> items(int type, List<Record> records) {
    if (type != Type.SRV) {
      return List.copyOf(Addresses.of(records));
    }
    List<SrvRecord> out = new ArrayList<>(records.size());
    for (Record r : records) {
      SRVRecord srv = (SRVRecord) r;
      out.add(
          new SrvRecord(srv.getPriority(), srv.getWeight(), srv.getPort(), text(srv.getTarget())));
    }
    return List.copyOf(out);
  }

  private long now() {
    return ClockTicker.epochNanos(clock.instant());
  }

  private static long ttl(Record r) {
    long ttl = r.getTTL();
    return ttl > MAX_TTL ? 0 : ttl;
  }

  /** The state of one lookup across its CNAMEs and queries. Confined to one lookup. */
  private final class Chase {
    final int type;
    final Set<Name> visited = new HashSet<>();
    final List<String> chain = new ArrayList<>();
    long minTtl = Long.MAX_VALUE;

    Chase(Name name, int type) {
      this.type = type;
      visited.add(name);
    }

    /** Follows a CNAME; returns why not when it loops or is one too many, else null. */
    String follow(CNAMERecord cname) {
      Name target = cname.getTarget();
      if (!visited.add(target)) {
        return "CNAME loop at " + text(cname.getName()) + " -> " + text(target);
      }
      if (chain.size() == MAX_CNAME_HOPS) {
        return "more than " + MAX_CNAME_HOPS + " CNAMEs";
      }
      chain.add(text(target));
      minTtl = Math.min(minTtl, ttl(cname));
      return null;
    }

    RecordAnswer found(List<Record> records) {
      long seconds = minTtl;
      for (Record r : records) {
        seconds = Math.min(seconds, ttl(r));
      }
      long expires = ClockTicker.plusNanos(now(), ClockTicker.nanos(Duration.ofSeconds(seconds)));
      return new RecordAnswer(
          LookupStatus.FOUND, items(type, records), chain, expires, false, false, null);
    }

    RecordAnswer negative(int rcode, SOARecord soa, Name last) {
      Duration lifetime =
          soa == null ? negativeDefault : Duration.ofSeconds(Math.min(ttl(soa), soa.getMinimum()));
      lifetime = min(min(lifetime, negativeMax), Duration.ofSeconds(minTtl));
      boolean nxdomain = rcode == Rcode.NXDOMAIN;
      return new RecordAnswer(
          LookupStatus.NOT_FOUND,
          List.of(),
          chain,
          ClockTicker.plusNanos(now(), ClockTicker.nanos(lifetime)),
          nxdomain,
          false,
          notFoundDetail(nxdomain, type, text(last)));
    }

    RecordAnswer failed(String detail) {
      return RecordAnswer.failed(chain, now(), detail);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}

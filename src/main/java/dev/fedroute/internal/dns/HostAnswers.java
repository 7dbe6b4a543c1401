package dev.fedroute.internal.dns;

import dev.fedroute.internal.time.ClockTicker;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * The cached answers of one host, one value of the DNS cache: its A and AAAA answers and those of
 * its two Matrix SRV services ({@code _matrix-fed._tcp.<host>}, {@code _matrix._tcp.<host>}), each
 * in a slot. Only FOUND and NOT_FOUND answers are kept (failures never are), each as its kind, its
 * expiry in nanoseconds since the epoch, and what the resolver needs of it (the addresses or SRV
 * records, already converted, and the CNAME chain); a NOT_FOUND answer's detail is written again
 * when it is read. Kept flat, four slots in one object, since the cache holds one per host.
 * Immutable: a new answer makes a new value.
 */
final class HostAnswers {
  /** The slot of the host's A answer. */
  static final int A = 0;

  /** The slot of the host's AAAA answer. */
  static final int AAAA = 1;

  private static final int SRV_FIRST = 2;

  private static final int EMPTY = 0;
  private static final int FOUND = 1;
  private static final int NODATA = 2;
  private static final int NXDOMAIN = 3;
  private static final int KIND_BITS = 2;
  private static final int KIND_MASK = 3;

  private static final HostAnswers NONE = new HostAnswers(0, 0, 0, 0, null, null, null, null, 0);

  private final long expires0;
  private final long expires1;
  private final long expires2;
  private final long expires3;

  /**
   * Per slot: FOUND: the items, or a {@link Chained} when a CNAME chain led to them; NOT_FOUND: the
   * CNAME chain when there was one, else {@code null}.
   */
  private final Object data0;

  private final Object data1;
  private final Object data2;
  private final Object data3;

  /** The kinds of the four slots, {@link #KIND_BITS} each. */
  private final byte kinds;

  private HostAnswers(
      long expires0,
      long expires1,
      long expires2,
      long expires3,
      Object data0,
      Object data1,
      Object data2,
      Object data3,
      int kinds) {
    this.expires0 = expires0;
    this.expires1 = expires1;
    this.expires2 = expires2;
    this.expires3 = expires3;
    this.data0 = data0;
    this.data1 = data1;
    this.data2 = data2;
    this.data3 = data3;
    this.kinds = (byte) kinds;
  }

  /** The FOUND items of an answer with a CNAME chain. */
  private record Chained(List<?> items, List<String> cnameChain) {}

  /**
   * The slot of an SRV service's answer.
   *
   * @param service the service
   * @return its slot
   */
  static int slotOf(SrvService service) {
    return SRV_FIRST + service.ordinal();
  }

  /** The SRV service whose records a slot of a host holds, or {@code null} for A and AAAA. */
  static SrvService serviceOf(int slot) {
    return slot < SRV_FIRST ? null : SrvService.values()[slot - SRV_FIRST];
  }

  /** The record type a slot holds. */
  static int typeOf(int slot) {
    return switch (slot) {
      case A -> Type.A;
      case AAAA -> Type.AAAA;
      default -> Type.SRV;
    };
  }

  /**
   * The answers of a host that has none yet but this one.
   *
   * @param slot where it goes
   * @param answer a FOUND or NOT_FOUND answer, not stale
   */
  static HostAnswers of(int slot, RecordAnswer answer) {
    return NONE.with(slot, answer);
  }

  /**
   * These answers with one slot's replaced.
   *
   * @param slot where it goes
   * @param answer a FOUND or NOT_FOUND answer, not stale
   * @return the new answers
   * @throws IllegalArgumentException for a FAILED or stale answer
   */
  HostAnswers with(int slot, RecordAnswer answer) {
    if (answer.status() == LookupStatus.FAILED || answer.stale()) {
      throw new IllegalArgumentException("only fresh FOUND and NOT_FOUND answers are kept");
    }
    int kind;
    Object data;
    if (answer.status() == LookupStatus.FOUND) {
      kind = FOUND;
      data =
          answer.cnameChain().isEmpty()
              ? answer.items()
              : new Chained(answer.items(), answer.cnameChain());
    } else {
      kind = answer.nxdomain() ? NXDOMAIN : NODATA;
      data = answer.cnameChain().isEmpty() ? null : answer.cnameChain();
    }
    return with(slot, kind, answer.expiresAt(), data);
  }

  /**
   * These answers without one slot's.
   *
   * @param slot the slot to empty
   * @return the answers left, or {@code null} when none is
   */
  HostAnswers without(int slot) {
    HostAnswers left = with(slot, EMPTY, 0, null);
    return left.kinds == 0 ? null : left;
  }

  private HostAnswers with(int slot, int kind, long expires, Object data) {
    int shift = slot * KIND_BITS;
    return new HostAnswers(
        slot == 0 ? expires : expires0,
        slot == 1 ? expires : expires1,
        slot == 2 ? expires : expires2,
        slot == 3 ? expires : expires3,
        slot == 0 ? data : data0,
        slot == 1 ? data : data1,
        slot == 2 ? data : data2,
        slot == 3 ? data : data3,
        (kinds & ~(KIND_MASK << shift)) | (kind << shift));
  }

  /**
   * Whether a slot's answer may be used without asking again: it holds one and {@code now} is
   * before its expiry.
   *
   * @param slot the slot
   * @param now nanoseconds since the epoch
   */
  boolean freshAt(int slot, long now) {
    return kind(slot) != EMPTY && now < expires(slot);
  }

  /**
   * Whether a slot holds a FOUND answer that may still stand in for a failed lookup: {@code now} is
   * before its expiry plus the serve-stale window.
   *
   * @param slot the slot
   * @param now nanoseconds since the epoch
   * @param serveStaleNanos the serve-stale window
   */
  boolean servableStaleAt(int slot, long now, long serveStaleNanos) {
    return kind(slot) == FOUND && now < ClockTicker.plusNanos(expires(slot), serveStaleNanos);
  }

  /**
   * When the cache may drop these answers: the latest of their expiries, a FOUND answer's past it
   * by the serve-stale window.
   *
   * @param serveStaleNanos the serve-stale window
   * @return nanoseconds since the epoch
   */
  long keepUntil(long serveStaleNanos) {
    long until = Long.MIN_VALUE;
    for (int slot = 0; slot < 4; slot++) {
      int kind = kind(slot);
      if (kind != EMPTY) {
        long expires = expires(slot);
        until =
            Math.max(
                until, kind == FOUND ? ClockTicker.plusNanos(expires, serveStaleNanos) : expires);
      }
    }
    return until;
  }

  /**
   * A slot's answer as its callers get it.
   *
   * @param slot the slot, not empty
   * @param name the name its records were asked for (named in a NOT_FOUND answer's detail)
   * @return the answer, FOUND or NOT_FOUND, not stale
   */
  RecordAnswer answer(int slot, String name) {
    int kind = kind(slot);
    Object data = data(slot);
    long expires = expires(slot);
    if (kind == FOUND) {
      return data instanceof Chained chained
          ? new RecordAnswer(
              LookupStatus.FOUND,
              chained.items(),
              chained.cnameChain(),
              expires,
              false,
              false,
              null)
          : new RecordAnswer(
              LookupStatus.FOUND, (List<?>) data, List.of(), expires, false, false, null);
    }
    if (kind == EMPTY) {
      throw new IllegalStateException("slot " + slot + " is empty");
    }
    List<String> chain = chainOf(data);
    String last = chain.isEmpty() ? name : chain.get(chain.size() - 1);
    boolean nxdomain = kind == NXDOMAIN;
    return new RecordAnswer(
        LookupStatus.NOT_FOUND,
        List.of(),
        chain,
        expires,
        nxdomain,
        false,
        QueryRunner.notFoundDetail(nxdomain, typeOf(slot), last));
  }

  @SuppressWarnings("unchecked") // a NOT_FOUND slot's data is its CNAME chain
  private static List<String> chainOf(Object data) {
    return data == null ? List.of() : (List<String>) data;
  }

  private int kind(int slot) {
    return (kinds >> (slot * KIND_BITS)) & KIND_MASK;
  }

  private long expires(int slot) {
    return switch (slot) {
      case 0 -> expires0;
      case 1 -> expires1;
      case 2 -> expires2;
      default -> expires3;
    };
  }

  private Object data(int slot) {
    return switch (slot) {
      case 0 -> data0;
      case 1 -> data1;
      case 2 -> data2;
      default -> data3;
    };
  }
}

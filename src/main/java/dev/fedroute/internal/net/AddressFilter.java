package dev.fedroute.internal.net;

import dev.fedroute.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The outbound blocklist and allowlist (docs/resolution.md section 6), judging IPv6 forms that
 * embed an IPv4 address by that address. Immutable and thread-safe.
 *
 * <p>An address is blocked when it is in no allowlist range and:
 *
 * <ul>
 *   <li>an IPv4 address: it is in a blocklist range;
 *   <li>an IPv6 address: it is in an IPv6 blocklist range, or it lies outside them but embeds an
 *       IPv4 address that is blocked by the rule above (allowlist included). The embedding forms
 *       are IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96} (except {@code ::} and
 *       {@code ::1}), NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} (the IPv4 address in bits
 *       16-47) and Teredo {@code 2001::/32} (the client address, bit-inverted in the last 32 bits).
 * </ul>
 *
 * <p>The ranges are turned into masks once, when the filter is made, so {@link #isBlocked} only
 * compares integers.
 */
public final class AddressFilter {
  private static final long NO_IPV4 = -1L;
  private static final long LOW_32 = 0xffff_ffffL;
  private static final long NAT64_HIGH = 0x0064_ff9b_0000_0000L;
  private static final long SIX_TO_FOUR_PREFIX = 0x2002L;
  private static final long TEREDO_PREFIX = 0x2001_0000L;

  private final Ipv4Ranges blocked4;
  private final Ipv4Ranges allowed4;
  private final Ipv6Ranges blocked6;
  private final Ipv6Ranges allowed6;

  /**
   * Creates a filter.
   *
   * @param blocklist blocked ranges, either family
   * @param allowlist ranges allowed even when blocked, either family
   * @throws NullPointerException when a list or an element is {@code null}
   */
  public AddressFilter(List<Cidr> blocklist, List<Cidr> allowlist) {
    List<Cidr> block = List.copyOf(Objects.requireNonNull(blocklist, "blocklist"));
    List<Cidr> allow = List.copyOf(Objects.requireNonNull(allowlist, "allowlist"));
    this.blocked4 = Ipv4Ranges.of(block);
    this.allowed4 = Ipv4Ranges.of(allow);
    this.blocked6 = Ipv6Ranges.of(block);
    this.allowed6 = Ipv6Ranges.of(allow);
  }

  /**
   * Whether no connection may go to this address.
   *
   * @param address the address
   * @return true when blocked
   * @throws NullPointerException when the address is {@code null}
   */
  public boolean isBlocked(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return isBlockedIpv4(readInt(bytes, 0));
    }
    long high = readLong(bytes, 0);
    long low = readLong(bytes, 8);
    if (allowed6.contains(high, low)) {
      return false;
    }
    if (blocked6.contains(high, low)) {
      return true;
    }
    long embedded = embeddedIpv4(high, low);
    return embedded != NO_IPV4 && isBlockedIpv4((int) embedded);
  }

  /**
   * The addresses that are not blocked, in their order.
   *
   * @param addresses candidates
   * @return the permitted ones, an unmodifiable list: the given one itself when it is unmodifiable
   *     and none is blocked (so that a resolution shares its DNS answer's list)
   */
  public List<InetAddress> permitted(List<InetAddress> addresses) {
    for (InetAddress address : addresses) {
      if (isBlocked(address)) {
        return addresses.stream().filter(a -> !isBlocked(a)).toList();
      }
    }
    return List.copyOf(addresses);
  }

  private boolean isBlockedIpv4(int address) {
    return !allowed4.contains(address) && blocked4.contains(address);
  }

  /**
   * The IPv4 address an IPv6 address embeds, as an unsigned 32-bit value, or {@link #NO_IPV4}.
   * Package-private for tests.
   */
  static long embeddedIpv4(long high, long low) {
    long low32 = low & LOW_32;
    if (high == 0 && (low >>> 32) == 0xffffL) {
      return low32;
    }
    if (high == 0 && (low >>> 32) == 0 && low32 > 1) {
      return low32;
    }
    if (high == NAT64_HIGH && (low >>> 32) == 0) {
      return low32;
    }
    if ((high >>> 48) == SIX_TO_FOUR_PREFIX) {
      return (high >>> 16) & LOW_32;
    }
    if ((high >>> 32) == TEREDO_PREFIX) {
      return ~low & LOW_32;
    }
    return NO_IPV4;
  }

  static int readInt(byte[] bytes, int offset) {
    int value = 0;
    for (int i = offset; i < offset + 4; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  /** IPv4 ranges as parallel network and mask arrays (a Cidr's host bits are already clear). */
  private record Ipv4Ranges(int[] networks, int[] masks) {
    static Ipv4Ranges of(List<Cidr> ranges) {
      List<Cidr> v4 = ranges.stream().filter(c -> c.network().getAddress().length == 4).toList();
      int[] networks = new int[v4.size()];
      int[] masks = new int[v4.size()];
      for (int i = 0; i < networks.length; i++) {
        int length = v4.get(i).prefixLength();
        masks[i] = length == 0 ? 0 : -1 << (32 - length);
        networks[i] = readInt(v4.get(i).network().getAddress(), 0);
      }
      return new Ipv4Ranges(networks, masks);
    }

    boolean contains(int address) {
      for (int i = 0; i < networks.length; i++) {
        if ((address & masks[i]) == networks[i]) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * IPv6 ranges as parallel arrays of the high and low 64 bits of networks and masks (a Cidr's host
   * bits are already clear).
   */
  private record Ipv6Ranges(long[] highs, long[] lows, long[] highMasks, long[] lowMasks) {
    static Ipv6Ranges of(List<Cidr> ranges) {
      List<Cidr> v6 = ranges.stream().filter(c -> c.network().getAddress().length == 16).toList();
      int n = v6.size();
      Ipv6Ranges result = new Ipv6Ranges(new long[n], new long[n], new long[n], new long[n]);
      for (int i = 0; i < n; i++) {
        byte[] network = v6.get(i).network().getAddress();
        int length = v6.get(i).prefixLength();
        result.highMasks[i] = mask64(length);
        result.lowMasks[i] = mask64(length - 64);
        result.highs[i] = readLong(network, 0);
        result.lows[i] = readLong(network, 8);
      }
      return result;
    }

    /** The mask of the first {@code bits} bits of a 64-bit word (none when bits <= 0). */
    private static long mask64(int bits) {
      if (bits <= 0) {
        return 0L;
      }
      return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    boolean contains(long high, long low) {
      for (int i = 0; i < highs.length; i++) {
        if ((high & highMasks[i]) == highs[i] && (low & lowMasks[i]) == lows[i]) {
          return true;
        }
      }
      return false;
    }
  }
}

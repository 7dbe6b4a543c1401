package dev.fedroute.internal.text;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * Strict parsing and canonical printing of IP literals, without {@link
 * InetAddress#getByName(String)} (which accepts {@code 127.1}, octal parts and other forms that
 * turn into other addresses). Thread-safe, stateless.
 */
public final class IpAddresses {
  /** The longest IPv6 text: eight groups, or six groups and a dotted quad (45 characters). */
  private static final int MAX_IPV6_LENGTH = 45;

  private static final int IPV6_GROUPS = 8;

  private IpAddresses() {}

  /**
   * Parses a strict dotted quad (four parts 0-255, no leading zeros) or an IPv6 address without
   * brackets (RFC 4291 text forms, including an embedded dotted quad; no zone id).
   *
   * @param text the candidate literal, may be {@code null}
   * @return the address, or empty when the text is not such a literal
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
  }

  /**
   * Parses a strict dotted quad only.
   *
   * @param text the candidate, may be {@code null}
   * @return the IPv4 address, or empty
   */
  public static Optional<InetAddress> parseIpv4(String text) {
    if (text == null) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    if (!parseDottedQuad(text, 0, text.length(), bytes, 0)) {
      return Optional.empty();
    }
    return Optional.of(fromBytes(bytes));
  }

  /**
   * Parses an IPv6 address without brackets only.
   *
   * @param text the candidate, may be {@code null}
   * @return the IPv6 address (never converted to an IPv4 one), or empty
   */
  public static Optional<InetAddress> parseIpv6(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_IPV6_LENGTH) {
      return Optional.empty();
    }
    byte[] bytes = parseIpv6Bytes(text);
    return bytes == null ? Optional.empty() : Optional.of(fromBytes(bytes));
  }

  /**
   * The canonical text of an address: dotted quad, or RFC 5952 compressed lower-case IPv6 without
   * brackets ({@code 2001:db8::1}); an IPv4-mapped IPv6 address is written {@code ::ffff:1.2.3.4}
   * (RFC 5952 section 5).
   *
   * @param address the address
   * @return its text
   * @throws NullPointerException when the address is {@code null}
   */
  public static String toText(InetAddress address) {
    Objects.requireNonNull(address, "address");
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return dottedQuad(bytes, 0);
    }
    if (isIpv4Mapped(bytes)) {
      return "::ffff:" + dottedQuad(bytes, 12);
    }
    return ipv6Text(bytes);
  }

  /**
   * Makes an address of 4 or 16 bytes, keeping the family: 4 bytes give an {@link Inet4Address}, 16
   * bytes always an {@link Inet6Address}, even for an IPv4-mapped address (which {@link
   * InetAddress#getByAddress(byte[])} would turn into an {@link Inet4Address}). The address has no
   * host name and no scope; the array is copied.
   *
   * @param bytes the address in network byte order, 4 or 16 bytes
   * @return the address
   * @throws IllegalArgumentException when the array is neither 4 nor 16 bytes long
   * @throws NullPointerException when the array is {@code null}
   */
  public static InetAddress fromBytes(byte[] bytes) {
    try {
      if (bytes.length == 16) {
        return Inet6Address.getByAddress(null, bytes, -1);
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address of " + bytes.length + " bytes", e);
    }
  }

  /** Parses {@code text[from, to)} as a strict dotted quad into {@code out[offset..offset+3]}. */
  private static boolean parseDottedQuad(String text, int from, int to, byte[] out, int offset) {
    int part = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i < to && text.charAt(i) != '.') {
        continue;
      }
      if (part == 4) {
        return false;
      }
      int value = parseDecimalPart(text, start, i);
      if (value < 0) {
        return false;
      }
      out[offset + part++] = (byte) value;
      start = i + 1;
    }
    return part == 4;
  }

  /**
   * One part of a dotted quad, or a CIDR prefix length: {@code text[from, to)} as 1-3 ASCII digits,
   * no leading zero, at most 255; -1 otherwise.
   *
   * @param text the text
   * @param from the first index
   * @param to the index after the last
   * @return the value, or -1
   */
  public static int parseDecimalPart(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] parseIpv6Bytes(String text) {
    int[] groups = new int[IPV6_GROUPS];
    int gap = text.indexOf("::");
    if (gap < 0) {
      int count = parseGroups(text, 0, text.length(), groups, true);
      return count == IPV6_GROUPS ? toBytes(groups) : null;
    }
    if (text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = new int[IPV6_GROUPS];
    int headCount = gap == 0 ? 0 : parseGroups(text, 0, gap, head, false);
    int tailCount =
        gap + 2 == text.length() ? 0 : parseGroups(text, gap + 2, text.length(), groups, true);
    if (headCount < 0 || tailCount < 0 || headCount + tailCount > IPV6_GROUPS - 1) {
      return null;
    }
    int[] all = new int[IPV6_GROUPS];
    System.arraycopy(head, 0, all, 0, headCount);
    System.arraycopy(groups, 0, all, IPV6_GROUPS - tailCount, tailCount);
    return toBytes(all);
  }

  /**
   * Parses colon-separated hex groups of {@code text[from, to)} into {@code out} from its start;
   * when {@code dottedTail} is set, the last piece may be a dotted quad (two groups).
   *
   * @return the number of groups, or -1 when malformed or more than fit
   */
  private static int parseGroups(String text, int from, int to, int[] out, boolean dottedTail) {
    int count = 0;
    int pieceStart = from;
    for (int i = from; i <= to; i++) {
      if (i < to && text.charAt(i) != ':') {
        continue;
      }
      boolean last = i == to;
      if (last && dottedTail && text.lastIndexOf('.', to - 1) >= pieceStart) {
        return addDottedQuad(text, pieceStart, to, out, count);
      }
      int group = parseHexGroup(text, pieceStart, i);
      if (group < 0 || count == out.length) {
        return -1;
      }
      out[count++] = group;
      pieceStart = i + 1;
    }
    return count;
  }

  private static int addDottedQuad(String text, int from, int to, int[] out, int count) {
    byte[] quad = new byte[4];
    if (count + 2 > out.length || !parseDottedQuad(text, from, to, quad, 0)) {
      return -1;
    }
    out[count] = ((quad[0] & 0xff) << 8) | (quad[1] & 0xff);
    out[count + 1] = ((quad[2] & 0xff) << 8) | (quad[3] & 0xff);
    return count + 2;
  }

  /** A group of 1-4 ASCII hex digits; -1 otherwise. */
  private static int parseHexGroup(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 4) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = hexDigit(text.charAt(i));
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** ASCII only: {@link Character#digit(char, int)} would also take other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static byte[] toBytes(int[] groups) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < IPV6_GROUPS; i++) {
      bytes[2 * i] = (byte) (groups[i] >>> 8);
      bytes[2 * i + 1] = (byte) groups[i];
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static String dottedQuad(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff)
        + "."
        + (bytes[offset + 1] & 0xff)
        + "."
        + (bytes[offset + 2] & 0xff)
        + "."
        + (bytes[offset + 3] & 0xff);
  }

  /** RFC 5952: lower case, no leading zeros, the first longest run of two or more zeros as ::. */
  private static String ipv6Text(byte[] bytes) {
    int[] groups = new int[IPV6_GROUPS];
    for (int i = 0; i < IPV6_GROUPS; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < IPV6_GROUPS; ) {
      int j = i;
      while (j < IPV6_GROUPS && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < IPV6_GROUPS; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * The {@code host:port} form of a destination, a host that contains a colon (an IPv6 literal) in
   * brackets: {@code 192.0.2.1:8448}, {@code [2001:db8::1]:8448}, {@code example.org:443}. For an
   * {@link java.net.InetSocketAddress}, pass {@code toText(address.getAddress())}.
   *
   * @param host a host name or IP text, IPv6 without brackets
   * @param port the port
   * @return the authority text
   */
  public static String authority(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * A URI's host without the brackets of an IPv6 literal: {@code [2001:db8::1]} becomes {@code
   * 2001:db8::1}; any other host is returned as it is.
   *
   * @param host a URI's host ({@link java.net.URI#getHost()}), may be {@code null}
   * @return the host without brackets, or {@code null} for {@code null}
   */
  public static String unbracketed(String host) {
    return host != null && host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }
}

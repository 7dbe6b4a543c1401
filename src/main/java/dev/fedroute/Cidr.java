package dev.fedroute;

import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. Immutable and
 * thread-safe. The network address is always stored with its host bits cleared, so two records for
 * the same range are equal.
 *
 * @param network the network address (host bits zero)
 * @param prefixLength the prefix length, 0-32 or 0-128
 */
public record Cidr(InetAddress network, int prefixLength) {

  /**
   * Checks the prefix length against the family and clears the host bits of the network.
   *
   * @param network the network address (host bits zero)
   * @param prefixLength the prefix length, 0-32 or 0-128
   * @throws NullPointerException when the network is {@code null}
   * @throws IllegalArgumentException when the prefix length does not fit the family
   */
  public Cidr {
    Objects.requireNonNull(network, "network");
    byte[] bytes = network.getAddress();
    int maxLength = bytes.length * 8;
    if (prefixLength < 0 || prefixLength > maxLength) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is not within 0-" + maxLength);
    }
    if (clearHostBits(bytes, prefixLength)) {
      network = IpAddresses.fromBytes(bytes);
    }
  }

  /**
   * Parses {@code address/prefix}; a bare address is a single-host range. The address follows
   * {@link IpAddresses#parse(String)}; the prefix is decimal without sign or leading zeros, 0-32
   * for IPv4 and 0-128 for IPv6. Host bits set in the address are cleared ({@code 10.1.2.3/8} is
   * {@code 10.0.0.0/8}).
   *
   * @param text the range
   * @return the range
   * @throws IllegalArgumentException naming the text when it is not a valid range (also for {@code
   *     null})
   */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("invalid CIDR range (null)");
    }
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address =
        IpAddresses.parse(addressText).orElseThrow(() -> invalid(text, "not an IP address"));
    int maxLength = address.getAddress().length * 8;
    if (slash < 0) {
      return new Cidr(address, maxLength);
    }
    // 1-3 digits without a leading zero; above 255 gives -1, refused here like any above max.
    int length = IpAddresses.parseDecimalPart(text, slash + 1, text.length());
    if (length < 0 || length > maxLength) {
      throw invalid(text, "prefix length must be 0-" + maxLength);
    }
    return new Cidr(address, length);
  }

  /**
   * Parses each text.
   *
   * @param texts ranges
   * @return the parsed ranges, in order
   * @throws IllegalArgumentException naming the first invalid text
   */
  public static List<Cidr> parseAll(List<String> texts) {
    return texts.stream().map(Cidr::parse).toList();
  }

  /**
   * Whether the address is in this range. An IPv4 address is never in an IPv6 range and back; in
   * particular an IPv4-mapped IPv6 address is not in an IPv4 range (the blocklist judges such
   * embeddings itself).
   *
   * @param address the address
   * @return true when covered
   * @throws NullPointerException when the address is {@code null}
   */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] net = network.getAddress();
    if (candidate.length != net.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != net[i]) {
        return false;
      }
    }
    int restBits = prefixLength % 8;
    if (restBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - restBits)) & 0xff;
    return (candidate[fullBytes] & mask) == (net[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return IpAddresses.toText(network) + "/" + prefixLength;
  }

  /** Clears the bits after the prefix; true when any was set. */
  private static boolean clearHostBits(byte[] bytes, int prefixLength) {
    boolean changed = false;
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      byte masked = (byte) (bytes[i] & ((0xff << (8 - keep)) & 0xff));
      changed |= masked != bytes[i];
      bytes[i] = masked;
    }
    return changed;
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("invalid CIDR range \"" + text + "\": " + reason);
  }
}

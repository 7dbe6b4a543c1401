package dev.fedroute.internal.shared;

import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.text.IpAddresses;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fedroute's own text format for the values of the {@link dev.fedroute.SharedCache}, and its keys.
 * A value is lines of space-separated, URL-encoded fields ({@code ~} for none); its first line is
 * {@code fedroute-shared <version> <kind> <expiry>}, so that a value is understood without any
 * class of Fedroute (no Java serialization: nodes of a rolling upgrade run different versions). A
 * value of another version, of another kind, expired at the given instant or malformed in any way
 * reads as empty. Stateless.
 */
public final class SharedFormat {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final String MAGIC = "fedroute-shared";
  private static final String WELL_KNOWN = "well-known";
  private static final String RESOLUTION = "resolution";
  private static final String NONE = "~";

  private SharedFormat() {}

  /**
   * The key of a host's {@code .well-known} outcome.
   *
   * @param host the lower-case host
   * @return the key
   */
  public static String wellKnownKey(String host) {
    return "fedroute/well-known/" + host;
  }

  /**
   * The key of a server name's resolution.
   *
   * @param canonicalName the server name's canonical text
   * @return the key
   */
  public static String resolutionKey(String canonicalName) {
    return "fedroute/resolution/" + canonicalName;
  }

  /**
   * A {@code .well-known} outcome as a value, expiring with it.
   *
   * @param result a delegated or none outcome
   * @return the value
   */
  public static String write(WellKnownResult result) {
    return header(WELL_KNOWN, result.expiresAt()) + wellKnownLine(result);
  }

  /**
   * A resolution as a value, expiring with it.
   *
   * @param resolution the resolution
   * @return the value
   */
  public static String write(Resolution resolution) {
    StringBuilder out = new StringBuilder(header(RESOLUTION, resolution.validUntil()));
    out.append(
        line(
            RESOLUTION,
            resolution.serverName().text(),
            resolution.step().name(),
            resolution.hostHeader(),
            resolution.tlsServerName()));
    out.append(wellKnownLine(resolution.wellKnown()));
    for (Target t : resolution.targets()) {
      List<String> fields = new ArrayList<>();
      fields.add("target");
      fields.add(t.host());
      fields.add(Integer.toString(t.port()));
      t.addresses().forEach(a -> fields.add(IpAddresses.toText(a)));
      out.append(line(fields.toArray(String[]::new)));
    }
    for (SrvRecord r : resolution.srvRecords()) {
      out.append(line("srv", num(r.priority()), num(r.weight()), num(r.port()), r.target()));
    }
    resolution.trace().forEach(note -> out.append(line("trace", note)));
    return out.toString();
  }

  /**
   * Reads a {@code .well-known} outcome.
   *
   * @param value a value from the shared cache
   * @param now the current time
   * @return the outcome, or empty when the value is of another version or kind, expired or
   *     malformed
   */
  public static Optional<WellKnownResult> readWellKnown(String value, Instant now) {
    try {
      List<List<String>> lines = lines(value, WELL_KNOWN, now);
      if (lines == null || lines.size() != 2) {
        return Optional.empty();
      }
      return Optional.of(wellKnown(lines.get(1), expiry(lines)));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /**
   * Reads a resolution.
   *
   * @param value a value from the shared cache
   * @param now the current time
   * @return the resolution, or empty when the value is of another version or kind, expired or
   *     malformed
   */
  public static Optional<Resolution> readResolution(String value, Instant now) {
    try {
      List<List<String>> lines = lines(value, RESOLUTION, now);
      return lines == null ? Optional.empty() : Optional.of(resolution(lines));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  private static Resolution resolution(List<List<String>> lines) {
    List<String> head = lines.get(1);
    expect(head, RESOLUTION, 5);
    WellKnownResult wellKnown = null;
    List<Target> targets = new ArrayList<>();
    List<SrvRecord> srv = new ArrayList<>();
    List<String> trace = new ArrayList<>();
    for (List<String> f : lines.subList(2, lines.size())) {
      switch (f.get(0)) {
        case WELL_KNOWN -> wellKnown = wellKnown(f, null);
        case "target" -> targets.add(target(f));
        case "srv" -> {
          expect(f, "srv", 5);
          srv.add(new SrvRecord(num(f.get(1)), num(f.get(2)), num(f.get(3)), f.get(4)));
        }
        case "trace" -> {
          expect(f, "trace", 2);
          trace.add(f.get(1));
        }
        default -> throw new IllegalArgumentException("unknown line " + f.get(0));
      }
    }
    return new Resolution(
        ServerName.parse(head.get(1)),
        Step.valueOf(head.get(2)),
        head.get(3),
        head.get(4),
        targets,
        wellKnown,
        srv,
        expiry(lines),
        trace);
  }

  private static Target target(List<String> f) {
    if (f.size() < 4) {
      throw new IllegalArgumentException("a target needs an address");
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (String text : f.subList(3, f.size())) {
      addresses.add(IpAddresses.parse(text).orElseThrow());
    }
    return new Target(f.get(1), num(f.get(2)), addresses);
  }

  /** A well-known line; its expiry is the value's when given, else the line's own. */
  private static WellKnownResult wellKnown(List<String> f, Instant expiresAt) {
    expect(f, WELL_KNOWN, 10);
    return new WellKnownResult(
        WellKnownResult.Outcome.valueOf(f.get(1)),
        f.get(2) == null ? null : num(f.get(2)),
        f.get(3),
        Duration.parse(f.get(4)),
        expiresAt != null ? expiresAt : Instant.parse(f.get(5)),
        f.get(6),
        f.get(7) == null ? null : WellKnownResult.Failure.valueOf(f.get(7)),
        num(f.get(8)),
        f.get(9) == null ? null : Duration.parse(f.get(9)));
  }

  private static String wellKnownLine(WellKnownResult r) {
    return line(
        WELL_KNOWN,
        r.outcome().name(),
        r.status() == null ? null : num(r.status()),
        r.mServer(),
        r.ttl().toString(),
        r.expiresAt().toString(),
        r.detail(),
        r.failure() == null ? null : r.failure().name(),
        num(r.redirects()),
        r.headersTtl() == null ? null : r.headersTtl().toString());
  }

  /** The decoded lines of a value of this version and kind that has not expired, else null. */
  private static List<List<String>> lines(String value, String kind, Instant now) {
    List<List<String>> lines = new ArrayList<>();
    for (String line : value.split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(fields(line));
      }
    }
    List<String> header = lines.isEmpty() ? List.of() : lines.get(0);
    if (header.size() != 4
        || !MAGIC.equals(header.get(0))
        || !Integer.toString(VERSION).equals(header.get(1))
        || !kind.equals(header.get(2))
        || lines.size() < 2) {
      return null;
    }
    return now.isBefore(expiry(lines)) ? lines : null;
  }

  private static Instant expiry(List<List<String>> lines) {
    return Instant.parse(lines.get(0).get(3));
  }

  private static void expect(List<String> fields, String kind, int size) {
    if (fields.size() != size || !kind.equals(fields.get(0))) {
      throw new IllegalArgumentException("malformed " + kind + " line");
    }
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    for (String field : line.split(" ", -1)) {
      fields.add(NONE.equals(field) ? null : URLDecoder.decode(field, StandardCharsets.UTF_8));
    }
    return fields;
  }

  private static String header(String kind, Instant expiresAt) {
    return line(MAGIC, num(VERSION), kind, expiresAt.toString());
  }

  private static String line(String... fields) {
    StringBuilder out = new StringBuilder();
    for (String field : fields) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(field == null ? NONE : URLEncoder.encode(field, StandardCharsets.UTF_8));
    }
    return out.append('\n').toString();
  }

  private static String num(int n) {
    return Integer.toString(n);
  }

  private static int num(String text) {
    return Integer.parseInt(text);
  }
}

package dev.fedroute.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An immutable set of records and the authoritative answering rules of {@link DnsTestServer}.
 *
 * <p>The zone apex of a name is its longest suffix that owns an SOA record (none when no suffix
 * does). A CNAME is chased inside one answer only when its target has the same zone apex as its
 * owner, like an authoritative server that does not know the other zone: a CNAME into another zone
 * ends the answer and the client has to query the target itself.
 */
final class TestZone {
  private static final int MAX_CHASE = 16;

  private final Map<Name, List<Record>> byName;

  /** Every name that owns records or has a descendant that does (one look-up per query). */
  private final Set<Name> existing;

  private TestZone(Map<Name, List<Record>> byName) {
    this.byName = byName;
    Set<Name> names = new HashSet<>();
    for (Name owner : byName.keySet()) {
      for (int strip = 0; strip < owner.labels(); strip++) {
        if (!names.add(strip == 0 ? owner : new Name(owner, strip))) {
          break; // this ancestor and all above it are in already
        }
      }
    }
    this.existing = Set.copyOf(names);
  }

  /** An empty zone. */
  static TestZone empty() {
    return new TestZone(Map.of());
  }

  /**
   * Parses master-file lines with absolute names and explicit TTLs.
   *
   * @throws IllegalArgumentException when a line does not parse
   */
  static List<Record> parse(List<String> lines) {
    String text = String.join("\n", lines) + "\n";
    List<Record> records = new ArrayList<>();
    try (Master master =
        new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Name.root)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("bad zone text: " + e.getMessage() + "\n" + text, e);
    }
    return records;
  }

  /** A new zone holding these records and the given ones. */
  TestZone plus(List<Record> records) {
    Map<Name, List<Record>> copy = new HashMap<>();
    byName.forEach((name, list) -> copy.put(name, new ArrayList<>(list)));
    for (Record r : records) {
      List<Record> list = copy.computeIfAbsent(r.getName(), n -> new ArrayList<>());
      if (!list.contains(r)) {
        list.add(r);
      }
    }
    Map<Name, List<Record>> frozen = new HashMap<>();
    copy.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
    return new TestZone(Map.copyOf(frozen));
  }

  /**
   * Fills the answer and authority sections and the rcode of a response.
   *
   * @param response a response holding the question
   */
  void answer(Message response) {
    Record question = response.getQuestion();
    int type = question.getType();
    Name name = question.getName();
    Set<Name> seen = new HashSet<>();
    for (int hop = 0; hop < MAX_CHASE && seen.add(name); hop++) {
      List<Record> rrset = rrset(name, type);
      if (!rrset.isEmpty()) {
        rrset.forEach(r -> response.addRecord(r, Section.ANSWER));
        return;
      }
      List<Record> cname = type == Type.CNAME ? List.of() : rrset(name, Type.CNAME);
      if (cname.isEmpty()) {
        negative(response, name);
        return;
      }
      response.addRecord(cname.get(0), Section.ANSWER);
      Name target = ((CNAMERecord) cname.get(0)).getTarget();
      if (!sameZone(name, target)) {
        return;
      }
      name = target;
    }
  }

  private void negative(Message response, Name name) {
    if (!exists(name)) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    Record soa = soaFor(name);
    if (soa != null) {
      response.addRecord(soa, Section.AUTHORITY);
    }
  }

  private boolean exists(Name name) {
    return existing.contains(name);
  }

  private List<Record> rrset(Name name, int type) {
    List<Record> out = new ArrayList<>();
    for (Record r : byName.getOrDefault(name, List.of())) {
      if (r.getType() == type) {
        out.add(r);
      }
    }
    return out;
  }

  private Record soaFor(Name name) {
    for (int strip = 0; strip < name.labels(); strip++) {
      Name suffix = strip == 0 ? name : new Name(name, strip);
      List<Record> soa = rrset(suffix, Type.SOA);
      if (!soa.isEmpty()) {
        return soa.get(0);
      }
    }
    return null;
  }

  private boolean sameZone(Name a, Name b) {
    Record za = soaFor(a);
    Record zb = soaFor(b);
    return za == null ? zb == null : zb != null && za.getName().equals(zb.getName());
  }

  /** Builds an empty response to a query, with the flags of an authoritative answer. */
  static Message responseTo(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.addRecord(query.getQuestion(), Section.QUESTION);
    return response;
  }

  /** Parses a name given with or without trailing dot. */
  static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

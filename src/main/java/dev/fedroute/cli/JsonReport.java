package dev.fedroute.cli;

import dev.fedroute.FedrouteException;
import dev.fedroute.Resolution;
import dev.fedroute.Resolution.SrvRecord;
import dev.fedroute.Target;
import dev.fedroute.WellKnownResult;
import dev.fedroute.internal.text.IpAddresses;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Renders a {@link Report} as the CLI's {@code --json} object.
 *
 * <p>Fields: {@code server_name}, {@code result} ({@code ok} or {@code error}), {@code step},
 * {@code host_header}, {@code tls_server_name}, {@code sni} (null for an IP), {@code targets} (each
 * {@code host}, {@code port}, {@code addresses}, IPv6 without brackets), {@code well_known} ({@code
 * outcome}, {@code status}, {@code m_server}, {@code ttl_seconds}, {@code error}: null or the
 * stable code of {@link WellKnownResult.Failure#label()}, {@code detail}: null or the sentence
 * saying why), {@code elapsed_ms}, {@code error} (null or {@code code} and {@code message}), and
 * the extras {@code srv} (each {@code priority}, {@code weight}, {@code port}, {@code target}),
 * {@code valid_until} (an ISO-8601 instant, null when the result never expires) and {@code trace}
 * (strings). On failure every field that is unknown is null, {@code targets} and {@code srv} are
 * empty, and {@code trace} holds the steps taken before the failure.
 *
 * <p>With {@code --connect} after a resolution there is also {@code connection}: {@code address}
 * ({@code ip:port}, {@code [v6]:port} for IPv6), {@code status}, {@code tls_ok}, {@code
 * certificate_subject} (RFC 2253) and {@code body} (the parsed JSON, or the text when it is not
 * JSON). When no destination answered, {@code result} is {@code error}, {@code error} has the code
 * {@code tls_failure} or {@code connect_failure}, the resolution fields stay filled, and {@code
 * connection} has {@code tls_ok} false after a TLS failure (else null) and its other fields null.
 * When the resolution itself failed, {@code connection} is null (nothing was attempted). Without
 * {@code --connect} the field is absent.
 *
 * <p>The federation tester's fields ({@link TesterJson}): {@code federation_ok} (the verdict: true,
 * false, or null when nothing was connected to after a resolution), {@code warnings} (each {@code
 * code} and {@code message}), with {@code --connect} also {@code connections} (one per target and
 * address) and with {@code --keys} {@code keys}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonReport {
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonReport() {}

  /**
   * Renders the report as one line of JSON (no trailing newline).
   *
   * @param report the report
   * @return the JSON text
   */
  public static String render(Report report) {
    StringWriter text = new StringWriter();
    try (var writer = JSON.createWriterFactory(Map.of()).createWriter(text)) {
      writer.writeObject(toJson(report));
    }
    return text.toString();
  }

  /**
   * Builds the JSON object of a report.
   *
   * @param report the report
   * @return the object
   */
  public static JsonObject toJson(Report report) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("server_name", report.serverName());
    report
        .result()
        .ifPresentOrElse(
            r -> addResolution(json, r, report.succeeded()),
            () -> addUnknowns(json, report.failure().flatMap(FedrouteException::wellKnown)));
    json.add("elapsed_ms", report.elapsed().toMillis());
    if (!report.runs().isEmpty()) {
      JsonArrayBuilder runs = JSON.createArrayBuilder();
      report.runs().forEach(run -> runs.add(run.toMillis()));
      json.add("runs_ms", runs);
    }
    report.problem().ifPresentOrElse(e -> json.add("error", error(e)), () -> json.addNull("error"));
    report
        .result()
        .ifPresentOrElse(
            r -> addExtras(json, r),
            () -> addUnknownExtras(json, report.failure().map(FedrouteException::trace)));
    report
        .connectionOutcome()
        .ifPresentOrElse(
            c -> json.add("connection", connection(c)),
            () -> {
              if (report.connectAsked()) {
                json.addNull("connection");
              }
            });
    TesterJson.add(json, report, Instant.now());
    return json.build();
  }

  private static JsonObjectBuilder connection(Connection c) {
    JsonObjectBuilder json = JSON.createObjectBuilder();
    nullable(json, "address", c.address());
    nullable(json, "status", c.status());
    nullable(json, "tls_ok", c.tlsOk());
    nullable(json, "certificate_subject", c.certificateSubject());
    if (c.body() == null) {
      json.addNull("body");
    } else {
      json.add("body", body(c.body()));
    }
    return json;
  }

  /**
   * A response body as JSON: the value it holds when it is exactly one JSON value, else a string.
   *
   * @param text the body
   * @return the value
   */
  static JsonValue body(String text) {
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      if (parser.hasNext()) {
        parser.next();
        JsonValue value = parser.getValue();
        if (!parser.hasNext()) {
          return value;
        }
      }
    } catch (JsonException | IllegalStateException | NoSuchElementException e) {
      // not JSON: shown as text
    }
    return JSON.createValue(text);
  }

  private static void addResolution(JsonObjectBuilder json, Resolution r, boolean ok) {
    json.add("result", ok ? "ok" : "error")
        .add("step", r.step().label())
        .add("host_header", r.hostHeader())
        .add("tls_server_name", r.tlsServerName());
    nullable(json, "sni", r.sni().orElse(null));
    json.add("targets", targets(r.targets())).add("well_known", wellKnown(r.wellKnown()));
  }

  private static void addExtras(JsonObjectBuilder json, Resolution r) {
    json.add("srv", srv(r.srvRecords()));
    Instant until = r.validUntil();
    nullable(json, "valid_until", until.equals(Instant.MAX) ? null : until.toString());
    JsonArrayBuilder trace = JSON.createArrayBuilder();
    r.trace().forEach(trace::add);
    json.add("trace", trace);
  }

  private static void addUnknowns(JsonObjectBuilder json, Optional<WellKnownResult> wellKnown) {
    json.add("result", "error");
    for (String field : List.of("step", "host_header", "tls_server_name", "sni")) {
      json.addNull(field);
    }
    json.add("targets", JSON.createArrayBuilder());
    wellKnown.ifPresentOrElse(
        w -> json.add("well_known", wellKnown(w)), () -> json.addNull("well_known"));
  }

  private static void addUnknownExtras(JsonObjectBuilder json, Optional<List<String>> trace) {
    JsonArrayBuilder steps = JSON.createArrayBuilder();
    trace.orElse(List.of()).forEach(steps::add);
    json.add("srv", JSON.createArrayBuilder()).addNull("valid_until").add("trace", steps);
  }

  private static JsonArrayBuilder targets(List<Target> targets) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    for (Target target : targets) {
      JsonArrayBuilder addresses = JSON.createArrayBuilder();
      target.addresses().forEach(a -> addresses.add(IpAddresses.toText(a)));
      array.add(
          JSON.createObjectBuilder()
              .add("host", target.host())
              .add("port", target.port())
              .add("addresses", addresses));
    }
    return array;
  }

  private static JsonObjectBuilder wellKnown(WellKnownResult wellKnown) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("outcome", wellKnown.outcome().label());
    nullable(json, "status", wellKnown.status());
    nullable(json, "m_server", wellKnown.mServer());
    json.add("ttl_seconds", ttlSeconds(wellKnown.ttl()));
    nullable(
        json, "error", wellKnown.failureCode().map(WellKnownResult.Failure::label).orElse(null));
    nullable(json, "detail", WellKnownReason.sentence(wellKnown).orElse(null));
    return json;
  }

  /**
   * Whole seconds of a cache lifetime, capped to the {@code int} range.
   *
   * @param ttl the lifetime
   * @return its seconds, at least 0
   */
  static int ttlSeconds(Duration ttl) {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ttl.getSeconds()));
  }

  private static JsonArrayBuilder srv(List<SrvRecord> records) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    for (SrvRecord srv : records) {
      array.add(
          JSON.createObjectBuilder()
              .add("priority", srv.priority())
              .add("weight", srv.weight())
              .add("port", srv.port())
              .add("target", srv.target()));
    }
    return array;
  }

  private static JsonObjectBuilder error(FedrouteException e) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("code", e.code().code());
    nullable(json, "message", e.getMessage());
    return json;
  }

  static void nullable(JsonObjectBuilder json, String name, String value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }

  static void nullable(JsonObjectBuilder json, String name, Integer value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value.intValue());
    }
  }

  static void nullable(JsonObjectBuilder json, String name, Long value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value.longValue());
    }
  }

  static void nullable(JsonObjectBuilder json, String name, Boolean value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value.booleanValue());
    }
  }
}

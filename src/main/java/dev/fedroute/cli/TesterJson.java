package dev.fedroute.cli;

import dev.fedroute.internal.text.IpAddresses;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.List;

/**
 * The federation tester's fields of the {@code --json} object.
 *
 * <ul>
 *   <li>{@code federation_ok}: true, false, or null when nothing was connected to after a
 *       resolution (no {@code --connect}).
 *   <li>{@code warnings}: each {@code code} and {@code message}.
 *   <li>{@code connections} (with {@code --connect}; null when the resolution failed): per target
 *       and address {@code host}, {@code port}, {@code address}, {@code tcp_connect_ms}, {@code
 *       tls_version}, {@code cipher_suite}, {@code certificates} (leaf first: {@code subject},
 *       {@code issuer}, {@code dns_names}, {@code ip_addresses}, {@code not_after}, {@code
 *       sha256}), {@code tls_name_ok}, {@code status}, {@code server} ({@code name}, {@code
 *       version}, or null) and {@code error} (null or {@code code}, {@code message}).
 *   <li>{@code keys} (with {@code --keys}; null when the resolution failed): {@code ok}, {@code
 *       address}, {@code status}, {@code server_name}, {@code server_name_ok}, {@code
 *       valid_until_ts}, {@code valid_until_ok}, {@code verify_keys} (each {@code key_id}, {@code
 *       key}, {@code result}), {@code old_verify_keys} (each {@code key_id}, {@code key}, {@code
 *       expired_ts}) and {@code error}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class TesterJson {
  private static final JsonProvider JSON = JsonProvider.provider();

  private TesterJson() {}

  /**
   * Adds the tester's fields of a report.
   *
   * @param json the object being built
   * @param report the report
   * @param now the current time (for certificate expiry hints)
   */
  static void add(JsonObjectBuilder json, Report report, Instant now) {
    JsonReport.nullable(json, "federation_ok", report.federationOk());
    JsonArrayBuilder warnings = JSON.createArrayBuilder();
    for (Warning w : report.warnings(now)) {
      warnings.add(JSON.createObjectBuilder().add("code", w.code()).add("message", w.message()));
    }
    json.add("warnings", warnings);
    if (report.connectAsked()) {
      if (report.connections() == null) {
        json.addNull("connections");
      } else {
        JsonArrayBuilder all = JSON.createArrayBuilder();
        report.connections().forEach(c -> all.add(connection(c)));
        json.add("connections", all);
      }
    }
    if (report.keysAsked()) {
      if (report.keys() == null) {
        json.addNull("keys");
      } else {
        json.add("keys", keys(report.keys()));
      }
    }
  }

  private static JsonObjectBuilder connection(AddressCheck c) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("host", c.host())
            .add("port", c.port())
            .add("address", IpAddresses.toText(c.address()));
    if (c.connectTime() == null) {
      json.addNull("tcp_connect_ms");
    } else {
      json.add("tcp_connect_ms", c.connectTime().toNanos() / 1e6);
    }
    JsonReport.nullable(json, "tls_version", c.tlsVersion());
    JsonReport.nullable(json, "cipher_suite", c.cipherSuite());
    JsonArrayBuilder chain = JSON.createArrayBuilder();
    c.chain().forEach(cert -> chain.add(certificate(cert)));
    json.add("certificates", chain);
    JsonReport.nullable(json, "tls_name_ok", c.tlsNameOk());
    JsonReport.nullable(json, "status", c.status());
    if (c.serverName() == null && c.serverVersion() == null) {
      json.addNull("server");
    } else {
      JsonObjectBuilder server = JSON.createObjectBuilder();
      JsonReport.nullable(server, "name", c.serverName());
      JsonReport.nullable(server, "version", c.serverVersion());
      json.add("server", server);
    }
    error(json, c.errorCode(), c.errorMessage());
    return json;
  }

  private static JsonObjectBuilder certificate(CertificateInfo cert) {
    return JSON.createObjectBuilder()
        .add("subject", cert.subject())
        .add("issuer", cert.issuer())
        .add("dns_names", strings(cert.dnsNames()))
        .add("ip_addresses", strings(cert.ipAddresses()))
        .add("not_after", cert.notAfter().toString())
        .add("sha256", cert.sha256());
  }

  private static JsonObjectBuilder keys(KeyCheck k) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("ok", k.ok());
    JsonReport.nullable(json, "address", k.address());
    JsonReport.nullable(json, "status", k.status());
    JsonReport.nullable(json, "server_name", k.serverName());
    json.add("server_name_ok", k.serverNameOk());
    JsonReport.nullable(json, "valid_until_ts", k.validUntilTs());
    json.add("valid_until_ok", k.validUntilOk());
    JsonArrayBuilder current = JSON.createArrayBuilder();
    for (KeyCheck.VerifyKey key : k.verifyKeys()) {
      JsonObjectBuilder one = JSON.createObjectBuilder().add("key_id", key.keyId());
      JsonReport.nullable(one, "key", key.key());
      current.add(one.add("result", key.result()));
    }
    json.add("verify_keys", current);
    JsonArrayBuilder old = JSON.createArrayBuilder();
    for (KeyCheck.OldKey key : k.oldVerifyKeys()) {
      JsonObjectBuilder one = JSON.createObjectBuilder().add("key_id", key.keyId());
      JsonReport.nullable(one, "key", key.key());
      JsonReport.nullable(one, "expired_ts", key.expiredTs());
      old.add(one);
    }
    json.add("old_verify_keys", old);
    error(json, k.errorCode(), k.errorMessage());
    return json;
  }

  private static void error(JsonObjectBuilder json, String code, String message) {
    if (code == null) {
      json.addNull("error");
    } else {
      JsonObjectBuilder error = JSON.createObjectBuilder().add("code", code);
      JsonReport.nullable(error, "message", message);
      json.add("error", error);
    }
  }

  private static JsonArrayBuilder strings(List<String> values) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }
}

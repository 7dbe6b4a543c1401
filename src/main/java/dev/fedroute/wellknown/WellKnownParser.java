package dev.fedroute.wellknown;

import dev.fedroute.InvalidServerNameException;
import dev.fedroute.ServerName;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Turns a {@code .well-known/matrix/server} body into a delegation: a JSON object whose {@code
 * m.server} is a string holding a valid server name. Stateless and thread-safe.
 */
public final class WellKnownParser {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  private WellKnownParser() {}

  /**
   * What a body says.
   *
   * @param mServer the valid {@code m.server} value, or {@code null}
   * @param problem why there is no delegation, or {@code null}
   */
  public record Parsed(String mServer, String problem) {
    /**
     * Whether the body delegates.
     *
     * @return true when {@code m.server} is valid
     */
    public boolean delegates() {
      return mServer != null;
    }
  }

  /**
   * Parses a body.
   *
   * @param body the raw bytes (UTF-8, UTF-16 or UTF-32 JSON)
   * @return the delegation or the problem; never throws
   */
  public static Parsed parse(byte[] body) {
    JsonValue value;
    try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
      parser.next();
      value = parser.getValue();
      if (parser.hasNext()) {
        return problem("invalid JSON");
      }
    } catch (JsonException | IllegalStateException | NoSuchElementException e) {
      return problem("invalid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      return problem("not a JSON object");
    }
    JsonValue server = object.get("m.server");
    if (server == null) {
      return problem("m.server is missing");
    }
    if (!(server instanceof JsonString string)) {
      return problem("m.server is not a string");
    }
    return check(string.getString());
  }

  private static Parsed check(String text) {
    if (text.isEmpty()) {
      return problem("m.server is empty");
    }
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      return problem("m.server contains CR/LF");
    }
    if (text.indexOf('/') >= 0) {
      return problem("m.server has a path");
    }
    try {
      ServerName.parse(text);
    } catch (InvalidServerNameException e) {
      return problem("m.server is not a valid server name: " + e.getMessage());
    }
    return new Parsed(text, null);
  }

  private static Parsed problem(String why) {
    return new Parsed(null, why);
  }
}

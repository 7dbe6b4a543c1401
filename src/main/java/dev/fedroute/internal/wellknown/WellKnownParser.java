package dev.fedroute.internal.wellknown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.fedroute.InvalidServerNameException;
import dev.fedroute.ServerName;
import dev.fedroute.WellKnownResult.Failure;
import java.io.IOException;

/**
 * Turns a {@code .well-known/matrix/server} body into a delegation: a JSON object whose {@code
 * m.server} is a string holding a valid server name. Stateless and thread-safe.
 */
public final class WellKnownParser {
  /** Deepest nesting accepted in a body; deeper is not valid JSON here. */
  static final int MAX_DEPTH = 1000;

  /**
   * Strict JSON (no comments, no single quotes, no trailing commas: Jackson's defaults). A number
   * of any length is still JSON, so the body limit bounds it, not Jackson's own number limit.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxNestingDepth(MAX_DEPTH)
                  .build())
          .build();

  private WellKnownParser() {}

  /**
   * What a body says.
   *
   * @param mServer the valid {@code m.server} value, or {@code null}
   * @param problem why there is no delegation, or {@code null}
   * @param failure the stable code of the problem ({@code invalid_json} or {@code
   *     invalid_m_server}), or {@code null}
   */
  public record Parsed(String mServer, String problem, Failure failure) {
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
    Member server;
    JsonToken root;
    try (JsonParser parser = JSON.createParser(body)) {
      root = parser.nextToken();
      if (root == null) {
        return notJson("invalid JSON");
      }
      if (root == JsonToken.START_OBJECT) {
        server = findServer(parser);
      } else {
        server = null;
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        return notJson("invalid JSON");
      }
    } catch (IOException e) {
      return notJson("invalid JSON");
    }
    if (root != JsonToken.START_OBJECT) {
      return notJson("not a JSON object");
    }
    if (server == null) {
      return problem("m.server is missing");
    }
    if (server.token() != JsonToken.VALUE_STRING) {
      return problem("m.server is not a string");
    }
    return check(server.text());
  }

  /** The value of a top-level member, as its token and (for a string) its text. */
  private record Member(JsonToken token, String text) {}

  /**
   * Reads the rest of the root object, keeping the last {@code m.server} member (as a JSON object
   * keeps the last of duplicate names) and checking the syntax of every other value.
   */
  private static Member findServer(JsonParser parser) throws IOException {
    Member server = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("m.server")) {
        server = new Member(value, value == JsonToken.VALUE_STRING ? parser.getText() : null);
      }
      parser.skipChildren();
    }
    return server;
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
    return new Parsed(text, null, null);
  }

  private static Parsed notJson(String why) {
    return new Parsed(null, why, Failure.INVALID_JSON);
  }

  private static Parsed problem(String why) {
    return new Parsed(null, why, Failure.INVALID_M_SERVER);
  }
}

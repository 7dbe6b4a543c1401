package dev.fedroute.internal.wellknown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.fedroute.InvalidServerNameException;
import dev.fedroute.ServerName;
import dev.fedroute.WellKnownResult.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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
   * @param body the raw bytes (UTF-8, UTF-16 or UTF-32 JSON; any malformed sequence makes the whole
   *     body invalid JSON)
   * @return the delegation or the problem; never throws
   */
  public static Parsed parse(byte[] body) {
    Optional<String> text = strictText(body);
    if (text.isEmpty()) {
      return notJson("invalid JSON: not UTF-8, UTF-16 or UTF-32 text");
    }
    Member server;
    JsonToken root;
    try (JsonParser parser = JSON.createParser(text.get())) {
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

  /**
   * The body as text, decoded strictly in the Unicode encoding its first four bytes show (RFC 4627
   * section 3; UTF-8 when none), a leading byte order mark dropped; empty when any byte sequence is
   * malformed, an encoded surrogate included. Decoding the whole body first means that a member
   * this parser skips is held to the same rule as {@code m.server}: readers that refuse such a body
   * and this one never disagree about a delegation.
   */
  private static Optional<String> strictText(byte[] body) {
    CharsetDecoder decoder =
        encodingOf(body)
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String text = decoder.decode(ByteBuffer.wrap(body)).toString();
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Charset encodingOf(byte[] b) {
    if (b.length >= 4) {
      if (b[0] == 0 && b[1] == 0 && b[2] == 0) {
        return Charset.forName("UTF-32BE");
      }
      if (b[1] == 0 && b[2] == 0 && b[3] == 0) {
        return Charset.forName("UTF-32LE");
      }
    }
    if (b.length >= 2) {
      if (b[0] == 0) {
        return StandardCharsets.UTF_16BE;
      }
      if (b[1] == 0) {
        return StandardCharsets.UTF_16LE;
      }
    }
    return StandardCharsets.UTF_8;
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

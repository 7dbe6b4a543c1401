package dev.fedroute.hostile;

import static dev.fedroute.hostile.HostileWorld.DELEGATE;
import static dev.fedroute.hostile.HostileWorld.Expect.delegated;
import static dev.fedroute.hostile.HostileWorld.Expect.noDelegation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.hostile.HostileWorld.Expect;
import dev.fedroute.hostile.HostileWorld.Outcome;
import dev.fedroute.testing.TestResponse;
import dev.fedroute.testing.TestResponse.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile {@code .well-known} answers: bodies and headers that must not delegate (the resolution
 * goes on with step 4), or that delegate by a stated rule; each through the library and the CLI.
 * Every body that must not delegate carries a valid {@code m.server} ({@link
 * HostileWorld#DELEGATE}) somewhere a lax reader would find it.
 */
class HostileWellKnownBodyTest {
  private static final String VALID = "{\"m.server\":\"" + DELEGATE + "\"}";
  private static final int CAP = 51_200;
  @RegisterExtension static final HostileWorld world = HostileWorld.start();

  static Stream<Arguments> cases() {
    UnaryOperator<FedrouteConfig.Builder> same = b -> b;
    UnaryOperator<FedrouteConfig.Builder> oneSecond =
        b -> b.wellKnownTimeout(Duration.ofSeconds(1));
    return Stream.of(
        arguments(
            "control: a plain valid body delegates", TestResponse.json(VALID), delegated(), same),
        arguments(
            "gzip bomb: Content-Encoding gzip, 10 MiB of JSON in 10 KiB, never inflated",
            TestResponse.of(200, gzip(VALID + " ".repeat(10 << 20)))
                .withHeader("Content-Encoding", "gzip"),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "gzip bomb larger than the cap even compressed",
            TestResponse.of(200, gzip(VALID + randomText(200_000)))
                .withHeader("Content-Encoding", "gzip")
                .withFraming(Framing.CHUNKED),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "invalid UTF-8 in m.server",
            TestResponse.of(200, bytes("{\"m.server\":\"deleg.hostile.test\u00ff:8448\"}", 0xFF)),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "invalid UTF-8 in another member",
            TestResponse.of(
                200, bytes("{\"x\":\"\u00ff\",\"m.server\":\"" + DELEGATE + "\"}", 0xC3)),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "a UTF-8 encoded surrogate (CESU) in another member",
            TestResponse.of(
                200,
                concat(
                    "{\"x\":\"",
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    "\",\"m.server\":\"" + DELEGATE + "\"}")),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "JSON nested 100,000 deep: over the cap",
            TestResponse.json(deep(100_000)),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "JSON nested 100,000 deep within a raised cap: refused by depth, no stack overflow",
            TestResponse.json(deep(100_000)),
            noDelegation("invalid_json", "invalid JSON"),
            (UnaryOperator<FedrouteConfig.Builder>) b -> b.wellKnownMaxBodyBytes(1 << 20)),
        arguments(
            "NaN",
            TestResponse.json("{\"m.server\":\"" + DELEGATE + "\",\"n\":NaN}"),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "Infinity",
            TestResponse.json("{\"n\":-Infinity,\"m.server\":\"" + DELEGATE + "\"}"),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "trailing garbage",
            TestResponse.json(VALID + "garbage"),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "a second JSON value after the object",
            TestResponse.json(VALID + "{}"),
            noDelegation("invalid_json", "invalid JSON"),
            same),
        arguments(
            "duplicate keys: the last m.server counts, as in common JSON parsers",
            TestResponse.json(
                "{\"m.server\":\"evil.hostile.test\",\"m.server\":\"" + DELEGATE + "\"}"),
            delegated(),
            same),
        arguments(
            "duplicate keys whose last m.server is invalid",
            TestResponse.json("{\"m.server\":\"" + DELEGATE + "\",\"m.server\":\"bad_name\"}"),
            noDelegation("invalid_m_server", "m.server is not a valid server name"),
            same),
        arguments(
            "Content-Length over the cap",
            TestResponse.oversizedJson(DELEGATE, CAP + 1, Framing.CONTENT_LENGTH),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "chunked body over the cap",
            TestResponse.oversizedJson(DELEGATE, CAP + 1, Framing.CHUNKED),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "chunked body of 10 MiB",
            TestResponse.oversizedJson(DELEGATE, 10 << 20, Framing.CHUNKED),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "body closed without Content-Length, over the cap",
            TestResponse.oversizedJson(DELEGATE, CAP + 1, Framing.CLOSE_DELIMITED),
            noDelegation("too_large", "body over " + CAP + " bytes"),
            same),
        arguments(
            "body closed without Content-Length, within the cap: delegates",
            TestResponse.json(VALID).withFraming(Framing.CLOSE_DELIMITED),
            delegated(),
            same),
        arguments(
            "a chunk header carrying a forged log line and a terminal escape",
            TestResponse.of(200, bytes("zz\r\u001b[2KINJECTED fake log line\r\n", 0))
                .withHeader("Transfer-Encoding", "chunked")
                .withFraming(Framing.CLOSE_DELIMITED),
            noDelegation("connect", "connection failed"),
            same),
        arguments(
            "headers dripping one byte every 200 ms",
            TestResponse.json(VALID).withDrippingHead(Duration.ofMillis(200)),
            noDelegation("timeout", "timed out after 1 s"),
            oneSecond),
        arguments(
            "body dripping one byte every 200 ms, without Content-Length",
            TestResponse.drip(
                VALID.getBytes(StandardCharsets.UTF_8),
                1,
                Duration.ofMillis(200),
                Framing.CLOSE_DELIMITED),
            noDelegation("timeout", "timed out after 1 s"),
            oneSecond),
        arguments(
            "a 1 MiB header line",
            TestResponse.json(VALID).withHeader("X-Padding", "x".repeat(1 << 20)),
            noDelegation("too_large", "response header over the limit: Maximum line length"),
            same),
        arguments(
            "100,000 headers",
            manyHeaders(TestResponse.json(VALID), 100_000),
            noDelegation("too_large", "response header over the limit: Maximum header count"),
            same));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outcomeFollowsTheRules(
      String description,
      TestResponse response,
      Expect expected,
      UnaryOperator<FedrouteConfig.Builder> adjust) {
    String host = world.serving(label(description), response);

    for (Outcome outcome : world.expect(host, expected, adjust)) {
      // Every case ends by the fetch deadline, with room for the steps after it.
      assertThat(outcome.elapsed())
          .isLessThan(HostileWorld.FETCH_TIMEOUT.plus(Duration.ofSeconds(2)));
    }
  }

  private static String label(String description) {
    return "b" + Integer.toHexString(description.hashCode());
  }

  private static String deep(int depth) {
    return "{\"m.server\":\""
        + DELEGATE
        + "\",\"x\":"
        + "[".repeat(depth)
        + "]".repeat(depth)
        + "}";
  }

  /** The text in UTF-8 with every U+00FF replaced by the given byte (not valid UTF-8 alone). */
  private static byte[] bytes(String text, int invalid) {
    byte[] utf8 = text.replace('\u00ff', '\u0001').getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == 1) {
        utf8[i] = (byte) invalid;
      }
    }
    return utf8;
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Letters from a fixed pseudo-random sequence: text that does not compress much. */
  private static String randomText(int length) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  /** The response with {@code count} more header lines (written as the value of the first). */
  private static TestResponse manyHeaders(TestResponse response, int count) {
    StringBuilder lines = new StringBuilder("v");
    for (int i = 1; i < count; i++) {
      lines.append("\r\nX-H").append(i).append(": v");
    }
    return response.withHeader("X-H0", lines.toString());
  }
}

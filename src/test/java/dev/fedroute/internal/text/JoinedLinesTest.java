package dev.fedroute.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JoinedLinesTest {

  /** Line sets that test the storage: empty lines, line breaks, non-Latin-1, long texts. */
  static Stream<List<String>> lineSets() {
    return Stream.of(
        List.of(),
        List.of(""),
        List.of("", "", ""),
        List.of("one line"),
        List.of(
            ".well-known: skipped (switched off)",
            "SRV _matrix-fed._tcp.n5.heap.test: no record",
            "A/AAAA n5.heap.test: 127.0.30.6"),
        List.of("a\nb", "\r\n", "c\u2028d", "", "tab\tend\n"),
        List.of("Grüße aus Köln", "日本語の行", "emoji \uD83D\uDE00 and more", "plain"),
        List.of("x".repeat(300), "", "y".repeat(70_000), "z"),
        List.of("x".repeat(255), "y"),
        List.of("x".repeat(256)),
        List.of("x".repeat(65_535)),
        List.of("x".repeat(65_536)),
        List.of("x".repeat(16_777_216), "tail"));
  }

  @ParameterizedTest
  @MethodSource("lineSets")
  void holdsTheSameLinesInTheSameOrder(List<String> lines) {
    List<String> joined = JoinedLines.copyOf(lines);

    assertThat(joined).hasSize(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(joined.get(i)).isEqualTo(lines.get(i));
    }
    assertThat(joined).containsExactlyElementsOf(lines);
    assertThat(joined).isInstanceOf(RandomAccess.class);
  }

  @ParameterizedTest
  @MethodSource("lineSets")
  void equalsHashCodeAndToStringAreThoseOfListCopyOf(List<String> lines) {
    List<String> joined = JoinedLines.copyOf(new ArrayList<>(lines));
    List<String> copy = List.copyOf(lines);

    assertThat(joined.equals(copy)).isTrue();
    assertThat(copy.equals(joined)).isTrue();
    assertThat(joined.equals(new ArrayList<>(lines))).isTrue();
    assertThat(new ArrayList<>(lines).equals(joined)).isTrue();
    assertThat(joined.hashCode()).isEqualTo(copy.hashCode());
    assertThat(joined.toString()).isEqualTo(copy.toString());
  }

  @Test
  void listsOfOtherLinesAreNotEqual() {
    List<String> joined = JoinedLines.copyOf(List.of("ab", "c"));

    assertThat(joined).isNotEqualTo(List.of("a", "bc"));
    assertThat(List.of("a", "bc")).isNotEqualTo(joined);
    assertThat(joined).isNotEqualTo(List.of("ab"));
    assertThat(joined).isNotEqualTo(List.of("ab", "c", ""));
    assertThat(JoinedLines.copyOf(List.of("", ""))).isNotEqualTo(List.of(""));
    assertThat(joined).isNotEqualTo("abc");
  }

  @Test
  void theEmptyListIsEmptyAndEqualToListOf() {
    assertThat(JoinedLines.of()).isEmpty();
    assertThat(JoinedLines.of()).isEqualTo(List.of());
    assertThat(List.of()).isEqualTo(JoinedLines.of());
    assertThat(JoinedLines.of().hashCode()).isEqualTo(List.of().hashCode());
    assertThat(JoinedLines.of()).hasToString("[]");
    assertThat(new JoinedLines.Builder().build()).isEqualTo(List.of());
    assertThatThrownBy(() -> JoinedLines.of().get(0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void indexesOutsideTheListAreRefused() {
    List<String> joined = JoinedLines.copyOf(List.of("a", "b"));

    assertThatThrownBy(() -> joined.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> joined.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> joined.subList(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aCopyDoesNotFollowItsSource() {
    List<String> source = new ArrayList<>(List.of("first", "second"));
    List<String> joined = JoinedLines.copyOf(source);

    source.set(0, "changed");
    source.add("third");

    assertThat(joined).containsExactly("first", "second");
  }

  @Test
  void aJoinedListIsNotCopiedAgain() {
    List<String> joined = JoinedLines.copyOf(List.of("a", "b"));

    assertThat(JoinedLines.copyOf(joined)).isSameAs(joined);
  }

  @Test
  void theLinesAreKeptAsOneCodedText() throws ReflectiveOperationException {
    List<String> joined = JoinedLines.copyOf(List.of("alpha", "beta", "gamma"));

    assertThat(text(joined)).asString(StandardCharsets.US_ASCII).isEqualTo("alphabetagamma");
    for (var field : JoinedLines.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        assertThat(field.getType()).isIn(byte[].class, JoinedLines.Phrases.class, String.class);
        assertThat(field.getName()).isIn("text", "ends", "phrases", "subject");
      }
    }
  }

  @Test
  void phrasesAndTheSubjectAreKeptAsOneByteEach() throws ReflectiveOperationException {
    JoinedLines.Phrases phrases =
        new JoinedLines.Phrases(List.of("SRV _matrix._tcp.", ": no record"));
    List<String> joined =
        new JoinedLines.Builder(phrases, "host.example.test")
            .add("SRV _matrix._tcp.host.example.test: no record")
            .add("host.example.test")
            .add("SRV _matrix._tcp.other: no records")
            .build();

    assertThat(joined)
        .containsExactly(
            "SRV _matrix._tcp.host.example.test: no record",
            "host.example.test",
            "SRV _matrix._tcp.other: no records");
    assertThat(text(joined)).hasSize(3 + 1 + 1 + "other".length() + 1 + "s".length());
  }

  @ParameterizedTest
  @MethodSource("lineSets")
  void phrasesAndASubjectKeepEveryLineAsItIs(List<String> lines) {
    JoinedLines.Phrases phrases = new JoinedLines.Phrases(List.of("xx", "line", "\n\n", "ße"));
    JoinedLines.Builder builder = new JoinedLines.Builder(phrases, "x\nb");
    lines.forEach(builder::add);

    assertThat(builder.build()).isEqualTo(lines).hasSameHashCodeAs(lines);
  }

  @Test
  void randomLinesComeBackAsTheyWere() {
    JoinedLines.Phrases phrases =
        new JoinedLines.Phrases(
            List.of("ab", "abc", "bca", "\uD83D\uDE00", "ð\u00FF", "\uFFFF\u0000"));
    String[] pieces = {
      "a",
      "b",
      "c",
      "ab",
      "\n",
      "\u0000",
      "\u007F",
      "\u0080",
      "\u00F0",
      "\u00FF",
      "\u07FF",
      "\u0800",
      "\uD83D",
      "\uDE00",
      "\uFFFF",
      "\uFFFE",
      "日本",
      "host.test",
      "host"
    };
    SplittableRandom random = new SplittableRandom(8);
    for (int round = 0; round < 2_000; round++) {
      List<String> lines = new ArrayList<>();
      int count = random.nextInt(6);
      for (int l = 0; l < count; l++) {
        StringBuilder line = new StringBuilder();
        int length = random.nextInt(12);
        for (int p = 0; p < length; p++) {
          line.append(pieces[random.nextInt(pieces.length)]);
        }
        lines.add(line.toString());
      }
      String subject = random.nextBoolean() ? "host.test" : pieces[random.nextInt(pieces.length)];
      JoinedLines.Builder builder = new JoinedLines.Builder(phrases, subject);
      lines.forEach(builder::add);

      assertThat(builder.build()).as("%s", lines).isEqualTo(lines);
      assertThat(JoinedLines.copyOf(lines)).as("%s", lines).isEqualTo(lines);
    }
  }

  @Test
  void aPhraseBookHoldsAtMostFifteenPhrasesOfTwoCharactersOrMore() {
    List<String> fifteen =
        IntStream.range(0, 15).mapToObj(i -> "phrase " + i).collect(Collectors.toList());
    assertThat(new JoinedLines.Phrases(fifteen)).isNotNull();

    List<String> sixteen = new ArrayList<>(fifteen);
    sixteen.add("one more");
    assertThatThrownBy(() -> new JoinedLines.Phrases(sixteen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15");
    assertThatThrownBy(() -> new JoinedLines.Phrases(List.of("ok", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }

  private static byte[] text(List<String> joined) throws ReflectiveOperationException {
    var field = JoinedLines.class.getDeclaredField("text");
    field.setAccessible(true);
    return (byte[]) field.get(joined);
  }

  @Test
  void nullsAreRefusedLikeListCopyOf() {
    List<String> withNull = Arrays.asList("a", null);

    assertThatThrownBy(() -> JoinedLines.copyOf(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new JoinedLines.Builder().add(null))
        .isInstanceOf(NullPointerException.class);
    List<String> joined = JoinedLines.copyOf(List.of("a"));
    assertThatThrownBy(() -> joined.contains(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> joined.indexOf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> joined.lastIndexOf(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void searchesFindWholeLinesOnly() {
    List<String> joined = JoinedLines.copyOf(List.of("ab", "c", "ab"));

    assertThat(joined.contains("ab")).isTrue();
    assertThat(joined.contains("abc")).isFalse();
    assertThat(joined.contains("b")).isFalse();
    assertThat(joined.indexOf("ab")).isZero();
    assertThat(joined.lastIndexOf("ab")).isEqualTo(2);
    assertThat(joined.indexOf("c")).isEqualTo(1);
  }

  @Test
  void aSubListHoldsItsRangeAndIsImmutableToo() {
    List<String> joined =
        new JoinedLines.Builder(new JoinedLines.Phrases(List.of("b\n")), "d")
            .add("a")
            .add("b\nc")
            .add("d")
            .add("e")
            .build();

    List<String> middle = joined.subList(1, 3);

    assertThat(middle).containsExactly("b\nc", "d");
    assertThat(middle).isEqualTo(List.of("b\nc", "d"));
    assertThat(joined.subList(2, 2)).isEmpty();
    assertThatThrownBy(() -> middle.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> joined.subList(2, 2).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theBuilderGivesTheLinesSoFarAndGoesOn() {
    JoinedLines.Builder builder = new JoinedLines.Builder().add("one").add("two");

    List<String> first = builder.build();
    builder.add("three");
    for (int i = 0; i < 20; i++) {
      builder.add("line " + i);
    }
    List<String> second = builder.build();

    assertThat(first).containsExactly("one", "two");
    assertThat(second).hasSize(23).startsWith("one", "two", "three").endsWith("line 19");
  }

  @ParameterizedTest
  @MethodSource("mutators")
  void everyMutatorThrowsEvenWhenItWouldChangeNothing(Consumer<List<String>> mutator) {
    for (List<String> lines : List.of(List.<String>of(), List.of("a", "b"))) {
      List<String> joined = JoinedLines.copyOf(lines);

      assertThatThrownBy(() -> mutator.accept(joined))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(joined).isEqualTo(lines);
      // The JDK's immutable lists agree.
      assertThatThrownBy(() -> mutator.accept(List.copyOf(lines)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  static Stream<Consumer<List<String>>> mutators() {
    return Stream.of(
        l -> l.add("x"),
        l -> l.add(0, "x"),
        l -> l.addAll(List.of()),
        l -> l.addAll(0, List.of()),
        l -> l.set(0, "x"),
        l -> l.remove(0),
        l -> l.remove("nothing"),
        l -> l.removeAll(List.of()),
        l -> l.retainAll(List.of()),
        l -> l.removeIf(line -> false),
        l -> l.replaceAll(line -> line),
        l -> l.sort(null),
        List::clear);
  }

  @Test
  void iteratorsCannotChangeTheList() {
    List<String> joined = JoinedLines.copyOf(List.of("a", "b"));

    Iterator<String> it = joined.iterator();
    it.next();
    assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
    ListIterator<String> li = joined.listIterator();
    li.next();
    assertThatThrownBy(() -> li.set("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> li.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(joined).containsExactly("a", "b");
  }

  @Test
  void itIsSerializedAsAnImmutableListOfTheLines() throws IOException, ClassNotFoundException {
    List<String> joined = JoinedLines.copyOf(List.of("a\nb", "Grüße", ""));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(joined);
    }
    Object read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }

    assertThat(read).isEqualTo(List.of("a\nb", "Grüße", ""));
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) read;
    assertThatThrownBy(() -> list.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}

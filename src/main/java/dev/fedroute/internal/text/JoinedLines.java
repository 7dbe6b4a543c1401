package dev.fedroute.internal.text;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An immutable list of lines kept compactly, for the traces that every cached resolution holds: ONE
 * byte array of all the lines one after the other and the end of each line in it, instead of one
 * string per line. Lines may hold any character (line breaks, surrogates, anything): nothing
 * separates them in the text, only their ends do. The text is coded like UTF-8, each {@code char}
 * on its own (one byte for ASCII), and the bytes that such a code never uses stand for whole
 * phrases: those of a {@link Phrases} book shared by many lists, and the list's subject (the name a
 * trace is about, a string its owner holds anyway). {@link #get(int)} decodes the line (a new
 * string each time).
 *
 * <p>It is a {@link List} like {@link List#copyOf}'s: the same {@code equals}, {@code hashCode} and
 * {@code toString}, no {@code null} lines (nor {@code null} queries of {@code contains} or {@code
 * indexOf}), every mutator throws {@link UnsupportedOperationException}. Serialized, it is written
 * as such a list. Thread-safe.
 */
public final class JoinedLines extends AbstractList<String> implements RandomAccess, Serializable {
  private static final long serialVersionUID = 1L;

  /** The byte that stands for the subject; those above it stand for phrases. */
  private static final int SUBJECT = 0xF0;

  private static final JoinedLines EMPTY = new JoinedLines(new byte[0], new byte[0], null, null);

  /** The lines, one after the other, coded. */
  private final byte[] text;

  /**
   * The end of each line in {@link #text}, each in as few bytes as the text's length needs ({@link
   * #width}), most significant first.
   */
  private final byte[] ends;

  private final Phrases phrases;

  /** What {@link #SUBJECT} stands for, or {@code null}. */
  private final String subject;

  private JoinedLines(byte[] text, byte[] ends, Phrases phrases, String subject) {
    this.text = text;
    this.ends = ends;
    this.phrases = phrases;
    this.subject = subject;
  }

  /**
   * The lines as such a list: the list itself when it is one, else a copy.
   *
   * @param lines the lines
   * @return an immutable list of the same lines in the same order
   * @throws NullPointerException when the list or a line is {@code null}
   */
  public static List<String> copyOf(Collection<String> lines) {
    if (lines instanceof JoinedLines joined) {
      return joined;
    }
    Builder builder = new Builder(Phrases.NONE, null);
    for (String line : lines) {
      builder.add(line);
    }
    return builder.build();
  }

  /**
   * The empty list.
   *
   * @return a list without lines
   */
  public static List<String> of() {
    return EMPTY;
  }

  @Override
  public String get(int index) {
    Objects.checkIndex(index, size());
    int from = index == 0 ? 0 : end(index - 1);
    int to = end(index);
    StringBuilder line = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int b = text[i++] & 0xFF;
      if (b < 0x80) {
        line.append((char) b);
      } else if (b == SUBJECT) {
        line.append(subject);
      } else if (b > SUBJECT) {
        line.append(phrases.phrase(b));
      } else if (b >= 0xE0) {
        line.append((char) ((b & 0x0F) << 12 | (text[i] & 0x3F) << 6 | text[i + 1] & 0x3F));
        i += 2;
      } else {
        line.append((char) ((b & 0x1F) << 6 | text[i++] & 0x3F));
      }
    }
    return line.toString();
  }

  @Override
  public int size() {
    return ends.length / width(text.length);
  }

  @Override
  public int indexOf(Object line) {
    return super.indexOf(Objects.requireNonNull(line));
  }

  @Override
  public int lastIndexOf(Object line) {
    return super.lastIndexOf(Objects.requireNonNull(line));
  }

  @Override
  public boolean contains(Object line) {
    return indexOf(line) >= 0;
  }

  @Override
  public List<String> subList(int fromIndex, int toIndex) {
    Objects.checkFromToIndex(fromIndex, toIndex, size());
    Builder builder = new Builder(phrases, subject);
    for (int i = fromIndex; i < toIndex; i++) {
      builder.add(get(i));
    }
    return builder.build();
  }

  private int end(int index) {
    int width = width(text.length);
    int end = 0;
    for (int i = index * width; i < (index + 1) * width; i++) {
      end = end << 8 | ends[i] & 0xFF;
    }
    return end;
  }

  /**
   * How many bytes each line's end takes: as many as the largest end, the text's length, needs (at
   * least one, so that lines that are all empty still count).
   */
  private static int width(int textLength) {
    return Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(textLength) + 7) / Byte.SIZE);
  }

  // Immutable, like List.copyOf's lists: every mutator throws, even when it would change nothing.

  @Override
  public boolean add(String line) {
    throw immutable();
  }

  @Override
  public void add(int index, String line) {
    throw immutable();
  }

  @Override
  public boolean addAll(Collection<? extends String> lines) {
    throw immutable();
  }

  @Override
  public boolean addAll(int index, Collection<? extends String> lines) {
    throw immutable();
  }

  @Override
  public String set(int index, String line) {
    throw immutable();
  }

  @Override
  public String remove(int index) {
    throw immutable();
  }

  @Override
  public boolean remove(Object line) {
    throw immutable();
  }

  @Override
  public boolean removeAll(Collection<?> lines) {
    throw immutable();
  }

  @Override
  public boolean retainAll(Collection<?> lines) {
    throw immutable();
  }

  @Override
  public boolean removeIf(Predicate<? super String> filter) {
    throw immutable();
  }

  @Override
  public void replaceAll(UnaryOperator<String> operator) {
    throw immutable();
  }

  @Override
  public void sort(Comparator<? super String> order) {
    throw immutable();
  }

  @Override
  public void clear() {
    throw immutable();
  }

  @Override
  protected void removeRange(int fromIndex, int toIndex) {
    throw immutable();
  }

  private static UnsupportedOperationException immutable() {
    return new UnsupportedOperationException("the lines are immutable");
  }

  /** Serialized as an immutable list of the lines (a proxy): the JDK's own form. */
  private Object writeReplace() {
    return List.copyOf(this);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("written as a list of the lines");
  }

  /**
   * A phrase book: up to 15 phrases that lines often hold, each then kept as one byte. Immutable
   * and thread-safe; share one among all the lists of one kind.
   */
  public static final class Phrases {
    /** No phrases. */
    public static final Phrases NONE = new Phrases(List.of());

    private final String[] phrases;

    /**
     * A phrase book.
     *
     * @param phrases the phrases, each at least two characters long
     * @throws IllegalArgumentException when there are more than 15 phrases or one is too short
     */
    public Phrases(List<String> phrases) {
      if (phrases.size() > 0xFF - SUBJECT) {
        throw new IllegalArgumentException("at most 15 phrases: " + phrases.size());
      }
      for (String phrase : phrases) {
        if (phrase.length() < 2) {
          throw new IllegalArgumentException("a phrase of fewer than 2 characters: " + phrase);
        }
      }
      this.phrases = phrases.toArray(String[]::new);
    }

    private String phrase(int code) {
      return phrases[code - SUBJECT - 1];
    }

    /** The code of the longest phrase (or the subject) at this index of the line, or -1. */
    private int longestAt(String line, int index, String subject) {
      int code = -1;
      int length = 1;
      if (subject != null && subject.length() > length && line.startsWith(subject, index)) {
        code = SUBJECT;
        length = subject.length();
      }
      for (int p = 0; p < phrases.length; p++) {
        if (phrases[p].length() > length && line.startsWith(phrases[p], index)) {
          code = SUBJECT + 1 + p;
          length = phrases[p].length();
        }
      }
      return code;
    }
  }

  /**
   * Collects lines one by one; {@link #build()} gives the lines so far and adding may go on. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Phrases phrases;
    private final String subject;
    private byte[] text = new byte[64];
    private int length;
    private int[] ends = new int[8];
    private int size;

    /** A builder without phrases. */
    public Builder() {
      this(Phrases.NONE, null);
    }

    /**
     * A builder whose lines are kept with the help of phrases and a subject.
     *
     * @param phrases the phrase book
     * @param subject the name most lines are about (held by the lists built, so best a string kept
     *     anyway), or {@code null}
     */
    public Builder(Phrases phrases, String subject) {
      this.phrases = Objects.requireNonNull(phrases, "phrases");
      this.subject = subject;
    }

    /**
     * Adds a line.
     *
     * @param line the line, any text
     * @return this builder
     * @throws NullPointerException when the line is {@code null}
     */
    public Builder add(String line) {
      Objects.requireNonNull(line, "line");
      int i = 0;
      while (i < line.length()) {
        int code = phrases.longestAt(line, i, subject);
        if (code == SUBJECT) {
          put(code);
          i += subject.length();
        } else if (code > SUBJECT) {
          put(code);
          i += phrases.phrase(code).length();
        } else {
          putChar(line.charAt(i++));
        }
      }
      if (size == ends.length) {
        ends = Arrays.copyOf(ends, size * 2);
      }
      ends[size++] = length;
      return this;
    }

    /** One {@code char} as UTF-8 codes it, surrogates each on their own (three bytes). */
    private void putChar(char c) {
      if (c < 0x80) {
        put(c);
      } else if (c < 0x800) {
        put(0xC0 | c >> 6);
        put(0x80 | c & 0x3F);
      } else {
        put(0xE0 | c >> 12);
        put(0x80 | c >> 6 & 0x3F);
        put(0x80 | c & 0x3F);
      }
    }

    private void put(int b) {
      if (length == text.length) {
        text = Arrays.copyOf(text, length * 2);
      }
      text[length++] = (byte) b;
    }

    /**
     * The lines added so far.
     *
     * @return an immutable list of them, in order
     */
    public List<String> build() {
      if (size == 0) {
        return EMPTY;
      }
      int width = width(length);
      byte[] packed = new byte[size * width];
      for (int i = 0; i < size; i++) {
        for (int b = 0; b < width; b++) {
          packed[(i + 1) * width - 1 - b] = (byte) (ends[i] >>> (b * Byte.SIZE));
        }
      }
      return new JoinedLines(Arrays.copyOf(text, length), packed, phrases, subject);
    }
  }
}

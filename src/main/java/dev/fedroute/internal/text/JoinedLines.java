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
 * string of all the lines one after the other and the end of each line in it, instead of one string
 * per line. Lines may hold any character (line breaks too): nothing separates them in the text,
 * only their ends do. {@link #get(int)} cuts the line out of the text (a new string each time).
 *
 * <p>It is a {@link List} like {@link List#copyOf}'s: the same {@code equals}, {@code hashCode} and
 * {@code toString}, no {@code null} lines (nor {@code null} queries of {@code contains} or {@code
 * indexOf}), every mutator throws {@link UnsupportedOperationException}. Serialized, it is written
 * as such a list. Thread-safe.
 */
public final class JoinedLines extends AbstractList<String> implements RandomAccess, Serializable {
  private static final long serialVersionUID = 1L;

  private static final JoinedLines EMPTY = new JoinedLines("", new byte[0]);

  /** The lines, one after the other. */
  private final String text;

  /**
   * The end of each line in {@link #text}, each in as few bytes as the text's length needs ({@link
   * #width}), most significant first.
   */
  private final byte[] ends;

  private JoinedLines(String text, byte[] ends) {
    this.text = text;
    this.ends = ends;
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
    Builder builder = new Builder();
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
    return text.substring(index == 0 ? 0 : end(index - 1), end(index));
  }

  @Override
  public int size() {
    return ends.length / width(text.length());
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
    Builder builder = new Builder();
    for (int i = fromIndex; i < toIndex; i++) {
      builder.add(get(i));
    }
    return builder.build();
  }

  private int end(int index) {
    int width = width(text.length());
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
   * Collects lines one by one; {@link #build()} gives the lines so far and adding may go on. Not
   * thread-safe.
   */
  public static final class Builder {
    private final StringBuilder text = new StringBuilder();
    private int[] ends = new int[8];
    private int size;

    /** An empty builder. */
    public Builder() {}

    /**
     * Adds a line.
     *
     * @param line the line, any text
     * @return this builder
     * @throws NullPointerException when the line is {@code null}
     */
    public Builder add(String line) {
      text.append(Objects.requireNonNull(line, "line"));
      if (size == ends.length) {
        ends = Arrays.copyOf(ends, size * 2);
      }
      ends[size++] = text.length();
      return this;
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
      int width = width(text.length());
      byte[] packed = new byte[size * width];
      for (int i = 0; i < size; i++) {
        for (int b = 0; b < width; b++) {
          packed[(i + 1) * width - 1 - b] = (byte) (ends[i] >>> (b * Byte.SIZE));
        }
      }
      return new JoinedLines(text.toString(), packed);
    }
  }
}

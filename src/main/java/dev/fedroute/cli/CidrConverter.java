package dev.fedroute.cli;

import dev.fedroute.Cidr;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts an {@code --allow} value with {@link Cidr#parse}. Stateless and thread-safe. */
final class CidrConverter implements ITypeConverter<Cidr> {

  /** Creates the converter. */
  public CidrConverter() {}

  /**
   * Parses the text.
   *
   * @param text the option value, for example {@code 127.0.0.0/8} or {@code ::1/128}
   * @return the range
   * @throws TypeConversionException naming the value when it is not a CIDR range
   */
  @Override
  public Cidr convert(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + text + "' is not an address range (CIDR such as 127.0.0.0/8 or ::1/128)");
    }
  }
}

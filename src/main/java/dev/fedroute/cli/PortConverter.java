package dev.fedroute.cli;

import dev.fedroute.internal.text.SettingText;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts a TCP port option value, 1 to 65535 in decimal digits. Stateless and thread-safe. */
final class PortConverter implements ITypeConverter<Integer> {

  /** Creates the converter. */
  public PortConverter() {}

  /**
   * Parses the text.
   *
   * @param text the option value
   * @return the port
   * @throws TypeConversionException naming the value when it is not a port
   */
  @Override
  public Integer convert(String text) {
    return SettingText.port(text)
        .orElseThrow(() -> new TypeConversionException("'" + text + "' is not a port 1-65535"));
  }
}

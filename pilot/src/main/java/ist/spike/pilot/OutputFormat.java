package ist.spike.pilot;

import java.util.Locale;
import picocli.CommandLine;

/** Pilot's {@code -f/--format} values, with SPIKE's aliases. */
public enum OutputFormat {
  /** Human-readable text ({@code human}, {@code h}, {@code plain}, {@code p}, empty). */
  HUMAN,
  /** JSON ({@code json}, {@code j}). */
  JSON,
  /** YAML ({@code yaml}, {@code y}). */
  YAML;

  /**
   * Parses a format name.
   *
   * @param value the flag value
   * @return the format
   * @throws IllegalArgumentException with SPIKE's message for an unknown value
   */
  public static OutputFormat parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "human", "h", "plain", "p" -> HUMAN;
      case "json", "j" -> JSON;
      case "yaml", "y" -> YAML;
      default ->
          throw new IllegalArgumentException(
              "invalid format '" + value + "'. Valid formats are: human/h/plain/p, json/j, yaml/y");
    };
  }

  /** picocli converter using {@link #parse}. */
  public static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}

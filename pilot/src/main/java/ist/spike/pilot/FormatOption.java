package ist.spike.pilot;

import static java.util.Objects.requireNonNull;

import picocli.CommandLine.Option;

/** The {@code -f/--format} option of the commands that print data (a picocli mixin). */
public final class FormatOption {
  @Option(
      names = {"-f", "--format"},
      defaultValue = "human",
      converter = OutputFormat.Converter.class,
      description = "human (h, plain, p), json (j) or yaml (y).")
  OutputFormat format;

  /**
   * An option set to {@code format}, as picocli sets it from the command line (for a command line
   * read without picocli, ADR 0244).
   *
   * @param format the chosen format
   * @return the option
   */
  public static FormatOption of(OutputFormat format) {
    FormatOption option = new FormatOption();
    option.format = requireNonNull(format, "format");
    return option;
  }

  /** Returns the chosen output format. */
  public OutputFormat format() {
    return format;
  }
}

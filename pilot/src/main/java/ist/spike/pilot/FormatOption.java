package ist.spike.pilot;

import picocli.CommandLine.Option;

/** The {@code -f/--format} option of the commands that print data (a picocli mixin). */
public final class FormatOption {
  @Option(
      names = {"-f", "--format"},
      defaultValue = "human",
      converter = OutputFormat.Converter.class,
      description = "human (h, plain, p), json (j) or yaml (y).")
  OutputFormat format;

  /** Returns the chosen output format. */
  public OutputFormat format() {
    return format;
  }
}

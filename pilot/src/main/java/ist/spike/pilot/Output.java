package ist.spike.pilot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;

/** Writes structured output as JSON (with a given indent) or YAML. */
public final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private Output() {}

  /**
   * Prints a value as indented JSON.
   *
   * @param out the stream
   * @param value maps, lists and scalars
   * @param indent spaces per level (SPIKE uses 4 for {@code secret get}, 2 elsewhere)
   */
  public static void json(PrintWriter out, Object value, int indent) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter(" ".repeat(indent), "\n"))
            .withArrayIndenter(new DefaultIndenter(" ".repeat(indent), "\n"))
            .withoutSpacesInObjectEntries()
            .withSeparators(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(
                        com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    try {
      out.println(JSON.writer(printer).writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot format output", e);
    }
  }

  /**
   * Prints a value as YAML.
   *
   * @param out the stream
   * @param value maps, lists and scalars
   */
  public static void yaml(PrintWriter out, Object value) {
    try {
      out.print(YAML.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot format output", e);
    }
  }

  /**
   * Prints a value in the given structured format.
   *
   * @param out the stream
   * @param format {@link OutputFormat#JSON} or {@link OutputFormat#YAML}
   * @param value the value
   * @param jsonIndent the JSON indent
   */
  public static void structured(
      PrintWriter out, OutputFormat format, Object value, int jsonIndent) {
    if (format == OutputFormat.YAML) {
      yaml(out, value);
    } else {
      json(out, value, jsonIndent);
    }
  }
}

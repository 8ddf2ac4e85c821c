package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes a run's figures as {@code results.json} (one object per figure: name, value, unit,
 * baseline value, ratio, target, verdict) and as a markdown table ({@code results.md}).
 */
final class Report {
  private final List<Figure> figures;
  private final Machine machine;
  private final String command;
  private final Instant when;

  Report(List<Figure> figures, Machine machine, String command, Instant when) {
    this.figures = List.copyOf(requireNonNull(figures, "figures"));
    this.machine = requireNonNull(machine, "machine");
    this.command = requireNonNull(command, "command");
    this.when = requireNonNull(when, "when");
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
  }

  static final String BEGIN = "<!-- results:begin (written by bin/spike-bench --update-docs) -->";
  static final String END = "<!-- results:end -->";

  /** Replaces the text between {@link #BEGIN} and {@link #END} in {@code doc} with the table. */
  void updateDoc(Path doc) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IOException(doc + " has no results section (" + BEGIN + " ... " + END + ")");
    }
    String updated =
        text.substring(0, b + BEGIN.length()) + "\n" + markdown() + "\n" + text.substring(e);
    Files.writeString(doc, updated, StandardCharsets.UTF_8);
  }

  String json() throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (Figure f : figures) {
      ObjectNode o = array.addObject();
      o.put("name", f.name());
      putNumber(o, "value", f.value());
      o.put("unit", f.unit());
      if (f.baselineName().isEmpty()) {
        o.putNull("baseline");
      } else {
        o.put("baseline", f.baselineName());
      }
      putNumber(o, "baseline_value", f.baselineValue());
      putNumber(o, "ratio", f.ratio());
      if (f.target().isPresent()) {
        o.put("target", f.target().get().describe(f.unit()));
        o.put("verdict", f.verdict());
      } else {
        o.putNull("target");
      }
      if (!f.note().isEmpty()) {
        o.put("note", f.note());
      }
    }
    return mapper.writeValueAsString(array) + "\n";
  }

  private static void putNumber(ObjectNode o, String field, double v) {
    if (Double.isNaN(v)) {
      o.putNull(field);
    } else {
      o.put(field, Math.round(v * 1000.0) / 1000.0);
    }
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("Run ").append(when).append(" on ").append(machine.describe()).append(".\n\n");
    sb.append("Command: `").append(command).append("`\n\n");
    sb.append("| Figure | Measured | Baseline (same run) | Ratio | Target | Verdict |\n");
    sb.append("|---|---:|---|---:|---|---|\n");
    for (Figure f : figures) {
      sb.append("| ")
          .append(f.name())
          .append(" | ")
          .append(f.measured() ? Figure.format(f.value()) + " " + f.unit() : "–")
          .append(" | ")
          .append(
              f.baselineName().isEmpty()
                  ? ""
                  : f.baselineName() + ": " + Figure.format(f.baselineValue()) + " " + f.unit())
          .append(" | ")
          .append(Double.isNaN(f.ratio()) ? "" : Figure.format(f.ratio()) + "×")
          .append(" | ")
          .append(f.target().map(t -> t.describe(f.unit())).orElse(""))
          .append(" | ")
          .append(f.verdict())
          .append(" |\n");
    }
    sb.append("\nNotes:\n\n");
    for (Figure f : figures) {
      if (!f.note().isEmpty()) {
        sb.append("- **").append(f.name()).append("**: ").append(f.note()).append("\n");
      }
    }
    return sb.toString();
  }
}

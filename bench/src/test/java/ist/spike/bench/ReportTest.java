package ist.spike.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final Machine MACHINE = new Machine(2, 24000, "cpu", "jdk", "os");

  @Test
  void json_onePerFigure_withBaselineAndRatio() throws Exception {
    Figure get =
        Figure.of("secret get", 600, "req/s", "n")
            .withBaseline("bare", 1000)
            .withTarget(Target.minRatio(0.6));
    Report report = new Report(List.of(get), MACHINE, "bin/spike-bench", Instant.EPOCH);

    JsonNode json = new ObjectMapper().readTree(report.json());

    assertThat(json).hasSize(1);
    JsonNode f = json.get(0);
    assertThat(f.get("name").asText()).isEqualTo("secret get");
    assertThat(f.get("value").asDouble()).isEqualTo(600);
    assertThat(f.get("unit").asText()).isEqualTo("req/s");
    assertThat(f.get("baseline_value").asDouble()).isEqualTo(1000);
    assertThat(f.get("ratio").asDouble()).isEqualTo(0.6);
    assertThat(f.get("verdict").asText()).isEqualTo("met");
  }

  @Test
  void updateDoc_replacesOnlyTheResultsSection(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path doc = dir.resolve("benchmarks.md");
    java.nio.file.Files.writeString(
        doc, "# Title\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n## Why\n");
    Figure f = Figure.of("restart", 900, "ms", "").withTarget(Target.maxValue(2000));

    new Report(List.of(f), MACHINE, "bin/spike-bench", Instant.EPOCH).updateDoc(doc);

    String text = java.nio.file.Files.readString(doc);
    assertThat(text)
        .startsWith("# Title\n")
        .endsWith(Report.END + "\n## Why\n")
        .contains("| restart | 900 ms |")
        .doesNotContain("old table");
  }

  @Test
  void verdict_missedRatio_saysByHowMuch() {
    Figure f =
        Figure.of("put", 400, "req/s", "")
            .withBaseline("raw", 1000)
            .withTarget(Target.minRatio(0.5));

    assertThat(f.verdict()).isEqualTo("missed by 20% (0.400× < 0.5×)");
  }

  @Test
  void verdict_missedMaximum_saysByHowMuch() {
    Figure f = Figure.of("restart", 2500, "ms", "").withTarget(Target.maxValue(2000));

    assertThat(f.verdict()).isEqualTo("missed by 500 ms (+25%)");
  }

  @Test
  void markdown_notMeasured_showsReason() {
    Figure f =
        Figure.notMeasured("rss", "MB", Optional.of(Target.maxValue(64)), "keeper did not start");
    String md = new Report(List.of(f), MACHINE, "cmd", Instant.EPOCH).markdown();

    assertThat(md).contains("| rss | – |").contains("not measured: keeper did not start");
  }
}

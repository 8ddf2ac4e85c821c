package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPIKE's format aliases (spec §9, §12). */
final class OutputFormatTest {
  @ParameterizedTest
  @CsvSource({
    "human,HUMAN",
    "h,HUMAN",
    "plain,HUMAN",
    "p,HUMAN",
    "'',HUMAN",
    "JSON,JSON",
    "j,JSON",
    "yaml,YAML",
    "Y,YAML"
  })
  void parse_aliases_mapToFormat(String value, OutputFormat expected) {
    assertThat(OutputFormat.parse(value)).isEqualTo(expected);
  }

  @Test
  void parse_unknown_spikeMessage() {
    assertThatThrownBy(() -> OutputFormat.parse("toml"))
        .hasMessage("invalid format 'toml'. Valid formats are: human/h/plain/p, json/j, yaml/y");
  }
}

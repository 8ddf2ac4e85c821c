package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.spa.cli.SpaRecoveryCli;
import ist.spike.spa.group.FrostGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "SPA key recovery" snippet runs as written, line by line, each exiting 0. */
class ReadmeSpaSnippetTest {
  @TempDir Path home;

  /** The command lines of the first sh block after {@code heading}, without comments. */
  static List<List<String>> shellLines(String heading, String tool) throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("spike.repo.dir"), "README.md"));
    int at = readme.indexOf(heading);
    assertThat(at).as("README has %s", heading).isNotNegative();
    int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    List<List<String>> commands = new ArrayList<>();
    for (String line : readme.substring(start, end).split("\n")) {
      String code = line.replaceAll("\\s+#.*$", "").strip();
      if (code.startsWith(tool + " ")) {
        List<String> words = new ArrayList<>(Arrays.asList(code.split("\\s+")));
        words.removeFirst();
        commands.add(words);
      }
    }
    return commands;
  }

  @Test
  void readmeSpaSnippet_runsAsWritten() throws Exception {
    List<List<String>> commands = shellLines("### SPA key recovery", "bin/spa-recovery");
    assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
    for (List<String> args : commands) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          new SpaRecoveryCli(
                  new FrostGroup(new SecureRandom()),
                  Map.of("SPA_RECOVERY_HOME", home.toString()),
                  new ByteArrayInputStream(new byte[0]),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8))
              .run(args.toArray(String[]::new));
      assertThat(code).as("spa-recovery %s: %s", args, err).isZero();
      if (args.getFirst().equals("audit")) {
        assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank();
      }
    }
  }
}

package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCommandTest {
  @Test
  void version_printsStampedProjectVersion() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new DevMain());
    cli.setOut(new PrintWriter(out));

    int status = cli.execute("version");

    assertThat(status).isZero();
    assertThat(out.toString()).startsWith("spike-java 0.").doesNotContain("${project.version}");
  }
}

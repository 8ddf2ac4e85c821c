package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's SDK snippet compiles as written, for Java 17, against the SDK alone. */
class ReadmeSnippetTest {
  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- readme-snippet:[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL | Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void readmeSnippet_compilesForJava17() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = SNIPPET.matcher(readme);
    assertThat(m.find()).as("README has a marked Java snippet").isTrue();
    String code = m.group(1);
    Matcher name = Pattern.compile("public class (\\w+)").matcher(code);
    assertThat(name.find()).as("the snippet is a public class").isTrue();
    Path source = dir.resolve(name.group(1) + ".java");
    Files.writeString(source, code);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            diagnostics,
            List.of(
                    "--release",
                    "17",
                    "-Xlint:all",
                    "-Werror",
                    "-proc:none",
                    "-classpath",
                    Path.of("target", "classes").toAbsolutePath()
                        + java.io.File.pathSeparator
                        + System.getProperty(
                            "surefire.test.class.path", System.getProperty("java.class.path")),
                    "-d",
                    dir.resolve("out").toString(),
                    source.toString())
                .toArray(new String[0]));

    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
  }
}

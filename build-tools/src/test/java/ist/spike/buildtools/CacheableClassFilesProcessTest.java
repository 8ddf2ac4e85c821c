package ist.spike.buildtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rewritten picocli in real JVMs: its classes come from a JDK AOT cache (the original's never
 * do), and Pilot's whole command tree behaves the same on it.
 */
class CacheableClassFilesProcessTest {
  @TempDir Path dir;

  @Test
  void rewrittenPicocli_classesLoadFromTheAotCache_originalsNever() throws Exception {
    Path original = CacheableClassFilesTest.jarOf(CommandLine.class);
    Path rewritten = dir.resolve("picocli.jar");
    Files.copy(original, rewritten);
    CacheableClassFiles.rewrite(rewritten);

    String fromOriginal = cachedRun(original, "original");
    String fromRewritten = cachedRun(rewritten, "rewritten");

    assertThat(fromRewritten)
        .contains("picocli.CommandLine source: shared objects file")
        .doesNotContain("picocli.CommandLine source: file:");
    assertThat(fromOriginal)
        .contains("picocli.CommandLine source: file:")
        .doesNotContain("picocli.CommandLine source: shared objects file");
    // the program's own output (picocli's AutoComplete usage) is the same
    assertThat(withoutLog(fromRewritten)).isEqualTo(withoutLog(fromOriginal)).contains("Usage:");
  }

  @Test
  void pilotCommandTree_sameOnTheRewrittenJar() throws Exception {
    Path original = CacheableClassFilesTest.jarOf(CommandLine.class);
    Path rewritten = dir.resolve("picocli.jar");
    Files.copy(original, rewritten);
    CacheableClassFiles.rewrite(rewritten);
    String testClassPath = System.getProperty("java.class.path");
    String swapped = testClassPath.replace(original.toString(), rewritten.toString());
    assertThat(swapped).isNotEqualTo(testClassPath);

    String before = run(java(List.of(), testClassPath, PilotCommandTree.class.getName()));
    String after = run(java(List.of(), swapped, PilotCommandTree.class.getName()));

    assertThat(after).isEqualTo(before);
    // the report covers nested commands, help and usage errors
    assertThat(before)
        .contains("== secret get\n", "-- secret get --help -> 0\n")
        .contains("-- secret get --no-such-option -> 2\n", "Unknown option: '--no-such-option'");
  }

  /** Trains an AOT cache on {@code picocli.AutoComplete --help}, then runs it with the cache. */
  private String cachedRun(Path jar, String name) throws Exception {
    Path cache = dir.resolve(name + ".aot");
    String main = "picocli.AutoComplete";
    run(java(List.of("-XX:AOTCacheOutput=" + cache), jar.toString(), main, "--help"));
    assertThat(cache).isRegularFile();
    return run(
        java(
            List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xlog:class+load"),
            jar.toString(),
            main,
            "--help"));
  }

  private static String withoutLog(String output) {
    return String.join(
        "\n", output.lines().filter(l -> !l.startsWith("[") || !l.contains("][info]")).toList());
  }

  private static List<String> java(List<String> options, String classPath, String... mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", classPath));
    command.addAll(List.of(mainAndArgs));
    return command;
  }

  private String run(List<String> command) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s%n%s", command, text).isZero();
    return text;
  }
}

package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lib/launch.sh} as bash runs it, against a throwaway tree: which changes make the jars
 * stale (the README's first command builds on first use and rebuilds when sources change), and the
 * JVM command line the launcher assembles without subshells (ADR 0180).
 */
class LauncherScriptTest {
  private static final Path LAUNCH =
      Path.of(System.getProperty("spike.repo.dir"), "bin", "lib", "launch.sh");

  @TempDir Path home;

  /** Runs bash with launch.sh sourced and SPIKE_HOME pointed at the throwaway tree. */
  private String bash(String script, String... env) throws IOException, InterruptedException {
    String prelude =
        ". '"
            + LAUNCH
            + "'\n"
            + "SPIKE_HOME='"
            + home
            + "' SPIKE_LIB='"
            + home.resolve("dist/target/lib")
            + "' SPIKE_STAMP='"
            + home.resolve("dist/target/lib/.built")
            + "'\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", prelude + script);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // the JDK itself: the runtime image (RuntimeImageLauncherTest) would be made per throwaway tree
    pb.environment().put("SPIKE_RUNTIME", "jdk");
    for (String kv : env) {
      pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }

  private Path file(String relative, Instant mtime) throws IOException {
    Path f = home.resolve(relative);
    Files.createDirectories(f.getParent());
    if (!Files.exists(f)) {
      Files.writeString(f, "x");
    }
    Files.setLastModifiedTime(f, FileTime.from(mtime));
    return f;
  }

  private String staleness() throws Exception {
    return bash("if spike_build_is_stale; then echo stale; else echo fresh; fi");
  }

  @Test
  void staleness_onlySourcesAndPomsNewerThanTheStampCount() throws Exception {
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    Instant built = old.plusSeconds(60);
    Instant later = built.plusSeconds(60);
    for (String source :
        List.of(
            "pom.xml",
            "crypto/pom.xml",
            "crypto/src/main/java/ist/A.java",
            "crypto/src/test/java/ist/ATest.java",
            "examples/plain-java/src/main/java/B.java",
            "docs/adr/0001.md")) {
      file(source, old);
    }

    assertThat(staleness()).as("no stamp: never built").isEqualTo("stale");

    file("dist/target/lib/.built", built);
    assertThat(staleness()).isEqualTo("fresh");

    for (String notASource :
        List.of(
            "crypto/src/test/java/ist/ATest.java",
            "crypto/target/classes/A.class",
            "docs/adr/0001.md",
            "README.md",
            ".git/index")) {
      file(notASource, later);
      assertThat(staleness()).as("%s is newer than the build", notASource).isEqualTo("fresh");
    }

    for (String source :
        List.of(
            "crypto/src/main/java/ist/A.java",
            "crypto/src/main/resources/x.properties",
            "crypto/pom.xml",
            "pom.xml",
            "examples/plain-java/src/main/java/B.java",
            "examples/plain-java/pom.xml")) {
      file(source, later);
      assertThat(staleness()).as("%s changed after the build", source).isEqualTo("stale");
      file(source, old);
      assertThat(staleness()).isEqualTo("fresh");
    }
  }

  @Test
  void staleness_ofAKindWithAClassList_onlyItsModulesCount() throws Exception {
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    Instant built = old.plusSeconds(60);
    Instant later = built.plusSeconds(60);
    for (String source :
        List.of(
            "pom.xml",
            "build-tools/pom.xml",
            "build-tools/src/main/resources/a.xml",
            "crypto/pom.xml",
            "crypto/src/main/java/ist/A.java",
            "custody-client/pom.xml",
            "custody-client/src/main/java/ist/C.java",
            "nexus/pom.xml",
            "nexus/src/main/java/ist/N.java")) {
      file(source, old);
    }
    file("dist/target/lib/.built", built);
    Files.writeString(
        home.resolve("dist/target/lib/KeeperMain.classpath"),
        "spike-crypto-0.1.0-SNAPSHOT.jar:jackson-core-2.22.4.jar\n");
    Files.writeString(
        home.resolve("dist/target/lib/KeeperMain.workload.classpath"),
        "spike-custody-client-0.1.0-SNAPSHOT.jar\n");
    String keeper =
        "if spike_build_is_stale ist.spike.keeper.KeeperMain; then echo stale; else echo fresh; fi";
    assertThat(bash(keeper)).isEqualTo("fresh");

    file("nexus/src/main/java/ist/N.java", later);
    assertThat(bash(keeper)).as("another kind's module").isEqualTo("fresh");
    assertThat(staleness()).as("no main class: every module").isEqualTo("stale");
    file("nexus/src/main/java/ist/N.java", old);

    for (String source :
        List.of(
            "crypto/src/main/java/ist/A.java",
            "crypto/pom.xml",
            "custody-client/src/main/java/ist/C.java",
            "pom.xml",
            "build-tools/src/main/resources/a.xml")) {
      file(source, later);
      assertThat(bash(keeper)).as("%s changed after the build", source).isEqualTo("stale");
      file(source, old);
      assertThat(bash(keeper)).isEqualTo("fresh");
    }

    // a jar whose module is not where the name says: every module is walked, as without a list
    Files.writeString(
        home.resolve("dist/target/lib/KeeperMain.classpath"),
        "spike-crypto-0.1.0-SNAPSHOT.jar:spike-elsewhere-0.1.0-SNAPSHOT.jar\n");
    file("nexus/src/main/java/ist/N.java", later);
    assertThat(bash(keeper)).isEqualTo("stale");
  }

  @Test
  void commandLine_kindOptionsThenUserOptionsThenCache() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    file("dist/target/lib/a.jar", t);
    String dir =
        bash("spike_find_jdk; spike_aot_dir")
            .lines()
            .reduce((a, b) -> b)
            .orElseThrow(); // the cache directory of this JDK
    assertThat(dir).startsWith(home.resolve("dist/target/aot/jdk-").toString());
    Path cache = file(home.relativize(Path.of(dir, "PilotMain.aot")).toString(), t.plusSeconds(1));
    String line =
        "spike_find_jdk; SPIKE_OPTS=(); spike_jvm_opts_into TOOL;"
            + " spike_aot_opts_into ist.spike.pilot.PilotMain; printf '[%s]' \"${SPIKE_OPTS[@]}\"";

    String opts = bash(line, "SPIKE_JAVA_OPTS=-Dx=1  -Xmx64m");
    String expected =
        "["
            + String.join("][", JvmFlags.TOOL.options())
            + "][-Dx=1][-Xmx64m][-Dspike.aot.dir="
            + dir
            + "][-XX:AOTCache="
            + cache
            + "][-Xlog:aot=off][-Xlog:cds=off]";
    assertThat(opts).isEqualTo(expected);
    // the printing form the bench and the dev tools use gives the same words
    assertThat(
            bash(
                "spike_find_jdk; echo $(spike_jvm_opts TOOL) $(spike_aot_opts ist.spike.pilot.PilotMain)",
                "SPIKE_JAVA_OPTS=-Dx=1  -Xmx64m"))
        .isEqualTo(expected.substring(1, expected.length() - 1).replace("][", " "));

    // a jar rebuilt after the cache: the JVM would refuse the cache, so it is not passed
    file("dist/target/lib/a.jar", t.plusSeconds(2));
    assertThat(bash(line)).doesNotContain("AOTCache").contains("-Dspike.aot.dir=" + dir);

    assertThat(bash(line, "SPIKE_AOT=off")).doesNotContain("aot");
  }

  @Test
  void secretGet_startsWithItsOwnCache_otherCommandsWithPilots_aMissingOneFallsBack()
      throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    file("dist/target/lib/a.jar", t);
    String dir = bash("spike_find_jdk; spike_aot_dir").lines().reduce((a, b) -> b).orElseThrow();
    Path pilot = file(home.relativize(Path.of(dir, "PilotMain.aot")).toString(), t.plusSeconds(1));
    String opts = "spike_find_jdk; SPIKE_OPTS=(); spike_aot_opts_into ist.spike.pilot.PilotMain";
    String cacheOf = "; printf '%s\\n' \"${SPIKE_OPTS[@]}\" | grep AOTCache=";

    assertThat(bash(opts + " secret get a/b" + cacheOf))
        .as("no cache of its own yet: Pilot's")
        .isEqualTo("-XX:AOTCache=" + pilot);

    Path get =
        file(
            home.relativize(Path.of(dir, AotTrainMain.PILOT_SECRET_GET + ".aot")).toString(),
            t.plusSeconds(1));
    assertThat(bash(opts + " secret get a/b -f json" + cacheOf)).isEqualTo("-XX:AOTCache=" + get);
    for (String other : List.of(" secret put a/b k=v", " secret list", " policy list", "")) {
      assertThat(bash(opts + other + cacheOf)).as(other).isEqualTo("-XX:AOTCache=" + pilot);
    }

    // a jar rebuilt after the command's cache only: Pilot's is not fresh either, so none is passed
    file("dist/target/lib/a.jar", t.plusSeconds(2));
    assertThat(bash(opts + " secret get a/b; printf '%s' \"${SPIKE_OPTS[*]}\""))
        .doesNotContain("AOTCache");
  }

  @Test
  void launch_nativeLibraryDirectoryFirst_soAUsersOwnLibraryPathWins() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    file("pom.xml", t);
    file("dist/target/lib/.built", t.plusSeconds(1));
    // exec as a function: the command line spike_launch would replace the shell with
    String launch =
        "exec() { printf '[%s]' \"$@\"; }; spike_launch TOOL ist.spike.pilot.PilotMain version";
    String nativeDir = "-Djava.library.path=" + home.resolve("dist/target/lib/native");

    String line = bash(launch, "SPIKE_AOT=off", "SPIKE_JAVA_OPTS=-Djava.library.path=/mine");
    assertThat(line)
        .startsWith("[" + Path.of(System.getProperty("java.home"), "bin", "java") + "]")
        .contains(
            "["
                + nativeDir
                + "][-Dorg.sqlite.lib.path="
                + home.resolve("dist/target/lib/native")
                + "]["
                + JvmFlags.TOOL.options().get(0)
                + "]")
        .endsWith(
            "[-Djava.library.path=/mine][-cp]["
                + home.resolve("dist/target/lib")
                + "/*]"
                + "[ist.spike.pilot.PilotMain][version]");
  }

  @Test
  void home_fromAnAbsolutePathWithoutASubshell_sameAsResolvedByCd() throws Exception {
    String script =
        "unset SPIKE_HOME; . '"
            + LAUNCH
            + "'; a=$SPIKE_HOME; . '"
            + LAUNCH.getParent().resolve("../lib/launch.sh")
            + "'; echo \"$a|$SPIKE_HOME\"";
    String repo = LAUNCH.getParent().getParent().getParent().toString();

    assertThat(bash(script)).isEqualTo(repo + "|" + repo);
  }
}

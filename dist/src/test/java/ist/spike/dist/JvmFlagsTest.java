package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

class JvmFlagsTest {
  private static Map<String, String> shellFlags() throws IOException {
    Path file = Path.of(System.getProperty("spike.repo.dir"), "bin", "lib", "jvm-flags.sh");
    Map<String, String> flags = new HashMap<>();
    Matcher m =
        Pattern.compile("(?m)^SPIKE_JVM_(\\w+)=\"([^\"]*)\"$").matcher(Files.readString(file));
    while (m.find()) {
      flags.put(m.group(1), m.group(2));
    }
    return flags;
  }

  @Test
  void javaAndShellListsAreTheSame() throws IOException {
    Map<String, String> shell = shellFlags();

    assertThat(shell).containsEntry("COMMON", JvmFlags.COMMON);
    assertThat(shell).containsEntry("COMMON_JDK25", JvmFlags.COMMON_JDK25);
    for (JvmFlags kind : JvmFlags.values()) {
      assertThat(shell).as(kind.name()).containsEntry(kind.name(), kind.own());
    }
    assertThat(shell).hasSize(JvmFlags.values().length + 2);
  }

  @Test
  void servers_nameSpikesSlf4jProvidersAndQuietSlf4jsInfoLine_toolsDoNot() throws Exception {
    // ADR 0250: without the name SLF4J looks for providers through every jar of the class path;
    // ADR 0254: the Keeper's writes its lines without Logback, Nexus's sets Logback up
    assertThat(provider(JvmFlags.KEEPER)).isInstanceOf(KeeperLogServiceProvider.class);
    assertThat(provider(JvmFlags.NEXUS)).isInstanceOf(SpikeLogbackServiceProvider.class);
    for (JvmFlags server : List.of(JvmFlags.KEEPER, JvmFlags.NEXUS)) {
      assertThat(server.options()).contains("-Dslf4j.internal.verbosity=WARN");
    }
    // Pilot names its own provider unless one is named already (PilotLogging)
    assertThat(JvmFlags.TOOL.options()).noneMatch(o -> o.startsWith("-Dslf4j."));
  }

  /** The SLF4J provider a kind's options name, made as SLF4J makes it (reflectively). */
  private static SLF4JServiceProvider provider(JvmFlags kind) throws Exception {
    String prefix = "-Dslf4j.provider=";
    String name =
        kind.options().stream()
            .filter(o -> o.startsWith(prefix))
            .reduce((first, last) -> last)
            .orElseThrow()
            .substring(prefix.length());
    return (SLF4JServiceProvider) Class.forName(name).getConstructor().newInstance();
  }

  @Test
  void nexus_fullCompilerBoundedHeap() {
    assertThat(JvmFlags.NEXUS.options())
        .doesNotContain("-XX:TieredStopAtLevel=1")
        .anyMatch(o -> o.startsWith("-Xmx"))
        .contains("--add-opens=java.base/java.net=ALL-UNNAMED");
  }

  @Test
  void tool_c1WithScaledThresholds() {
    // ADR 0212: about 15 % of a `spike secret get`'s CPU and 6 MB of its RSS
    assertThat(JvmFlags.TOOL.options())
        .contains("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-XX:+UseSerialGC")
        .anyMatch(o -> o.startsWith("-Xmx"));
  }

  @Test
  void keeper_c1WithScaledThresholdsAndNativeHeapTrim() {
    // ADR 0185: about 9 MB of the idle Keeper's RSS; dropping either brings it back; ADR 0255:
    // thresholds x100 instead of x10, another 0.3 MB
    assertThat(JvmFlags.KEEPER.options())
        .contains(
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=100",
            "-XX:TrimNativeHeapInterval=1000",
            "-Dorg.eclipse.jetty.util.referencesPerCacheLine=16");
    List<String> keeper = JvmFlags.KEEPER.options();
    // the trim option is experimental on JDK 21: the unlock must come before it
    assertThat(keeper.indexOf("-XX:+UnlockExperimentalVMOptions"))
        .isNotNegative()
        .isLessThan(keeper.indexOf("-XX:TrimNativeHeapInterval=1000"));
  }

  @Test
  void aotCacheOptions_noProfilesForAnyKind_noAdaptersForC1OnlyKinds() {
    // ADR 0252: no method profiles or call adapters in the caches of kinds that never run C2
    assertThat(JvmFlags.KEEPER.stopsAtC1()).isTrue();
    assertThat(JvmFlags.TOOL.stopsAtC1()).isTrue();
    assertThat(JvmFlags.NEXUS.stopsAtC1()).isFalse();
    for (JvmFlags kind : List.of(JvmFlags.KEEPER, JvmFlags.TOOL)) {
      assertThat(kind.aotCacheOptions())
          .as(kind.name())
          .containsExactly(
              "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining", "-XX:-AOTAdapterCaching");
    }
    // ADR 0258: Nexus's cache without the training's profiles (replaying them delayed ready)
    assertThat(JvmFlags.NEXUS.aotCacheOptions())
        .containsExactly("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
  }

  @Test
  void everyKind_isAcceptedByTheRunningJvm() throws Exception {
    // a misspelt or unsupported option makes the JVM refuse to start every process of that kind
    // (for the cache-making options: AotTrainMain would then make no cache at all)
    for (JvmFlags kind : JvmFlags.values()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(kind.options());
      if (AotCache.supported()) {
        command.addAll(kind.aotCacheOptions());
      }
      command.add("-version");
      Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
      try {
        String out = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).as(kind.name()).isTrue();
        assertThat(java.exitValue()).as(kind + ": " + out).isZero();
        assertThat(out).as(kind.name()).doesNotContain("Unrecognized", "Ignoring", "warning");
      } finally {
        java.destroyForcibly();
      }
    }
  }
}

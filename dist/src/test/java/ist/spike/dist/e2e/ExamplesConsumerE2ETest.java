package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.workloadapi.WorkloadApiTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15: separate consumer projects (in {@code examples/}, each with its own POM) are built
 * against the installed SDK artifacts. {@code plain-java} compiles on Java 17 and for Java 21 (no
 * JDK 21 can be installed here: the newest JDK compiles it with {@code --release 21}, which checks
 * it against Java 21's API, and runs it), and reads a secret from a development stack with file
 * SVIDs. {@code workload-api} takes its SVID from a SPIFFE Workload API server and reads a secret
 * from the same stack. The SDK is installed with {@code mvn install -Ppublish} into a private local
 * repository under {@code target/} (never the shared one); that repository takes third-party
 * artifacts from the shared one through a {@code file:} mirror, so nothing is downloaded. The build
 * runs in a copy of the sources so this build's own jars are not rewritten while they are in use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExamplesConsumerE2ETest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  static final Path NEWEST = Path.of(System.getProperty("java.home"));
  static final String VERSION = "0.1.0-SNAPSHOT";
  static final String WORKLOAD_ID = "spiffe://spike.ist/app/example";
  static final String SECRET = "example-Kq73-password";

  Path work;
  Path repo;
  Path settings;
  Path example;
  Path workloadExample;
  Path classes21;
  Path stack;
  Map<String, String> stackEnv;
  Path svid;
  Process devMain;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());

  record Run(int code, String out) {}

  @BeforeAll
  void installTheSdk(@TempDir Path tmp) throws Exception {
    assertThat(JDK17.resolve("bin/java"))
        .as("the consumer project is built and run on a JDK 17 at " + JDK17)
        .isExecutable();
    work = tmp;
    repo = Path.of("target", "examples-m2").toAbsolutePath();
    Path shared = Path.of(System.getProperty("user.home"), ".m2", "repository");
    settings = tmp.resolve("settings.xml");
    // The shared repository is read first, as a file repository (nothing is written to it);
    // what it lacks (the publish profile's plugins on a fresh machine) still comes from Central.
    String sharedRepo =
        "<id>shared-read-only</id><url>"
            + shared.toUri()
            + "</url><snapshots><enabled>false</enabled></snapshots>";
    Files.writeString(
        settings,
        "<settings><profiles><profile><id>shared</id>"
            + "<repositories><repository>"
            + sharedRepo
            + "</repository></repositories>"
            + "<pluginRepositories><pluginRepository>"
            + sharedRepo
            + "</pluginRepository></pluginRepositories>"
            + "</profile></profiles>"
            + "<activeProfiles><activeProfile>shared</activeProfile></activeProfiles>"
            + "</settings>\n");
    Path src = tmp.resolve("src");
    copySources(ROOT, src);
    example = src.resolve("examples").resolve("plain-java");
    workloadExample = src.resolve("examples").resolve("workload-api");

    Run install =
        mvn(
            src,
            NEWEST,
            "-Ppublish",
            "-DskipTests",
            "-Dspotless.check.skip=true",
            "-pl",
            "sdk,sdk-spiffe",
            "-am",
            "install");
    assertThat(install.code()).as(install.out()).isZero();
  }

  @AfterAll
  void stopStack() throws Exception {
    if (devMain != null && devMain.isAlive()) {
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }

  @Test
  @Order(1)
  void install_publishesJarSourcesAndJavadocOfThePublicArtifacts() {
    for (String artifact :
        List.of("spike-sdk", "spike-sdk-spiffe", "spike-api", "spike-identity")) {
      Path dir = repo.resolve("ist/spike").resolve(artifact).resolve(VERSION);
      for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom")) {
        assertThat(dir.resolve(artifact + "-" + VERSION + suffix)).exists();
      }
    }
  }

  @Test
  @Order(2)
  void example_buildsOnJava17_andForJava21_withFiveSdkDependencies() throws Exception {
    Run build21 = mvn(example, NEWEST, "-Dmaven.compiler.release=21", "package");
    assertThat(build21.code()).as("build for Java 21 on %s: %s", NEWEST, build21.out()).isZero();
    assertThat(majorVersion(example)).as("class file major version (65 = Java 21)").isEqualTo(65);
    classes21 = work.resolve("classes-21");
    copySources(example.resolve("target/classes"), classes21);

    deleteTree(example.resolve("target"));
    Run build17 = mvn(example, JDK17, "package");
    assertThat(build17.code()).as("build on %s: %s", JDK17, build17.out()).isZero();
    assertThat(majorVersion(example)).as("class file major version (61 = Java 17)").isEqualTo(61);
    try (Stream<Path> jars = Files.list(example.resolve("target/lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .hasSize(6)
          .anyMatch(n -> n.startsWith("spike-sdk-"))
          .noneMatch(n -> n.startsWith("grpc") || n.startsWith("bc") || n.startsWith("slf4j"));
    }
  }

  private static int majorVersion(Path project) throws IOException {
    byte[] clazz = Files.readAllBytes(project.resolve("target/classes/example/ReadSecret.class"));
    return ((clazz[6] & 0xff) << 8) | (clazz[7] & 0xff);
  }

  @Test
  @Order(3)
  void example_withoutSvid_failsNamingWhatIsMissing() throws Exception {
    Run run = runExample(Map.of(), "apps/example/db", "password");

    assertThat(run.code()).as(run.out()).isEqualTo(3);
    assertThat(run.out())
        .contains("no SVID source configured")
        .contains("SPIKE_SVID_DIR")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  @Order(4)
  void example_onJava17_readsASecretFromADevStack() throws Exception {
    stack = work.resolve("stack");
    devMain = DevStackProcess.start(stack, output).process();
    Map<String, String> env = Pilot.envFile(stack.resolve("env"));
    stackEnv = env;
    svid = work.resolve("example-svid");
    Process mint =
        DevStackProcess.java(
                "ist.spike.dist.DevMain",
                "svid",
                WORKLOAD_ID,
                "--dir",
                stack.toString(),
                "--out",
                svid.toString())
            .redirectErrorStream(true)
            .start();
    String minted = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(mint.exitValue()).as(minted).isZero();
    Pilot.Result policy =
        Pilot.run(
            env,
            null,
            "",
            "policy",
            "create",
            "--name",
            "example",
            "--spiffeid-pattern",
            "^spiffe://spike\\.ist/app/example$",
            "--path-pattern",
            "^apps/example",
            "--permissions",
            "read");
    assertThat(policy.code()).as(policy.err()).isZero();
    Pilot.Result put =
        Pilot.run(env, null, "", "secret", "put", "apps/example/db", "password=" + SECRET);
    assertThat(put.code()).as(put.err()).isZero();

    Run read =
        runExample(
            Map.of(
                "SPIKE_SVID_DIR", svid.toString(),
                "SPIKE_NEXUS_API_URL", env.get("SPIKE_NEXUS_API_URL")),
            "apps/example/db",
            "password");

    assertThat(read.code()).as(read.out()).isZero();
    assertThat(read.out().strip()).isEqualTo(SECRET);

    Run read21 =
        runJava(
            NEWEST,
            classes21 + ":" + example.resolve("target/lib") + "/*",
            "example.ReadSecret",
            Map.of(
                "SPIKE_SVID_DIR", svid.toString(),
                "SPIKE_NEXUS_API_URL", env.get("SPIKE_NEXUS_API_URL")),
            "apps/example/db",
            "password");
    assertThat(read21.code()).as("the Java 21 build on %s: %s", NEWEST, read21.out()).isZero();
    assertThat(read21.out().strip()).isEqualTo(SECRET);
  }

  @Test
  @Order(5)
  void workloadApiExample_onJava17_readsASecretWithAnSvidFromAWorkloadApiServer() throws Exception {
    assertThat(stackEnv).as("the dev stack of the previous test").isNotNull();
    Run build = mvn(workloadExample, JDK17, "package");
    assertThat(build.code()).as("build on %s: %s", JDK17, build.out()).isZero();
    try (Stream<Path> jars = Files.list(workloadExample.resolve("target/lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("spike-sdk-spiffe-"))
          .anyMatch(n -> n.startsWith("grpc-"));
    }
    Path socketDir = Files.createTempDirectory(Path.of("/tmp"), "wl"); // socket paths are short
    try (FileSvidSource minted = FileSvidSource.open(svid);
        WorkloadApiTestServer agent =
            new WorkloadApiTestServer(
                socketDir.resolve("agent.sock"),
                minted.svid(),
                minted.bundleFor("spike.ist").orElseThrow())) {
      Run read =
          runJava(
              JDK17,
              workloadExample.resolve("target/classes")
                  + ":"
                  + workloadExample.resolve("target/lib")
                  + "/*",
              "example.ReadSecretOverWorkloadApi",
              Map.of(
                  "SPIFFE_ENDPOINT_SOCKET", agent.address(),
                  "SPIKE_NEXUS_API_URL", stackEnv.get("SPIKE_NEXUS_API_URL")),
              "apps/example/db",
              "password");

      assertThat(read.code()).as(read.out()).isZero();
      // java-spiffe logs its SVID updates through java.util.logging (stderr, merged here)
      assertThat(read.out().lines()).contains(SECRET);
      assertThat(read.out()).contains("spiffe://spike.ist/app/example").doesNotContain("\tat ");
    } finally {
      deleteTree(socketDir);
    }
  }

  private Run runExample(Map<String, String> env, String... args) throws Exception {
    return runJava(
        JDK17,
        example.resolve("target/classes") + ":" + example.resolve("target/lib") + "/*",
        "example.ReadSecret",
        env,
        args);
  }

  private static Run runJava(
      Path jdk, String classPath, String main, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(jdk.resolve("bin/java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    pb.environment().putAll(env);
    return run(pb, 120);
  }

  private Run mvn(Path dir, Path jdk, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("mvn");
    command.addAll(List.of("-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repo));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", jdk.toString());
    env.put("PATH", jdk.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put(
        "MAVEN_OPTS",
        Runtime.version().feature() >= 24 && jdk.equals(NEWEST)
            ? "--sun-misc-unsafe-memory-access=allow"
            : "");
    return run(pb, 900);
  }

  private static Run run(ProcessBuilder pb, long timeoutSeconds) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(pb.command() + " did not finish in " + timeoutSeconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Copies the sources (no build output, no git data) to {@code to}. */
  private static void copySources(Path from, Path to) throws IOException {
    Set<String> skip = Set.of("target", ".git", ".jqwik-database", ".spike-dev", ".idea");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path rel = from.relativize(p);
        boolean skipped = false;
        for (Path part : rel) {
          if (skip.contains(part.toString())) {
            skipped = true;
            break;
          }
        }
        if (skipped) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

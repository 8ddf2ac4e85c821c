package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Issue #15: a separate consumer project ({@code examples/plain-java}, its own POM) is built
 * against the installed SDK artifacts on Java 17 and on the newest JDK here, and reads a secret
 * from a development stack with file SVIDs. The SDK is installed with {@code mvn install -Ppublish}
 * into a private local repository under {@code target/} (never the shared one); that repository
 * takes third-party artifacts from the shared one through a {@code file:} mirror, so nothing is
 * downloaded. The build runs in a copy of the sources so this build's own jars are not rewritten
 * while they are in use.
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
  Path stack;
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
  void example_buildsOnJava17AndOnTheNewestJdk_withFiveSdkDependencies() throws Exception {
    for (Path jdk : List.of(NEWEST, JDK17)) {
      deleteTree(example.resolve("target"));
      Run build = mvn(example, jdk, "package");
      assertThat(build.code()).as("build on %s: %s", jdk, build.out()).isZero();
    }
    byte[] clazz = Files.readAllBytes(example.resolve("target/classes/example/ReadSecret.class"));
    assertThat(clazz[7]).as("class file major version (61 = Java 17)").isEqualTo((byte) 61);
    try (Stream<Path> jars = Files.list(example.resolve("target/lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .hasSize(6)
          .anyMatch(n -> n.startsWith("spike-sdk-"))
          .noneMatch(n -> n.startsWith("grpc") || n.startsWith("bc") || n.startsWith("slf4j"));
    }
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
    Path svid = work.resolve("example-svid");
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
  }

  private Run runExample(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(JDK17.resolve("bin/java").toString());
    command.add("-cp");
    command.add(example.resolve("target/classes") + ":" + example.resolve("target/lib") + "/*");
    command.add("example.ReadSecret");
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

package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Issue #15's Spring Boot scenario against a real development stack (spike-dev as its own JVM): an
 * application gets {@code @Value("${db.password}")} from {@code spring.config.import=spike:…}, the
 * Actuator health shows SPIKE up, refresh re-reads the secret, and health is down once Nexus stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpikeStarterDevStackTest {
  static final String PASSWORD = "boot-Xw61-password";
  static final Pattern EXPORT = Pattern.compile("^export ([A-Z_]+)='(.*)'$");

  Path dir;
  Process devMain;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  Map<String, String> env;
  Path appSvid;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Db db() {
      return new Db();
    }
  }

  static class Db {
    @Value("${db.password}")
    String password;
  }

  static ProcessBuilder java(String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  String run(Map<String, String> extraEnv, String main, String... args) throws Exception {
    ProcessBuilder pb = java(main, args);
    pb.environment().putAll(extraEnv);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  String pilot(String... args) throws Exception {
    Map<String, String> e = new HashMap<>(env);
    e.put("HOME", dir.toString());
    return run(e, "ist.spike.pilot.PilotMain", args);
  }

  @BeforeAll
  void startStack(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path stack = dir.resolve("stack");
    devMain = java("ist.spike.dist.DevMain", "--dir", stack.toString()).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(devMain.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  output.add(line);
                }
              } catch (java.io.IOException ignored) {
                // the stack stopped
              }
            });
    reader.setDaemon(true);
    reader.start();
    await()
        .atMost(Duration.ofSeconds(240))
        .until(
            () ->
                output.stream().anyMatch(l -> l.startsWith("SPIKE dev stack up"))
                    || !devMain.isAlive());
    assertThat(devMain.isAlive()).as("spike-dev output: %s", output).isTrue();
    env = new HashMap<>();
    for (String line : Files.readAllLines(stack.resolve("env"))) {
      Matcher m = EXPORT.matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    appSvid = dir.resolve("app-svid");
    run(
        Map.of(),
        "ist.spike.dist.DevMain",
        "svid",
        "spiffe://spike.ist/app/boot",
        "--dir",
        stack.toString(),
        "--out",
        appSvid.toString());
    pilot(
        "policy",
        "create",
        "--name",
        "boot",
        "--spiffeid-pattern",
        "^spiffe://spike\\.ist/app/boot$",
        "--path-pattern",
        "^secrets/db$",
        "--permissions",
        "read");
    pilot("secret", "put", "secrets/db", "password=" + PASSWORD);
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

  ConfigurableApplicationContext start(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spike.svid-dir=" + appSvid,
                "--spike.nexus-url=" + env.get("SPIKE_NEXUS_API_URL"),
                "--spike.config.prefix=db."));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .run(args.toArray(new String[0]));
  }

  @Test
  void app_importsTheSecret_reportsHealth_refreshes_andIsDownWhenNexusStops() throws Exception {
    try (ConfigurableApplicationContext app = start("--spring.config.import=spike:secrets/db")) {
      assertThat(app.getBean(Db.class).password).isEqualTo(PASSWORD);
      HealthEndpoint health = app.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("spike").getStatus()).isEqualTo(Status.UP);

      pilot("secret", "put", "secrets/db", "password=rotated-" + PASSWORD);
      assertThat(app.getBean(SpikeConfigRefresher.class).refresh()).isEqualTo(1);
      assertThat(app.getEnvironment().getProperty("db.password")).isEqualTo("rotated-" + PASSWORD);

      devMain.toHandle().destroy();
      assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(health.healthForPath("spike").getStatus()).isEqualTo(Status.DOWN));
    }
  }

  @Test
  void app_optionalImportOfAMissingSecret_starts_andAMandatoryOneFails() {
    try (ConfigurableApplicationContext app =
        start("--spring.config.import=optional:spike:secrets/none", "--db.password=default")) {
      assertThat(app.getBean(Db.class).password).isEqualTo("default");
    }
    assertThatThrownBy(() -> start("--spring.config.import=spike:secrets/none").close())
        .hasMessageContaining("spike:secrets/none");
  }
}

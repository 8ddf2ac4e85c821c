package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Issue #15's Spring Boot scenario against a real development stack (spike-dev as its own JVM): an
 * application on a real web server gets {@code @Value("${db.password}")} from {@code
 * spring.config.import=spike:secrets/db} with no other setting, {@code /actuator/health} over HTTP
 * shows SPIKE up, {@code POST /actuator/spike} re-reads the secret, and health is down once Nexus
 * stops. The test that stops the stack runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--management.endpoints.web.exposure.include=health,spike",
                "--management.endpoint.health.show-components=always"));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.SERVLET)
        .run(args.toArray(new String[0]));
  }

  record Answer(int status, JsonNode body) {}

  static Answer http(ConfigurableApplicationContext app, String method, String path)
      throws Exception {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), new ObjectMapper().readTree(response.body()));
    }
  }

  @Test
  @Order(2)
  void app_importsTheSecret_reportsHealth_refreshes_andIsDownWhenNexusStops() throws Exception {
    try (ConfigurableApplicationContext app = start("--spring.config.import=spike:secrets/db")) {
      assertThat(app.getBean(Db.class).password).isEqualTo(PASSWORD);
      assertThat(app.getEnvironment().getProperty("password"))
          .as("the key as stored, as Spring Cloud Vault names it")
          .isEqualTo(PASSWORD);
      Answer up = http(app, "GET", "/actuator/health");
      assertThat(up.status()).as("%s", up.body()).isEqualTo(200);
      assertThat(up.body().at("/components/spike/status").asText()).isEqualTo("UP");
      assertThat(http(app, "GET", "/actuator/spike").body().get("imported").toString())
          .isEqualTo("[\"secrets/db\"]");

      pilot("secret", "put", "secrets/db", "password=rotated-" + PASSWORD);
      Answer refreshed = http(app, "POST", "/actuator/spike");
      assertThat(refreshed.status()).as("%s", refreshed.body()).isEqualTo(200);
      assertThat(refreshed.body().get("refreshed").asInt()).isEqualTo(1);
      assertThat(app.getEnvironment().getProperty("db.password")).isEqualTo("rotated-" + PASSWORD);
      assertThat(app.getBean(SpikeConfigRefresher.class).refresh()).isEqualTo(1);

      devMain.toHandle().destroy();
      assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Answer down = http(app, "GET", "/actuator/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.body().at("/components/spike/status").asText()).isEqualTo("DOWN");
              });
      Answer failed = http(app, "POST", "/actuator/spike");
      assertThat(failed.status()).isEqualTo(503);
      assertThat(app.getEnvironment().getProperty("db.password"))
          .as("a failed refresh keeps the values")
          .isEqualTo("rotated-" + PASSWORD);
    }
  }

  @Test
  @Order(1)
  void app_locationPrefix_namesTheKeysWithIt() {
    try (ConfigurableApplicationContext app =
        start(
            "--spring.config.import=spike:secrets/db?prefix=database.",
            "--db.password=not-from-spike")) {
      assertThat(app.getEnvironment().getProperty("database.password")).isEqualTo(PASSWORD);
      assertThat(app.getEnvironment().getProperty("password")).isNull();
      assertThat(app.getBean(Db.class).password).isEqualTo("not-from-spike");
    }
  }

  @Test
  @Order(1)
  void app_optionalImportOfAMissingSecret_starts_andAMandatoryOneFails() {
    try (ConfigurableApplicationContext app =
        start("--spring.config.import=optional:spike:secrets/none", "--db.password=default")) {
      assertThat(app.getBean(Db.class).password).isEqualTo("default");
    }
    assertThatThrownBy(() -> start("--spring.config.import=spike:secrets/none").close())
        .hasMessageContaining("spike:secrets/none");
  }
}

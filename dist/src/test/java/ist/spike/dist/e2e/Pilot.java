package ist.spike.dist.e2e;

import ist.spike.client.SpikeClient;
import ist.spike.pilot.PilotMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code spike} (Pilot) against a running stack, in this JVM, with the stack's env file. */
final class Pilot {
  record Result(int code, String out, String err) {}

  private static final Pattern EXPORT = Pattern.compile("^export ([A-Z_]+)='(.*)'$");

  private Pilot() {}

  /** Parses the {@code export NAME='value'} lines of a stack's env file. */
  static Map<String, String> envFile(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = EXPORT.matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2).replace("'\\''", "'"));
      }
    }
    return env;
  }

  static Result run(Map<String, String> env, String role, String stdin, String... args) {
    Map<String, String> e = new HashMap<>(env);
    e.put("HOME", env.getOrDefault("SPIKE_DEV_DIR", System.getProperty("java.io.tmpdir")));
    if (role != null) {
      e.put("SPIKE_PILOT_ROLE", role);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            args,
            e,
            new PrintWriter(out),
            new ByteArrayOutputStream(),
            new PrintWriter(err),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
            SpikeClient::fromEnvironment);
    return new Result(code, out.toString(), err.toString());
  }

  static Result restore(Map<String, String> env, String line) {
    return run(env, "restore", line, "operator", "restore");
  }

  static Result recover(Map<String, String> env) {
    return run(env, "recover", "", "operator", "recover");
  }
}

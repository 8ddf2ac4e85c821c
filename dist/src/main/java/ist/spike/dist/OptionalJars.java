package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A group of jars a process kind loads only under one setting (ADR 0260). The group stays off the
 * list the kind starts on, which its AOT cache is recorded on; the build writes it as {@code
 * dist/target/lib/<SimpleName>.<group>.classpath} ({@link KindClassPath#main}), and every starter
 * appends it after that list when the child's environment or JVM options ask for it (the JVM still
 * uses a cache when jars are appended after the recorded class path). This class decides for the
 * Java starters; {@code spike_optional_jars_into} in {@code bin/lib/launch.sh} decides for the
 * launchers with the same conditions, which {@code KindClassPathTest} holds equal.
 */
public enum OptionalJars {
  /**
   * The Workload API client (ADR 0217): wanted when {@code SPIKE_SVID_DIR} is unset or empty, the
   * SPIRE agent then being the SVID source. The build writes it as what the kind's runtime list has
   * beyond its file-SVID list.
   */
  WORKLOAD("workload") {
    @Override
    public boolean wanted(Map<String, String> env, List<String> jvmOptions) {
      return env.getOrDefault(SVID_DIR, "").isEmpty();
    }
  },

  /**
   * Micrometer and the Prometheus client: wanted when {@code SPIKE_HTTP_SERVER_METRICS_ADDR} names
   * a listener (set, not blank, not {@code off}), for a kind whose default is no listener (the
   * Keeper, ADR 0240). An address that does not parse is also appended, so the Keeper itself
   * rejects it by name.
   */
  METRICS("metrics") {
    @Override
    public boolean wanted(Map<String, String> env, List<String> jvmOptions) {
      String value = env.getOrDefault(METRICS_ADDR, "").strip();
      return !value.isEmpty() && !value.toLowerCase(Locale.ROOT).equals("off");
    }
  },

  /**
   * Logback: wanted when the JVM is given {@code -Dlogback.configurationFile} (in its options, or
   * in {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS}), for a kind that otherwise writes its
   * lines without Logback (the Keeper, ADR 0254). A starter's class path has no directories, so the
   * other way to ask for the XML, a {@code logback-test.xml} in a class-path directory, does not
   * arise for it.
   */
  LOGBACK("logback") {
    @Override
    public boolean wanted(Map<String, String> env, List<String> jvmOptions) {
      List<String> all = new ArrayList<>(jvmOptions);
      for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
        all.addAll(List.of(env.getOrDefault(variable, "").strip().split("\\s+")));
      }
      return all.stream()
          .anyMatch(
              o -> o.equals(LOGBACK_XML_PROPERTY) || o.startsWith(LOGBACK_XML_PROPERTY + "="));
    }
  };

  static final String SVID_DIR = "SPIKE_SVID_DIR";
  static final String METRICS_ADDR = "SPIKE_HTTP_SERVER_METRICS_ADDR";
  static final String LOGBACK_XML_PROPERTY = "-Dlogback.configurationFile";

  private final String group;

  OptionalJars(String group) {
    this.group = group;
  }

  /** The group's name: its list file is {@code <SimpleName>.<name>.classpath}. */
  public String groupName() {
    return group;
  }

  /**
   * Whether a JVM started with this environment and these options needs the group's jars.
   *
   * @param env the child's whole environment (see {@link #childEnvironment})
   * @param jvmOptions the child's JVM options, before its main class
   * @return true when the group is to be appended to the kind's list
   */
  public abstract boolean wanted(Map<String, String> env, List<String> jvmOptions);

  /**
   * The environment a child started by {@link ProcessBuilder} from this JVM sees: this JVM's
   * environment with {@code added} put over it.
   */
  public static Map<String, String> childEnvironment(Map<String, String> added) {
    requireNonNull(added, "added");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(added);
    return env;
  }
}

package ist.spike.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of each SPIKE process kind, as {@code bin/lib/jvm-flags.sh} gives them to the
 * launchers; the development stack and the benchmarks start their children with these, so what they
 * run is what production runs (ADR 0126).
 */
public enum JvmFlags {
  /** Nexus: full tiered compilation, serial GC, bounded heap. */
  NEXUS("-Xms64m -Xmx256m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m"),
  /** Keeper: one shard, few requests; a small heap and C1 only. */
  KEEPER(
      "-Xms8m -Xmx32m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"
          + " -XX:ReservedCodeCacheSize=16m"),
  /** Short-lived tools: Pilot, Bootstrap, SPA, the dev stack's supervisor. */
  TOOL("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

  /** Options every process gets: what Conscrypt needs on JDK 24+ (ADR 0125). */
  public static final String COMMON =
      "--add-opens=java.base/java.net=ALL-UNNAMED --enable-native-access=ALL-UNNAMED";

  private final String own;

  JvmFlags(String own) {
    this.own = own;
  }

  /** The kind's own options, without {@link #COMMON}, space-separated as in the shell file. */
  public String own() {
    return own;
  }

  /**
   * The full option list for this kind on the running JDK: {@link #COMMON}, the kind's own, and on
   * JDK 24+ {@code --sun-misc-unsafe-memory-access=allow} (Netty under the Workload API client).
   *
   * @return a new mutable list
   */
  public List<String> options() {
    List<String> all = new ArrayList<>(List.of(COMMON.split(" ")));
    all.addAll(List.of(own.split(" ")));
    if (Runtime.version().feature() >= 24) {
      all.add("--sun-misc-unsafe-memory-access=allow");
    }
    return all;
  }
}

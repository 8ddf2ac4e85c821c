package ist.spike.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of each SPIKE process kind, as {@code bin/lib/jvm-flags.sh} gives them to the
 * launchers; the development stack and the benchmarks start their children with these, so what they
 * run is what production runs (ADR 0126).
 */
public enum JvmFlags {
  /**
   * Nexus: full tiered compilation, serial GC, a heap that starts small and is capped, freed native
   * memory trimmed every 5 s (the option is experimental on JDK 21, a product option from 22);
   * Jetty told the references per cache line (16: compressed oops under a 160 MB heap) as for the
   * Keeper (ADR 0176).
   */
  NEXUS(
      "-Xms16m -Xmx160m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC"
          + " -Xss512k -XX:ReservedCodeCacheSize=48m"
          + " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000"
          + " -Dorg.eclipse.jetty.util.referencesPerCacheLine=16"
          + JvmFlags.LOGGING),
  /**
   * Keeper: one shard, few requests; a small shrinking heap, C1 only, one compiler thread; Jetty
   * told the references per cache line (16: compressed oops under a 16 MB heap) so that it does not
   * start the platform MBean server to find out (ADR 0134); compile thresholds scaled by 100 (ADR
   * 0185, 0255) and freed native memory trimmed every second (ADR 0185); its own SLF4J provider,
   * which writes the same log lines as Nexus's Logback without loading Logback (ADR 0254).
   */
  KEEPER(
      "-Xms4m -Xmx16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -Xss512k"
          + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=8m"
          + " -XX:CompileThresholdScaling=100"
          + " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000"
          + " -Dorg.eclipse.jetty.util.referencesPerCacheLine=16"
          + JvmFlags.KEEPER_LOGGING),
  /** Short-lived tools: Pilot, Bootstrap, SPA, the dev stack's supervisor. */
  TOOL("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10");

  /**
   * Nexus's SLF4J provider ({@link SpikeLogbackServiceProvider}: Logback set up without SLF4J's
   * provider lookup and Logback's auto-configuration, ADR 0250), and SLF4J's info line about it
   * kept off stderr. Not the tools': Pilot names its own provider.
   */
  private static final String LOGGING =
      " -Dslf4j.provider=ist.spike.dist.SpikeLogbackServiceProvider"
          + " -Dslf4j.internal.verbosity=WARN";

  /**
   * The Keeper's SLF4J provider ({@link KeeperLogServiceProvider}: SPIKE's log lines without
   * Logback, which it hands over to only when XML is asked for, ADR 0254), and SLF4J's info line
   * about it kept off stderr.
   */
  private static final String KEEPER_LOGGING =
      " -Dslf4j.provider=ist.spike.dist.KeeperLogServiceProvider"
          + " -Dslf4j.internal.verbosity=WARN";

  /** Options every process gets: what Conscrypt needs on JDK 24+ (ADR 0125). */
  public static final String COMMON =
      "--add-opens=java.base/java.net=ALL-UNNAMED --enable-native-access=ALL-UNNAMED";

  /**
   * Options every process gets on JDK 25 and newer, where they exist: compact object headers (JEP
   * 519). AOT caches are created with them, so caches and processes match.
   */
  public static final String COMMON_JDK25 = "-XX:+UseCompactObjectHeaders";

  private static final String UNLOCK_DIAGNOSTIC = "-XX:+UnlockDiagnosticVMOptions";

  private final String own;

  JvmFlags(String own) {
    this.own = own;
  }

  /** The kind's own options, without {@link #COMMON}, space-separated as in the shell file. */
  public String own() {
    return own;
  }

  /**
   * Whether this kind's code is compiled by C1 alone ({@code -XX:TieredStopAtLevel=1}): it never
   * uses the method profiles an AOT cache can hold, which are there for C2 (JEP 515).
   */
  public boolean stopsAtC1() {
    return List.of(own.split(" ")).contains("-XX:TieredStopAtLevel=1");
  }

  /**
   * Options for the JVMs that record this kind's AOT training run and create its cache, after
   * {@link #options()}. No kind's cache holds the training run's method profiles: a kind that stops
   * at C1 never uses them, and for Nexus replaying them at start cost about 0.25 CPU-s before ready
   * and bought nothing measurable after it (ADR 0258). A kind that stops at C1 also gets no cached
   * call adapters, about 1 MB less resident memory in every process that maps it (ADR 0252). The
   * diagnostic options go only to those two JVMs, never to a process that uses the cache.
   *
   * @return a new list
   */
  public List<String> aotCacheOptions() {
    return stopsAtC1()
        ? new ArrayList<>(
            List.of(UNLOCK_DIAGNOSTIC, "-XX:-AOTRecordTraining", "-XX:-AOTAdapterCaching"))
        : new ArrayList<>(List.of(UNLOCK_DIAGNOSTIC, "-XX:-AOTRecordTraining"));
  }

  /**
   * The full option list for this kind on the running JDK: {@link #COMMON}, the kind's own, and on
   * JDK 24+ {@code --sun-misc-unsafe-memory-access=allow} (Netty under the Workload API client),
   * and on JDK 25+ {@link #COMMON_JDK25}.
   *
   * @return a new mutable list
   */
  public List<String> options() {
    List<String> all = new ArrayList<>(List.of(COMMON.split(" ")));
    all.addAll(List.of(own.split(" ")));
    if (Runtime.version().feature() >= 24) {
      all.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (Runtime.version().feature() >= 25) {
      all.addAll(List.of(COMMON_JDK25.split(" ")));
    }
    return all;
  }
}

package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path each SPIKE process kind starts on (ADR 0195): its application module's jar, that
 * module's runtime jars and {@code spike-dist} (the Logback configurator), instead of every jar of
 * {@code dist/target/lib}. Each open jar keeps its ZIP central directory in the Java heap, and a
 * JDK AOT cache is used only on the class path it was recorded on, so the launchers, the
 * development stack, the AOT training and the benchmarks all take the class path from here or from
 * the same file.
 *
 * <p>Each application module packs its runtime jar list (file names, as {@code maven-dependency-
 * plugin:build-classpath} writes them) as the resource {@code
 * META-INF/spike/classpath/<artifactId>}. The {@code dist} build turns those into {@code
 * dist/target/lib/<MainClass>.classpath} (one line, file names separated by {@code :}, relative to
 * that directory) with {@link #main}; {@code bin/lib/launch.sh} reads that file. A main class
 * without a list (the dev stack's supervisor, the AOT training) runs on every jar.
 */
public final class KindClassPath {
  /** Where an application module's jar holds its runtime jar list. */
  static final String RESOURCE_DIR = "META-INF/spike/classpath/";

  /** The main class of each process kind that has an application module, and that module. */
  static final Map<String, String> MODULES =
      Map.of(
          "ist.spike.keeper.KeeperMain", "spike-keeper",
          "ist.spike.nexus.NexusMain", "spike-nexus",
          "ist.spike.bootstrap.BootstrapMain", "spike-bootstrap",
          "ist.spike.pilot.PilotMain", "spike-pilot",
          "ist.spike.spa.cli.SpaRecoveryMain", "spike-spa-recovery");

  /**
   * The suffix of a second list an application module may pack ({@code
   * META-INF/spike/classpath/<artifactId>.files}): its runtime jars without the Workload API
   * client's, for processes that read their SVID from files. The kind's list file then holds that
   * list, and its {@link OptionalJars#WORKLOAD} group file the rest of its runtime jars (ADR 0217).
   */
  static final String FILES_SUFFIX = ".files";

  /**
   * A functional form of {@link #inLibDir(Path, String, Map, List)} and {@link #forThisJvm(String,
   * Map, List)}, for starters that are given one or the other.
   */
  @FunctionalInterface
  public interface Chooser {
    /**
     * The class path for a child JVM.
     *
     * @param mainClass its main class
     * @param env its whole environment
     * @param jvmOptions its JVM options
     * @return the value for {@code -cp}
     */
    String classPath(String mainClass, Map<String, String> env, List<String> jvmOptions);
  }

  private KindClassPath() {}

  /**
   * The name of a main class's optional group file: {@code <SimpleName>.<group>.classpath} (ADR
   * 0260).
   */
  public static String groupListFileName(String mainClass, OptionalJars group) {
    requireNonNull(mainClass, "mainClass");
    return mainClass.substring(mainClass.lastIndexOf('.') + 1)
        + "."
        + group.groupName()
        + ".classpath";
  }

  /** The name of a main class's list file in the lib directory: {@code <SimpleName>.classpath}. */
  public static String listFileName(String mainClass) {
    requireNonNull(mainClass, "mainClass");
    return mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".classpath";
  }

  /**
   * The list {@code mainClass} starts on with its jars in {@code lib}, without any optional group:
   * the class path its AOT cache is recorded on. The jars its list file names, in that order, or
   * {@code lib/*} when there is no list.
   *
   * @param lib the directory of the jars ({@code dist/target/lib})
   * @param mainClass the main class of the JVM to start
   * @return the value for {@code -cp}
   */
  public static String inLibDir(Path lib, String mainClass) {
    requireNonNull(lib, "lib");
    Path list = lib.resolve(listFileName(mainClass));
    if (!Files.isRegularFile(list)) {
      return lib + File.separator + "*";
    }
    return String.join(File.pathSeparator, paths(lib, list));
  }

  /**
   * The class path a launcher gives {@code mainClass} with its jars in {@code lib} (as {@code
   * spike_class_path} in {@code bin/lib/launch.sh} does): {@link #inLibDir(Path, String)}, then
   * each of its optional groups (ADR 0260) that the child's environment or options ask for, in
   * {@link OptionalJars} order.
   *
   * @param lib the directory of the jars ({@code dist/target/lib})
   * @param mainClass the main class of the JVM to start
   * @param env the child's whole environment ({@link OptionalJars#childEnvironment})
   * @param jvmOptions the child's JVM options
   * @return the value for {@code -cp}
   */
  public static String inLibDir(
      Path lib, String mainClass, Map<String, String> env, List<String> jvmOptions) {
    requireNonNull(env, "env");
    requireNonNull(jvmOptions, "jvmOptions");
    String list = inLibDir(lib, mainClass);
    if (!Files.isRegularFile(lib.resolve(listFileName(mainClass)))) {
      return list;
    }
    List<String> out = new ArrayList<>();
    out.add(list);
    for (OptionalJars group : OptionalJars.values()) {
      Path file = lib.resolve(groupListFileName(mainClass, group));
      if (group.wanted(env, jvmOptions) && Files.isRegularFile(file)) {
        out.addAll(paths(lib, file));
      }
    }
    return String.join(File.pathSeparator, out);
  }

  private static List<String> paths(Path lib, Path list) {
    try {
      List<String> names = parse(Files.readString(list, StandardCharsets.UTF_8));
      List<String> paths = new ArrayList<>(names.size());
      for (String name : names) {
        paths.add(lib + File.separator + name);
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class path list " + list, e);
    }
  }

  /**
   * The class path for a child JVM of this one that runs {@code mainClass}. Run from the launchers'
   * jars ({@code spike-dist} in a directory with list files), the same as {@link #inLibDir};
   * otherwise (tests, the benchmarks' own jars) the entries of this JVM's class path that the
   * kind's list names, in the same order; this JVM's whole class path when the kind has no list or
   * an entry it names is not on it. For a child with this JVM's environment and no JVM options of
   * its own that ask for an optional group.
   *
   * @param mainClass the main class of the JVM to start
   * @return the value for {@code -cp}
   */
  public static String forThisJvm(String mainClass) {
    return forThisJvm(mainClass, System.getenv(), List.of());
  }

  /**
   * Like {@link #forThisJvm(String)} for a child with this environment and these JVM options: run
   * from the launchers' jars, {@link #inLibDir(Path, String, Map, List)}, which appends the
   * optional groups they ask for; otherwise the kind's whole runtime list, which holds them all.
   *
   * @param mainClass the main class of the JVM to start
   * @param env the child's whole environment ({@link OptionalJars#childEnvironment})
   * @param jvmOptions the child's JVM options
   * @return the value for {@code -cp}
   */
  public static String forThisJvm(
      String mainClass, Map<String, String> env, List<String> jvmOptions) {
    String all = System.getProperty("java.class.path");
    Optional<Path> distEntry = location(KindClassPath.class.getProtectionDomain().getCodeSource());
    if (distEntry.isPresent()
        && Files.isRegularFile(distEntry.get())
        && Files.isRegularFile(distEntry.get().resolveSibling(listFileName(mainClass)))) {
      return inLibDir(distEntry.get().getParent(), mainClass, env, jvmOptions);
    }
    String module = MODULES.get(mainClass);
    URL resource =
        module == null
            ? null
            : ClassLoader.getSystemClassLoader().getResource(RESOURCE_DIR + module);
    Optional<Path> appEntry = resource == null ? Optional.empty() : entryOf(resource);
    if (appEntry.isEmpty() || distEntry.isEmpty()) {
      return all;
    }
    Map<String, Path> byName = new HashMap<>();
    for (String entry : all.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path p = Path.of(entry);
        byName.putIfAbsent(String.valueOf(p.getFileName()), p);
      }
    }
    LinkedHashSet<Path> entries = new LinkedHashSet<>();
    entries.add(appEntry.get());
    try (InputStream in = resource.openStream()) {
      for (String name : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
        Path p = byName.get(name);
        if (p == null) {
          return all;
        }
        entries.add(p);
      }
    } catch (IOException e) {
      return all;
    }
    entries.add(distEntry.get());
    List<String> out = new ArrayList<>();
    for (Path p : entries) {
      out.add(p.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /**
   * The file names of a list as an application module's jar holds it ({@code lib/a.jar:lib/b.jar})
   * or as the lib directory's list file holds it ({@code a.jar:b.jar}).
   */
  static List<String> parse(String list) {
    List<String> names = new ArrayList<>();
    for (String entry : list.strip().split(":")) {
      String name = entry.substring(entry.lastIndexOf('/') + 1).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Writes the list file of every process kind into the lib directory (run by the {@code dist}
   * build after the jars are copied there): the application module's jar, its runtime jars and the
   * {@code spike-dist} jar. Fails (exit status 1) when a jar a list names is not in the directory,
   * so a kind never starts on a class path that lacks one.
   *
   * @param args the lib directory, the project version and the {@code spike-dist} jar's file name
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: KindClassPath LIB_DIR VERSION DIST_JAR_NAME");
      System.exit(2);
    }
    Path lib = Path.of(args[0]);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> kind : MODULES.entrySet()) {
      problems.addAll(write(lib, kind.getKey(), kind.getValue() + "-" + args[1] + ".jar", args[2]));
    }
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.exit(1);
    }
  }

  /**
   * Writes one kind's list file and its optional group files (ADR 0260); returns what is wrong
   * (nothing is written then). The runtime list is the module's whole list. The kind's list is its
   * file-SVID list ({@link #FILES_SUFFIX}) when packed, else the runtime list, less every group the
   * module packs as {@code <artifactId>.<group>} (Maven's selection by group id); the {@link
   * OptionalJars#WORKLOAD} group is what the runtime list has beyond the file-SVID list. Every
   * group is a part of the runtime list, so the kind's list and its groups together are the runtime
   * list.
   */
  static List<String> write(Path lib, String mainClass, String appJar, String distJar)
      throws IOException {
    Path jar = lib.resolve(appJar);
    if (!Files.isRegularFile(jar)) {
      return List.of(mainClass + ": no " + jar);
    }
    String module = MODULES.get(mainClass);
    String list;
    String filesList;
    Map<OptionalJars, String> packed = new EnumMap<>(OptionalJars.class);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      list = packedList(zip, module);
      if (list == null) {
        return List.of(mainClass + ": " + jar + " has no " + RESOURCE_DIR + module);
      }
      filesList = packedList(zip, module + FILES_SUFFIX);
      for (OptionalJars group : OptionalJars.values()) {
        String groupList =
            group == OptionalJars.WORKLOAD
                ? null
                : packedList(zip, module + "." + group.groupName());
        if (groupList != null) {
          packed.put(group, groupList);
        }
      }
    }
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(appJar);
    all.addAll(parse(list));
    all.add(distJar);
    LinkedHashSet<String> names = all;
    if (filesList != null) {
      names = new LinkedHashSet<>();
      names.add(appJar);
      names.addAll(parse(filesList));
      names.add(distJar);
    }
    List<String> problems = new ArrayList<>();
    for (String name : all) {
      if (!Files.isRegularFile(lib.resolve(name))) {
        problems.add(mainClass + ": its runtime jar " + name + " is not in " + lib);
      }
    }
    if (!all.containsAll(names)) {
      problems.add(mainClass + ": its file-SVID list names jars its runtime list does not");
    }
    Map<OptionalJars, LinkedHashSet<String>> groups = new EnumMap<>(OptionalJars.class);
    LinkedHashSet<String> workload = new LinkedHashSet<>(all);
    workload.removeAll(names);
    groups.put(OptionalJars.WORKLOAD, workload);
    LinkedHashSet<String> base = new LinkedHashSet<>(names);
    for (Map.Entry<OptionalJars, String> group : packed.entrySet()) {
      List<String> groupNames = parse(group.getValue());
      if (!all.containsAll(groupNames)) {
        problems.add(
            mainClass
                + ": its "
                + group.getKey().groupName()
                + " list names jars its runtime list does not");
      }
      LinkedHashSet<String> inOrder = new LinkedHashSet<>(base);
      inOrder.retainAll(groupNames);
      inOrder.remove(appJar);
      inOrder.remove(distJar);
      base.removeAll(inOrder);
      groups.put(group.getKey(), inOrder);
    }
    if (problems.isEmpty()) {
      writeList(lib.resolve(listFileName(mainClass)), base);
      for (OptionalJars group : OptionalJars.values()) {
        Path groupFile = lib.resolve(groupListFileName(mainClass, group));
        Set<String> groupNames = groups.getOrDefault(group, new LinkedHashSet<>());
        if (groupNames.isEmpty()) {
          Files.deleteIfExists(groupFile);
        } else {
          writeList(groupFile, groupNames);
        }
      }
    }
    return problems;
  }

  /** The list an application module's jar packs under {@code name}, or null when it packs none. */
  private static String packedList(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(RESOURCE_DIR + name);
    if (entry == null) {
      return null;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void writeList(Path file, Iterable<String> names) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, String.join(":", names) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The class path entry (jar or directory) a resource was found in. */
  private static Optional<Path> entryOf(URL resource) {
    try {
      if ("jar".equals(resource.getProtocol())) {
        URL jar = ((JarURLConnection) resource.openConnection()).getJarFileURL();
        return Optional.of(Path.of(jar.toURI()));
      }
      if ("file".equals(resource.getProtocol())) {
        Path p = Path.of(resource.toURI());
        // <entry>/META-INF/spike/classpath/<module>: four levels up
        return Optional.of(p.getParent().getParent().getParent().getParent());
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Path> location(CodeSource source) {
    try {
      return source == null || source.getLocation() == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * list, and {@code <SimpleName>.workload.classpath} the rest of its runtime jars, which the
   * launchers append when {@code SPIKE_SVID_DIR} is unset (ADR 0217: the Keeper).
   */
  static final String FILES_SUFFIX = ".files";

  private KindClassPath() {}

  /** The name of a main class's Workload API list file: {@code <SimpleName>.workload.classpath}. */
  public static String workloadListFileName(String mainClass) {
    requireNonNull(mainClass, "mainClass");
    return mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".workload.classpath";
  }

  /** The name of a main class's list file in the lib directory: {@code <SimpleName>.classpath}. */
  public static String listFileName(String mainClass) {
    requireNonNull(mainClass, "mainClass");
    return mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".classpath";
  }

  /**
   * The class path a launcher gives {@code mainClass} with its jars in {@code lib}: the jars its
   * list file names, in that order, or {@code lib/*} when there is no list (as {@code
   * spike_class_path} in {@code bin/lib/launch.sh} does).
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
    try {
      List<String> names = parse(Files.readString(list, StandardCharsets.UTF_8));
      List<String> paths = new ArrayList<>(names.size());
      for (String name : names) {
        paths.add(lib + File.separator + name);
      }
      return String.join(File.pathSeparator, paths);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class path list " + list, e);
    }
  }

  /**
   * The class path for a child JVM of this one that runs {@code mainClass}. Run from the launchers'
   * jars ({@code spike-dist} in a directory with list files), the same as {@link #inLibDir};
   * otherwise (tests, the benchmarks' own jars) the entries of this JVM's class path that the
   * kind's list names, in the same order; this JVM's whole class path when the kind has no list or
   * an entry it names is not on it.
   *
   * @param mainClass the main class of the JVM to start
   * @return the value for {@code -cp}
   */
  public static String forThisJvm(String mainClass) {
    String all = System.getProperty("java.class.path");
    Optional<Path> distEntry = location(KindClassPath.class.getProtectionDomain().getCodeSource());
    if (distEntry.isPresent()
        && Files.isRegularFile(distEntry.get())
        && Files.isRegularFile(distEntry.get().resolveSibling(listFileName(mainClass)))) {
      return inLibDir(distEntry.get().getParent(), mainClass);
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
   * Writes one kind's list file, and its Workload API list when the module packs a file-SVID list
   * ({@link #FILES_SUFFIX}); returns what is wrong (nothing is written then).
   */
  static List<String> write(Path lib, String mainClass, String appJar, String distJar)
      throws IOException {
    Path jar = lib.resolve(appJar);
    if (!Files.isRegularFile(jar)) {
      return List.of(mainClass + ": no " + jar);
    }
    String module = MODULES.get(mainClass);
    String list;
    String filesList = null;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(RESOURCE_DIR + module);
      if (entry == null) {
        return List.of(mainClass + ": " + jar + " has no " + RESOURCE_DIR + module);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      ZipEntry files = zip.getEntry(RESOURCE_DIR + module + FILES_SUFFIX);
      if (files != null) {
        try (InputStream in = zip.getInputStream(files)) {
          filesList = new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
    if (problems.isEmpty()) {
      LinkedHashSet<String> workload = new LinkedHashSet<>(all);
      workload.removeAll(names);
      writeList(lib.resolve(listFileName(mainClass)), names);
      Path workloadFile = lib.resolve(workloadListFileName(mainClass));
      if (workload.isEmpty()) {
        Files.deleteIfExists(workloadFile);
      } else {
        writeList(workloadFile, workload);
      }
    }
    return problems;
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

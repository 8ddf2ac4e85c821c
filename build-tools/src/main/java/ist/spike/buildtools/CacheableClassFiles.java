package ist.spike.buildtools;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar's class files that are older than Java 6 (major version below 50) as Java 8 class
 * files with stack maps, so that a JDK AOT cache can hold their classes.
 *
 * <p>The JDK's AOT cache (JEP 483) links classes ahead of time only if the split verifier can check
 * them, which needs version 50 or later; older classes are left out of the cache ("Unlinked class
 * not supported by AOTClassLinking") and are read from the jar and verified by the old verifier at
 * every start. picocli 4.7 is compiled for Java 5. The rewrite changes the version number and adds
 * the {@code StackMapTable} attributes the JDK's ClassFile API computes; instructions, constants,
 * members, other attributes and every non-class entry are kept. A class the rewrite cannot handle
 * fails the build rather than shipping a jar that would fail verification (ADR 0211).
 */
public final class CacheableClassFiles {
  /** The oldest class-file version the split verifier (and so AOT class linking) handles. */
  static final int SPLIT_VERIFIER_MAJOR = ClassFile.JAVA_6_VERSION;

  /** The version rewritten classes get: Java 8, whose verifier never falls back to the old one. */
  static final int TARGET_MAJOR = ClassFile.JAVA_8_VERSION;

  private CacheableClassFiles() {}

  /**
   * Rewrites each jar named on the command line in place.
   *
   * @param args paths of jars
   * @throws IOException if a jar cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: CacheableClassFiles JAR...");
      System.exit(2);
    }
    for (String arg : args) {
      int n = rewrite(Path.of(arg));
      System.out.println(
          n == 0
              ? arg + ": no class file older than Java 6, left as it is"
              : arg + ": " + n + " class files rewritten as Java 8 with stack maps");
    }
  }

  /**
   * Rewrites {@code jar} in place if it holds class files older than Java 6; otherwise leaves the
   * file untouched (same bytes and modification time, so AOT caches made from it stay valid).
   *
   * @param jar the jar
   * @return how many class files were rewritten
   * @throws IOException if the jar cannot be read or written
   * @throws IllegalArgumentException if a class file cannot be rewritten (named in the message)
   */
  public static int rewrite(Path jar) throws IOException {
    requireNonNull(jar, "jar");
    Map<String, byte[]> classes = new HashMap<>();
    List<ZipEntry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        entries.add(e);
        if (isClassFile(e)) {
          try (InputStream in = zip.getInputStream(e)) {
            classes.put(e.getName(), in.readAllBytes());
          }
        }
      }
      Map<String, byte[]> rewritten = rewriteOld(classes);
      if (rewritten.isEmpty()) {
        return 0;
      }
      Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), ".rewrite-", ".jar");
      try {
        try (OutputStream out = Files.newOutputStream(tmp);
            ZipOutputStream zipOut = new ZipOutputStream(out)) {
          for (ZipEntry e : entries) {
            ZipEntry copy = new ZipEntry(e.getName());
            copy.setTime(e.getTime());
            zipOut.putNextEntry(copy);
            byte[] replaced = rewritten.get(e.getName());
            if (replaced != null) {
              zipOut.write(replaced);
            } else {
              try (InputStream in = zip.getInputStream(e)) {
                in.transferTo(zipOut);
              }
            }
            zipOut.closeEntry();
          }
        }
        keepPermissions(jar, tmp);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return rewritten.size();
    }
  }

  /** A temporary file is created 0600; the rewritten jar keeps the original's permissions. */
  private static void keepPermissions(Path from, Path to) throws IOException {
    if (Files.getFileStore(from).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    }
  }

  /** The class-file major version of {@code classFile}. */
  static int majorVersion(byte[] classFile) {
    if (classFile.length < 8) {
      throw new IllegalArgumentException("not a class file: " + classFile.length + " bytes");
    }
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  private static Map<String, byte[]> rewriteOld(Map<String, byte[]> classes) {
    // Stack maps merge types at branch targets, so the generator must know the jar's own classes'
    // super types as well as the JDK's.
    Map<ClassDesc, byte[]> byDesc = new HashMap<>();
    classes.forEach((name, bytes) -> byDesc.put(descOf(name), bytes));
    ClassHierarchyResolver resolver =
        ClassHierarchyResolver.ofResourceParsing(
                desc -> {
                  byte[] b = byDesc.get(desc);
                  return b == null ? null : new ByteArrayInputStream(b);
                })
            .orElse(ClassHierarchyResolver.defaultResolver())
            .cached();
    ClassFile cf =
        ClassFile.of(
            ClassFile.ClassHierarchyResolverOption.of(resolver),
            ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
    Map<String, byte[]> out = new HashMap<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      if (majorVersion(e.getValue()) >= SPLIT_VERIFIER_MAJOR) {
        continue;
      }
      try {
        out.put(e.getKey(), upgrade(cf, cf.parse(e.getValue())));
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            e.getKey() + " cannot be rewritten for the AOT cache: " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  private static byte[] upgrade(ClassFile cf, ClassModel model) {
    // Every method body goes through a code builder, which drops nothing but writes stack maps;
    // a body passed through untouched would be copied without them.
    ClassTransform version =
        (builder, element) -> {
          if (element instanceof ClassFileVersion) {
            builder.withVersion(TARGET_MAJOR, 0);
          } else {
            builder.with(element);
          }
        };
    return cf.transformClass(
        model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
  }

  private static boolean isClassFile(ZipEntry e) {
    return !e.isDirectory()
        && e.getName().endsWith(".class")
        && !e.getName().startsWith("META-INF/")
        && !e.getName().endsWith("module-info.class");
  }

  private static ClassDesc descOf(String entryName) {
    String internal = entryName.substring(0, entryName.length() - ".class".length());
    return ClassDesc.ofInternalName(internal);
  }
}

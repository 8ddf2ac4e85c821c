package ist.spike.dist;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every SPIKE process's logging promises ({@code docs/configuration.md}, "Logging and
 * process"; {@code logback.xml}), whichever backend writes it: the variables that set it, the
 * loggers kept at WARN, the audit logger, and when the operator's Logback XML takes over. No
 * Logback type is used here, so the Keeper's own provider reads it without loading Logback (ADR
 * 0254).
 */
final class LoggingContract {
  /** The operational log's level ({@code TRACE} … {@code ERROR}, {@code ALL}, {@code OFF}). */
  static final String LEVEL_VARIABLE = "SPIKE_SYSTEM_LOG_LEVEL";

  /** The operational log's level when {@link #LEVEL_VARIABLE} is unset or empty. */
  static final String DEFAULT_LEVEL = "INFO";

  /** Where the audit stream goes. */
  static final String AUDIT_VARIABLE = "SPIKE_AUDIT_LOG";

  /** The audit stream's file when {@link #AUDIT_VARIABLE} is unset or empty. */
  static final String DEFAULT_AUDIT_FILE = "/dev/stdout";

  /** The logger whose lines, and only they, go to the audit stream, at INFO. */
  static final String AUDIT_LOGGER = "spike.audit";

  /** Loggers (and their descendants) kept at WARN: library internals. */
  static final List<String> QUIET =
      List.of("org.eclipse.jetty", "io.grpc", "io.netty", "org.sqlite");

  private static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
  private static final String TEST_FILE = "logback-test.xml";

  private LoggingContract() {}

  /**
   * A {@code ${NAME}} of {@code logback.xml}: the system property first, then the environment
   * variable; empty counts as unset.
   */
  static Optional<String> variable(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      value = System.getenv(name);
    }
    return Optional.ofNullable(value).filter(v -> !v.isEmpty());
  }

  /** Whether {@code name} is {@code ancestor} or below it in the logger hierarchy. */
  static boolean within(String name, String ancestor) {
    return name.startsWith(ancestor)
        && (name.length() == ancestor.length() || name.charAt(ancestor.length()) == '.');
  }

  /**
   * Whether the operator asked for Logback's XML: {@code -Dlogback.configurationFile} is set, or a
   * {@code logback-test.xml} is in a directory of the class path (where a build's test resources
   * are). Only directories are looked at: a lookup through the class loader reads every jar's
   * directory for a file no shipped jar holds (ADR 0250).
   */
  static boolean xmlRequestedWithoutOpeningJars() {
    return System.getProperty(CONFIGURATION_FILE_PROPERTY) != null
        || inClassPathDirectory(System.getProperty("java.class.path", ""), TEST_FILE);
  }

  /**
   * Whether the operator asked for Logback's XML as Logback itself looks: the property, or a {@code
   * logback-test.xml} anywhere {@code loader} finds resources, jars included.
   */
  static boolean xmlRequested(ClassLoader loader) {
    return System.getProperty(CONFIGURATION_FILE_PROPERTY) != null
        || loader.getResource(TEST_FILE) != null;
  }

  /** Whether a directory entry of {@code classPath} holds the file {@code name}. */
  static boolean inClassPathDirectory(String classPath, String name) {
    for (String entry : classPath.split(File.pathSeparator)) {
      try {
        // a jar entry gives "x.jar/name": no such file, and nothing is opened
        if (!entry.isEmpty() && Files.isRegularFile(Path.of(entry, name))) {
          return true;
        }
      } catch (InvalidPathException e) {
        // not a path this JVM can look at: nothing there
      }
    }
    return false;
  }
}

package ist.spike.identity.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * The only class that names Conscrypt's API, so that a process using the JDK's TLS never loads
 * Conscrypt's classes or its native library.
 */
public final class ConscryptSupport {
  private ConscryptSupport() {}

  /** Loaded on first use; the native library is loaded at most once. */
  private static final class Holder {
    static final Provider PROVIDER;
    static final String UNAVAILABLE;
    static final boolean ABSENT;

    static {
      Provider provider = null;
      String reason = null;
      boolean absent = false;
      try {
        if (!javaNetOpenTo(org.conscrypt.Conscrypt.class.getModule())) {
          // Conscrypt's socket path reads InetAddress's holder; without the opening every
          // handshake would fail with InaccessibleObjectException (ADR 0125).
          reason =
              "java.base does not open java.net to it"
                  + " (add --add-opens=java.base/java.net=ALL-UNNAMED)";
        } else {
          org.conscrypt.Conscrypt.checkAvailability();
          provider = org.conscrypt.Conscrypt.newProvider();
        }
      } catch (NoClassDefFoundError e) {
        absent = true;
        reason = "it is not on the class path";
      } catch (Throwable t) { // UnsatisfiedLinkError, ...
        reason = "its native library did not load: " + t + libraryPathHint();
      }
      PROVIDER = provider;
      UNAVAILABLE = reason;
      ABSENT = absent;
    }

    /**
     * How to fix a library that did not load because the JVM was not told where it is: SPIKE's
     * build moves it out of Conscrypt's jar into the directory {@code native} beside the jar (ADR
     * 0248), which the launchers put on {@code java.library.path}; a JVM started otherwise lacks
     * it.
     */
    private static String libraryPathHint() {
      try {
        java.security.CodeSource source =
            org.conscrypt.Conscrypt.class.getProtectionDomain().getCodeSource();
        if (source == null) {
          return "";
        }
        Path nativeDir = Path.of(source.getLocation().toURI()).resolveSibling("native");
        String libraryPath = System.getProperty("java.library.path", "");
        if (!Files.isDirectory(nativeDir) || libraryPath.contains(nativeDir.toString())) {
          return "";
        }
        return "; start the JVM with -Djava.library.path=" + nativeDir + " as the launchers do";
      } catch (RuntimeException | java.net.URISyntaxException e) {
        return "";
      }
    }

    private static boolean javaNetOpenTo(Module conscrypt) {
      return Object.class.getModule().isOpen("java.net", conscrypt);
    }
  }

  /**
   * Returns null when Conscrypt can be used, else why not.
   *
   * @return the reason Conscrypt is unavailable, or null
   */
  public static String unavailableReason() {
    return Holder.UNAVAILABLE;
  }

  /**
   * Whether Conscrypt's classes are missing altogether, as in a process that uses the SDK, which
   * leaves Conscrypt out of its dependencies (ADR 0141).
   *
   * @return true when the Conscrypt jar is not on the class path
   */
  public static boolean absent() {
    return Holder.ABSENT;
  }

  /**
   * Returns Conscrypt's provider, or null when it is unavailable.
   *
   * @return the provider, or null
   */
  public static Provider providerOrNull() {
    return Holder.PROVIDER;
  }

  /**
   * Returns a new Conscrypt TLS context (not yet initialised).
   *
   * @return the context
   * @throws NoSuchAlgorithmException if Conscrypt is unavailable
   */
  public static SSLContext newContext() throws NoSuchAlgorithmException {
    if (Holder.PROVIDER == null) {
      throw new NoSuchAlgorithmException("Conscrypt is unavailable: " + Holder.UNAVAILABLE);
    }
    return SSLContext.getInstance("TLS", Holder.PROVIDER);
  }

  /**
   * Lets a server-side Conscrypt engine issue TLS 1.3 session tickets, which Conscrypt turns off by
   * default; without them a client can never resume a session with this server (ADR 0139). Does
   * nothing to an engine of another provider.
   *
   * @param engine a server engine, before its handshake
   */
  public static void enableSessionTickets(SSLEngine engine) {
    if (Holder.PROVIDER != null && org.conscrypt.Conscrypt.isConscrypt(engine)) {
      org.conscrypt.Conscrypt.setUseSessionTickets(engine, true);
    }
  }

  /**
   * Like {@link #enableSessionTickets(SSLEngine)} for a server socket's accepted socket.
   *
   * @param socket an accepted socket, before its handshake
   */
  public static void enableSessionTickets(SSLSocket socket) {
    if (Holder.PROVIDER != null && org.conscrypt.Conscrypt.isConscrypt(socket)) {
      org.conscrypt.Conscrypt.setUseSessionTickets(socket, true);
    }
  }
}

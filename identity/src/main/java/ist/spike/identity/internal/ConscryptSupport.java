package ist.spike.identity.internal;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.net.ssl.SSLContext;

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

    static {
      Provider provider = null;
      String reason = null;
      try {
        org.conscrypt.Conscrypt.checkAvailability();
        provider = org.conscrypt.Conscrypt.newProvider();
      } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ...
        reason = "its native library did not load: " + t;
      }
      PROVIDER = provider;
      UNAVAILABLE = reason;
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
}

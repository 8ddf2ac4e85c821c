package ist.spike.identity;

import ist.spike.identity.internal.ConscryptSupport;
import java.util.Locale;

/**
 * Which implementation runs TLS for {@link SpiffeTls}: the JDK's own (JSSE) or Conscrypt
 * (BoringSSL, native). Chosen by {@code SPIKE_TLS_PROVIDER}: {@code jdk} (the default) or {@code
 * auto}/{@code conscrypt} (Conscrypt when its native library loads, the JDK otherwise, with one
 * warning). See ADR 0125 and its amendments.
 */
public enum TlsProvider {
  /** The JDK's built-in TLS (SunJSSE). */
  JDK,
  /** Conscrypt, when its native library can be loaded on this machine. */
  CONSCRYPT;

  /** The environment variable that selects the provider. */
  public static final String ENV = "SPIKE_TLS_PROVIDER";

  // The JDK platform logger keeps the SDK free of logging jars (ADR-0141).
  private static final System.Logger log = System.getLogger(TlsProvider.class.getName());

  private static volatile TlsProvider configured;

  /**
   * Returns the provider selected by {@value #ENV}, resolving {@code auto} once per process; when
   * Conscrypt was asked for (or {@code auto}) and cannot load, logs that once and returns {@link
   * #JDK}.
   *
   * @return the provider to use
   * @throws IdentityConfigException if the variable holds an unknown value
   */
  public static TlsProvider configured() {
    TlsProvider p = configured;
    if (p == null) {
      synchronized (TlsProvider.class) {
        p = configured;
        if (p == null) {
          p = resolve(System.getenv(ENV));
          configured = p;
        }
      }
    }
    return p;
  }

  /**
   * Resolves a {@value #ENV} value: {@code jdk}, {@code conscrypt}, {@code auto} or empty (the JDK,
   * until Conscrypt's behaviour on early-closed connections is understood; ADR 0125).
   *
   * @param value the setting, may be null
   * @return the provider to use on this machine
   * @throws IdentityConfigException if the value is none of those
   */
  static TlsProvider resolve(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "", "jdk":
        return JDK;
      case "auto", "conscrypt":
        String why = ConscryptSupport.unavailableReason();
        if (why == null) {
          return CONSCRYPT;
        }
        log.log(
            System.Logger.Level.WARNING,
            "Conscrypt TLS is not available on this machine ({0}); using the JDK''s TLS instead."
                + " Set {1}=jdk to choose the JDK explicitly and silence this message.",
            why,
            ENV);
        return JDK;
      default:
        throw new IdentityConfigException(
            ENV + " must be one of auto, conscrypt, jdk; got '" + value + "'");
    }
  }

  /**
   * Whether this provider can be used in this process (Conscrypt needs its native library).
   *
   * @return true for the JDK, and for Conscrypt when its native library loads
   */
  public boolean isAvailable() {
    return this == JDK || ConscryptSupport.unavailableReason() == null;
  }
}

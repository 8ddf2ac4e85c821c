package ist.spike.identity;

import ist.spike.identity.internal.ConscryptSupport;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which implementation runs TLS for {@link SpiffeTls}: the JDK's own (JSSE) or Conscrypt
 * (BoringSSL, native). Chosen by {@code SPIKE_TLS_PROVIDER}: {@code auto} (the default; Conscrypt
 * when it loads, else the JDK without a warning), {@code conscrypt} (Conscrypt, else the JDK with a
 * warning) or {@code jdk}. See ADR 0125 and its amendments.
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
   * Returns the provider selected by {@value #ENV}, resolved once per process; when Conscrypt was
   * asked for (explicitly or by {@code auto}, the default) and cannot load, logs that once and
   * returns {@link #JDK}.
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
   * Resolves a {@value #ENV} value: {@code auto} or empty (the default), {@code conscrypt} or
   * {@code jdk}.
   *
   * @param value the setting, may be null
   * @return the provider to use on this machine
   * @throws IdentityConfigException if the value is none of those
   */
  static TlsProvider resolve(String value) {
    return resolve(value, ConscryptSupport::unavailableReason, ConscryptSupport::absent, log);
  }

  /**
   * {@link #resolve(String)} with Conscrypt's availability and the logger given, so that the
   * fallback can be tested on a machine where Conscrypt loads.
   */
  static TlsProvider resolve(
      String value,
      Supplier<String> conscryptUnavailable,
      BooleanSupplier conscryptAbsent,
      System.Logger logger) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "jdk":
        return JDK;
      case "", "auto", "conscrypt":
        String why = conscryptUnavailable.get();
        if (why == null) {
          return CONSCRYPT;
        }
        // Only an explicit request deserves a warning: under auto the JDK is the expected
        // outcome wherever Conscrypt is not shipped (the SDK leaves it out, ADR 0141).
        System.Logger.Level level =
            v.equals("conscrypt")
                ? System.Logger.Level.WARNING
                : conscryptAbsent.getAsBoolean()
                    ? System.Logger.Level.DEBUG
                    : System.Logger.Level.INFO;
        logger.log(
            level,
            "Conscrypt TLS is not available ({0}); using the JDK''s TLS instead."
                + " Set {1}=jdk to choose the JDK explicitly.",
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

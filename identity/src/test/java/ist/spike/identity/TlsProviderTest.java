package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TlsProviderTest {
  private static final String NO_LIBRARY = "its native library did not load: UnsatisfiedLinkError";

  @Test
  void resolve_jdk_isJdkWhateverTheMachine() {
    assertThat(TlsProvider.resolve("jdk")).isEqualTo(TlsProvider.JDK);
    assertThat(TlsProvider.resolve(" JDK ")).isEqualTo(TlsProvider.JDK);
  }

  @Test
  void resolve_unknownValue_refusedNamingTheChoices() {
    assertThatThrownBy(() -> TlsProvider.resolve("openssl"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("SPIKE_TLS_PROVIDER must be one of auto, conscrypt, jdk; got 'openssl'");
  }

  @Test
  void jdk_alwaysAvailable() {
    assertThat(TlsProvider.JDK.isAvailable()).isTrue();
  }

  @Test
  void resolve_unsetOrAuto_conscryptLoads_conscryptWithoutLogging() {
    for (String v : new String[] {null, "", "auto", " Auto "}) {
      RecordingLogger log = new RecordingLogger();
      assertThat(TlsProvider.resolve(v, () -> null, () -> false, log))
          .as("value %s", v)
          .isEqualTo(TlsProvider.CONSCRYPT);
      assertThat(log.lines).isEmpty();
    }
  }

  @Test
  void resolve_unsetOrAuto_conscryptNotOnClassPath_jdkLoggedAtDebugOnly() {
    for (String v : new String[] {null, "", "auto"}) {
      RecordingLogger log = new RecordingLogger();
      assertThat(TlsProvider.resolve(v, () -> "it is not on the class path", () -> true, log))
          .isEqualTo(TlsProvider.JDK);
      assertThat(log.lines).containsExactly("DEBUG " + expectedLine("it is not on the class path"));
    }
  }

  @Test
  void resolve_auto_nativeLibraryFails_jdkLoggedAtInfoNotWarning() {
    RecordingLogger log = new RecordingLogger();
    assertThat(TlsProvider.resolve("auto", () -> NO_LIBRARY, () -> false, log))
        .isEqualTo(TlsProvider.JDK);
    assertThat(log.lines).containsExactly("INFO " + expectedLine(NO_LIBRARY));
  }

  @Test
  void resolve_explicitConscrypt_unavailable_jdkWithWarning() {
    RecordingLogger log = new RecordingLogger();
    assertThat(TlsProvider.resolve("conscrypt", () -> NO_LIBRARY, () -> false, log))
        .isEqualTo(TlsProvider.JDK);
    assertThat(log.lines).containsExactly("WARNING " + expectedLine(NO_LIBRARY));
  }

  @Test
  void resolve_jdk_neverAsksForConscrypt() {
    Supplier<String> fails =
        () -> {
          throw new AssertionError("Conscrypt looked up under jdk");
        };
    assertThat(TlsProvider.resolve("jdk", fails, () -> true, new RecordingLogger()))
        .isEqualTo(TlsProvider.JDK);
  }

  private static String expectedLine(String why) {
    return "Conscrypt TLS is not available ("
        + why
        + "); using the JDK's TLS instead. Set SPIKE_TLS_PROVIDER=jdk to choose the JDK explicitly.";
  }

  /** Keeps each formatted message with its level. */
  private static final class RecordingLogger implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + MessageFormat.format(format, params));
    }
  }
}

package ist.spike.dist;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A process for runtime tests: prints its security providers, the runtime it runs on, whether it
 * has {@code jdk.localedata}, and how many locales it offers.
 */
public final class RuntimeProbeMain {
  private RuntimeProbeMain() {}

  /**
   * Prints two lines: {@code providers=<names>} and {@code home=<java.home> localedata=<bool>
   * locales=<n>}.
   */
  public static void main(String[] args) {
    System.out.println(
        "providers="
            + Arrays.stream(Security.getProviders())
                .map(Provider::getName)
                .collect(Collectors.joining(",")));
    System.out.println(
        "home="
            + System.getProperty("java.home")
            + " localedata="
            + ModuleLayer.boot().findModule("jdk.localedata").isPresent()
            + " locales="
            + Locale.getAvailableLocales().length);
  }
}

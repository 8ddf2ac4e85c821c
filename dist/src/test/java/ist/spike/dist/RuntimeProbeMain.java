package ist.spike.dist;

import java.util.Locale;

/** A process for runtime tests: prints the runtime it runs on, whether it has jdk.localedata, and how many locales it offers. */
public final class RuntimeProbeMain {
  private RuntimeProbeMain() {}

  /** Prints one line: {@code home=<java.home> localedata=<bool> locales=<n>}. */
  public static void main(String[] args) {
    System.out.println(
        "home="
            + System.getProperty("java.home")
            + " localedata="
            + ModuleLayer.boot().findModule("jdk.localedata").isPresent()
            + " locales="
            + Locale.getAvailableLocales().length);
  }
}

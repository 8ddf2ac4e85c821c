package ist.spike.spa.cli;

import ist.spike.spa.group.FrostGroup;
import java.security.SecureRandom;

/** Entry point of {@code bin/spa-recovery}. */
public final class SpaRecoveryMain {
  private SpaRecoveryMain() {}

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code =
        new SpaRecoveryCli(
                new FrostGroup(new SecureRandom()),
                System.getenv(),
                System.in,
                System.out,
                System.err)
            .run(args);
    System.exit(code);
  }
}

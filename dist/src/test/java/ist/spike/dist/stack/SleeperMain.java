package ist.spike.dist.stack;

/** A child process for supervisor tests: prints a line and sleeps until killed. */
public final class SleeperMain {
  private SleeperMain() {}

  /** Sleeps forever (or exits with the status given as SLEEPER_EXIT). */
  public static void main(String[] args) throws InterruptedException {
    System.out.println("sleeper up " + System.getenv("SLEEPER_TAG"));
    String exit = System.getenv("SLEEPER_EXIT");
    if (exit != null) {
      System.exit(Integer.parseInt(exit));
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}

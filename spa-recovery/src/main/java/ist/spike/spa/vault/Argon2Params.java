package ist.spike.spa.vault;

/**
 * Argon2id cost parameters, stored with each share file.
 *
 * @param memoryKiB memory in KiB
 * @param iterations passes
 * @param parallelism lanes
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
  /** Production parameters, as the SPA prototype (ADR-002): m=19456 KiB, t=2, p=1. */
  public static final Argon2Params PRODUCTION = new Argon2Params(19456, 2, 1);

  /** Upper bounds, so a modified file cannot make a reader allocate without limit. */
  static final int MAX_MEMORY_KIB = 1 << 20;

  static final int MAX_ITERATIONS = 16;

  /** Validates the ranges. */
  public Argon2Params {
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "Argon2 memory must be 8*p.." + MAX_MEMORY_KIB + " KiB, got " + memoryKiB);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("Argon2 iterations must be 1.." + MAX_ITERATIONS);
    }
    if (parallelism < 1 || parallelism > 16) {
      throw new IllegalArgumentException("Argon2 parallelism must be 1..16");
    }
  }
}

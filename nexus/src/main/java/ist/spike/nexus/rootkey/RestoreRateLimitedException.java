package ist.spike.nexus.rootkey;

import java.time.Duration;

/** Too many restore attempts in the current window; nothing was counted or stored. */
public final class RestoreRateLimitedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  /**
   * @param limit attempts allowed per window
   * @param window the window length
   * @param retryAfter how long until the next attempt is allowed
   */
  public RestoreRateLimitedException(int limit, Duration window, Duration retryAfter) {
    super(
        "at most "
            + limit
            + " restore attempts per "
            + window.toSeconds()
            + "s; try again in "
            + Math.max(1, retryAfter.toSeconds())
            + "s");
    this.retryAfter = retryAfter;
  }

  /** Returns how long until the next attempt is allowed. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

package ist.spike.spa.cloud;

import java.io.IOException;

/** The cloud factor could not be reached or refused the request; the message says what to check. */
public final class CloudUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to check; never a secret
   */
  public CloudUnavailableException(String message) {
    super(message);
  }
}

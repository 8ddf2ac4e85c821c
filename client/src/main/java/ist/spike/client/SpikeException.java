package ist.spike.client;

import java.util.Optional;

/**
 * A call to Nexus failed. Subclasses name the failure class: {@link SpikeApiException} when Nexus
 * answered with an error, {@link SpikeConnectionException} when it could not be reached or answered
 * something unreadable.
 */
public abstract sealed class SpikeException extends Exception
    permits SpikeApiException, SpikeConnectionException {
  private static final long serialVersionUID = 1L;

  SpikeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns the HTTP status Nexus answered, if it answered. */
  public abstract Optional<Integer> httpStatus();
}

package ist.spike.identity;

/** Thrown when text is not a valid SPIFFE ID; the message states the rule, not the input. */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidSpiffeIdException(String message) {
    super(message);
  }
}

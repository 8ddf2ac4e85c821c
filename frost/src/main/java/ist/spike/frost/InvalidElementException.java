package ist.spike.frost;

/**
 * Bytes that should encode a group element do not: wrong length, not a canonical point encoding,
 * not on the curve, the identity, or a point outside the prime-order subgroup.
 */
public final class InvalidElementException extends FrostException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that says which rule the encoding broke. */
  public InvalidElementException(String message) {
    super(message);
  }
}

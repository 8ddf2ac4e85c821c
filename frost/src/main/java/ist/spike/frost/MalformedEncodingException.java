package ist.spike.frost;

/**
 * A serialized FROST object could not be parsed: wrong length, unknown format version or
 * ciphersuite, a non-canonical scalar, a non-minimal length prefix, unsorted or duplicate entries,
 * or trailing bytes. Invalid group elements inside the object raise {@link InvalidElementException}
 * instead.
 */
public final class MalformedEncodingException extends FrostException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that says what is wrong with the encoding. */
  public MalformedEncodingException(String message) {
    super(message);
  }
}

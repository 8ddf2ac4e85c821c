package ist.spike.nexus.migrate;

/** A SPIKE row that cannot be imported; the message names the row, never its content. */
final class CorruptRowException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptRowException(String message) {
    super(message);
  }
}

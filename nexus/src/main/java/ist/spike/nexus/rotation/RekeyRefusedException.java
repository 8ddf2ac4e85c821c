package ist.spike.nexus.rotation;

/** A rekey request that cannot be carried out as asked; the message says what to change. */
public final class RekeyRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  RekeyRefusedException(String message) {
    super(message);
  }
}

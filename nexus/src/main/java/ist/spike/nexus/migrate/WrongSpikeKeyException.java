package ist.spike.nexus.migrate;

/** The SPIKE root key does not decrypt the SPIKE database; nothing was imported. */
public final class WrongSpikeKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  WrongSpikeKeyException(String message) {
    super(message);
  }
}

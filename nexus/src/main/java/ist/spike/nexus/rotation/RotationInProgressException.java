package ist.spike.nexus.rotation;

/** A rotation or rekey was asked for while one is running (HTTP 409). */
public final class RotationInProgressException extends Exception {
  private static final long serialVersionUID = 1L;

  RotationInProgressException(String message) {
    super(message);
  }

  RotationInProgressException(Rotation running) {
    super(
        "a root-key rotation to generation "
            + running.to()
            + " is already running (phase "
            + running.phase().name().toLowerCase(java.util.Locale.ROOT)
            + "); wait for it to finish (spike operator rotate --status) and try again");
  }
}

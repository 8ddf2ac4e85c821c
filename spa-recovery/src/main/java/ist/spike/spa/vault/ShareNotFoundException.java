package ist.spike.spa.vault;

/** The share file for a label does not exist (for example after the device was lost). */
public final class ShareNotFoundException extends Exception {
  private static final long serialVersionUID = 1L;

  ShareNotFoundException(String message) {
    super(message);
  }
}

package ist.spike.receipts;

/** A receipt or its JSON is malformed: unknown kind, wrong field type, non-canonical encoding. */
public final class ReceiptFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the rule that was broken
   */
  public ReceiptFormatException(String message) {
    super(message);
  }
}

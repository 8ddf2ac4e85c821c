package ist.spike.spa.cli;

/** A command failed with a message for the user (exit code 1, no stack trace). */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}

package ist.spike.server;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table that maps exceptions thrown by handlers to SPIKE error codes (and so to HTTP
 * statuses). An {@link ApiException} carries its own code; other exceptions are looked up by class,
 * nearest superclass first, and anything not listed is {@link ErrorCode#INTERNAL} (500, logged once
 * by the server, never described to the client).
 *
 * <pre>{@code
 * ErrorTable errors = ErrorTable.builder()
 *     .map(SecretNotFoundException.class, ErrorCode.NOT_FOUND)
 *     .map(InvalidPathException.class, ErrorCode.BAD_REQUEST)
 *     .build();
 * }</pre>
 */
public final class ErrorTable {
  private final Map<Class<? extends Throwable>, ErrorCode> codes;

  private ErrorTable(Map<Class<? extends Throwable>, ErrorCode> codes) {
    this.codes = Map.copyOf(codes);
  }

  /** Returns the table with the server's own mappings only. */
  public static ErrorTable defaults() {
    return builder().build();
  }

  /** Returns a builder pre-filled with the server's own mappings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the code for a failure.
   *
   * @param failure what a handler threw
   * @return its code; {@link ErrorCode#INTERNAL} when not listed
   */
  public ErrorCode codeFor(Throwable failure) {
    requireNonNull(failure, "failure must not be null");
    if (failure instanceof ApiException api) {
      return api.errorCode();
    }
    for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
      ErrorCode code = codes.get(c);
      if (code != null) {
        return code;
      }
    }
    return ErrorCode.INTERNAL;
  }

  /** Builds an {@link ErrorTable}. */
  public static final class Builder {
    private final Map<Class<? extends Throwable>, ErrorCode> codes = new LinkedHashMap<>();

    private Builder() {
      codes.put(RequestBodyTooLargeException.class, ErrorCode.PAYLOAD_TOO_LARGE);
      codes.put(RequestBodyReadException.class, ErrorCode.BAD_REQUEST);
    }

    /**
     * Maps an exception class (and its subclasses, unless mapped themselves) to a code.
     *
     * @param type the exception class
     * @param code the code to answer with
     * @return this builder
     */
    public Builder map(Class<? extends Throwable> type, ErrorCode code) {
      requireNonNull(type, "type must not be null");
      requireNonNull(code, "code must not be null");
      if (ApiException.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            type.getName() + " is an ApiException and carries its own code");
      }
      codes.put(type, code);
      return this;
    }

    /** Returns the table. */
    public ErrorTable build() {
      return new ErrorTable(codes);
    }
  }
}

package ist.spike.nexus;

import ist.spike.api.ErrorCode;
import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.server.ApiException;

/**
 * A write the data store refused because of its environment (disk full, read-only data directory):
 * {@code 507 store_unavailable} with a message that says what to fix (ADR-0048).
 */
final class StorageUnavailableApiException extends ApiException {
  private static final long serialVersionUID = 1L;

  StorageUnavailableApiException(StorageUnavailableException cause) {
    super(StorageUnavailableException.MESSAGE, cause);
  }

  @Override
  public ErrorCode errorCode() {
    return ErrorCode.STORAGE_UNAVAILABLE;
  }
}

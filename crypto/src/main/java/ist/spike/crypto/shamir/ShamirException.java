package ist.spike.crypto.shamir;

import java.security.GeneralSecurityException;

/** Base class of every refusal of the Shamir code; messages never contain secret bytes. */
public abstract sealed class ShamirException extends GeneralSecurityException
    permits InvalidCommitmentsException,
        InvalidShamirParametersException,
        InvalidShardException,
        NotEnoughShardsException {
  private static final long serialVersionUID = 1L;

  ShamirException(String message) {
    super(message);
  }
}

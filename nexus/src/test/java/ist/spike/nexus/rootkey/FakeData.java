package ist.spike.nexus.rootkey;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.ShamirParameters;
import java.util.Optional;

/** A data store that only keeps the key-check value, as Nexus's backends do. */
final class FakeData implements DataActivation {
  Optional<KeyCheckValue> stored = Optional.empty();
  int activations;

  /** Activations that fail as an unreachable database does, before the store works again. */
  int unreachableFor;

  @Override
  public void activate(RootKey rootKey) throws KeyCheckMismatchException {
    if (unreachableFor > 0) {
      unreachableFor--;
      throw new IllegalStateException("the database is unreachable");
    }
    if (stored.isPresent()) {
      stored.get().verify(rootKey);
    } else {
      stored = Optional.of(KeyCheckValue.of(rootKey));
    }
    activations++;
  }

  static RootKeyCustody custody(FakeData data, int threshold, int shares) {
    try {
      return new RootKeyCustody(ShamirParameters.of(threshold, shares), data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

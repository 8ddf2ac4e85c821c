package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * A participant's secret signing share. Lives only inside {@link KeyPackage}; wiped on close; no
 * equals, hashCode or revealing toString.
 */
final class SigningShare implements AutoCloseable {
  private final Scalar value;

  SigningShare(Scalar value) {
    this.value = value;
  }

  /** The share; callers must not close it (the share owns it). */
  Scalar scalar() {
    return value;
  }

  boolean isWiped() {
    return value.isWiped();
  }

  @Override
  public void close() {
    value.close();
  }

  @Override
  public String toString() {
    return "SigningShare[redacted]";
  }
}

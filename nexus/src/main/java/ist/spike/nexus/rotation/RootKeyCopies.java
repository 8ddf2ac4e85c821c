package ist.spike.nexus.rotation;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import java.security.GeneralSecurityException;

/** Copies root keys, so that each holder closes its own. */
final class RootKeyCopies {
  private RootKeyCopies() {}

  /** Returns a copy of a key; the caller closes it. */
  static RootKey copy(RootKey key) {
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    try (SecretBytes b = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a valid root key failed to copy", e);
    }
  }
}

package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.RootKeyWrap;
import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for a store that records key generations (ADR-0162), which keys a recovered or restored
 * root key opens it with: the key new data is sealed under, and the older keys (newest first) whose
 * rows and SPIKE-format cipher texts must still open. During an interrupted rotation either of its
 * two keys is accepted and the other is opened from the store; a key of a generation that a
 * finished rotation replaced is refused with a message naming that rotation.
 */
public final class GenerationActivation {
  private GenerationActivation() {}

  /**
   * The keys to open the store with; {@link #close()} zeroes them.
   *
   * @param current the key new data is sealed under
   * @param older earlier keys, newest first
   * @param interrupted the rotation to resume, if one was running
   */
  public record Keys(RootKey current, List<RootKey> older, Optional<Rotation> interrupted)
      implements AutoCloseable {
    @Override
    public void close() {
      current.close();
      older.forEach(RootKey::close);
    }

    @Override
    public String toString() {
      return "Keys[" + older.size() + " older, interrupted=" + interrupted + "]";
    }
  }

  /**
   * Plans the keys for a candidate.
   *
   * @param g the store's record
   * @param candidate the recovered or restored key (unchanged; the caller keeps it)
   * @return the keys; the caller closes them
   * @throws KeyCheckMismatchException if the candidate is of no recorded generation
   * @throws SupersededRecoveryException if a finished rotation replaced its generation
   * @throws GeneralSecurityException if a wrapped key in the store does not open
   */
  public static Keys plan(KeyGenerations g, RootKey candidate)
      throws KeyCheckMismatchException, SupersededRecoveryException, GeneralSecurityException {
    requireNonNull(g, "g");
    requireNonNull(candidate, "candidate");
    int gen =
        g.generationOf(KeyCheckValue.of(candidate).toBytes())
            .orElseThrow(KeyCheckMismatchException::new);
    RotationStateMachine.checkRecoveryGeneration(g.rotation(), g.active(), gen);
    List<RootKey> opened = new ArrayList<>();
    try {
      Optional<Rotation> running = g.rotation().filter(Rotation::running);
      RootKey current;
      List<RootKey> older = new ArrayList<>();
      if (running.isPresent()) {
        Rotation r = running.get();
        int other = gen == r.from() ? r.to() : r.from();
        RootKey otherKey = unwrap(g, other, gen, candidate);
        opened.add(otherKey);
        RootKey mine = RootKeyCopies.copy(candidate);
        opened.add(mine);
        RootKey fromKey = gen == r.from() ? mine : otherKey;
        RootKey toKey = gen == r.from() ? otherKey : mine;
        if (RotationStateMachine.writeGeneration(r) == r.to()) {
          current = toKey;
          older.add(fromKey);
        } else {
          current = fromKey;
          older.add(toKey);
        }
        retired(g, r.from(), fromKey, older, opened);
      } else {
        current = RootKeyCopies.copy(candidate);
        opened.add(current);
        retired(g, gen, current, older, opened);
      }
      return new Keys(current, List.copyOf(older), running);
    } catch (GeneralSecurityException | RuntimeException e) {
      opened.forEach(RootKey::close);
      throw e;
    }
  }

  /** Adds the keys of generations below {@code gen}, each opened under the next newer one. */
  static void retired(
      KeyGenerations g, int gen, RootKey key, List<RootKey> older, List<RootKey> opened)
      throws GeneralSecurityException {
    RootKey under = key;
    for (int k = gen - 1; k >= 1; k--) {
      Optional<byte[]> w = g.wrapped(new Wrap(k, k + 1));
      if (w.isEmpty()) {
        return;
      }
      RootKey next = RootKeyWrap.open(w.get(), k, under, k + 1);
      opened.add(next);
      older.add(next);
      under = next;
    }
  }

  private static RootKey unwrap(KeyGenerations g, int sealed, int under, RootKey underKey)
      throws GeneralSecurityException {
    byte[] w =
        g.wrapped(new Wrap(sealed, under))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the store lacks root key " + sealed + " sealed under " + under));
    return RootKeyWrap.open(w, sealed, underKey, under);
  }
}

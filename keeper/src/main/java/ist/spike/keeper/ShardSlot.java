package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Holds the Keeper's single shard in memory: its 32 bytes (a private {@link SecretBytes}) and, when
 * the contributor sent it, the shard's index. A new contribution replaces (and zeroes) the previous
 * one; {@link #clear()} zeroes it at shutdown. Nothing is ever written to disk, so a restarted
 * Keeper is empty until Nexus re-sends its shard. Thread-safe.
 */
final class ShardSlot implements AutoCloseable {
  private SecretBytes held;
  private OptionalInt index = OptionalInt.empty();

  /**
   * Stores a copy of a shard, replacing the previous one.
   *
   * @param value the shard's 32 bytes, not all zero; copied, so the caller still zeroes its array
   * @param index the shard's 1-based index when the contributor sent it
   * @throws IllegalArgumentException if the value is all zero or the index below 1
   */
  synchronized void put(byte[] value, OptionalInt index) {
    requireNonNull(value, "value");
    requireNonNull(index, "index");
    if (value.length != ShardArray.SIZE) {
      throw new IllegalArgumentException(
          "a shard is " + ShardArray.SIZE + " bytes, got " + value.length);
    }
    if (ShardArray.isAllZero(value)) {
      throw new IllegalArgumentException("an all-zero shard is not a shard");
    }
    if (index.isPresent() && index.getAsInt() < 1) {
      throw new IllegalArgumentException("a shard index is >= 1, got " + index.getAsInt());
    }
    SecretBytes next = SecretBytes.copyOf(value, InsecureSecretAccess.get());
    if (held != null) {
      held.close();
    }
    held = next;
    this.index = index;
  }

  /**
   * Returns the body of {@code /v1/store/shard} with a copy of the held shard; the caller closes it
   * after writing.
   *
   * @return the body, or empty when no shard is held
   */
  synchronized Optional<ShardGetResponse> response() {
    if (held == null) {
      return Optional.empty();
    }
    byte[] raw = held.revealBytes(InsecureSecretAccess.get());
    try {
      return Optional.of(
          ShardGetResponse.success(raw, index.isPresent() ? index.getAsInt() : null));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Returns the index stored with the shard, if any. */
  synchronized OptionalInt index() {
    return index;
  }

  /** Whether a shard is held. */
  synchronized boolean isHeld() {
    return held != null;
  }

  /** Zeroes and forgets the shard. */
  synchronized void clear() {
    if (held != null) {
      held.close();
      held = null;
      index = OptionalInt.empty();
    }
  }

  @Override
  public void close() {
    clear();
  }

  @Override
  public synchronized String toString() {
    return "ShardSlot["
        + (held == null
            ? "empty"
            : "index=" + (index.isPresent() ? index.getAsInt() : "?") + ", 32 bytes")
        + "]";
  }
}

package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Holds the Keeper's single shard in memory. A new contribution replaces (and zeroes) the previous
 * one; {@link #clear()} zeroes it at shutdown. Nothing is ever written to disk, so a restarted
 * Keeper is empty until Nexus re-sends its shard. Thread-safe.
 */
final class ShardSlot implements AutoCloseable {
  private KeptShard held;

  /**
   * Stores a shard, replacing the previous one.
   *
   * @param value 32 bytes, not all zero; copied, so the caller zeroes its own array
   * @param index the shard's 1-based index when the contributor sent it
   * @throws IllegalArgumentException if the value is not 32 bytes or is all zero
   */
  synchronized void put(byte[] value, OptionalInt index) {
    requireNonNull(value, "value");
    requireNonNull(index, "index");
    if (value.length != KeptShard.LENGTH) {
      throw new IllegalArgumentException("a shard is 32 bytes, got " + value.length);
    }
    if (KeptShard.isAllZero(value)) {
      throw new IllegalArgumentException("an all-zero shard is not a shard");
    }
    if (index.isPresent() && index.getAsInt() < 1) {
      throw new IllegalArgumentException("a shard index is >= 1, got " + index.getAsInt());
    }
    KeptShard next = new KeptShard(value, index);
    if (held != null) {
      held.destroy();
    }
    held = next;
  }

  /**
   * Applies {@code reader} to the held shard while holding the lock, so the shard cannot be zeroed
   * underneath it.
   *
   * @return the reader's result, or empty when no shard is held
   */
  synchronized <T> Optional<T> read(Function<KeptShard, T> reader) {
    return held == null ? Optional.empty() : Optional.of(reader.apply(held));
  }

  /** Whether a shard is held. */
  synchronized boolean isHeld() {
    return held != null;
  }

  /** Zeroes and forgets the shard. */
  synchronized void clear() {
    if (held != null) {
      held.destroy();
      held = null;
    }
  }

  @Override
  public void close() {
    clear();
  }

  @Override
  public synchronized String toString() {
    return "ShardSlot[" + (held == null ? "empty" : held) + "]";
  }
}

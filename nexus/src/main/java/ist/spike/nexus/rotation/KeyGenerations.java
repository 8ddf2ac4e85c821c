package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the store records about root-key generations (ADR-0162), written in one transaction with the
 * active key-check value: the active generation, a rotation if one was started, root keys sealed
 * under other generations' keys ({@code RootKeyWrap}; ciphertext), and each generation's key-check
 * value (public), by which restore tells which generation offered shards belong to.
 *
 * <p>A rotation phase is only recorded together with the wrapped keys {@link
 * RotationStateMachine#requiredWraps} demands, so the rule that makes a crash at any instant
 * recoverable is enforced here and not only by the caller.
 */
public final class KeyGenerations {
  private static final int MAGIC = 0x534b4731; // "SKG1"
  private static final int MAGIC_WITH_REKEY = 0x534b4732; // "SKG2": SKG1 then the rekey
  private static final int MAX_COMMITMENTS =
      FeldmanCommitments.POINT_SIZE * ist.spike.crypto.shamir.ShamirParameters.MAX_SHARES;
  private static final int MAX_ENTRIES = 1024;
  private static final int MAX_VALUE = 4096;

  private final int active;
  private final Optional<Rotation> rotation;
  private final Map<Wrap, byte[]> wrapped;
  private final Map<Integer, byte[]> keyChecks;
  private final Optional<Rekey> rekey;

  private KeyGenerations(
      int active,
      Optional<Rotation> rotation,
      Map<Wrap, byte[]> wrapped,
      Map<Integer, byte[]> keyChecks) {
    this(active, rotation, wrapped, keyChecks, Optional.empty());
  }

  private KeyGenerations(
      int active,
      Optional<Rotation> rotation,
      Map<Wrap, byte[]> wrapped,
      Map<Integer, byte[]> keyChecks,
      Optional<Rekey> rekey) {
    this.active = active;
    this.rotation = rotation;
    this.wrapped = wrapped;
    this.keyChecks = keyChecks;
    this.rekey = rekey;
  }

  /**
   * Returns the rekey of the active generation's key, if one was started (a finished one stays
   * recorded as done until the next rotation leaves pending).
   */
  public Optional<Rekey> rekey() {
    return rekey;
  }

  /**
   * Records a rekey in a phase (ADR-0163).
   *
   * @param r the rekey
   * @return the new record
   * @throws IllegalStateException if a rotation is unfinished
   */
  public KeyGenerations withRekey(Rekey r) {
    requireNonNull(r, "r");
    if (rotation.filter(Rotation::running).isPresent()) {
      throw new IllegalStateException("a rekey while " + rotation.get() + " is unfinished");
    }
    return new KeyGenerations(active, rotation, wrapped, keyChecks, Optional.of(r));
  }

  /**
   * The record of a store that has one root key, generation 1.
   *
   * @param keyCheck its key-check value
   */
  public static KeyGenerations initial(byte[] keyCheck) {
    requireNonNull(keyCheck, "keyCheck");
    Map<Integer, byte[]> checks = new TreeMap<>();
    checks.put(1, keyCheck.clone());
    return new KeyGenerations(1, Optional.empty(), Map.of(), Collections.unmodifiableMap(checks));
  }

  /** Returns the active generation (the one data is sealed under when no rotation runs). */
  public int active() {
    return active;
  }

  /** Returns the recorded rotation, if any (a finished one stays recorded as done). */
  public Optional<Rotation> rotation() {
    return rotation;
  }

  /** Returns a copy of a wrapped key, if stored. */
  public Optional<byte[]> wrapped(Wrap wrap) {
    return Optional.ofNullable(wrapped.get(wrap)).map(byte[]::clone);
  }

  /** Returns the wraps stored. */
  public Set<Wrap> wraps() {
    return Set.copyOf(wrapped.keySet());
  }

  /**
   * Returns the generation whose key-check value equals {@code keyCheck}.
   *
   * @param keyCheck a key-check value
   * @return the generation, or empty if none matches
   */
  public Optional<Integer> generationOf(byte[] keyCheck) {
    requireNonNull(keyCheck, "keyCheck");
    for (Map.Entry<Integer, byte[]> e : keyChecks.entrySet()) {
      if (java.security.MessageDigest.isEqual(e.getValue(), keyCheck)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Returns a copy of a generation's key-check value, if recorded. */
  public Optional<byte[]> keyCheck(int generation) {
    return Optional.ofNullable(keyChecks.get(generation)).map(byte[]::clone);
  }

  /**
   * Records a rotation in a phase, with wrapped keys to add and the new generation's key-check
   * value; wraps no later phase needs (of the generations this rotation involves) are dropped. When
   * the phase is done, the new generation becomes the active one. A recorded rekey is kept while
   * the rotation is pending (it may roll back to the rekeyed key) and dropped from delivering on.
   *
   * @param r the rotation in its new phase
   * @param add wrapped keys to store with it
   * @param newKeyCheck the key-check value of {@code r.to()}
   * @return the new record
   * @throws IllegalStateException if a wrap the phase requires is missing, or {@code r} does not
   *     start from the active generation
   */
  public KeyGenerations record(Rotation r, Map<Wrap, byte[]> add, byte[] newKeyCheck) {
    requireNonNull(r, "r");
    requireNonNull(add, "add");
    requireNonNull(newKeyCheck, "newKeyCheck");
    if (r.from() != active) {
      throw new IllegalStateException(
          "a rotation from generation " + r.from() + " while generation " + active + " is active");
    }
    Map<Wrap, byte[]> next = new java.util.HashMap<>();
    Set<Wrap> required = RotationStateMachine.requiredWraps(r);
    for (Map.Entry<Wrap, byte[]> e : wrapped.entrySet()) {
      boolean involved =
          (e.getKey().sealed() == r.from() || e.getKey().sealed() == r.to())
              && (e.getKey().under() == r.from() || e.getKey().under() == r.to());
      if (!involved || required.contains(e.getKey())) {
        next.put(e.getKey(), e.getValue());
      }
    }
    add.forEach((w, b) -> next.put(w, b.clone()));
    Set<Wrap> missing = new HashSet<>(required);
    missing.removeAll(next.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "phase " + r.phase() + " needs the wrapped keys " + missing + " stored with it");
    }
    Map<Integer, byte[]> checks = new TreeMap<>(keyChecks);
    checks.put(r.to(), newKeyCheck.clone());
    int nowActive = r.phase() == RotationPhase.DONE ? r.to() : active;
    // while pending the rotation may still roll back to the key the rekey split: its split stays
    // recorded (restore keeps naming the rekey); from delivering on the new key's split counts
    return new KeyGenerations(
        nowActive,
        Optional.of(r),
        Collections.unmodifiableMap(next),
        Collections.unmodifiableMap(checks),
        r.phase() == RotationPhase.PENDING ? rekey : Optional.empty());
  }

  /**
   * Forgets a rotation that never left {@link RotationPhase#PENDING} (rolled back on restart); a
   * finished rekey of the key it keeps stays recorded.
   *
   * @throws IllegalStateException if the recorded rotation is not pending
   */
  public KeyGenerations rollBack() {
    Rotation r = rotation.orElseThrow(() -> new IllegalStateException("no rotation is recorded"));
    if (r.phase() != RotationPhase.PENDING) {
      throw new IllegalStateException("only a pending rotation rolls back, not " + r.phase());
    }
    Map<Wrap, byte[]> next = new java.util.HashMap<>(wrapped);
    next.remove(new Wrap(r.to(), r.from()));
    Map<Integer, byte[]> checks = new TreeMap<>(keyChecks);
    checks.remove(r.to());
    return new KeyGenerations(
        active,
        Optional.empty(),
        Collections.unmodifiableMap(next),
        Collections.unmodifiableMap(checks),
        rekey);
  }

  /** Encodes the record for {@code Backend.storeKeyGenerations}. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(rekey.isPresent() ? MAGIC_WITH_REKEY : MAGIC);
      out.writeInt(active);
      out.writeBoolean(rotation.isPresent());
      if (rotation.isPresent()) {
        out.writeInt(rotation.get().from());
        out.writeByte(rotation.get().phase().ordinal());
      }
      out.writeInt(wrapped.size());
      for (Map.Entry<Long, byte[]> e : byWrap(wrapped).entrySet()) {
        Wrap w = unkey(e.getKey());
        out.writeInt(w.sealed());
        out.writeInt(w.under());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
      out.writeInt(keyChecks.size());
      for (Map.Entry<Integer, byte[]> e : keyChecks.entrySet()) {
        out.writeInt(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
      if (rekey.isPresent()) {
        out.writeByte(rekey.get().phase().ordinal());
        for (FeldmanCommitments c : List.of(rekey.get().from(), rekey.get().to())) {
          byte[] b = c.toBytes();
          out.writeInt(b.length);
          out.write(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a stored record, checking every count and length first.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static KeyGenerations fromBytes(byte[] stored) {
    requireNonNull(stored, "stored");
    ByteBuffer in = ByteBuffer.wrap(stored);
    try {
      int magic = in.getInt();
      if (magic != MAGIC && magic != MAGIC_WITH_REKEY) {
        throw malformed("unknown format");
      }
      int active = in.getInt();
      if (active < 1) {
        throw malformed("active generation " + active);
      }
      Optional<Rotation> rotation = Optional.empty();
      byte has = in.get();
      if (has != 0) {
        int from = in.getInt();
        int phase = in.get();
        if (phase < 0 || phase >= RotationPhase.values().length) {
          throw malformed("phase " + phase);
        }
        try {
          rotation = Optional.of(new Rotation(from, from + 1, RotationPhase.values()[phase]));
        } catch (IllegalArgumentException e) {
          throw malformed(e.getMessage());
        }
      }
      Map<Wrap, byte[]> wraps = new java.util.HashMap<>();
      int n = count(in);
      for (int i = 0; i < n; i++) {
        Wrap w = new Wrap(in.getInt(), in.getInt());
        if (wraps.put(w, value(in)) != null) {
          throw malformed("wrap " + w + " twice");
        }
      }
      Map<Integer, byte[]> checks = new TreeMap<>();
      int m = count(in);
      for (int i = 0; i < m; i++) {
        int g = in.getInt();
        if (checks.put(g, value(in)) != null) {
          throw malformed("generation " + g + " twice");
        }
      }
      Optional<Rekey> rekey = Optional.empty();
      if (magic == MAGIC_WITH_REKEY) {
        int phase = in.get();
        if (phase < 0 || phase >= RotationPhase.values().length) {
          throw malformed("rekey phase " + phase);
        }
        try {
          rekey =
              Optional.of(
                  new Rekey(
                      RotationPhase.values()[phase],
                      FeldmanCommitments.fromBytes(commitments(in)),
                      FeldmanCommitments.fromBytes(commitments(in))));
        } catch (InvalidCommitmentsException | IllegalArgumentException e) {
          throw malformed("rekey: " + e.getMessage());
        }
      }
      if (in.hasRemaining()) {
        throw malformed(in.remaining() + " trailing bytes");
      }
      return new KeyGenerations(
          active,
          rotation,
          Collections.unmodifiableMap(wraps),
          Collections.unmodifiableMap(checks),
          rekey);
    } catch (BufferUnderflowException e) {
      throw malformed("truncated");
    }
  }

  private static int count(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > MAX_ENTRIES) {
      throw malformed("count " + n);
    }
    return n;
  }

  private static byte[] value(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > MAX_VALUE || len > in.remaining()) {
      throw malformed("length " + len);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static byte[] commitments(ByteBuffer in) {
    int len = in.getInt();
    if (len < 1 || len > MAX_COMMITMENTS || len > in.remaining()) {
      throw malformed("commitments length " + len);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("the stored key-generations record is malformed: " + what);
  }

  private static Map<Long, byte[]> byWrap(Map<Wrap, byte[]> m) {
    Map<Long, byte[]> out = new TreeMap<>();
    m.forEach((w, b) -> out.put(((long) w.sealed() << 32) | (w.under() & 0xffffffffL), b));
    return out;
  }

  private static Wrap unkey(long k) {
    return new Wrap((int) (k >>> 32), (int) k);
  }

  @Override
  public String toString() {
    return "KeyGenerations[active="
        + active
        + ", rotation="
        + rotation.map(Rotation::toString).orElse("none")
        + ", wraps="
        + new TreeMap<>(byWrap(wrapped)).keySet().stream().map(KeyGenerations::unkey).toList()
        + ", generations="
        + keyChecks.keySet()
        + rekey.map(r -> ", rekey=" + r).orElse("")
        + "]";
  }
}

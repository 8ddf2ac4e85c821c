package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Associated data: the context a ciphertext is bound to, built from named parts such as {@code
 * Aad.of("secrets", path, "v3", "data")}.
 *
 * <p>The encoding is unambiguous: a count of parts, then for each part its UTF-8 length (4 bytes,
 * big-endian) and its bytes. So {@code of("a/b", "c")} and {@code of("a", "b/c")} differ. Parts are
 * identifiers (paths, versions, column names), never secrets, so {@link #toString()} shows them.
 */
public final class Aad {
  private final List<String> parts;
  private final byte[] encoded;

  private Aad(List<String> parts) {
    this.parts = parts;
    this.encoded = encode(parts);
  }

  /**
   * Builds associated data from one or more parts.
   *
   * @param parts the context, most general first; at least one; none null
   * @return the associated data
   * @throws IllegalArgumentException if no part is given
   */
  public static Aad of(String... parts) {
    requireNonNull(parts, "parts");
    if (parts.length == 0) {
      throw new IllegalArgumentException("associated data needs at least one part");
    }
    for (int i = 0; i < parts.length; i++) {
      requireNonNull(parts[i], "part " + i);
    }
    return new Aad(List.of(parts));
  }

  /** Returns the parts in order. */
  public List<String> parts() {
    return parts;
  }

  /** Returns the canonical encoding (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] encodedInternal() {
    return encoded;
  }

  private static byte[] encode(List<String> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, parts.size());
    for (String part : parts) {
      byte[] b = part.getBytes(StandardCharsets.UTF_8);
      writeInt(out, b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Aad other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Aad" + parts;
  }
}
